import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { flash, listingRow, pendingListing, publiclyVisible, signedIn } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', FLAG_HIDE_AFTER: '3' } });
});
afterAll(() => app?.stop());

const activeListing = (over: Parameters<typeof pendingListing>[1] = {}) => pendingListing(app.db, { status: 'active', ...over });

async function reporter() {
  const u = await createUser(app.db);
  const c = await signedIn(app.baseUrl, u);
  await c.get('/');
  return { u, c };
}

describe('reporting a listing', () => {
  it('offers the report box on the public page and takes one report per person', async () => {
    const l = await activeListing({ title: 'Suspicious watch' });
    const { u, c } = await reporter();
    const page = await c.get(`/listings/${l.id}`);
    expect(page.status).toBe(200);
    const box = page.doc.querySelector(`#flag-box-${l.id}`);
    expect(box?.querySelector(`form[action="/listings/${l.id}/flags"]`)).toBeTruthy();
    expect(box?.querySelector(`label[for=flag-reason-${l.id}]`)).toBeTruthy();

    const bad = await c.post(`/listings/${l.id}/flags`, { reason: '', note: 'x'.repeat(1001) });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector(`#flag-reason-${l.id}-error`))).toContain('Choose what is wrong');
    expect(text(bad.doc.querySelector(`#flag-note-${l.id}-error`))).toContain('at most 1000');
    expect(await app.db('listing_flags').where({ listing_id: l.id })).toHaveLength(0);

    const ok = await c.post(`/listings/${l.id}/flags`, { reason: 'counterfeit', note: 'Logo is wrong' });
    expect(ok.status).toBe(200);
    expect(flash(ok)).toContain('Thank you for the report');
    const again = await c.post(`/listings/${l.id}/flags`, { reason: 'scam', note: 'second try' });
    expect(again.status).toBe(409);
    expect(text(again.doc.querySelector(`#flag-box-${l.id}`))).toContain('already reported');
    const rows = await app.db('listing_flags').where({ listing_id: l.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reporter_id: u.id, reason: 'counterfeit', note: 'Logo is wrong' });

    // htmx gets the box back in place
    const { c: c2 } = await reporter();
    const frag = await c2.post(`/listings/${l.id}/flags`, { reason: 'scam' }, { htmx: true });
    expect(frag.status).toBe(200);
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelector(`#flag-box-${l.id}`)?.querySelector('[data-flagged=true]')).toBeTruthy();
  });

  it('the seller cannot report their own listing; visitors are asked to sign in', async () => {
    const seller = await createSeller(app.db);
    const l = await activeListing({ seller_id: seller.id });
    const s = await signedIn(app.baseUrl, seller);
    await s.get('/');
    const own = await s.post(`/listings/${l.id}/flags`, { reason: 'scam' });
    expect(own.status).toBe(422);
    expect(text(own.doc.querySelector('.form-error'))).toContain('cannot report your own listing');
    expect(await app.db('listing_flags').where({ listing_id: l.id })).toHaveLength(0);

    const visitor = new Client(app.baseUrl);
    const page = await visitor.get(`/listings/${l.id}`);
    expect(page.doc.querySelector(`#flag-box-${l.id} a[href^="/signin"]`)).toBeTruthy();
    expect(page.doc.querySelector(`#flag-box-${l.id} form`)).toBeNull();
    const anon = await visitor.post(`/listings/${l.id}/flags`, { reason: 'scam' }, { follow: false });
    expect(anon.status).toBe(401);
    expect(await app.db('listing_flags').where({ listing_id: l.id })).toHaveLength(0);
  });

  it('hides the listing and sends it back to the queue when distinct reporters reach the threshold', async () => {
    const admin = await createAdmin(app.db);
    const seller = await createSeller(app.db);
    const l = await activeListing({ seller_id: seller.id, title: 'Too good lamp' });
    const [r1, r2, r3] = [await reporter(), await reporter(), await reporter()];
    await r1.c.post(`/listings/${l.id}/flags`, { reason: 'scam', note: '<script>alert(1)</script>' });
    await r1.c.post(`/listings/${l.id}/flags`, { reason: 'scam' }); // the same person twice counts once
    await r2.c.post(`/listings/${l.id}/flags`, { reason: 'counterfeit' });
    expect(await publiclyVisible(app.db, l.id)).toBe(true);
    expect((await listingRow(app.db, l.id)).hidden_at).toBeNull();

    await r3.c.post(`/listings/${l.id}/flags`, { reason: 'prohibited' });
    const row = await listingRow(app.db, l.id);
    expect(row.status).toBe('pending');
    expect(row.hidden_at).toBeTruthy();
    expect(await publiclyVisible(app.db, l.id)).toBe(false);
    await eventually(() => app.db('notifications').where({ user_id: seller.id, kind: 'listing.hidden' }).first());

    // the admin sees it in the queue with its reports
    const a = await signedIn(app.baseUrl, admin);
    const q = await a.get('/admin/moderation');
    const item = q.doc.querySelector(`#queue-item-${l.id}`);
    expect(item?.querySelector('.flags')?.getAttribute('data-flags')).toBe('3');
    expect(text(item?.querySelector('.flags'))).toContain('Looks like a scam');
    const review = await a.post(`/admin/moderation/${l.id}/claim`);
    expect(review.doc.querySelectorAll('#flags .flag')).toHaveLength(3);
    expect(text(review.doc.querySelector('#flags'))).toContain('<script>alert(1)</script>');
    expect(review.html).not.toContain('<script>alert(1)</script>');

    // approving answers the reports and brings the listing back
    await a.post(`/admin/moderation/${l.id}/approval`);
    const back = await listingRow(app.db, l.id);
    expect(back).toMatchObject({ status: 'active', hidden_at: null });
    expect(await publiclyVisible(app.db, l.id)).toBe(true);
    expect(await app.db('listing_flags').where({ listing_id: l.id }).whereNull('resolved_at')).toHaveLength(0);
  });

  it('hides exactly once when many report at the same moment', async () => {
    const l = await activeListing();
    const people = await Promise.all(Array.from({ length: 6 }, () => reporter()));
    const pages = await Promise.all(people.map((p, i) => p.c.post(`/listings/${l.id}/flags`, { reason: i % 2 ? 'scam' : 'counterfeit' }, { follow: false })));
    for (const p of pages) expect(p.status).toBeLessThan(500);
    const row = await listingRow(app.db, l.id);
    expect(row.status).toBe('pending');
    expect(row.hidden_at).toBeTruthy();
    // reports after the hiding are thanked but not needed: exactly the threshold is stored
    expect(await app.db('listing_flags').where({ listing_id: l.id })).toHaveLength(3);
    const hidden = await app.db('outbox').where({ topic: 'listing.hidden' }).whereRaw(`payload->>'listingId' = ?`, [String(l.id)]);
    expect(hidden).toHaveLength(1);
    expect(pages.filter((p) => p.status === 303)).toHaveLength(3);
  });
});
