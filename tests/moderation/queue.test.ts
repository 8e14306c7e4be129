import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { flash, listen, listingRow, pendingListing, signedIn } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(() => app?.stop());
afterEach(() => clock.reset());

const DAY = 86_400_000;
const queueIds = (doc: import('node-html-parser').HTMLElement) => doc.querySelectorAll('#moderation-queue .queue-item').map((li) => Number(li.getAttribute('data-id')));

describe('the moderation queue', () => {
  it('lists pending listings riskiest first, then oldest, with what the admin needs to judge', async () => {
    const admin = await createAdmin(app.db);
    const t0 = Date.now() - 3 * 3600_000;
    const low = await pendingListing(app.db, { title: 'Quiet lamp', risk_score: 10, submitted_at: new Date(t0) });
    const highNew = await pendingListing(app.db, { title: 'Loud lamp newer', risk_score: 80, risk_reasons: JSON.stringify(['Banned words: “replica”.']), submitted_at: new Date(t0 + 3600_000) });
    const highOld = await pendingListing(app.db, { title: 'Loud lamp older', risk_score: 80, submitted_at: new Date(t0) });
    const draft = await pendingListing(app.db, { status: 'draft' });
    const a = await signedIn(app.baseUrl, admin);
    const page = await a.get('/admin/moderation');
    expect(page.status).toBe(200);
    const ids = queueIds(page.doc).filter((id) => [low.id, highNew.id, highOld.id, draft.id].includes(id));
    expect(ids).toEqual([highOld.id, highNew.id, low.id]);

    const item = page.doc.querySelector(`#queue-item-${highNew.id}`)!;
    expect(text(item.querySelector('.title'))).toBe('Loud lamp newer');
    expect(item.querySelector('.risk-score')?.getAttribute('data-score')).toBe('80');
    expect(text(item.querySelector('.risk-reasons'))).toContain('replica');
    expect(text(item.querySelector('.price'))).toContain('25.00');
    expect(text(item.querySelector('.age'))).toContain('2 h');
    // the list refreshes itself on the admin stream's moderation signal
    expect(page.doc.querySelector('#moderation-queue')?.getAttribute('hx-trigger')).toContain('sse:moderation');
    // the shortcuts are listed on the page and the script is same-origin
    expect(text(page.doc.querySelector('#shortcut-help'))).toContain('next item');
    const script = page.doc.querySelector('script[src^="/static/moderation."]')?.getAttribute('src');
    expect(script).toMatch(/^\/static\/moderation\.[\w-]+\.js$/);
    // the header count covers the queue
    const count = Number(page.doc.querySelector('#nav-moderation .badge')?.getAttribute('data-count'));
    expect(count).toBeGreaterThanOrEqual(3);
    const js = await a.get(script!);
    expect(js.status).toBe(200);
  });

  it('refuses every moderation route to buyers and sellers, and changes nothing', async () => {
    const l = await pendingListing(app.db);
    const active = await pendingListing(app.db, { status: 'active' });
    const activeBefore = (await listingRow(app.db, active.id)).expires_at;
    const buyer = await createUser(app.db);
    const seller = await createSeller(app.db);
    for (const who of [buyer, seller]) {
      const c = await signedIn(app.baseUrl, who);
      for (const path of ['/admin/moderation', '/admin/moderation/list', `/admin/moderation/${l.id}`]) {
        expect((await c.get(path, { follow: false })).status, path).toBe(403);
      }
      const posts: [string, Record<string, string>, string?][] = [
        [`/admin/moderation/${l.id}/claim`, {}],
        [`/admin/moderation/${l.id}/claim`, {}, 'DELETE'],
        [`/admin/moderation/${l.id}/approval`, {}],
        [`/admin/moderation/${l.id}/rejection`, { reason: 'duplicate' }],
        ['/admin/moderation/decisions', { ids: String(l.id), decision: 'approve' }],
        [`/admin/moderation/${active.id}/extension`, { days: '5', reason: 'because' }],
      ];
      for (const [path, form, method] of posts) {
        await c.get('/');
        expect((await c.post(path, form, { follow: false, method })).status, path).toBe(403);
      }
    }
    const after = await listingRow(app.db, l.id);
    expect(after).toMatchObject({ status: 'pending', claimed_by: null });
    expect((await listingRow(app.db, active.id)).expires_at).toEqual(activeBefore);
    expect(await app.db('audit_log').whereIn('subject_id', [l.id, active.id]).where({ subject_type: 'listing' })).toHaveLength(0);
    // signed out: sent to sign in
    const anon = await new Client(app.baseUrl).get('/admin/moderation', { follow: false });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/signin');
  });
});

