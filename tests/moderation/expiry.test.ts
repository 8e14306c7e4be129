import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clock } from '../../src/lib/clock.js';
import { dueMark, sweepListings } from '../../src/moderation/expiry.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { flash, listingRow, pendingListing, publiclyVisible, signedIn } from './helpers.js';

let app: TestApp;
let config: ReturnType<typeof loadConfig>;
beforeAll(async () => {
  // the clock moves a month ahead: sessions must outlive that
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', SESSION_ABSOLUTE_HOURS: '10000' } });
  config = loadConfig(app.env);
});
afterAll(() => app?.stop());
afterEach(() => clock.reset());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sweep = () => sweepListings(app.db, config);
const notices = (id: number) => app.db('listing_notices').where({ listing_id: id }).orderBy('sent_at').pluck('kind');
const notes = (userId: number, kind: string) => app.db('notifications').where({ user_id: userId, kind });

describe('reminder marks', () => {
  it('picks the smallest mark already passed', () => {
    expect(dueMark(100 * HOUR, [72, 24])).toBeNull();
    expect(dueMark(71 * HOUR, [72, 24])).toBe(72);
    expect(dueMark(20 * HOUR, [72, 24])).toBe(24);
  });
});

describe('expiry and renewal on a moved clock', () => {
  it('reminds at 72 h and 24 h once each, expires on time, and renewing brings it back', async () => {
    const t0 = new Date();
    clock.set(t0);
    const seller = await createSeller(app.db);
    const l = await pendingListing(app.db, { status: 'active', seller_id: seller.id, title: 'Walnut desk', published_at: t0, expires_at: new Date(t0.getTime() + 30 * DAY) });
    const s = await signedIn(app.baseUrl, seller);

    await sweep();
    expect(await notices(l.id)).toEqual([]);

    clock.set(new Date(t0.getTime() + 30 * DAY - 71 * HOUR));
    await sweep();
    await sweep();
    await Promise.all([sweep(), sweep()]);
    expect(await notices(l.id)).toEqual(['reminder:72']);
    await eventually(async () => (await notes(seller.id, 'listing.expiring')).length === 1);

    // inside the reminder window the seller may renew early; before it they could not
    clock.set(new Date(t0.getTime() + 30 * DAY - 25 * HOUR));
    await sweep();
    expect(await notices(l.id)).toEqual(['reminder:72']);

    clock.set(new Date(t0.getTime() + 30 * DAY - 23 * HOUR));
    await Promise.all([sweep(), sweep(), sweep()]);
    expect(await notices(l.id)).toEqual(['reminder:72', 'reminder:24']);
    await eventually(async () => (await notes(seller.id, 'listing.expiring')).length === 2);
    const list = await s.get('/notifications');
    expect(text(list.doc.querySelector('#notification-list'))).toContain('“Walnut desk” expires in 24 hours');
    expect(text(list.doc.querySelector('#notification-list'))).toContain('“Walnut desk” expires in 3 days');
    expect(await publiclyVisible(app.db, l.id)).toBe(true);

    clock.set(new Date(t0.getTime() + 30 * DAY + 60_000));
    const first = await sweep();
    expect(first.expired).toBe(1);
    expect((await sweep()).expired).toBe(0);
    expect((await listingRow(app.db, l.id)).status).toBe('expired');
    expect(await publiclyVisible(app.db, l.id)).toBe(false);
    // an ended listing stays reachable as "ended" (410), with nothing to buy on it
    const visitor = await new Client(app.baseUrl).get(`/listings/${l.id}`);
    expect(visitor.status).toBe(410);
    expect(visitor.doc.querySelector('h1')?.textContent).toContain(l.title);
    expect(visitor.doc.querySelector('#add-to-cart, form[action="/cart/lines"]')).toBeNull();
    await eventually(async () => (await notes(seller.id, 'listing.expired')).length === 1);
    const status = await s.get(`/seller/listings/${l.id}/status`, { htmx: true });
    expect(status.doc.querySelector('[data-status]')?.getAttribute('data-status')).toBe('expired');

    // one click renews it for another LISTING_DAYS, without a new review
    await s.get('/');
    const renewed = await s.post(`/seller/listings/${l.id}/renewal`, {}, { follow: false });
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get('location')).toBe(`/seller/listings/${l.id}`);
    const row = await listingRow(app.db, l.id);
    expect(row.status).toBe('active');
    expect(new Date(row.expires_at).getTime()).toBe(clock.nowMs() + 30 * DAY);
    expect(await publiclyVisible(app.db, l.id)).toBe(true);
    const home = await s.get('/');
    expect(flash(home)).toContain('Renewed');

    // a fresh period: the reminders start over
    clock.set(new Date(new Date(row.expires_at).getTime() - 70 * HOUR));
    await sweep();
    expect((await notices(l.id)).filter((k) => k === 'reminder:72')).toHaveLength(2);

    // renewing again long before expiry is refused with the reason
    clock.set(new Date(new Date(row.expires_at).getTime() - 10 * DAY));
    await s.get('/');
    await s.post(`/seller/listings/${l.id}/renewal`, {}, { follow: false });
    const refused = await s.get('/');
    expect(flash(refused)).toMatch(/You can renew it from/);
    expect(new Date((await listingRow(app.db, l.id)).expires_at).getTime()).toBe(new Date(row.expires_at).getTime());
  });

  it('a sweep that first sees a listing 20 hours out sends the 24-hour reminder only', async () => {
    const t0 = new Date();
    clock.set(t0);
    const l = await pendingListing(app.db, { status: 'active', expires_at: new Date(t0.getTime() + 20 * HOUR) });
    await sweep();
    await sweep();
    expect(await notices(l.id)).toEqual(['reminder:24']);
  });

  it('only the seller renews, and only an active (near expiry) or expired listing', async () => {
    const seller = await createSeller(app.db);
    const expired = await pendingListing(app.db, { status: 'expired', seller_id: seller.id, expires_at: new Date(Date.now() - HOUR) });
    const pending = await pendingListing(app.db, { seller_id: seller.id });
    const stranger = await signedIn(app.baseUrl, await createUser(app.db));
    await stranger.get('/');
    const denied = await stranger.post(`/seller/listings/${expired.id}/renewal`, {}, { follow: false });
    expect(denied.status).toBe(404);
    expect((await listingRow(app.db, expired.id)).status).toBe('expired');

    const s = await signedIn(app.baseUrl, seller);
    await s.get('/');
    await s.post(`/seller/listings/${pending.id}/renewal`, {}, { follow: false });
    expect(flash(await s.get('/'))).toContain('waiting for review');
    expect((await listingRow(app.db, pending.id)).status).toBe('pending');
  });
});

