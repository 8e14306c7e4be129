import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { placeBidOn } from '../../src/auctions/bidding.js';
import { closeAuction } from '../../src/auctions/closing.js';
import { auctionOfListing } from '../../src/auctions/queries.js';
import { clock } from '../../src/lib/clock.js';
import { streams } from '../../src/realtime/streams.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import { listen } from '../payouts/helpers.js';
import { settings } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000', SESSION_ABSOLUTE_HOURS: '10000' } });
});
afterAll(() => app?.stop());
afterEach(() => clock.reset());

const HOUR = 3_600_000;

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

async function auction(sellerId: number, over: Record<string, unknown> = {}) {
  const category = await createCategoryRow(app.db);
  return createListing(app.db, { seller_id: sellerId, category_id: category.id, kind: 'auction', start_price: 1000, ...over });
}

const bid = async (listingId: number, bidderId: number, max: number) => {
  const r = await placeBidOn(app.db, { listingId, bidderId, kind: 'max', max }, settings);
  expect(r.ok, r.ok ? '' : r.message).toBe(true);
  return r;
};

const rowIds = (page: Page, table: string) => page.doc.querySelectorAll(`#${table} tbody tr`).map((r) => r.getAttribute('data-listing'));
const count = (page: Page, tab: string) => page.doc.querySelector(`a[data-tab=${tab}] .badge`)?.getAttribute('data-count');

describe('My bids', () => {
  it('shows each bidder their own active (leading or outbid), won (with the order) and lost auctions, and refreshes live', async () => {
    const seller = await createSeller(app.db);
    const [ann, ben] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const running = await auction(seller.id, { title: 'Running clock' });
    const bought = await auction(seller.id, { title: 'Bought vase', buy_now_price: 8000 });
    const closing = await auction(seller.id, { title: 'Closing chair', ends_at: new Date(Date.now() + HOUR) });

    await bid(running.id, ann.id, 5000);
    await bid(running.id, ben.id, 3000);
    const buy = await placeBidOn(app.db, { listingId: bought.id, bidderId: ann.id, kind: 'buy_now' }, settings);
    expect(buy.ok).toBe(true);
    const orderId = buy.ok ? buy.orderId : null;
    expect(orderId).toBeGreaterThan(0);
    await bid(closing.id, ben.id, 2000);
    await bid(closing.id, ann.id, 1500);
    clock.set(new Date(Date.now() + 2 * HOUR));
    expect(await closeAuction(app.db, (await auctionOfListing(app.db, closing.id))!.id, settings)).toMatchObject({ result: 'closed', outcome: 'sold' });
    clock.reset();

    const a = await signedIn(ann);
    const active = await a.get('/account/bids');
    expect(active.status).toBe(200);
    expect(['active', 'won', 'lost'].map((t) => count(active, t))).toEqual(['1', '1', '1']);
    expect(rowIds(active, 'my-bids-table')).toEqual([String(running.id)]);
    const row = active.doc.querySelector(`#my-bids-table tr[data-listing="${running.id}"]`)!;
    expect(row.querySelector('[data-standing]')?.getAttribute('data-standing')).toBe('leading');
    // 30.00 + the 1.00 step of its band
    expect(text(row.querySelector('.price'))).toBe('€31.00');
    expect(text(row.querySelector('.my-max'))).toBe('€50.00');
    expect(text(row.querySelector('.time-left'))).toMatch(/^6 d 23 h$/);

    const won = await a.get('/account/bids?tab=won');
    expect(rowIds(won, 'my-bids-table')).toEqual([String(bought.id)]);
    expect(won.doc.querySelector('#my-bids-table .order-link')?.getAttribute('href')).toBe(`/orders/${orderId}`);
    const lost = await a.get('/account/bids?tab=lost');
    expect(rowIds(lost, 'my-bids-table')).toEqual([String(closing.id)]);
    expect(lost.doc.querySelector('#my-bids-table [data-standing]')?.getAttribute('data-standing')).toBe('lost');
    expect(lost.doc.querySelector('#my-bids-table .order-link')).toBeNull();

    const b = await signedIn(ben);
    const bens = await b.get('/account/bids');
    expect(rowIds(bens, 'my-bids-table')).toEqual([String(running.id)]);
    expect(bens.doc.querySelector('#my-bids-table [data-standing]')?.getAttribute('data-standing')).toBe('outbid');
    expect(rowIds(await b.get('/account/bids?tab=won'), 'my-bids-table')).toEqual([String(closing.id)]);

    // the live part re-fetches itself on the user's signal
    const wrapper = active.doc.querySelector('#my-bids')!;
    expect(wrapper.getAttribute('hx-trigger')).toBe('sse:auctions, htmx:sseOpen from:body');
    expect(wrapper.getAttribute('hx-get')).toBe('/account/bids/list');
    const frag = await a.get('/account/bids/list?tab=won', { htmx: true });
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(rowIds(frag, 'my-bids-table')).toEqual([String(bought.id)]);
    // an unknown tab is the default one; text the database cannot store is refused with a message, never a 500
    expect((await a.get('/account/bids?tab=bogus')).status).toBe(200);
    expect((await a.get('/account/bids?tab=%00')).status).toBe(422);

    // Ben outbids Ann: Ann's open pages hear of it, and then show her outbid
    const got = await listen(app, a, streams.user(ann.id), 'auctions');
    await bid(running.id, ben.id, 9000);
    expect(await got()).toBe('changed');
    const after = await a.get('/account/bids/list', { htmx: true });
    expect(after.doc.querySelector('#my-bids-table [data-standing]')?.getAttribute('data-standing')).toBe('outbid');
  });

  it('is for signed-in users only and never shows anyone else’s bids', async () => {
    const seller = await createSeller(app.db);
    const [ann, eve] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const l = await auction(seller.id);
    await bid(l.id, ann.id, 4000);

    const visitor = new Client(app.baseUrl);
    const page = await visitor.get('/account/bids', { follow: false });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Faccount%2Fbids');
    expect((await visitor.get('/account/bids/list', { htmx: true, follow: false })).status).toBe(401);

    const e = await signedIn(eve);
    for (const path of ['/account/bids', `/account/bids?user_id=${ann.id}`, `/account/bids/list?bidder=${ann.id}`]) {
      const p = await e.get(path);
      expect(p.status).toBe(200);
      expect(p.doc.querySelector('#my-bids-table')).toBeNull();
      expect(p.doc.querySelector('#no-bids')).not.toBeNull();
    }
  });
});

