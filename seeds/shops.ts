import type { Knex } from 'knex';
import { insertPlan } from '../src/boosts/queries.js';
import { transfer } from '../src/ledger/ledger.js';
import type { FileStore } from '../src/media/storage.js';
import { replaceShopImage } from '../src/shops/images.js';
import { createUser, DEFAULT_PASSWORD } from '../tests/factories.js';
import { addImages, cleanAlt } from '../src/media/images.js';
import { listingPhotoSvg, renderPhoto, renderWebp, shopBannerSvg, shopLogoSvg } from './photos.js';

/**
 * Shops a newcomer believes: each has sold here for months, says who it is and
 * how it ships and takes returns, has a logo and a banner, money in its wallet
 * to buy a boost with, and reviews from buyers. Boost plans are on offer.
 * Keyed by email and by plan name, so running it again changes nothing.
 */

const DAY = 86_400_000;

interface ShopStory {
  email: string;
  /** how long ago the shop opened, in days */
  openedDaysAgo: number;
  description: string;
  shipping_flat: number;
  shipping_free_over: number | null;
  shipping_policy: string;
  returns_policy: string;
  /** demo money in the shop's wallet (minor units) */
  wallet: number;
}

const STORIES: ShopStory[] = [
  {
    email: 'seller@souk.test',
    openedDaysAgo: 420,
    description:
      'Lamps from flea markets across the Mediterranean, rewired and restored by hand in our Lisbon workshop.\n\nEvery lamp is tested for a week before it is listed, and ships with a new cloth cable and switch.',
    shipping_flat: 690,
    shipping_free_over: 15_000,
    shipping_policy: 'Shipped within two working days, double-boxed with recycled paper. Tracked delivery everywhere in the EU.',
    returns_policy: 'Changed your mind? Send it back within 30 days of delivery, unused and in its box, and you get the full price back.',
    wallet: 18_500,
  },
  {
    email: 'oak@souk.test',
    openedDaysAgo: 610,
    description: 'Solid wood furniture and lamps, made in small batches in Utrecht from oak, walnut and beech we buy from local sawmills.',
    shipping_flat: 2_900,
    shipping_free_over: 60_000,
    shipping_policy: 'Large pieces travel by our own van in the Netherlands and Belgium; elsewhere by a furniture courier, booked with you.',
    returns_policy: '14 days to return anything that is not made to order. We collect large pieces ourselves.',
    wallet: 42_000,
  },
  {
    email: 'byteback@souk.test',
    openedDaysAgo: 290,
    description: 'Refurbished phones and laptops, each tested on over 40 points, with a fresh battery where it needs one and a 12-month warranty.',
    shipping_flat: 0,
    shipping_free_over: null,
    shipping_policy: 'Free tracked shipping, sent the same day for orders before 14:00.',
    returns_policy: '30 days to return, no questions asked. The 12-month warranty covers every part but the screen glass.',
    wallet: 96_000,
  },
  {
    email: 'atelier@souk.test',
    openedDaysAgo: 505,
    description: 'Prints by Ingrid Dahl: screen prints, linocuts and risographs of harbours, dunes and night trains, signed and numbered.',
    shipping_flat: 850,
    shipping_free_over: 12_000,
    shipping_policy: 'Prints ship flat between boards, or rolled in a tube above 50 cm.',
    returns_policy: 'Returns within 14 days in the original packaging. Downloads cannot be returned.',
    wallet: 12_500,
  },
  {
    email: 'threads@souk.test',
    openedDaysAgo: 180,
    description: 'Heavyweight organic cotton tees, printed by hand in Valencia, and second-hand shoes in very good shape.',
    shipping_flat: 450,
    shipping_free_over: 6_000,
    shipping_policy: 'Posted within three working days in a paper mailer.',
    returns_policy: 'Exchange or return within 30 days, unworn with the tag on. Return postage is on us for exchanges.',
    wallet: 7_800,
  },
  {
    email: 'fix@souk.test',
    openedDaysAgo: 130,
    description: 'Repairs and lessons in Kraków and online: screens, lamps, bikes and laptops fixed properly, and patient one-to-one lessons.',
    shipping_flat: 0,
    shipping_free_over: null,
    shipping_policy: '',
    returns_policy: 'If a repair fails within 90 days, we redo it for free.',
    wallet: 5_400,
  },
  {
    email: 'velo@souk.test',
    openedDaysAgo: 365,
    description: 'Second-hand city, road and cargo bikes, serviced in our Bologna workshop, with a free check-up after the first month.',
    shipping_flat: 4_900,
    shipping_free_over: null,
    shipping_policy: 'Bikes ship boxed and 90% assembled; pick-up in Bologna is always welcome.',
    returns_policy: '14 days to return a bike in the condition it arrived in; we refund the price, not the shipping.',
    wallet: 23_000,
  },
];

const REVIEWERS = [
  { email: 'nadia@souk.test', display_name: 'Nadia K.' },
  { email: 'pieter@souk.test', display_name: 'Pieter van D.' },
  { email: 'chiara@souk.test', display_name: 'Chiara' },
  { email: 'tomas@souk.test', display_name: 'Tomás R.' },
  { email: 'elin@souk.test', display_name: 'Elin' },
];

const REVIEW_TEXTS: [number, string][] = [
  [5, 'Exactly as described and beautifully packed. Would buy again.'],
  [5, 'Fast shipping and a lovely note in the parcel.'],
  [4, 'Very happy with it; delivery took a couple of days longer than expected.'],
  [5, 'The seller answered all my questions within the hour.'],
  [4, 'Good value, small mark that was mentioned in the listing.'],
  [3, 'Fine, but the box was a bit battered when it arrived.'],
];

