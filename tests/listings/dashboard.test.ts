import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingsReactions } from '../../src/listings/reactions.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createListing } from '../factories.js';
import { text } from '../http.js';
import { buyerClient, clothing, plainCategory, sellerClient, signedIn } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

const row = (id: number) => app.db('listings').where({ id }).first();
const DAY = 86_400_000;

describe('the seller dashboard', () => {
  it('shows tabs with counts, filters by state and title, and refreshes live', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'draft', title: 'Brass lamp' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', title: 'Oak table', views: 12, favourites_count: 3 });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', title: 'Oak chair' });
    await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'rejected', title: 'Odd thing' });
    const gone = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', title: 'Deleted one', deleted_at: new Date() });

    const page = await c.get('/seller/listings');
    expect(page.status).toBe(200);
    const count = (tab: string) => page.doc.querySelector(`a[data-tab=${tab}] .badge`)?.getAttribute('data-count');
    expect([count('all'), count('draft'), count('active'), count('rejected'), count('paused'), count('sold_out'), count('pending'), count('expired')]).toEqual(['4', '1', '2', '1', '0', '0', '0', '0']);
    const titles = (p: typeof page) => p.doc.querySelectorAll('#listings-table tbody th a').map((a) => text(a)).sort();
    expect(titles(page)).toEqual(['Brass lamp', 'Oak chair', 'Oak table', 'Odd thing']);
    expect(page.doc.querySelector(`#listing-row-${gone.id}`)).toBeNull();

    const wrapper = page.doc.querySelector('#seller-listings')!;
    expect(wrapper.getAttribute('hx-trigger')).toBe('sse:listings, htmx:sseOpen from:body');
    expect(wrapper.getAttribute('hx-get')).toBe('/seller/listings/list');

    const active = await c.get('/seller/listings?status=active&q=table');
    expect(titles(active)).toEqual(['Oak table']);
    expect(active.doc.querySelector('a[data-tab=active]')?.getAttribute('aria-current')).toBe('page');
    const r = active.doc.querySelector('#listings-table tbody tr')!;
    expect(text(r.querySelector('.views'))).toBe('12');
    expect(text(r.querySelector('.favourites'))).toBe('3');
    expect(r.querySelector('time')).toBeTruthy();

    // the live fragment keeps the tab and search
    const frag = await c.get('/seller/listings/list?status=active&q=oak', { htmx: true });
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelector('#seller-listings')?.getAttribute('hx-get')).toBe('/seller/listings/list?status=active&q=oak');
    expect(titles(frag)).toEqual(['Oak chair', 'Oak table']);
    // a search for % matches literally, not everything
    expect(titles(await c.get('/seller/listings?q=%25'))).toEqual([]);
  });

  it('edits price and stock inline: htmx gets the row back, errors beside the input with 422', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', price: 1000, stock: 4 });
    const page = await c.get('/seller/listings');
    const form = page.doc.querySelector(`#row-form-${l.id}`)!;
    expect(form.getAttribute('hx-post')).toBe(`/seller/listings/${l.id}/row`);
    expect(form.getAttribute('hx-target')).toBe(`#listing-row-${l.id}`);
    expect(page.doc.querySelector(`#price-${l.id}`)?.getAttribute('form')).toBe(`row-form-${l.id}`);

    const ok = await c.post(`/seller/listings/${l.id}/row`, { price: '11.00', stock: '9', stock_was: '4' }, { htmx: true });
    expect(ok.status).toBe(200);
    expect(ok.doc.querySelector('html')).toBeNull();
    const tr = ok.doc.querySelector(`tr#listing-row-${l.id}`)!;
    expect(tr).toBeTruthy();
    expect(tr.querySelector(`#stock-${l.id}`)?.getAttribute('value')).toBe('9');
    expect(await row(l.id)).toMatchObject({ price: 1100, stock: 9, status: 'active' });

    const bad = await c.post(`/seller/listings/${l.id}/row`, { price: '11.001', stock: '-2', stock_was: '9' }, { htmx: true });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector(`#price-${l.id}-error`))).toContain('two decimals');
    expect(text(bad.doc.querySelector(`#stock-${l.id}-error`))).toContain('0 or more');
    expect(bad.doc.querySelector(`#price-${l.id}`)?.getAttribute('value')).toBe('11.001');
    expect(await row(l.id)).toMatchObject({ price: 1100, stock: 9 });

    // a big price change goes back to review, and the row says so
    const jump = await c.post(`/seller/listings/${l.id}/row`, { price: '30', stock: '9', stock_was: '9' }, { htmx: true });
    expect(jump.status).toBe(200);
    expect(text(jump.doc.querySelector(`#listing-row-${l.id}`))).toContain('moderator reviews');
    expect((await row(l.id)).status).toBe('pending');
  });

  it('falls back to a plain form: redirect on success, the dashboard with the row’s error on failure', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', price: 1000, stock: 4 });
    await c.get('/seller/listings');
    const ok = await c.post(`/seller/listings/${l.id}/row`, { price: '10.50', stock: '5', stock_was: '4' }, { follow: false });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/seller/listings');
    const bad = await c.post(`/seller/listings/${l.id}/row`, { price: 'ten', stock: '5', stock_was: '5' });
    expect(bad.status).toBe(422);
    expect(bad.doc.querySelector('html')).toBeTruthy();
    expect(text(bad.doc.querySelector(`#price-${l.id}-error`))).toContain('12.50');
    expect(await row(l.id)).toMatchObject({ price: 1050, stock: 5 });
  });

  it('offers renewal for expired listings and those expiring within 72 hours', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const soon = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', expires_at: new Date(Date.now() + 2 * DAY) });
    const later = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', expires_at: new Date(Date.now() + 10 * DAY) });
    const expired = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'expired', expires_at: new Date(Date.now() - DAY) });
    const page = await c.get('/seller/listings');
    const renew = (id: number) => page.doc.querySelector(`#listing-row-${id} form[action="/seller/listings/${id}/renewal"]`);
    expect(renew(soon.id)).toBeTruthy();
    expect(renew(expired.id)).toBeTruthy();
    expect(renew(later.id)).toBeNull();
    expect(renew(soon.id)?.querySelector('input[name=_csrf]')).toBeTruthy();
  });
});

