import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pruneVisitorCarts } from '../../src/carts/visitors.js';
import { clock } from '../../src/lib/clock.js';
import { processors } from '../../jobs/worker.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser, createSeller, createCategoryRow, createListing } from '../factories.js';
import { Client, text } from '../http.js';
import { listen, signedIn } from '../payouts/helpers.js';
import { add, headerCount, linesOf, sellerWithListing } from './helpers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_SIGNUP_PER_IP: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await app?.stop();
});

const visitor = () => new Client(app.baseUrl);

describe('a visitor’s cart', () => {
  it('is kept by the visitor cookie and counted in the header, also on kept search pages', async () => {
    const s = await sellerWithListing(app.db, { title: 'Walnut bowl', stock: 5 });
    const v = visitor();
    const listingPage = await v.get(`/listings/${s.listing.id}`);
    expect(listingPage.doc.querySelector(`#add-to-cart-${s.listing.id} form`)).toBeTruthy();
    expect(headerCount(listingPage)).toBe('Cart');
    const page = await add(v, s.listing.id, { quantity: '2' });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('.cart-line-title'))).toBe('Walnut bowl');
    expect(headerCount(page)).toBe('Cart (2)');
    expect(v.cookie('souk.cart')).toBe('1');
    expect(v.cookie('souk.vid')).toBeTruthy();
    expect(await linesOf(app.db, { visitorId: v.cookie('souk.vid') })).toHaveLength(1);
    // a visitor's count is no live area: there is no stream to listen on
    expect(page.doc.querySelector('#cart-count')?.getAttribute('hx-get')).toBeFalsy();

    // another visitor keeps the search page; this one still sees their own count on it
    const other = visitor();
    const kept = await other.get('/search?q=walnut');
    expect(headerCount(kept)).toBe('Cart');
    expect(headerCount(await other.get('/search?q=walnut'))).toBe('Cart');
    expect(headerCount(await v.get('/search?q=walnut'))).toBe('Cart (2)');
    // one who added with htmx has no session at all (no flash message): the early answer for kept pages still counts their cart
    const quiet = visitor();
    await quiet.get(`/listings/${s.listing.id}`);
    expect((await add(quiet, s.listing.id, {}, { htmx: true })).status).toBe(200);
    expect(quiet.cookie('souk.sid')).toBeUndefined();
    expect(headerCount(await quiet.get('/search?q=walnut'))).toBe('Cart (1)');
    expect(headerCount(await other.get('/search?q=walnut'))).toBe('Cart');

    const count = await v.get('/cart/count', { htmx: true });
    expect(text(count.doc.querySelector('#cart-count'))).toBe('Cart (2)');
    expect(text((await other.get('/cart/count', { htmx: true })).doc.querySelector('#cart-count'))).toBe('Cart');

    // emptying the cart takes the marker away
    const [line] = await linesOf(app.db, { visitorId: v.cookie('souk.vid') });
    const empty = await v.post(`/cart/lines/${line.id}`, {}, { method: 'DELETE' });
    expect(headerCount(empty)).toBe('Cart');
    expect(v.cookie('souk.cart')).toBeUndefined();
  });

  it('merges into the account’s cart at sign-in: quantities added and capped, own listings dropped', async () => {
    const s = await sellerWithListing(app.db, { title: 'Linen shirt', stock: 4 });
    const download = await sellerWithListing(app.db, { kind: 'digital', price: 800 });
    const u = await createSeller(app.db);
    const category = await createCategoryRow(app.db);
    const mine = await createListing(app.db, { seller_id: u.id, category_id: category.id, title: 'My own thing' });

    // the account has 2 shirts already (from another device)
    const device = await signedIn(app, u);
    await add(device, s.listing.id, { quantity: '2' });
    await add(device, download.listing.id);

    const v = visitor();
    await add(v, s.listing.id, { quantity: '3' });
    await add(v, download.listing.id);
    await add(v, mine.id);
    const vid = v.cookie('souk.vid')!;
    expect(await linesOf(app.db, { visitorId: vid })).toHaveLength(3);

    const home = await v.signIn(u.email, u.password);
    expect(text(home.doc.querySelector('.who'))).toBe(u.display_name);
    const lines = await linesOf(app.db, { userId: u.id });
    expect(lines.map((l) => [l.listing_id, l.quantity])).toEqual([
      [s.listing.id, 4],
      [download.listing.id, 1],
    ]);
    expect(await app.db('carts').where({ visitor_id: vid }).first()).toBeUndefined();
    expect(v.cookie('souk.vid')).toBe(vid);
    expect(v.cookie('souk.cart')).toBeUndefined();
    expect(headerCount(await v.get('/cart'))).toBe('Cart (5)');
  });

  it('comes along at sign-up', async () => {
    const s = await sellerWithListing(app.db, { stock: 5 });
    const v = visitor();
    await add(v, s.listing.id, { quantity: '2' });
    await v.get('/signup');
    const email = `cart-${Date.now()}@example.test`;
    const page = await v.post('/users', { email, display_name: 'New Buyer', password: 'a long enough password' });
    expect(page.status).toBe(200);
    const user = await app.db('users').where({ email }).first();
    expect((await linesOf(app.db, { userId: user.id })).map((l) => l.quantity)).toEqual([2]);
    expect(headerCount(page)).toBe('Cart (2)');
  });

  it('is pruned after 30 days without a change; accounts’ carts stay', async () => {
    const s = await sellerWithListing(app.db);
    const stale = visitor();
    await add(stale, s.listing.id);
    const fresh = visitor();
    await add(fresh, s.listing.id);
    const u = await createUser(app.db);
    const b = await signedIn(app, u);
    await add(b, s.listing.id);
    const old = new Date(Date.now() - 31 * 86_400_000);
    await app.db('carts').whereIn('visitor_id', [stale.cookie('souk.vid')!]).orWhere({ user_id: u.id }).update({ updated_at: old });

    expect(processors.maintenance['prune-visitor-carts']).toBeTypeOf('function');
    expect(await pruneVisitorCarts(app.db)).toBeGreaterThanOrEqual(1);
    expect(await linesOf(app.db, { visitorId: stale.cookie('souk.vid') })).toHaveLength(0);
    expect(await linesOf(app.db, { visitorId: fresh.cookie('souk.vid') })).toHaveLength(1);
    expect(await linesOf(app.db, { userId: u.id })).toHaveLength(1);
    // running it again finds nothing more to do
    expect(await pruneVisitorCarts(app.db)).toBe(0);
  });
});

describe('the header count of a signed-in buyer', () => {
  it('re-fetches itself on a cart signal sent after each change', async () => {
    const s = await sellerWithListing(app.db, { stock: 5 });
    const u = await createUser(app.db);
    const tab1 = await signedIn(app, u);
    const tab2 = await signedIn(app, u);
    const page = await tab2.get('/');
    const badge = page.doc.querySelector('#cart-count');
    expect(badge?.getAttribute('hx-get')).toBe('/cart/count');
    expect(badge?.getAttribute('hx-trigger')).toContain('sse:cart');

    const heard = await listen(app, tab2, `user:${u.id}`, 'cart');
    await add(tab1, s.listing.id, { quantity: '3' });
    expect(await heard()).toBe('changed');
    const fresh = await tab2.get('/cart/count', { htmx: true });
    expect(text(fresh.doc.querySelector('#cart-count'))).toBe('Cart (3)');
    expect(await app.db('outbox').where({ topic: 'cart.changed' }).whereRaw(`(payload->>'userId')::bigint = ?`, [u.id]).first()).toBeTruthy();
  });
});
