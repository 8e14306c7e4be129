import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(() => app?.stop());

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const visitor = () => new Client(app.baseUrl);
const tileTitles = (page: { doc: { querySelectorAll(s: string): { textContent: string }[] } }) =>
  page.doc.querySelectorAll('#shop-listings .tile .tile-title').map((t) => t.textContent.trim());
const slugOf = async (sellerId: number) => (await app.db('sellers').where({ user_id: sellerId }).first('slug')).slug as string;

describe('a shop page', () => {
  it('has an address made from the shop name, unique among shops', async () => {
    const name = `Lumen & Oak ${unique()}`;
    const a = await createSeller(app.db, { shop_name: name });
    const b = await createSeller(app.db, { shop_name: `${name}!` });
    const slugA = await slugOf(a.id);
    expect(slugA).toMatch(/^lumen-oak-[a-z0-9]+$/);
    expect(await slugOf(b.id)).toBe(`${slugA}-2`);
  });

  it('shows the shop, its terms and its own live listings only', async () => {
    const cat = await createCategoryRow(app.db);
    const seller = await createSeller(app.db, { shop_name: `Atelier ${unique()}` });
    const other = await createSeller(app.db);
    await app.db('sellers').where({ user_id: seller.id }).update({
      description: 'Prints made by hand in Lisbon.\n\nEvery print is signed.',
      shipping_flat: 490,
      shipping_free_over: 5000,
      returns_policy: 'Returns within 30 days, in the original tube.',
      approved_at: new Date(Date.now() - 200 * 86_400_000),
    });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Harbour linocut' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Fern screen print' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Secret draft', status: 'draft' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Waiting print', status: 'pending' });
    await createListing(app.db, { seller_id: other.id, category_id: cat.id, title: 'Someone else’s print' });

    const page = await visitor().get(`/shops/${await slugOf(seller.id)}`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe(seller.shop_name);
    expect(text(page.doc.querySelector('.shop-since'))).toMatch(/Member since .*selling for 6 months/);
    expect(page.doc.querySelectorAll('.shop-about p').map((p) => text(p))).toEqual(['Prints made by hand in Lisbon.', 'Every print is signed.']);
    expect(tileTitles(page).sort()).toEqual(['Fern screen print', 'Harbour linocut']);
    expect(text(page.doc.querySelector('.shop-count'))).toBe('2 listings for sale');
    const policies = text(page.doc.querySelector('#shop-policies'));
    expect(policies).toContain('€4.90 shipping per order from this shop; free on orders of €50.00 or more.');
    expect(policies).toContain('Returns within 30 days, in the original tube.');
    // no reviews, no rating
    expect(page.doc.querySelector('#shop-rating')).toBeNull();
  });

  it('shows the rating and what buyers said once there are reviews', async () => {
    const seller = await createSeller(app.db);
    const [b1, b2] = [await createUser(app.db, { display_name: 'Nadia' }), await createUser(app.db, { display_name: 'Pieter' })];
    await app.db('shop_reviews').insert([
      { seller_id: seller.id, buyer_id: b1.id, rating: 5, body: 'Beautifully packed.' },
      { seller_id: seller.id, buyer_id: b2.id, rating: 4, body: 'Quick and friendly.' },
    ]);
    const page = await visitor().get(`/shops/${await slugOf(seller.id)}`);
    expect(text(page.doc.querySelector('#shop-rating'))).toContain('4.5 out of 5 from 2 reviews');
    expect(text(page.doc.querySelector('#shop-reviews'))).toContain('Beautifully packed.');
  });

  it('answers 404 for a shop that does not exist, a malformed address and a blocked seller', async () => {
    expect((await visitor().get('/shops/no-such-shop-here')).status).toBe(404);
    expect((await visitor().get('/shops/Bad%20Slug')).status).toBe(404);
    const blocked = await createSeller(app.db);
    await app.db('users').where({ id: blocked.id }).update({ blocked_at: new Date() });
    expect((await visitor().get(`/shops/${await slugOf(blocked.id)}`)).status).toBe(404);
  });

  it('searches inside the shop, with and without htmx, and keeps the words in the box', async () => {
    const cat = await createCategoryRow(app.db);
    const seller = await createSeller(app.db);
    const other = await createSeller(app.db);
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Brass table lamp' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Copper pendant lamps' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: 'Oak bench' });
    await createListing(app.db, { seller_id: other.id, category_id: cat.id, title: 'Glass lamp elsewhere' });
    const slug = await slugOf(seller.id);

    const page = await visitor().get(`/shops/${slug}?q=lamp`);
    expect(tileTitles(page).sort()).toEqual(['Brass table lamp', 'Copper pendant lamps']);
    expect(page.doc.querySelector('#shop-q')?.getAttribute('value')).toBe('lamp');
    expect(text(page.doc.querySelector('.shop-count'))).toBe('2 listings in this shop match “lamp”');

    // a piece of a word matches the title too
    const one = await visitor().get(`/shops/${slug}?q=ben`);
    expect(tileTitles(one)).toEqual(['Oak bench']);
    expect(text(one.doc.querySelector('.shop-count'))).toBe('1 listing in this shop matches “ben”');

    const fragment = await visitor().get(`/shops/${slug}?q=bench`, { htmx: true });
    expect(fragment.doc.querySelector('#shop-listings')).not.toBeNull();
    expect(fragment.doc.querySelector('h1')).toBeNull();
    expect(tileTitles(fragment)).toEqual(['Oak bench']);

    const none = await visitor().get(`/shops/${slug}?q=${encodeURIComponent('100% <b>"weird" \\ query')}`);
    expect(none.status).toBe(200);
    expect(tileTitles(none)).toEqual([]);
    expect(text(none.doc.querySelector('.empty-state'))).toContain('Nothing in this shop matches');
  });

  it('pages a large shop', async () => {
    const cat = await createCategoryRow(app.db);
    const seller = await createSeller(app.db);
    for (let i = 0; i < 26; i++) await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: `Print number ${i + 1}`, published_at: new Date(Date.now() - i * 60_000) });
    const slug = await slugOf(seller.id);
    const first = await visitor().get(`/shops/${slug}`);
    expect(tileTitles(first)).toHaveLength(24);
    expect(tileTitles(first)[0]).toBe('Print number 1');
    const next = first.doc.querySelector('#shop-next')?.getAttribute('href');
    expect(next).toBe(`/shops/${slug}?page=2`);
    const second = await visitor().get(next!);
    expect(tileTitles(second)).toEqual(['Print number 25', 'Print number 26']);
    expect(text(second.doc.querySelector('.shop-count'))).toContain('page 2 of 2');
    expect((await visitor().get(`/shops/${slug}?page=9`)).status).toBe(404);
    // an unreadable page number is the first page
    expect(tileTitles(await visitor().get(`/shops/${slug}?page=abc`))).toHaveLength(24);
  });
});
