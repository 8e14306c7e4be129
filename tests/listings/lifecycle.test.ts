import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOverdue, extendBy, renewFor } from '../../src/listings/expiry.js';
import { canTransition, deleteListing, pauseListing, resumeListing, sendBackToReview, submitListing, syncStockStatus, transitions, type Action } from '../../src/listings/lifecycle.js';
import { approveListing, hideReportedListing, rejectListing } from '../../src/listings/publication.js';
import { clock } from '../../src/lib/clock.js';
import { renewListing } from '../../src/moderation/expiry.js';
import { materialChanges, priceJump } from '../../src/listings/listings.js';
import { STATUSES, type ListingRow, type ListingStatus } from '../../src/listings/queries.js';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { text } from '../http.js';
import { clothing, editValues, fixedForm, flash, listingIdFrom, plainCategory, sellerClient } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_LISTINGS_PER_HOUR: '1000' } });
});
afterAll(() => app?.stop());

const row = (id: number) => app.db('listings').where({ id }).first();
const topics = async (id: number) => (await app.db('outbox').whereRaw(`payload->>'listingId' = ?`, [String(id)]).orderBy('id')).map((e) => e.topic);
const statusOn = (page: { doc: import('node-html-parser').HTMLElement }, id: number) => page.doc.querySelector(`#listing-status-${id} [data-status]`)?.getAttribute('data-status');

describe('the transition table', () => {
  it('allows exactly the documented moves', () => {
    const allowed = Object.fromEntries(Object.keys(transitions).map((a) => [a, STATUSES.filter((s) => canTransition(a as keyof typeof transitions, s))]));
    expect(allowed).toEqual({
      submit: ['draft', 'rejected'],
      approve: ['pending'],
      reject: ['pending'],
      hide: ['active', 'sold_out'],
      expire: ['active'],
      renew: ['active', 'expired'],
      extend: ['active'],
      pause: ['active'],
      resume: ['paused'],
      sellOut: ['active'],
      restock: ['sold_out'],
      review: ['active', 'paused', 'sold_out'],
      delete: ['draft', 'pending', 'active', 'paused', 'sold_out', 'rejected', 'expired'],
    });
  });

  it('counts a price change above 20% as material, not a smaller one', () => {
    expect(priceJump(1000, 1200)).toBe(false);
    expect(priceJump(1000, 800)).toBe(false);
    expect(priceJump(1000, 1201)).toBe(true);
    expect(priceJump(1000, 799)).toBe(true);
    expect(priceJump(null, 100)).toBe(true);
  });
});

/**
 * Each action through its own entry point (the seller's rules, moderation's
 * outcomes, the expiry sweep, stock): true when the listing moved.
 */
const attempt: Record<Action, (l: ListingRow) => Promise<boolean>> = {
  submit: async (l) => (await submitListing(app.db, l.id)).ok,
  approve: (l) => app.db.transaction(async (trx) => Boolean(await approveListing(trx, l.id, 30, clock.now()))),
  reject: (l) => app.db.transaction(async (trx) => Boolean(await rejectListing(trx, l.id, 'Other', clock.now()))),
  hide: (l) => app.db.transaction(async (trx) => Boolean(await hideReportedListing(trx, l.id, 3, clock.now()))),
  // the fixture's expiry has passed, so only its status can stop the sweep
  expire: (l) => app.db.transaction(async (trx) => (await expireOverdue(trx, clock.now())).some((r) => Number(r.id) === l.id)),
  renew: (l) => app.db.transaction(async (trx) => Boolean(await renewFor(trx, l, 30, clock.now()))),
  extend: (l) => app.db.transaction(async (trx) => Boolean(await extendBy(trx, l, { days: 3, reason: 'Outage' }, clock.now()))),
  pause: async (l) => (await pauseListing(app.db, l.id)).ok,
  resume: async (l) => (await resumeListing(app.db, l.id)).ok,
  sellOut: (l) => app.db.transaction(async (trx) => (await syncStockStatus(trx, l.id))?.status === 'sold_out' && l.status !== 'sold_out'),
  restock: (l) => app.db.transaction(async (trx) => (await syncStockStatus(trx, l.id))?.status === 'active' && l.status !== 'active'),
  review: (l) => app.db.transaction(async (trx) => Boolean(await sendBackToReview(trx, l))),
  delete: async (l) => (await deleteListing(app.db, l.id)).ok,
};

