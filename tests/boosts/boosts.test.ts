import { Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promotionOf, stackBoost } from '../../src/boosts/boosts.js';
import { clock } from '../../src/lib/clock.js';
import { createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { text, type Client } from '../http.js';
import { flash, formKey, fund, platformBalance, signedIn, wallet } from '../payouts/helpers.js';
import { formatDateTime } from '../../src/lib/locale.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let queues: Queues;
let category: { id: number; slug: string };
const HOUR = 3_600_000;

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  admin = await createAdmin(app.db);
  queues = createQueues(createRedis(app.redisUrl, { maxRetriesPerRequest: null }), app.redisPrefix);
  category = await createCategoryRow(app.db, { name: 'Lamps' });
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await app?.stop();
});

let plans = 0;
async function plan(over: { hours?: number; price?: number; weight?: number } = {}) {
  const [row] = await app
    .db('boost_plans')
    .insert({ name: `Plan ${++plans} ${Date.now()}`, duration_hours: over.hours ?? 24, price: over.price ?? 500, weight: over.weight ?? 5 })
    .returning('*');
  return row as { id: number; name: string; price: number };
}

/** A seller with money, one active listing, signed in. */
async function seller(balance: number, title = `Brass lamp ${Date.now()}`) {
  const s = await createSeller(app.db);
  if (balance) await fund(app.db, s.id, balance);
  const listing = await createListing(app.db, { seller_id: s.id, category_id: category.id, title });
  const c = await signedIn(app, s);
  return { s, c, listing };
}

async function buy(c: Client, listingId: number, planId: number) {
  const page = await c.get(`/seller/listings/${listingId}/boost`);
  expect(page.status).toBe(200);
  return c.post(`/seller/listings/${listingId}/boosts`, { plan_id: String(planId), idempotency_key: formKey(page, `boost-box-${listingId}-form`) });
}

const listingRow = (id: number) => app.db('listings').where({ id }).first();
const boostsOf = (listingId: number) => app.db('listing_boosts').where({ listing_id: listingId }).orderBy('id');

describe('the stacking rule', () => {
  it('extends from the current end and keeps the highest weight', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const first = stackBoost(now, null, [], { duration_hours: 24, weight: 3 });
    expect(first).toMatchObject({ startsAt: now, weight: 3 });
    expect(first.endsAt.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    const second = stackBoost(now, first.endsAt, [3], { duration_hours: 48, weight: 2 });
    expect(second.startsAt).toEqual(first.endsAt);
    expect(second.promotedUntil.toISOString()).toBe('2026-01-04T00:00:00.000Z');
    expect(second.weight).toBe(3);
    // a promotion that already ended does not carry over
    expect(stackBoost(now, new Date('2025-12-31T00:00:00Z'), [], { duration_hours: 1, weight: 1 }).startsAt).toEqual(now);
    expect(promotionOf(new Date('2026-01-02T12:00:00Z'), [
      { ends_at: first.endsAt, weight: 3 },
      { ends_at: second.endsAt, weight: 2 },
    ])).toEqual({ until: second.endsAt, weight: 2 });
    expect(promotionOf(new Date('2026-01-05T00:00:00Z'), [{ ends_at: second.endsAt, weight: 2 }])).toEqual({ until: null, weight: 0 });
  });
});