describe('the seller’s listing page', () => {
  it('shows status, fields, images editor and boost box; its status block refreshes itself', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'pending', attributes: { size: 'L', material: 'Silk', handmade: true } });
    let page = await c.get(`/seller/listings/${l.id}`);
    const block = page.doc.querySelector(`#listing-status-${l.id}`)!;
    expect(block.getAttribute('hx-get')).toBe(`/seller/listings/${l.id}/status`);
    expect(block.getAttribute('hx-trigger')).toBe('sse:listings, htmx:sseOpen from:body');
    expect(text(page.doc.querySelector('#listing-details'))).toContain('Silk');
    const dts = page.doc.querySelectorAll('#listing-details dt').map((d) => text(d));
    const dds = page.doc.querySelectorAll('#listing-details dd').map((d) => text(d));
    expect(dds[dts.indexOf('Handmade')]).toBe('Yes');
    expect(page.doc.querySelector(`#listing-images-${l.id}`)).toBeTruthy();
    expect(page.doc.querySelector(`#boost-box-${l.id}`)).toBeNull();

    // a moderator rejects it: the status fragment shows the reason prominently
    await app.db('listings').where({ id: l.id }).update({ status: 'rejected', rejection_reason: 'Photos <b>missing</b>' });
    const frag = await c.get(`/seller/listings/${l.id}/status`, { htmx: true });
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelector(`#listing-status-${l.id} [data-status]`)?.getAttribute('data-status')).toBe('rejected');
    expect(text(frag.doc.querySelector('#rejection-reason'))).toContain('Photos <b>missing</b>');
    expect(frag.doc.querySelector('#rejection-reason b')).toBeNull();
    expect(frag.doc.querySelector('#rejection-reason')?.getAttribute('role')).toBe('alert');
    expect(frag.doc.querySelector(`form[action="/seller/listings/${l.id}/submission"]`)).toBeTruthy();

    await app.db('listings').where({ id: l.id }).update({ status: 'active', rejection_reason: null, expires_at: new Date(Date.now() + 30 * DAY) });
    page = await c.get(`/seller/listings/${l.id}`);
    expect(page.doc.querySelector(`#boost-box-${l.id}`)).toBeTruthy();
    expect(page.doc.querySelector('#expires-at time')).toBeTruthy();
    expect(page.doc.querySelector(`form[action="/seller/listings/${l.id}/pause"]`)).toBeTruthy();
  });

  it('pushes the seller’s and the moderation queue’s signals', async () => {
    const submitted = await listingsReactions['listing.submitted'].live!({ listingId: 1, sellerId: 7 });
    expect(submitted).toEqual([
      { stream: 'admin', event: 'moderation', data: 'changed' },
      { stream: 'user:7', event: 'listings', data: 'changed' },
    ]);
    for (const topic of ['listing.paused', 'listing.resumed', 'listing.deleted', 'listing.edited', 'listing.created', 'listing.sold_out', 'listing.restocked']) {
      expect(await listingsReactions[topic].live!({ listingId: 1, sellerId: 7 }), topic).toContainEqual({ stream: 'user:7', event: 'listings', data: 'changed' });
    }
  });
});