describe('refused transitions', () => {
  const actions = Object.keys(transitions) as Action[];
  const refusedCases = actions.flatMap((action) => STATUSES.filter((s) => !canTransition(action, s)).map((status) => ({ action, status })));
  let fixture: (status: ListingStatus, action: Action) => Promise<ListingRow>;
  beforeAll(async () => {
    const seller = await createSeller(app.db);
    const cat = await createCategoryRow(app.db);
    fixture = async (status, action) => {
      const l = await createListing(app.db, {
        seller_id: seller.id,
        category_id: cat.id,
        status,
        // otherwise ready for the action: due for expiry, stock to sell out or restock
        expires_at: new Date(clock.nowMs() - 3_600_000),
        stock: action === 'sellOut' ? 0 : 5,
      });
      return row(l.id);
    };
  });

  it.each(refusedCases)('$action is refused for a $status listing, which stays as it was', async ({ action, status }) => {
    const before = await fixture(status, action);
    expect(await attempt[action](before)).toBe(false);
    expect(await row(before.id)).toEqual(before);
  });

  it.each(actions)('%s is refused for a deleted listing, which stays as it was', async (action) => {
    const l = await fixture(transitions[action].from[0], action);
    await app.db('listings').where({ id: l.id }).update({ deleted_at: new Date() });
    const before = await row(l.id);
    expect(await attempt[action](before)).toBe(false);
    expect(await row(l.id)).toEqual(before);
  });

  it('each action goes through for a listing in its first `from` state', async () => {
    for (const action of actions) {
      const l = await fixture(transitions[action].from[0], action);
      // submitting needs a complete listing: the fixture is one
      expect([action, await attempt[action](l)]).toEqual([action, true]);
    }
  });

  it('refuses to renew an active listing before its reminder window opens', async () => {
    const seller = await createSeller(app.db);
    const cat = await createCategoryRow(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active' });
    const before = await row(l.id);
    const r = await renewListing(app.db, { LISTING_DAYS: 30, LISTING_REMINDER_HOURS: '72,24' }, seller.id, l.id);
    expect(r).toMatchObject({ ok: false, code: 'refused' });
    expect(await row(l.id)).toEqual(before);
  });
});

describe('submitting', () => {
  it('sends a complete draft to review with a risk score and an event; a second submit is refused', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const created = await c.post('/seller/listings', fixedForm(cat.id));
    const id = listingIdFrom(created);
    const page = await c.post(`/seller/listings/${id}/submission`);
    expect(page.status).toBe(200);
    expect(flash(page)).toContain('Submitted');
    expect(statusOn(page, id)).toBe('pending');
    const l = await row(id);
    expect(l.status).toBe('pending');
    expect(l.submitted_at).not.toBeNull();
    expect(l.risk_reasons).toEqual(expect.any(Array));
    const ev = await app.db('outbox').where({ topic: 'listing.submitted' }).whereRaw(`payload->>'listingId' = ?`, [String(id)]).first();
    expect(ev.payload).toMatchObject({ listingId: id, sellerId: seller.id });

    const again = await c.post(`/seller/listings/${id}/submission`);
    expect(again.status).toBe(200);
    expect(flash(again)).toContain('already waiting for review');
  });

  it('refuses an incomplete listing and says what is missing', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'draft', description: 'short', stock: 0 });
    const page = await c.post(`/seller/listings/${l.id}/submission`);
    expect(flash(page)).toContain('20 characters');
    expect(flash(page)).toContain('Add stock');
    expect((await row(l.id)).status).toBe('draft');
  });

  it('lets exactly one of two concurrent submits through', async () => {
    const { seller } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'draft' });
    const results = await Promise.all([submitListing(app.db, l.id), submitListing(app.db, l.id), submitListing(app.db, l.id)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r as { message: string }).message)).toEqual(['This listing is already waiting for review.', 'This listing is already waiting for review.']);
    expect((await topics(l.id)).filter((t) => t === 'listing.submitted')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent submit requests through over HTTP', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'draft' });
    await c.get(`/seller/listings/${l.id}`);
    const pages = await Promise.all([c.post(`/seller/listings/${l.id}/submission`, {}, { follow: false }), c.post(`/seller/listings/${l.id}/submission`, {}, { follow: false })]);
    expect(pages.map((p) => p.status)).toEqual([303, 303]);
    expect((await topics(l.id)).filter((t) => t === 'listing.submitted')).toHaveLength(1);
    expect((await row(l.id)).status).toBe('pending');
  });
});

