import type { Knex } from 'knex';
import { placeBidOn } from '../src/auctions/bidding.js';
import { ensureAuction } from '../src/auctions/queries.js';
import type { AuctionSettings } from '../src/auctions/settings.js';
import { createListing } from '../tests/factories.js';

/** The deployment defaults (src/config.ts): every demo maximum stays under `verifiedAbove`. */
const settings: AuctionSettings = { verifiedAbove: 50_000, paymentDays: 3, shipDays: 5, escrowDays: 7 };

const minute = 60_000;
const hour = 60 * minute;

interface DemoAuction {
  title: string;
  description: string;
  material: 'Brass' | 'Copper' | 'Glass' | 'Wood';
  startPrice: number;
  reserve?: number;
  buyNow?: number;
  /** how long after seeding it ends */
  endsIn: number;
  /** maxima in the order they are given (`buyer` is buyer@, `other` is applicant@) */
  bids: { who: 'buyer' | 'other'; max: number }[];
}

const AUCTIONS: DemoAuction[] = [
  {
    // closes a few minutes after `npm start`: sold to buyer@, who finds an order awaiting payment
    title: 'Moroccan brass lantern, pierced star pattern',
    description: 'Hand-pierced brass lantern from Fez, 42 cm tall, with its original glass panes. Casts a star pattern across the room.',
    material: 'Brass',
    startPrice: 2000,
    endsIn: 6 * minute,
    bids: [
      { who: 'other', max: 3000 },
      { who: 'buyer', max: 4500 },
      { who: 'other', max: 4000 },
    ],
  },
  {
    // closes soon after, with the reserve not met: no sale
    title: 'Tiffany-style stained glass table lamp',
    description: 'Leaded glass shade in amber and green on a bronze-finish base, 58 cm tall. One small pane re-leaded.',
    material: 'Glass',
    startPrice: 5000,
    reserve: 12_000,
    endsIn: 12 * minute,
    bids: [
      { who: 'buyer', max: 6000 },
      { who: 'other', max: 8000 },
    ],
  },
  {
    title: 'Art deco chrome desk lamp',
    description: 'Chrome and black enamel desk lamp from the 1930s, rewired with a braided cable. Swivelling shade.',
    material: 'Brass',
    startPrice: 3000,
    buyNow: 15_000,
    endsIn: 3 * hour,
    bids: [
      { who: 'buyer', max: 3500 },
      { who: 'other', max: 5000 },
    ],
  },
  {
    // no bids yet: buy it now is still offered
    title: 'Pair of copper wall sconces',
    description: 'Two hammered copper wall sconces with frosted glass tulips. Sold as a pair, fittings included.',
    material: 'Copper',
    startPrice: 4000,
    buyNow: 9000,
    endsIn: 2 * 24 * hour,
    bids: [],
  },
  {
    // a maximum that covers the reserve lifts the price straight to it
    title: 'Venetian glass chandelier, 1950s',
    description: 'Six-arm Murano chandelier with clear and gold-flecked glass leaves. Complete, cleaned and rewired.',
    material: 'Glass',
    startPrice: 20_000,
    reserve: 35_000,
    endsIn: 5 * 24 * hour,
    bids: [
      { who: 'other', max: 25_000 },
      { who: 'buyer', max: 40_000 },
    ],
  },
];

async function idOf(db: Knex, email: string): Promise<number> {
  const u = await db('users').whereRaw('lower(email) = ?', [email]).first('id');
  if (!u) throw new Error(`demo user ${email} is missing`);
  return Number(u.id);
}

/**
 * Live auctions in seller@'s shop ending at staggered times, two of them within
 * minutes of seeding (one sold, one with its reserve not met), the others in
 * hours and days. Bids from buyer@ and applicant@ go through `placeBidOn`, so the
 * prices, leaders, bid history and outbox events are what bidding would have made.
 * The auction sweep closes each one within a minute of its end. Runs once, after
 * the demo orders.
 */
export async function seedAuctions(db: Knex, emails: { buyer: string; seller: string }): Promise<{ auctions: number; bids: number }> {
  return createDemoAuctions(db, emails, AUCTIONS);
}

/** The demo auctions that end within minutes of being made. */
const ENDING_SOON = AUCTIONS.filter((a) => a.endsIn <= 15 * minute);

/**
 * On a later start, when none of seller@'s open auctions ends within the next half hour:
 * the auctions that end within minutes, made again (with their bids), so a newcomer sees
 * one close on every start, not only the first. Nothing when the demo accounts are gone.
 */
export async function refreshEndingSoonAuctions(db: Knex, emails: { buyer: string; seller: string }): Promise<{ auctions: number; bids: number }> {
  const seller = await db('users').whereRaw('lower(email) = ?', [emails.seller]).first('id');
  const other = await db('users').whereRaw('lower(email) = ?', ['applicant@souk.test']).first('id');
  const buyer = await db('users').whereRaw('lower(email) = ?', [emails.buyer]).first('id');
  if (!seller || !other || !buyer) return { auctions: 0, bids: 0 };
  const soon = await db('auctions')
    .where({ seller_id: seller.id, status: 'open' })
    .where('ends_at', '<', new Date(Date.now() + 30 * minute))
    .first('id');
  if (soon) return { auctions: 0, bids: 0 };
  return createDemoAuctions(db, emails, ENDING_SOON);
}

async function createDemoAuctions(db: Knex, emails: { buyer: string; seller: string }, auctions: DemoAuction[]): Promise<{ auctions: number; bids: number }> {
  const seller = await idOf(db, emails.seller);
  const bidder = { buyer: await idOf(db, emails.buyer), other: await idOf(db, 'applicant@souk.test') };
  const category = await db('categories').where({ slug: 'lamps' }).first('id');
  const now = Date.now();
  let bids = 0;
  for (const a of auctions) {
    const listing = await createListing(db, {
      seller_id: seller,
      category_id: Number(category.id),
      kind: 'auction',
      title: a.title,
      description: a.description,
      condition: 'used',
      start_price: a.startPrice,
      reserve_price: a.reserve ?? null,
      buy_now_price: a.buyNow ?? null,
      starts_at: new Date(now - hour),
      ends_at: new Date(now + a.endsIn),
      published_at: new Date(now - hour),
      attributes: { material: a.material },
    });
    if (!(await ensureAuction(db, listing.id))) throw new Error(`demo auction “${a.title}” has no auction row`);
    for (const b of a.bids) {
      const r = await placeBidOn(db, { listingId: listing.id, bidderId: bidder[b.who], kind: 'max', max: b.max }, settings);
      if (!r.ok) throw new Error(`demo bid on “${a.title}”: ${r.message}`);
      bids++;
    }
  }
  return { auctions: auctions.length, bids };
}