const PLANS = [
  { name: 'Spotlight, 3 days', duration_hours: 72, price: 299, weight: 10 },
  { name: 'Top of the list, 7 days', duration_hours: 168, price: 599, weight: 30 },
  { name: 'Front page, 14 days', duration_hours: 336, price: 999, weight: 60 },
];

async function seedPlans(db: Knex): Promise<void> {
  for (const p of PLANS) {
    if (await db('boost_plans').whereRaw('lower(name) = lower(?)', [p.name]).whereNull('retired_at').first('id')) continue;
    await insertPlan(db, { ...p, created_by: null });
  }
}

async function reviewers(db: Knex, buyerEmail: string, password: string): Promise<number[]> {
  const ids: number[] = [];
  const buyer = await db('users').whereRaw('lower(email) = ?', [buyerEmail]).first('id');
  if (buyer) ids.push(Number(buyer.id));
  for (const r of REVIEWERS) {
    const found = await db('users').whereRaw('lower(email) = ?', [r.email]).first('id');
    ids.push(Number(found ? found.id : (await createUser(db, { ...r, password })).id));
  }
  return ids;
}

// what a listing's photo shows, by its category (listings made by the order and auction seeds)
const SUBJECTS: Record<string, string> = {
  phones: 'Phone', laptops: 'Laptop', lamps: 'Lamp', furniture: 'Furniture', shoes: 'Shoes', 't-shirts': 'Printed tee',
  prints: 'Art print', 'digital-downloads': 'Digital download', lessons: 'Lesson', repairs: 'Repair', bikes: 'Bike',
};

/** A photo for every listing of the demo shops that has none (the other seeds write listings without pictures). */
async function photographTheRest(db: Knex, store: FileStore, sellerIds: number[]): Promise<void> {
  const rows: { id: number; slug: string; title: string; category: string | null }[] = await db('listings as l')
    .leftJoin('categories as c', 'c.id', 'l.category_id')
    .whereIn('l.seller_id', sellerIds)
    .whereNotExists(db('listing_images as i').whereRaw('i.listing_id = l.id'))
    .select('l.id', 'l.slug', 'l.title', 'c.slug as category');
  for (let i = 0; i < rows.length; i += 4) {
    await Promise.all(
      rows.slice(i, i + 4).map(async (r) => {
        const subject = SUBJECTS[r.category ?? ''] ?? (/lamp/i.test(r.title) ? 'Lamp' : 'Art print');
        const image = await renderPhoto(listingPhotoSvg({ slug: r.slug, title: r.title, subject }));
        await addImages(db, store, r.id, [{ image, alt: cleanAlt(r.title, 'Photo') }]);
      }),
    );
  }
}

/** Gives the demo shops their history, pictures, terms, wallets and reviews, and offers boost plans. */
export async function seedShops(db: Knex, opts: { store: FileStore; buyer: string; password?: string; images?: boolean }): Promise<void> {
  await seedPlans(db);
  const people = await reviewers(db, opts.buyer, opts.password ?? DEFAULT_PASSWORD);
  const now = Date.now();
  const sellerIds: number[] = [];
  await Promise.all(
    STORIES.map(async (story, s) => {
      const user = await db('users').whereRaw('lower(email) = ?', [story.email]).first('id');
      if (!user) return;
      const id = Number(user.id);
      sellerIds.push(id);
      const shop = await db('sellers').where({ user_id: id }).first('shop_name', 'logo_key', 'banner_key');
      if (!shop) return;
      const opened = new Date(now - story.openedDaysAgo * DAY);
      await db('users').where({ id }).update({ created_at: new Date(opened.getTime() - 9 * DAY) });
      await db('sellers').where({ user_id: id }).update({
        approved_at: opened,
        description: story.description,
        shipping_flat: story.shipping_flat,
        shipping_free_over: story.shipping_free_over,
        shipping_policy: story.shipping_policy,
        returns_policy: story.returns_policy,
      });
      if (opts.images !== false && !shop.logo_key) await replaceShopImage(db, opts.store, id, 'logo', await renderWebp(shopLogoSvg(shop.shop_name)));
      if (opts.images !== false && !shop.banner_key) await replaceShopImage(db, opts.store, id, 'banner', await renderWebp(shopBannerSvg(shop.shop_name)));
      await db.transaction((trx) =>
        transfer(trx, {
          idempotencyKey: `demo-fund-shop-${story.email}`,
          kind: 'topup',
          memo: 'Demo top-up',
          legs: [
            { account: { platform: 'gateway_clearing' }, amount: -story.wallet },
            { account: { userId: id, type: 'available' }, amount: story.wallet },
          ],
        }),
      );
      // two to five reviews per shop, spread over the months it has been open
      const count = 2 + ((s * 3) % 4);
      const rows = people.slice(0, count).map((buyerId, k) => {
        const [rating, body] = REVIEW_TEXTS[(s + k) % REVIEW_TEXTS.length];
        return { seller_id: id, buyer_id: buyerId, rating, body, created_at: new Date(now - Math.round(((k + 1) / (count + 1)) * story.openedDaysAgo) * DAY) };
      });
      await db('shop_reviews').insert(rows).onConflict(['seller_id', 'buyer_id']).ignore();
    }),
  );
  if (opts.images !== false) await photographTheRest(db, opts.store, sellerIds);
}