describe('pause, resume and delete', () => {
  it('pauses and resumes an active listing; refuses to resume a draft', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const active = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active' });
    let page = await c.post(`/seller/listings/${active.id}/pause`);
    expect(flash(page)).toContain('Paused');
    expect((await row(active.id)).status).toBe('paused');
    page = await c.post(`/seller/listings/${active.id}/pause`);
    expect(flash(page)).toContain('already paused');
    page = await c.post(`/seller/listings/${active.id}/pause`, {}, { method: 'DELETE' });
    expect(flash(page)).toContain('Resumed');
    expect((await row(active.id)).status).toBe('active');

    const draft = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'draft' });
    page = await c.post(`/seller/listings/${draft.id}/pause`, {}, { method: 'DELETE' });
    expect(page.status).toBe(200);
    expect(flash(page)).toContain('Only paused listings can be resumed; this one is draft');
    expect((await row(draft.id)).status).toBe('draft');
    expect(await topics(active.id)).toEqual(['listing.paused', 'listing.resumed']);
  });

  it('asks before deleting, then soft-deletes from any state', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    for (const status of ['draft', 'pending', 'active', 'rejected', 'expired'] as const) {
      const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status });
      const confirm = await c.get(`/seller/listings/${l.id}/deletion`);
      const form = confirm.doc.querySelector('form#delete-form');
      expect(form?.querySelector('input[name=_method]')?.getAttribute('value')).toBe('DELETE');
      const page = await c.post(`/seller/listings/${l.id}`, {}, { method: 'DELETE' });
      expect(flash(page)).toContain('was deleted');
      expect((await row(l.id)).deleted_at).not.toBeNull();
      expect((await c.get(`/seller/listings/${l.id}`)).status).toBe(404);
      expect(await topics(l.id)).toContain('listing.deleted');
    }
  });
});

describe('editing a live listing', () => {
  it('sends a material edit of an active listing back to review, but not a stock edit or a small price change', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', title: 'Linen shirt', price: 2000, stock: 3, attributes: { size: 'M', material: 'Linen' } });
    const values = await editValues(c, l.id);
    const patch = (over: Record<string, string>) => c.post(`/seller/listings/${l.id}`, { ...values, ...over }, { method: 'PATCH' });

    let page = await patch({ stock: '7', price: '22.00', city: 'Braga' });
    expect(page.status).toBe(200);
    expect(flash(page)).toBe('Saved.');
    expect(await row(l.id)).toMatchObject({ status: 'active', stock: 7, price: 2200, city: 'Braga' });

    page = await patch({ stock: '7', stock_was: '7', title: 'Linen shirt, blue' });
    expect(flash(page)).toContain('go to a moderator');
    expect(await row(l.id)).toMatchObject({ status: 'pending', title: 'Linen shirt, blue' });
    const edited = await app.db('outbox').where({ topic: 'listing.edited' }).whereRaw(`payload->>'listingId' = ?`, [String(l.id)]).orderBy('id');
    expect(edited.map((e) => e.payload.review)).toEqual([false, true]);
    expect(edited[1].payload.material).toEqual(['title']);

    await app.db('listings').where({ id: l.id }).update({ status: 'active' });
    page = await patch({ stock: '7', stock_was: '7', title: 'Linen shirt, blue', price: '40' });
    expect((await row(l.id)).status).toBe('pending');
  });

  it('refuses a stock edit when a sale changed the stock meanwhile', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', stock: 5 });
    const edit = await c.get(`/seller/listings/${l.id}/edit`);
    expect(edit.doc.querySelector('input[name=stock_was]')?.getAttribute('value')).toBe('5');
    await app.db('listings').where({ id: l.id }).update({ stock: 4 });
    const page = await c.post(`/seller/listings/${l.id}`, { category_id: String(cat.id), kind: 'fixed', title: l.title, description: 'A well-kept item, described honestly.', condition: 'used', price: '25.00', stock: '10', stock_was: '5' }, { method: 'PATCH' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-stock-error'))).toContain('changed to 4');
    expect((await row(l.id)).stock).toBe(4);
  });
});