describe('claims', () => {
  it('two admins opening the same item at once: exactly one gets it, the other is sent back', async () => {
    const [a1, a2] = await Promise.all([createAdmin(app.db, { display_name: 'Ana' }), createAdmin(app.db, { display_name: 'Bo' })]);
    const l = await pendingListing(app.db);
    const [c1, c2] = await Promise.all([signedIn(app.baseUrl, a1), signedIn(app.baseUrl, a2)]);
    await Promise.all([c1.get('/admin/moderation'), c2.get('/admin/moderation')]);
    const [r1, r2] = await Promise.all([c1.post(`/admin/moderation/${l.id}/claim`, {}, { follow: false }), c2.post(`/admin/moderation/${l.id}/claim`, {}, { follow: false })]);
    const locations = [r1.headers.get('location'), r2.headers.get('location')];
    expect(locations.filter((x) => x === `/admin/moderation/${l.id}`)).toHaveLength(1);
    expect(locations.filter((x) => x === '/admin/moderation')).toHaveLength(1);
    const winner = locations[0] === `/admin/moderation/${l.id}` ? { c: c1, admin: a1 } : { c: c2, admin: a2 };
    const loser = winner.c === c1 ? { c: c2, admin: a2 } : { c: c1, admin: a1 };
    expect((await listingRow(app.db, l.id)).claimed_by).toBe(winner.admin.id);

    const back = await loser.c.get('/admin/moderation');
    expect(flash(back)).toContain('Another admin is reviewing this');
    expect(text(back.doc.querySelector(`#queue-item-${l.id} .claim`))).toContain(winner.admin.display_name);
    // the loser may look, but gets no decision buttons
    const look = await loser.c.get(`/admin/moderation/${l.id}`);
    expect(look.doc.querySelector('#claim-status')?.getAttribute('data-claim')).toBe('other');
    expect(look.doc.querySelector('#approve-form')).toBeNull();
    // and cannot decide it while the claim holds
    await loser.c.get('/');
    const refused = await loser.c.post(`/admin/moderation/${l.id}/approval`);
    expect(flash(refused)).toContain('Another admin is reviewing this');
    expect((await listingRow(app.db, l.id)).status).toBe('pending');

    // the winner sees the review page with the decision forms
    const mine = await winner.c.get(`/admin/moderation/${l.id}`);
    expect(mine.doc.querySelector('#claim-status')?.getAttribute('data-claim')).toBe('mine');
    expect(mine.doc.querySelector('#approve-form')).toBeTruthy();

    // once the claim runs out, the other admin can take it
    clock.advance(16 * 60_000);
    await loser.c.get('/');
    const taken = await loser.c.post(`/admin/moderation/${l.id}/claim`, {}, { follow: false });
    expect(taken.headers.get('location')).toBe(`/admin/moderation/${l.id}`);
    expect((await listingRow(app.db, l.id)).claimed_by).toBe(loser.admin.id);

    // and release it
    await loser.c.get('/');
    const released = await loser.c.post(`/admin/moderation/${l.id}/claim`, {}, { method: 'DELETE' });
    expect(flash(released)).toContain('Released');
    expect((await listingRow(app.db, l.id)).claimed_by).toBeNull();
  });
});

