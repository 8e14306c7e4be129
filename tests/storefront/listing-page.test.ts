import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(() => app?.stop());

const visitor = () => new Client(app.baseUrl);
const open = async (l: { id: number; slug: string }, c = visitor()) => (await c.get(`/listings/${l.id}/${l.slug}`)).doc;
const slugOf = async (sellerId: number) => (await app.db('sellers').where({ user_id: sellerId }).first('slug')).slug as string;

async function shopWithListing(over: Record<string, unknown> = {}) {
  const cat = await createCategoryRow(app.db);
  const seller = await createSeller(app.db, { shop_name: `Lumen ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` });
  const listing = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Brass desk lamp', price: 8900, stock: 3, ...over });
  return { cat, seller, listing };
}

describe('the listing page sells', () => {
  it('names the seller under the title and in the seller card, both linking to the shop page', async () => {
    const { seller, listing } = await shopWithListing();
    const [b1, b2] = [await createUser(app.db), await createUser(app.db)];
    await app.db('shop_reviews').insert([
      { seller_id: seller.id, buyer_id: b1.id, rating: 5 },
      { seller_id: seller.id, buyer_id: b2.id, rating: 4 },
    ]);
    const doc = await open(listing);
    const shopPath = `/shops/${await slugOf(seller.id)}`;

    const line = doc.querySelector(`#seller-line-${listing.id}`)!;
    expect(text(line)).toContain(`Sold by ${seller.shop_name}`);
    expect(line.querySelector('a')?.getAttribute('href')).toBe(shopPath);
    expect(text(line)).toContain('4.5 ★ (2 reviews)');

    const card = doc.querySelector(`#seller-card-${listing.id}`)!;
    expect(card.querySelector('.shop-name a')?.getAttribute('href')).toBe(shopPath);
    expect(card.querySelector('a.shop-visit')?.getAttribute('href')).toBe(shopPath);

    // and the shop page lists the listing
    const shop = await visitor().get(shopPath);
    expect(shop.doc.querySelectorAll('#shop-listings .tile').map((t) => t.getAttribute('data-listing-id'))).toEqual([String(listing.id)]);
  });

  it('puts title, price and the main action together at the top, before the description', async () => {
    const { listing } = await shopWithListing();
    const doc = await open(listing);
    const top = doc.querySelector('.listing-top')!;
    expect(text(top.querySelector('h1'))).toBe('Brass desk lamp');
    expect(text(top.querySelector('.buy .price-box .price'))).toBe('€89.00');
    expect(text(top.querySelector(`#add-to-cart-${listing.id} button[type=submit]`))).toBe('Add to cart');
    expect(top.querySelector('.gallery')).not.toBeNull();
  });

  it('shows an auction on sale with its live bid box only: no static starting-bid box above it', async () => {
    const { seller, listing } = await shopWithListing({ kind: 'auction', price: null, stock: null, start_price: 2500, buy_now_price: 9000 });
    const doc = await open(listing);
    expect(doc.querySelector('.price-box')).toBeNull();
    expect(doc.querySelector('.price-box .price')).toBeNull();
    const buy = doc.querySelector('.buy')!;
    expect(buy.querySelector(`#bid-box-${listing.id}`)).not.toBeNull();
    expect(text(buy).match(/Starting bid/g) ?? []).toHaveLength(1);

    // the seller of a paused auction (no bid box) still sees what it would sell for
    await app.db('listings').where({ id: listing.id }).update({ status: 'paused' });
    const c = new Client(app.baseUrl);
    await c.signIn(seller.email, seller.password);
    const paused = await open(listing, c);
    expect(paused.querySelector(`#bid-box-${listing.id}`)).toBeNull();
    expect(text(paused.querySelector('.price-box .price'))).toBe('Starting bid €25.00');
  });

  it('has a gallery whose photos and thumbnails reserve their space, with thumbnails that work as plain links', async () => {
    const { listing } = await shopWithListing();
    const rows = await app.db('listing_images')
      .insert(
        [0, 1, 2].map((position) => ({
          listing_id: listing.id,
          storage_key: `img/${'a'.repeat(21)}${position}.webp`,
          thumb_key: `img/${'b'.repeat(21)}${position}.webp`,
          content_type: 'image/webp',
          bytes: 1000,
          width: 800,
          height: 600,
          alt: `Lamp from side ${position + 1}`,
          position,
        })),
      )
      .returning('id');
    const doc = await open(listing);
    const slides = doc.querySelectorAll(`#gallery-${listing.id} .gallery-slide img`);
    expect(slides).toHaveLength(3);
    for (const img of slides) expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['800', '600']);
    expect(slides[0].getAttribute('loading')).toBe('eager');
    const thumbs = doc.querySelectorAll(`#gallery-${listing.id} .gallery-thumbs a`);
    expect(thumbs.map((a) => a.getAttribute('href'))).toEqual(rows.map((r: { id: number }) => `#gallery-${listing.id}-${r.id}`));
    for (const a of thumbs) {
      const img = a.querySelector('img')!;
      expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['400', '300']);
      // every thumbnail's target is on the page
      expect(doc.querySelector(a.getAttribute('href')!)).not.toBeNull();
    }
  });

  it('says how it ships and what the returns are, from the shop', async () => {
    const { seller, listing, cat } = await shopWithListing();
    await app.db('sellers').where({ user_id: seller.id }).update({ shipping_flat: 590, shipping_free_over: 10_000, shipping_policy: 'Shipped in two days.', returns_policy: 'Returns within 30 days.' });
    const doc = await open(listing);
    expect(text(doc.querySelector(`#delivery-line-${listing.id}`))).toBe('€5.90 shipping per order from this shop; free on orders of €100.00 or more.');
    const box = text(doc.querySelector(`#delivery-${listing.id}`));
    expect(box).toContain('Shipped in two days.');
    expect(box).toContain('Returns within 30 days.');

    // a shop that said nothing about returns: the standard terms; a download never ships
    const other = await createSeller(app.db);
    const digital = await createListing(app.db, { seller_id: other.id, category_id: cat.id, kind: 'digital', title: 'Pattern pack', price: 900 });
    const d = await open(digital);
    expect(text(d.querySelector(`#delivery-line-${digital.id}`))).toContain('no shipping');
    const fixed = await createListing(app.db, { seller_id: other.id, category_id: cat.id, title: 'Oak stool' });
    expect(text((await open(fixed)).querySelector(`#delivery-${fixed.id}`))).toContain('within 14 days of delivery');
  });
});