describe('boost plans (admin)', () => {
  it('creates with field errors first, edits and retires, with an audit trail', async () => {
    const a = await signedIn(app, admin);
    await a.get('/admin/boost-plans');
    const bad = await a.post('/admin/boost-plans', { name: 'x', duration: '0', unit: 'days', price: 'free', weight: '500' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-name-error'))).toContain('at least 2');
    expect(text(bad.doc.querySelector('#f-duration-error'))).toContain('at least 1');
    expect(text(bad.doc.querySelector('#f-price-error'))).toContain('price above zero');
    expect(text(bad.doc.querySelector('#f-weight-error'))).toContain('1 to 100');
    expect(bad.doc.querySelector('#f-name')?.getAttribute('value')).toBe('x');

    const name = `Spotlight ${Date.now()}`;
    const created = await a.post('/admin/boost-plans', { name, duration: '3', unit: 'days', price: '7.50', weight: '8' });
    expect(created.status).toBe(200);
    expect(flash(created)).toContain('created');
    const row = await app.db('boost_plans').where({ name }).first();
    expect(row).toMatchObject({ duration_hours: 72, price: 750, weight: 8 });
    const dupe = await a.post('/admin/boost-plans', { name, duration: '1', unit: 'hours', price: '1', weight: '1' });
    expect(text(dupe.doc.querySelector('#f-name-error'))).toContain('exists already');

    const edit = await a.get(`/admin/boost-plans/${row.id}`);
    expect(edit.doc.querySelector('#f-price')?.getAttribute('value')).toBe('7.50');
    const saved = await a.post(`/admin/boost-plans/${row.id}`, { name, duration: '12', unit: 'hours', price: '3', weight: '9' }, { method: 'PATCH' });
    expect(flash(saved)).toContain('saved');
    expect(await app.db('boost_plans').where({ id: row.id }).first()).toMatchObject({ duration_hours: 12, price: 300, weight: 9 });

    const retired = await a.post(`/admin/boost-plans/${row.id}/retirement`);
    expect(flash(retired)).toContain('retired');
    expect(retired.doc.querySelector(`#plan-${row.id}`)?.getAttribute('data-retired')).toBe('true');
    const actions = await app.db('audit_log').where({ subject_type: 'boost_plan', subject_id: row.id }).orderBy('id').pluck('action');
    expect(actions).toEqual(['boost_plan.create', 'boost_plan.edit', 'boost_plan.retire']);
  });

  it('is for admins only', async () => {
    const p = await plan();
    const c = await signedIn(app, await createUser(app.db));
    expect((await c.get('/admin/boost-plans', { follow: false })).status).toBe(403);
    expect((await c.post('/admin/boost-plans', { name: 'Mine', duration: '1', unit: 'days', price: '1', weight: '1' }, { follow: false })).status).toBe(403);
    expect((await c.post(`/admin/boost-plans/${p.id}/retirement`, {}, { follow: false })).status).toBe(403);
    expect((await app.db('boost_plans').where({ id: p.id }).first()).retired_at).toBeNull();
  });
});

describe('buying a boost', () => {
  it('debits the wallet into revenue, promotes the listing and ranks it first in search with a badge', async () => {
    const word = `zq${Date.now().toString(36)}`;
    const p = await plan({ hours: 48, price: 500, weight: 5 });
    const { s, c, listing } = await seller(2_000, `Brass lamp ${word}`);
    // a newer listing with the same word would come first without the boost
    const rival = await seller(0, `Copper lamp ${word}`);
    await app.db('listings').where({ id: rival.listing.id }).update({ published_at: new Date(Date.now() + 60_000) });

    const mine = await c.get(`/seller/listings/${listing.id}`);
    expect(mine.doc.querySelector(`#boost-box-${listing.id}`)).toBeTruthy();
    expect(mine.doc.querySelector(`#boost-box-${listing.id} a[href="/seller/listings/${listing.id}/boost"]`)).toBeTruthy();

    const revenueBefore = await platformBalance(app.db, 'revenue');
    const page = await buy(c, listing.id, p.id);
    expect(page.status).toBe(200);
    expect(page.url).toContain(`/seller/listings/${listing.id}`);
    expect(flash(page)).toContain('promoted until');
    expect((await wallet(app.db, s.id)).available).toBe(1_500);
    expect((await platformBalance(app.db, 'revenue')) - revenueBefore).toBe(500);
    const row = await listingRow(listing.id);
    expect(row.promoted_weight).toBe(5);
    expect(Math.abs(row.promoted_until.getTime() - (Date.now() + 48 * HOUR))).toBeLessThan(60_000);
    expect(await boostsOf(listing.id)).toHaveLength(1);
    expect(text(page.doc.querySelector(`#boost-box-${listing.id} .promotion`))).toContain('Promoted until');

    const results = await new (await import('../http.js')).Client(app.baseUrl).get(`/search?q=${word}`);
    const cards = results.doc.querySelectorAll('li.result');
    expect(cards.map((el) => el.getAttribute('id'))).toEqual([`result-${listing.id}`, `result-${rival.listing.id}`]);
    expect(text(cards[0].querySelector('.promoted-badge'))).toBe('Promoted');
    expect(cards[1].querySelector('.promoted-badge')).toBeNull();
  });

  it('refuses with a clear message when the wallet is short, moving nothing', async () => {
    const p = await plan({ price: 900 });
    const { s, c, listing } = await seller(500);
    const revenueBefore = await platformBalance(app.db, 'revenue');
    const page = await buy(c, listing.id, p.id);
    expect(page.status).toBe(402);
    expect(text(page.doc.querySelector(`#boost-box-${listing.id} .form-error`))).toContain('does not cover this boost');
    expect((await wallet(app.db, s.id)).available).toBe(500);
    expect(await platformBalance(app.db, 'revenue')).toBe(revenueBefore);
    expect(await boostsOf(listing.id)).toHaveLength(0);
    expect((await listingRow(listing.id)).promoted_until).toBeNull();
  });

  it('a replayed purchase form debits once', async () => {
    const p = await plan({ price: 300 });
    const { s, c, listing } = await seller(1_000);
    const page = await c.get(`/seller/listings/${listing.id}/boost`);
    const form = { plan_id: String(p.id), idempotency_key: formKey(page, `boost-box-${listing.id}-form`) };
    const answers = await Promise.all([1, 2, 3].map(() => c.post(`/seller/listings/${listing.id}/boosts`, form, { follow: false })));
    for (const r of answers) {
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe(`/seller/listings/${listing.id}`);
    }
    expect((await wallet(app.db, s.id)).available).toBe(700);
    expect(await boostsOf(listing.id)).toHaveLength(1);
  });

  it('only the seller may boost, and only an active listing', async () => {
    const p = await plan({ price: 100 });
    const { listing } = await seller(0);
    const other = await seller(1_000);
    expect((await other.c.get(`/seller/listings/${listing.id}/boost`)).status).toBe(404);
    const page = await other.c.get(`/seller/listings/${other.listing.id}/boost`);
    const res = await other.c.post(`/seller/listings/${listing.id}/boosts`, { plan_id: String(p.id), idempotency_key: formKey(page, `boost-box-${other.listing.id}-form`) });
    expect(res.status).toBe(404);
    expect((await wallet(app.db, other.s.id)).available).toBe(1_000);
    expect(await boostsOf(listing.id)).toHaveLength(0);

    await app.db('listings').where({ id: other.listing.id }).update({ status: 'paused' });
    const paused = await buy(other.c, other.listing.id, p.id);
    expect(paused.status).toBe(422);
    expect(text(paused.doc.querySelector('.form-error'))).toContain('Only active listings');
    expect((await wallet(app.db, other.s.id)).available).toBe(1_000);
  });
});

describe('stacking and ending', () => {
  it('a second boost extends the promotion; each end is applied on the moved clock and the seller is told at the last', async () => {
    const light = await plan({ hours: 24, price: 200, weight: 3 });
    const heavy = await plan({ hours: 48, price: 400, weight: 7 });
    const { s, c, listing } = await seller(1_000);
    await buy(c, listing.id, light.id);
    await buy(c, listing.id, heavy.id);
    const [first, second] = await boostsOf(listing.id);
    expect(second.starts_at).toEqual(first.ends_at);
    let row = await listingRow(listing.id);
    expect(row.promoted_until).toEqual(second.ends_at);
    expect(row.promoted_weight).toBe(7);
    expect((await wallet(app.db, s.id)).available).toBe(400);

    // each boost has its delayed end job
    const firstJob = (await eventually(() => Job.fromId(queues.listings, `boost-end-${first.id}`)))!;
    expect(firstJob.opts.delay).toBeGreaterThan(23 * HOUR);

    // a day later the first one is due: its job ends it, the promotion carries on with the rest
    clock.advance(24 * HOUR + 60_000);
    await firstJob.promote();
    await eventually(async () => (await app.db('listing_boosts').where({ id: first.id }).first()).ended_at !== null);
    row = await listingRow(listing.id);
    expect(row.promoted_until).toEqual(second.ends_at);
    expect(row.promoted_weight).toBe(7);
    expect(await app.db('notifications').where({ user_id: s.id, kind: 'boost.ended' })).toHaveLength(0);

    // two more days: the sweep (the safety net) ends the last one
    clock.advance(48 * HOUR);
    await queues.listings.add('sweep-boosts', {}, { jobId: `test-sweep-${listing.id}` });
    await eventually(async () => (await listingRow(listing.id)).promoted_until === null);
    expect((await listingRow(listing.id)).promoted_weight).toBe(0);
    const n = await eventually(() => app.db('notifications').where({ user_id: s.id, kind: 'boost.ended' }).first());
    expect(n.title).toContain(listing.title);
    const box = await c.get(`/seller/listings/${listing.id}/boost`);
    expect(box.doc.querySelector('.promotion')?.getAttribute('data-promoted')).toBe('false');
  });
});

describe('a promotion never runs past the listing’s expiry', () => {
  const DAY = 24 * HOUR;

  /** A seller with money and an active listing that expires `days` from now. */
  async function expiring(days: number, balance = 100_000) {
    const s = await seller(balance);
    const expiresAt = new Date(Date.now() + days * DAY);
    await app.db('listings').where({ id: s.listing.id }).update({ expires_at: expiresAt });
    return { ...s, expiresAt };
  }

  it('refuses a plan longer than the time left, naming the expiry, and charges nothing', async () => {
    const long = await plan({ hours: 20 * 24, price: 2_000 });
    const short = await plan({ hours: 24, price: 100 });
    const { s, c, listing, expiresAt } = await expiring(14);
    const expiry = formatDateTime(expiresAt);

    const box = await c.get(`/seller/listings/${listing.id}/boost`);
    expect(box.doc.querySelector(`#boost-box-${listing.id} .listing-expiry time`)).toBeTruthy();
    expect(text(box.doc.querySelector(`label[for=boost-plan-${long.id}]`))).toContain('runs past the listing’s expiry');
    expect(text(box.doc.querySelector(`label[for=boost-plan-${short.id}]`))).not.toContain('expiry');

    const refused = await buy(c, listing.id, long.id);
    expect(refused.status).toBe(422);
    const message = text(refused.doc.querySelector(`#boost-box-${listing.id} .form-error`));
    expect(message).toContain(expiry);
    expect(message).toContain('Renew the listing first');
    expect((await wallet(app.db, s.id)).available).toBe(100_000);
    expect(await boostsOf(listing.id)).toHaveLength(0);
    expect((await listingRow(listing.id)).promoted_until).toBeNull();

    expect((await buy(c, listing.id, short.id)).status).toBe(200);
    expect((await wallet(app.db, s.id)).available).toBe(99_900);
  });

  it('refuses to stack a boost that would start at or after the expiry', async () => {
    const day = await plan({ hours: 24, price: 100 });
    const { s, c, listing } = await expiring(3);
    expect((await buy(c, listing.id, day.id)).status).toBe(200);
    expect((await buy(c, listing.id, day.id)).status).toBe(200);
    // a third day would end a few moments after the expiry
    const third = await buy(c, listing.id, day.id);
    expect(third.status).toBe(422);
    expect(text(third.doc.querySelector('.form-error'))).toContain('would run past');

    // an expiry moved before the end of the promotion (an admin shortened it): nothing more starts
    const until = (await listingRow(listing.id)).promoted_until as Date;
    await app.db('listings').where({ id: listing.id }).update({ expires_at: new Date(until.getTime() - HOUR) });
    const after = await buy(c, listing.id, day.id);
    expect(after.status).toBe(422);
    expect(text(after.doc.querySelector('.form-error'))).toContain('already promoted until then');
    expect(await boostsOf(listing.id)).toHaveLength(2);
    expect((await wallet(app.db, s.id)).available).toBe(100_000 - 200);
  });

  it('twenty purchases at once stop at the expiry: only what fits is sold', async () => {
    const day = await plan({ hours: 24, price: 100 });
    // room for five days of promotion, not six
    const { s, c, listing, expiresAt } = await expiring(5 + 1 / 24);
    const keys: string[] = [];
    for (let i = 0; i < 20; i++) keys.push(formKey(await c.get(`/seller/listings/${listing.id}/boost`), `boost-box-${listing.id}-form`));
    const answers = await Promise.all(keys.map((k) => c.post(`/seller/listings/${listing.id}/boosts`, { plan_id: String(day.id), idempotency_key: k }, { follow: false })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((st) => st === 303)).toHaveLength(5);
    expect(statuses.filter((st) => st === 422)).toHaveLength(15);
    const boosts = await boostsOf(listing.id);
    expect(boosts).toHaveLength(5);
    expect(Math.max(...boosts.map((b) => b.ends_at.getTime()))).toBeLessThanOrEqual(expiresAt.getTime());
    expect((await listingRow(listing.id)).promoted_until.getTime()).toBeLessThanOrEqual(expiresAt.getTime());
    expect((await wallet(app.db, s.id)).available).toBe(100_000 - 500);
  });
});