describe('nobody touches another seller’s listing', () => {
  it('answers 404 (or 403) to another seller, changes nothing; admins may only look', async () => {
    const { seller } = await sellerClient(app);
    const { c: other } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', price: 1000, stock: 3 });
    const draft = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'draft' });
    const before = await row(l.id);
    await other.get('/seller/listings');

    for (const path of [`/seller/listings/${l.id}`, `/seller/listings/${l.id}/edit`, `/seller/listings/${l.id}/status`, `/seller/listings/${l.id}/variants`, `/seller/listings/${l.id}/deletion`]) {
      expect((await other.get(path)).status, path).toBe(404);
    }
    const attempts: [string, Record<string, string>, string?][] = [
      [`/seller/listings/${l.id}/pause`, {}],
      [`/seller/listings/${l.id}`, {}, 'DELETE'],
      [`/seller/listings/${l.id}`, { category_id: String(cat.id), kind: 'fixed', title: 'Taken over', price: '1', stock: '1', condition: 'new' }, 'PATCH'],
      [`/seller/listings/${l.id}/row`, { price: '1', stock: '0', stock_was: '3' }],
      [`/seller/listings/${l.id}/copies`, {}],
      [`/seller/listings/${l.id}/variants`, { axes: '' }, 'PUT'],
      [`/seller/listings/${draft.id}/submission`, {}],
    ];
    for (const [path, form, method] of attempts) {
      const res = await other.post(path, form, { method, follow: false });
      expect([403, 404], `${method ?? 'POST'} ${path}`).toContain(res.status);
      const htmx = await other.post(path, form, { method, htmx: true, follow: false });
      expect([403, 404], `htmx ${method ?? 'POST'} ${path}`).toContain(htmx.status);
    }
    expect(await row(l.id)).toEqual(before);
    expect((await row(draft.id)).status).toBe('draft');
    expect(text((await other.get('/seller/listings')).doc.querySelector('#seller-listings'))).not.toContain(l.title);

    const { c: buyer } = await buyerClient(app);
    expect((await buyer.get(`/seller/listings/${l.id}`)).status).toBe(404);

    const admin = await createAdmin(app.db);
    const a = await signedIn(app, admin);
    const view = await a.get(`/seller/listings/${l.id}`);
    expect(view.status).toBe(200);
    expect(view.doc.querySelector(`form[action="/seller/listings/${l.id}/pause"]`)).toBeNull();
    expect((await a.get(`/seller/listings/${l.id}/edit`)).status).toBe(403);
    expect((await a.post(`/seller/listings/${l.id}/pause`, {}, { follow: false })).status).toBe(403);
    expect(await row(l.id)).toEqual(before);
  });
});