describe('the seller’s auctions', () => {
  it('lists the seller’s own auctions with price, bids, reserve state, end and outcome, and refreshes live', async () => {
    const seller = await createSeller(app.db);
    const other = await createSeller(app.db);
    const [ann, ben] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const reserved = await auction(seller.id, { title: 'Reserved rug', reserve_price: 5000, ends_at: new Date(Date.now() + 2 * 86_400_000) });
    const plain = await auction(seller.id, { title: 'Plain table', ends_at: new Date(Date.now() + 86_400_000) });
    const sold = await auction(seller.id, { title: 'Sold lamp', buy_now_price: 6000 });
    const untouched = await auction(seller.id, { title: 'Untouched stool' });
    const theirs = await auction(other.id, { title: 'Someone else’s' });
    await bid(reserved.id, ann.id, 2000);
    await bid(plain.id, ann.id, 3000);
    await bid(plain.id, ben.id, 2000);
    expect((await placeBidOn(app.db, { listingId: sold.id, bidderId: ben.id, kind: 'buy_now' }, settings)).ok).toBe(true);
    await bid(theirs.id, ann.id, 2000);
    // an auction listing's row is created at publication; here by its first page
    await auctionOfListing(app.db, untouched.id).then(async (a) => a ?? (await import('../../src/auctions/queries.js')).ensureAuction(app.db, untouched.id));

    const s = await signedIn(seller);
    const page = await s.get('/seller/auctions');
    expect(page.status).toBe(200);
    // open ones ending soonest first, then ended ones
    expect(rowIds(page, 'seller-auctions-table')).toEqual([String(plain.id), String(reserved.id), String(untouched.id), String(sold.id)]);
    const row = (id: number) => page.doc.querySelector(`#seller-auctions-table tr[data-listing="${id}"]`)!;
    expect(text(row(plain.id).querySelector('.price'))).toBe('€20.50');
    expect(text(row(plain.id).querySelector('.bid-count'))).toBe('2');
    expect(row(plain.id).querySelector('.reserve')?.getAttribute('data-reserve')).toBe('none');
    expect(row(reserved.id).querySelector('.reserve')?.getAttribute('data-reserve')).toBe('not_met');
    expect(text(row(reserved.id).querySelector('.price'))).toBe('€10.00');
    expect(text(row(untouched.id).querySelector('.price'))).toBe('€10.00 (starting)');
    expect(row(sold.id).querySelector('[data-outcome]')?.getAttribute('data-outcome')).toBe('bought_now');
    expect(row(plain.id).querySelector('[data-outcome]')?.getAttribute('data-outcome')).toBe('open');
    expect(row(plain.id).querySelector('.ends time')?.getAttribute('datetime')).toBeTruthy();
    expect(page.html).not.toContain('Someone else');
    // each row leads to the auction's own page (cancel, offers, relist), and so does the listing page
    const manage = row(untouched.id).querySelector('a.manage')!;
    expect(text(manage)).toBe('Manage the auction of Untouched stool');
    const selling = await s.get(manage.getAttribute('href')!);
    expect(selling.status).toBe(200);
    expect(selling.html).toContain('Untouched stool');
    const listingPage = await s.get(`/listings/${untouched.id}`);
    expect(listingPage.doc.querySelector(`.owner-note a[href="${manage.getAttribute('href')}"]`)).not.toBeNull();
    // an admin finds the auction's moderation page from the listing
    const admin = await signedIn(await createAdmin(app.db));
    const seen = await admin.get(`/listings/${untouched.id}`);
    const moderate = seen.doc.querySelector('.admin-note a')!;
    expect(text(moderate)).toBe('Moderate this auction');
    expect((await admin.get(moderate.getAttribute('href')!)).status).toBe(200);
    // neither note shows to a buyer
    const buyerView = await (await signedIn(ann)).get(`/listings/${untouched.id}`);
    expect(buyerView.doc.querySelector('.owner-note, .admin-note')).toBeNull();
    const wrapper = page.doc.querySelector('#seller-auctions')!;
    expect(wrapper.getAttribute('hx-trigger')).toBe('sse:auctions, htmx:sseOpen from:body');
    expect(wrapper.getAttribute('hx-get')).toBe('/seller/auctions/list');

    // another seller sees only theirs; a visitor is sent to sign in
    const o = await signedIn(other);
    expect(rowIds(await o.get(`/seller/auctions?seller_id=${seller.id}`), 'seller-auctions-table')).toEqual([String(theirs.id)]);
    expect((await new Client(app.baseUrl).get('/seller/auctions', { follow: false })).status).toBe(303);

    // a bid meets the reserve: the seller's open page is told and shows it
    const got = await listen(app, s, streams.user(seller.id), 'auctions');
    await bid(reserved.id, ben.id, 6000);
    expect(await got()).toBe('changed');
    const frag = await s.get('/seller/auctions/list', { htmx: true });
    expect(frag.doc.querySelector('html')).toBeNull();
    const r = frag.doc.querySelector(`#seller-auctions-table tr[data-listing="${reserved.id}"]`)!;
    expect(r.querySelector('.reserve')?.getAttribute('data-reserve')).toBe('met');
    expect(text(r.querySelector('.price'))).toBe('€50.00');
    expect(text(r.querySelector('.bid-count'))).toBe('2');
  });
});