describe('sold out', () => {
  it('goes sold out at 0 stock and back to active when restocked', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', stock: 2 });
    await c.get('/seller/listings');
    let page = await c.post(`/seller/listings/${l.id}/row`, { stock: '0', stock_was: '2', price: '25.00' });
    expect(flash(page)).toContain('Saved');
    expect((await row(l.id)).status).toBe('sold_out');
    expect(page.doc.querySelector(`#listing-row-${l.id}`)?.getAttribute('data-status')).toBe('sold_out');
    page = await c.post(`/seller/listings/${l.id}/row`, { stock: '3', stock_was: '0', price: '25.00' });
    expect((await row(l.id)).status).toBe('active');
    expect(await topics(l.id)).toEqual(['listing.sold_out', 'listing.edited', 'listing.restocked', 'listing.edited']);
  });
});

describe('duplicating', () => {
  it('copies a listing as a new draft with its attributes and variants', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', title: 'Wool hat', stock: null, variant_axes: ['size'], attributes: { material: 'Wool' } });
    await app.db('listing_variants').insert([
      { listing_id: l.id, options: JSON.stringify({ size: 'S' }), sku: 'HAT-S', price: 1500, stock: 2, position: 0 },
      { listing_id: l.id, options: JSON.stringify({ size: 'M' }), sku: 'HAT-M', price: 1600, stock: 1, position: 1 },
    ]);
    await c.get(`/seller/listings/${l.id}`);
    const page = await c.post(`/seller/listings/${l.id}/copies`);
    expect(flash(page)).toContain('Copied');
    const copyId = Number(/\/seller\/listings\/(\d+)\/edit/.exec(new URL(page.url).pathname)![1]);
    expect(copyId).not.toBe(l.id);
    const copy = await row(copyId);
    expect(copy).toMatchObject({ status: 'draft', title: 'Wool hat (copy)', attributes: { material: 'Wool' }, variant_axes: ['size'], seller_id: seller.id, stock: null });
    expect(copy.slug).not.toBe(l.slug);
    const variants = await app.db('listing_variants').where({ listing_id: copyId }).orderBy('position');
    expect(variants.map((v) => [v.sku, v.options, v.price, v.stock])).toEqual([
      ['HAT-S', { size: 'S' }, 1500, 2],
      ['HAT-M', { size: 'M' }, 1600, 1],
    ]);
    expect((await row(l.id)).status).toBe('active');
  });
});

describe('materialChanges', () => {
  it('ignores stock, city, position and SEO-free fields', () => {
    const before = {
      title: 'A',
      description: 'd',
      category_id: 1,
      kind: 'fixed',
      condition: 'new',
      price_unit: null,
      seo_title: null,
      seo_description: null,
      attributes: { a: 1, b: 'x' },
      start_price: null,
      reserve_price: null,
      buy_now_price: null,
      starts_at: null,
      ends_at: null,
      price: 1000,
      stock: 1,
      city: 'X',
      variant_axes: [],
    } as never;
    const same = { ...(before as object), attributes: { b: 'x', a: 1 }, stock: 9, city: 'Y', lat: 1, lng: 2, price: 1100 } as never;
    expect(materialChanges(before, same)).toEqual([]);
    expect(materialChanges(before, { ...(same as object), attributes: { a: 2, b: 'x' }, price: 2000 } as never)).toEqual(['attributes', 'price']);
  });
});