describe('admin extension', () => {
  it('needs a reason, is audited, and tells the seller', async () => {
    const admin = await createAdmin(app.db);
    const seller = await createSeller(app.db);
    const l = await pendingListing(app.db, { status: 'active', seller_id: seller.id, title: 'Old map' });
    const before = new Date((await listingRow(app.db, l.id)).expires_at).getTime();
    const a = await signedIn(app.baseUrl, admin);
    const page = await a.get(`/admin/moderation/${l.id}`);
    expect(page.doc.querySelector('#extension-form')).toBeTruthy();

    const bad = await a.post(`/admin/moderation/${l.id}/extension`, { days: '0', reason: '' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#extend-days-error'))).toContain('at least 1 day');
    expect(text(bad.doc.querySelector('#extend-reason-error'))).toContain('Give a reason');
    expect(new Date((await listingRow(app.db, l.id)).expires_at).getTime()).toBe(before);

    const ok = await a.post(`/admin/moderation/${l.id}/extension`, { days: '5', reason: 'Site outage on <b>Monday</b>' });
    expect(flash(ok)).toContain('Extended by 5 days');
    expect(new Date((await listingRow(app.db, l.id)).expires_at).getTime()).toBe(before + 5 * DAY);
    const audit = await app.db('audit_log').where({ subject_type: 'listing', subject_id: l.id, action: 'listing.extend' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, reason: 'Site outage on <b>Monday</b>', after: { days: 5 } });
    expect(text(ok.doc.querySelector('#history'))).toContain('Site outage on <b>Monday</b>');
    await eventually(() => notes(seller.id, 'listing.extended').first());

    await app.db('listings').where({ id: l.id }).update({ status: 'expired' });
    const refused = await a.post(`/admin/moderation/${l.id}/extension`, { days: '5', reason: 'Again' });
    expect(flash(refused)).toContain('Only active listings');
  });
});