describe('search sorts for auctions', () => {
  /** What a visitor (no session, so kept pages too) sees for a search. */
  async function search(qs: string): Promise<Page> {
    const page = await new Client(app.baseUrl).get(`/search?${qs}`);
    expect(page.status, `/search?${qs}`).toBe(200);
    return page;
  }
  const titles = (page: Page) => page.doc.querySelectorAll('#search-results .result-title a').map((a) => text(a));

  it('sorts by current price, and a new bid reorders a cached search at once', async () => {
    const seller = await createSeller(app.db);
    const category = await createCategoryRow(app.db, { name: 'Price sorted' });
    const [ann, ben] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const at = { seller_id: seller.id, category_id: category.id };
    await createListing(app.db, { ...at, title: 'Fixed fifteen', price: 1500 });
    const cheap = await createListing(app.db, { ...at, kind: 'auction', title: 'Auction ten', start_price: 1000 });
    await createListing(app.db, { ...at, kind: 'auction', title: 'Auction twelve', start_price: 1200 });
    await createListing(app.db, { ...at, title: 'Fixed thirty', price: 3000 });
    const qs = `category=${category.slug}&sort=current_price`;

    const fresh = await search(qs);
    expect(titles(fresh)).toEqual(['Auction ten', 'Auction twelve', 'Fixed fifteen', 'Fixed thirty']);
    expect(text(fresh.doc.querySelector(`#result-${cheap.id} .price span`))).toBe('Starting bid €10.00');
    // the same search again comes from the cache
    expect(titles(await search(qs))).toEqual(['Auction ten', 'Auction twelve', 'Fixed fifteen', 'Fixed thirty']);
    expect((await search(qs)).doc.querySelector('#f-sort option[value=current_price]')?.getAttribute('selected')).not.toBeUndefined();

    await bid(cheap.id, ann.id, 5000);
    await bid(cheap.id, ben.id, 2000);
    // 20.00 + the 0.50 step of its band: now between the two fixed prices
    expect((await auctionOfListing(app.db, cheap.id))?.price).toBe(2050);
    const reordered = await search(qs);
    expect(titles(reordered)).toEqual(['Auction twelve', 'Fixed fifteen', 'Auction ten', 'Fixed thirty']);
    // the card shows the current bid once there is one
    expect(text(reordered.doc.querySelector(`#result-${cheap.id} .price span`))).toBe('Current bid €20.50');
    // a bid that leaves the price alone (the leader raising their maximum) keeps the cache
    const n = Number((await app.db('search_generation').first('n')).n);
    await bid(cheap.id, ann.id, 7000);
    expect(Number((await app.db('search_generation').first('n')).n)).toBe(n);

    // its pages carry on in the same order
    const first = await search(`${qs}`);
    expect(first.doc.querySelector('#f-sort option[value=current_price]')).not.toBeNull();
  });

  it('sorts open auctions by their end first, follows a soft-close extension, and moves an ended one back at its end', async () => {
    const seller = await createSeller(app.db);
    const category = await createCategoryRow(app.db, { name: 'Ending sorted' });
    const [ann, ben] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const at = { seller_id: seller.id, category_id: category.id };
    const now = Date.now();
    await createListing(app.db, { ...at, title: 'Fixed one', price: 1500 });
    await createListing(app.db, { ...at, kind: 'auction', title: 'Ends in three days', ends_at: new Date(now + 72 * HOUR) });
    const soon = await createListing(app.db, { ...at, kind: 'auction', title: 'Ends in an hour', ends_at: new Date(now + HOUR) });
    const late = await createListing(app.db, { ...at, kind: 'auction', title: 'Ends in two hours', ends_at: new Date(now + 2 * HOUR) });
    await createListing(app.db, { ...at, title: 'Fixed two', price: 900 });
    const qs = `category=${category.slug}&sort=ending_soon`;

    const order = ['Ends in an hour', 'Ends in two hours', 'Ends in three days', 'Fixed one', 'Fixed two'];
    expect(titles(await search(qs))).toEqual(order);
    expect(titles(await search(qs))).toEqual(order);

    // a bid in the last two minutes of "two hours" moves its end past "an hour"... and past nothing else
    await bid(late.id, ann.id, 2000);
    clock.set(new Date(now + 2 * HOUR - 60_000));
    await bid(late.id, ben.id, 3000);
    expect((await auctionOfListing(app.db, late.id))!.ends_at.getTime()).toBe(now + 2 * HOUR - 60_000 + 120_000);
    clock.reset();
    expect(titles(await search(qs))).toEqual(order);

    // past its end, "an hour" is no longer open for bids: it goes behind the open auctions at once, before any close
    await bid(soon.id, ann.id, 2000);
    expect(titles(await search(qs))).toEqual(order);
    clock.set(new Date(now + HOUR + 1000));
    expect(titles(await search(qs))).toEqual(['Ends in two hours', 'Ends in three days', 'Fixed one', 'Ends in an hour', 'Fixed two']);
  });

  it('pages through an ending-soon search with cursors across the open auctions and the rest', async () => {
    const seller = await createSeller(app.db);
    const category = await createCategoryRow(app.db, { name: 'Ending paged' });
    const at = { seller_id: seller.id, category_id: category.id };
    const now = Date.now();
    for (let i = 0; i < 12; i++) await createListing(app.db, { ...at, kind: 'auction', title: `Auction ${String(i).padStart(2, '0')}`, ends_at: new Date(now + (i + 1) * HOUR) });
    for (let i = 0; i < 12; i++) await createListing(app.db, { ...at, title: `Fixed ${String(i).padStart(2, '0')}` });
    const qs = `category=${category.slug}&sort=ending_soon`;
    const first = await search(qs);
    expect(titles(first)).toHaveLength(20);
    const next = first.doc.querySelector('a[rel=next]')?.getAttribute('href');
    expect(next).toBeTruthy();
    const second = await new Client(app.baseUrl).get(next!.replace(/&amp;/g, '&'));
    expect(second.status).toBe(200);
    expect([...titles(first), ...titles(second)]).toEqual([...Array.from({ length: 12 }, (_, i) => `Auction ${String(i).padStart(2, '0')}`), ...Array.from({ length: 12 }, (_, i) => `Fixed ${String(i).padStart(2, '0')}`)]);
    const back = second.doc.querySelector('a[rel=prev]')?.getAttribute('href');
    expect(titles(await new Client(app.baseUrl).get(back!.replace(/&amp;/g, '&')))).toEqual(titles(first));
  });
});