describe('decisions', () => {
  it('approving makes the listing active for LISTING_DAYS, audits it, and tells the seller live', async () => {
    const admin = await createAdmin(app.db);
    const seller = await createSeller(app.db);
    const l = await pendingListing(app.db, { seller_id: seller.id, title: 'Brass lamp', risk_reasons: JSON.stringify(['New account: the seller signed up today.']), risk_score: 25 });
    await app.db('listing_variants').insert({ listing_id: l.id, options: JSON.stringify({ size: 'M' }), sku: 'LAMP-M', price: 3000, stock: 2 });
    const s = await signedIn(app.baseUrl, seller);
    const a = await signedIn(app.baseUrl, admin);
    const sellerEvents = await listen(app.baseUrl, s, `user:${seller.id}`);
    const adminEvents = await listen(app.baseUrl, a, 'admin');

    await a.get('/admin/moderation');
    const review = await a.post(`/admin/moderation/${l.id}/claim`);
    expect(review.url).toContain(`/admin/moderation/${l.id}`);
    expect(text(review.doc.querySelector('h1'))).toBe('Brass lamp');
    expect(text(review.doc.querySelector('#risk'))).toContain('New account');
    expect(text(review.doc.querySelector('#variants'))).toContain('LAMP-M');
    expect(text(review.doc.querySelector('#seller-history'))).toContain('Listings approved: 0');
    expect(text(review.doc.querySelector('#shortcut-help'))).toContain('approve');

    const before = Date.now();
    const page = await a.post(`/admin/moderation/${l.id}/approval`);
    expect(flash(page)).toContain('Approved “Brass lamp”');
    expect(page.doc.querySelector(`#queue-item-${l.id}`)).toBeNull();

    const row = await listingRow(app.db, l.id);
    expect(row.status).toBe('active');
    expect(row.claimed_by).toBeNull();
    expect(row.published_at).toBeTruthy();
    const expires = new Date(row.expires_at).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 30 * DAY - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY + 1000);

    const audit = await app.db('audit_log').where({ subject_type: 'listing', subject_id: l.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, action: 'listing.approve', before: { status: 'pending' }, after: { status: 'active' } });

    await eventually(() => app.db('notifications').where({ user_id: seller.id, kind: 'listing.approved' }).first());
    const list = await s.get('/notifications');
    expect(text(list.doc.querySelector('#notification-list'))).toContain('“Brass lamp” is live');
    const status = await s.get(`/seller/listings/${l.id}/status`, { htmx: true });
    expect(status.doc.querySelector('[data-status]')?.getAttribute('data-status')).toBe('active');

    await eventually(() => sellerEvents.events.some((e) => e.event === 'listings'));
    await eventually(() => adminEvents.events.some((e) => e.event === 'moderation'));
    sellerEvents.close();
    adminEvents.close();
    // the saved-search matcher is asked to look at the new listing
    const outbox = await app.db('outbox').where({ topic: 'listing.approved' }).whereRaw(`payload->>'listingId' = ?`, [String(l.id)]);
    expect(outbox).toHaveLength(1);

    // the history counts it now
    const again = await a.get(`/admin/moderation/${l.id}`);
    expect(text(again.doc.querySelector('#seller-history'))).toContain('Listings approved: 1');
  });

  it('rejecting needs a reason beside the field; the seller then sees the reason, inert', async () => {
    const admin = await createAdmin(app.db);
    const seller = await createSeller(app.db);
    const l = await pendingListing(app.db, { seller_id: seller.id, title: 'Odd lamp' });
    const a = await signedIn(app.baseUrl, admin);
    await a.get('/admin/moderation');
    await a.post(`/admin/moderation/${l.id}/claim`);

    const missing = await a.post(`/admin/moderation/${l.id}/rejection`, { reason: '', note: '' });
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector('#review-reason-error'))).toContain('Choose a reason');
    expect(missing.doc.querySelector('#review-reason')?.getAttribute('aria-invalid')).toBe('true');

    const other = await a.post(`/admin/moderation/${l.id}/rejection`, { reason: 'other', note: '' });
    expect(other.status).toBe(422);
    expect(text(other.doc.querySelector('#review-note-error'))).toContain('Say what is wrong');
    expect(other.doc.querySelector('#review-reason option[value=other]')?.hasAttribute('selected')).toBe(true);
    expect((await listingRow(app.db, l.id)).status).toBe('pending');
    expect(await app.db('audit_log').where({ subject_type: 'listing', subject_id: l.id })).toHaveLength(0);

    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const done = await a.post(`/admin/moderation/${l.id}/rejection`, { reason: 'misleading', note: payload });
    expect(flash(done)).toContain('Rejected “Odd lamp”');
    const row = await listingRow(app.db, l.id);
    expect(row.status).toBe('rejected');
    expect(row.rejection_reason).toBe(`Misleading description: ${payload}`);
    const audit = await app.db('audit_log').where({ subject_type: 'listing', subject_id: l.id }).first();
    expect(audit).toMatchObject({ action: 'listing.reject', reason: row.rejection_reason });

    // the admin's review page shows it as text
    const review = await a.get(`/admin/moderation/${l.id}`);
    expect(text(review.doc.querySelector('.rejection-reason'))).toContain(payload);
    expect(review.html).not.toContain('<script>alert');
    expect(review.doc.querySelector('#review-' + l.id + ' img[onerror]')).toBeNull();

    // the seller is told why, in the notification and on their listing
    const s = await signedIn(app.baseUrl, seller);
    await eventually(() => app.db('notifications').where({ user_id: seller.id, kind: 'listing.rejected' }).first());
    const list = await s.get('/notifications');
    expect(text(list.doc.querySelector('#notification-list'))).toContain('Misleading description');
    expect(list.html).not.toContain('<script>alert');
    const mine = await s.get(`/seller/listings/${l.id}`);
    expect(mine.status).toBe(200);
    expect(text(mine.doc.querySelector('main'))).toContain('Misleading description');
    expect(mine.html).not.toContain('<script>alert');
  });

  it('an approve and a reject at the same moment: exactly one wins', async () => {
    const [a1, a2] = await Promise.all([createAdmin(app.db), createAdmin(app.db)]);
    const l = await pendingListing(app.db);
    const [c1, c2] = await Promise.all([signedIn(app.baseUrl, a1), signedIn(app.baseUrl, a2)]);
    await Promise.all([c1.get('/'), c2.get('/')]);
    const [p1, p2] = await Promise.all([c1.post(`/admin/moderation/${l.id}/approval`), c2.post(`/admin/moderation/${l.id}/rejection`, { reason: 'duplicate', note: '' })]);
    const flashes = [flash(p1), flash(p2)];
    expect(flashes.filter((f) => f.includes('already decided'))).toHaveLength(1);
    const row = await listingRow(app.db, l.id);
    expect(['active', 'rejected']).toContain(row.status);
    expect(await app.db('audit_log').where({ subject_type: 'listing', subject_id: l.id })).toHaveLength(1);
    const events = await app.db('outbox').whereIn('topic', ['listing.approved', 'listing.rejected']).whereRaw(`payload->>'listingId' = ?`, [String(l.id)]);
    expect(events).toHaveLength(1);
  });

  it('bulk approve decides the selected items nobody else holds and says how many', async () => {
    const [admin, other] = await Promise.all([createAdmin(app.db), createAdmin(app.db)]);
    const [x, y, z] = await Promise.all([pendingListing(app.db), pendingListing(app.db), pendingListing(app.db)]);
    await app.db('listings').where({ id: z.id }).update({ claimed_by: other.id, claimed_until: new Date(Date.now() + 600_000) });
    const a = await signedIn(app.baseUrl, admin);
    const q = await a.get('/admin/moderation');
    expect(q.doc.querySelector(`#select-${z.id}`)?.hasAttribute('disabled')).toBe(true);
    const body = new URLSearchParams([
      ['_csrf', a.csrf],
      ['ids', String(x.id)],
      ['ids', String(y.id)],
      ['ids', String(z.id)],
      ['decision', 'approve'],
      ['reason', ''],
      ['note', ''],
    ]);
    const res = await fetch(new URL('/admin/moderation/decisions', app.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `souk.sid=${a.cookie('souk.sid')}; souk.csrf=${a.cookie('souk.csrf')}` },
      body,
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const page = await a.get('/admin/moderation');
    expect(flash(page)).toContain('Approved 2 listings. 1 listing skipped');
    expect((await listingRow(app.db, x.id)).status).toBe('active');
    expect((await listingRow(app.db, y.id)).status).toBe('active');
    expect((await listingRow(app.db, z.id)).status).toBe('pending');
    expect(await app.db('audit_log').where({ subject_type: 'listing', action: 'listing.approve' }).whereIn('subject_id', [x.id, y.id, z.id])).toHaveLength(2);
  });

  it('bulk reject needs one reason for all; without it nothing changes and the selection is kept', async () => {
    const admin = await createAdmin(app.db);
    const [x, y] = await Promise.all([pendingListing(app.db), pendingListing(app.db)]);
    const a = await signedIn(app.baseUrl, admin);
    await a.get('/admin/moderation');
    const missing = await a.post('/admin/moderation/decisions', { ids: String(x.id), decision: 'reject', reason: '', note: 'n' });
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector('#bulk-reason-error'))).toContain('Choose a reason');
    expect(missing.doc.querySelector(`#select-${x.id}`)?.hasAttribute('checked')).toBe(true);
    expect(text(missing.doc.querySelector('#bulk-note'))).toBe('n');
    expect((await listingRow(app.db, x.id)).status).toBe('pending');

    const none = await a.post('/admin/moderation/decisions', { decision: 'approve' });
    expect(none.status).toBe(422);
    expect(text(none.doc.querySelector('#bulk-ids-error'))).toContain('Select at least one');

    const done = await a.post('/admin/moderation/decisions', { ids: String(y.id), decision: 'reject', reason: 'poor_photos', note: '' });
    expect(flash(done)).toContain('Rejected 1 listing.');
    const row = await listingRow(app.db, y.id);
    expect(row).toMatchObject({ status: 'rejected', rejection_reason: 'Poor photos' });
  });
});