describe('the bid increment tables', () => {
  it('refuses users who are not admins, and visitors', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const before = await app.db('auction_increments').where({ currency: 'EUR' }).orderBy('from_amount').select('from_amount', 'step');
    expect((await c.get('/admin/auctions/increments?currency=EUR')).status).toBe(403);
    await c.get('/');
    const post = await c.post('/admin/auctions/increments?currency=EUR', { from_0: '0', step_0: '5' });
    expect(post.status).toBe(403);
    expect(await app.db('auction_increments').where({ currency: 'EUR' }).orderBy('from_amount').select('from_amount', 'step')).toEqual(before);
    expect((await new Client(app.baseUrl).get('/admin/auctions/increments', { follow: false })).status).toBe(303);
    expect((await new Client(app.baseUrl).post('/admin/auctions/increments', { from_0: '0', step_0: '5' }, { csrf: false, follow: false })).status).toBeGreaterThanOrEqual(400);
  });

  it('shows a currency’s bands, refuses a wrong table with each message beside its field, saves a right one audited, and bidding uses it', async () => {
    const admin = await createAdmin(app.db);
    const c = await signedIn(admin);
    const eur = await c.get('/admin/auctions/increments?currency=EUR');
    expect(eur.status).toBe(200);
    expect(eur.doc.querySelector('#f-from_1')?.getAttribute('value')).toBe('1.00');
    expect(eur.doc.querySelector('#f-step_1')?.getAttribute('value')).toBe('0.25');
    // ten bands and three spare rows
    expect(eur.doc.querySelectorAll('#increments-table tbody tr')).toHaveLength(13);
    expect((await c.get('/admin/auctions/increments?currency=euro')).status).toBe(400);

    // a currency without a table starts from the default bands
    const gbp = await c.get('/admin/auctions/increments?currency=GBP');
    expect(gbp.doc.querySelector('#f-step_0')?.getAttribute('value')).toBe('0.05');

    const wrong = await c.post('/admin/auctions/increments?currency=GBP', { from_0: '1', step_0: '0.10', from_1: '0.50', step_1: 'abc', from_2: '20', step_2: '0' });
    expect(wrong.status).toBe(422);
    const err = (name: string) => text(wrong.doc.querySelector(`#f-${name}-error`));
    expect(err('from_0')).toBe('The first band starts at 0.');
    expect(err('from_1')).toBe('Each band starts above the one before it.');
    expect(err('step_1')).toBe('Enter an amount like 0.50.');
    expect(err('step_2')).toBe('Enter an increment above 0.');
    expect(wrong.doc.querySelector('#f-step_1')?.getAttribute('value')).toBe('abc');
    expect(await app.db('auction_increments').where({ currency: 'GBP' })).toEqual([]);

    const empty = await c.post('/admin/auctions/increments?currency=GBP', {});
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector('.form-error'))).toBe('Add at least one band.');

    const saved = await c.post('/admin/auctions/increments?currency=GBP', { from_0: '0', step_0: '0.10', from_1: '10', step_1: '1', from_2: '', step_2: '' });
    expect(saved.status).toBe(200);
    expect(text(saved.doc.querySelector('#flash'))).toContain('Bid increments for GBP saved');
    expect(saved.doc.querySelector('#f-from_1')?.getAttribute('value')).toBe('10.00');
    expect((await app.db('auction_increments').where({ currency: 'GBP' }).orderBy('from_amount').select('from_amount', 'step')).map((r) => [Number(r.from_amount), Number(r.step)])).toEqual([
      [0, 10],
      [1000, 100],
    ]);
    const log = await app.db('audit_log').where({ action: 'auction_increments.update', actor_id: admin.id }).orderBy('id', 'desc').first();
    expect(log.after).toEqual({ currency: 'GBP', bands: [{ from: 0, step: 10 }, { from: 1000, step: 100 }] });
    expect(log.before).toEqual({ currency: 'GBP', bands: null });

    // a GBP auction bids by the new table: 12.00 + 1.00, where the default would add 0.50
    const seller = await createSeller(app.db);
    const [ann, ben] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const l = await auction(seller.id, { currency: 'GBP' });
    await bid(l.id, ann.id, 5000);
    await bid(l.id, ben.id, 1200);
    expect((await auctionOfListing(app.db, l.id))?.price).toBe(1300);
  });
});
