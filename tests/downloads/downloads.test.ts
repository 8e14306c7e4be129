import http from 'node:http';
import { parse } from 'node-html-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DownloadBox } from '../../views/downloads/download-box.js';
import { checkLink, signLink } from '../../src/downloads/links.js';
import { revokeEntitlements } from '../../src/downloads/downloads.js';
import { canDownload } from '../../src/downloads/policy.js';
import { entitlementsForOrder } from '../../src/downloads/queries.js';
import { clock } from '../../src/lib/clock.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { tempStorage } from '../media/helpers.js';
import { signedIn } from '../payouts/helpers.js';
import { digitalListing, fetchBytes, grant, paidDigitalOrder } from './helpers.js';

let app: TestApp;
let storage: Awaited<ReturnType<typeof tempStorage>>;
let categoryId: number;
const DAY = 86_400_000;

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({
    worker: false,
    env: { STORAGE_DIR: storage.dir, RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' },
  });
  categoryId = (await createCategoryRow(app.db)).id;
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await app?.stop();
  await storage?.remove();
});

/** A seller's digital listing bought and paid by a buyer who is signed in, with the downloads granted. */
async function purchase(opts: { bytes?: number; fileName?: string; over?: Record<string, unknown> } = {}) {
  const seller = await createSeller(app.db);
  const buyer = await createUser(app.db, { display_name: 'Ada Buyer' });
  const { listing, data } = await digitalListing(app.db, storage.dir, { sellerId: seller.id, categoryId, ...opts });
  const order = await paidDigitalOrder(app.db, { buyerId: buyer.id, listing });
  const entitlement = await grant(app.db, order);
  const c = await signedIn(app, buyer);
  return { seller, buyer, listing, data, order, entitlement, c };
}

const entitlementRow = (id: number) => app.db('entitlements').where({ id }).first();
const completedEvents = (entitlementId: number) =>
  app
    .db('outbox')
    .where({ topic: 'download.completed' })
    .whereRaw(`(payload->>'entitlementId')::bigint = ?`, [entitlementId]);
const logOf = (entitlementId: number) => app.db('download_log').where({ entitlement_id: entitlementId }).orderBy('id');

/** Presses Download: the 303 to the signed link. */
async function mint(c: Client, entitlementId: number) {
  await c.get('/downloads');
  return c.post(`/downloads/${entitlementId}/links`, {}, { follow: false });
}

async function linkFor(c: Client, entitlementId: number): Promise<string> {
  const res = await mint(c, entitlementId);
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(new RegExp(`^/downloads/${entitlementId}/file\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
  return location;
}

/** One whole download, waiting until it has been counted. */
async function downloadWhole(c: Client, entitlementId: number, expectUsed: number) {
  const file = await fetchBytes(c, await linkFor(c, entitlementId));
  expect(file.status).toBe(200);
  await eventually(async () => (await entitlementRow(entitlementId)).downloads_used === expectUsed);
  return file;
}

function errorText(page: { doc: ReturnType<typeof parse> }) {
  return text(page.doc.querySelector('.error-page'));
}

describe('granting downloads', () => {
  it('gives one entitlement per digital line with the listing’s limit and days, however often it runs', async () => {
    const seller = await createSeller(app.db);
    const buyer = await createUser(app.db);
    const { listing, key } = await digitalListing(app.db, storage.dir, { sellerId: seller.id, categoryId, over: { download_limit: 3, download_days: 10 } });
    const order = await paidDigitalOrder(app.db, { buyerId: buyer.id, listing });
    const at = new Date('2026-12-01T10:00:00Z');
    await grant(app.db, order, at);
    await grant(app.db, order, new Date('2026-12-05T10:00:00Z'));
    const rows = await app.db('entitlements').where({ order_line_id: order.lineId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ buyer_id: buyer.id, listing_id: listing.id, file_key: key, file_name: 'pattern.pdf', downloads_allowed: 3, downloads_used: 0, revoked_at: null });
    expect(new Date(rows[0].expires_at).toISOString()).toBe('2026-12-11T10:00:00.000Z');

    // the order page's loader: keyed by line, for the buyer only
    const mine = await entitlementsForOrder(app.db, order.orderId, buyer.id);
    expect([...mine.keys()]).toEqual([order.lineId]);
    expect(mine.get(order.lineId)?.id).toBe(rows[0].id);
    expect((await entitlementsForOrder(app.db, order.orderId, seller.id)).size).toBe(0);
  });

  it('shows the box: file name, downloads left until when, and a Download form that works without JavaScript', async () => {
    clock.set(new Date('2026-12-20T12:00:00Z'));
    const html = await DownloadBox({
      entitlement: {
        id: 41,
        file_key: 'file/abcdefghijklmnopqrstuvwxyz',
        file_name: 'old.pdf',
        current_file_key: 'file/abcdefghijklmnopqrstuvwxyz',
        current_file_name: 'Tom & Jerry.pdf',
        downloads_allowed: 5,
        downloads_used: 2,
        expires_at: new Date('2027-01-12T09:00:00Z'),
        revoked_at: null,
      },
      csrf: 'token-1',
    });
    expect(html).toContain('Tom &amp; Jerry.pdf');
    const box = parse(html).querySelector('#download-41')!;
    expect(box.getAttribute('data-state')).toBe('available');
    expect(text(box.querySelector('.download-file'))).toBe('Tom & Jerry.pdf');
    expect(text(box.querySelector('.download-left'))).toBe('3 of 5 downloads left, until 12 Jan 2027');
    const form = box.querySelector('form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('/downloads/41/links');
    expect(form.querySelector('input[name=_csrf]')?.getAttribute('value')).toBe('token-1');
    expect(text(form.querySelector('button'))).toBe('Download');
  });
});

describe('downloading', () => {
  it('sends the whole file through a short-lived link, counts it, and tells the order once', async () => {
    const { c, entitlement, data, order, buyer } = await purchase({ bytes: 300_000, fileName: 'Harbour jumper.pdf' });
    const page = await c.get('/downloads');
    expect(page.status).toBe(200);
    const box = page.doc.querySelector(`#download-${entitlement.id}`);
    expect(text(box?.querySelector('.download-left'))).toMatch(/^5 of 5 downloads left, until \d{1,2} \w{3} \d{4}$/);
    expect(box?.querySelector('form')?.getAttribute('action')).toBe(`/downloads/${entitlement.id}/links`);

    const file = await downloadWhole(c, entitlement.id, 1);
    expect(file.body.equals(data)).toBe(true);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="Harbour jumper.pdf"');
    expect(file.headers.get('content-length')).toBe(String(data.length));
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('cache-control')).toBe('private, no-store');

    await eventually(async () => (await logOf(entitlement.id))[0]?.completed === true);
    const [logged] = await logOf(entitlement.id);
    expect(logged).toMatchObject({ user_id: buyer.id, completed: true, bytes_sent: data.length });
    expect(logged.ip).not.toBe('');

    const events = await completedEvents(entitlement.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({ entitlementId: entitlement.id, orderLineId: order.lineId, sellerOrderId: order.sellerOrderId, userId: buyer.id });

    // a second download counts, but the order already knows
    await downloadWhole(c, entitlement.id, 2);
    expect(await completedEvents(entitlement.id)).toHaveLength(1);
    const again = await c.get('/downloads');
    expect(text(again.doc.querySelector(`#download-${entitlement.id} .download-left`))).toMatch(/^3 of 5 downloads left/);
  });

  it('refuses a sixth download with a clear message', async () => {
    const { c, entitlement } = await purchase({ bytes: 2_000 });
    for (let i = 1; i <= 5; i++) await downloadWhole(c, entitlement.id, i);
    const res = await mint(c, entitlement.id);
    expect(res.status).toBe(403);
    expect(errorText(res)).toContain('All 5 downloads of this purchase have been used.');
    const page = await c.get('/downloads');
    const box = page.doc.querySelector(`#download-${entitlement.id}`);
    expect(box?.getAttribute('data-state')).toBe('used_up');
    expect(box?.querySelector('form')).toBeNull();
    expect(text(box?.querySelector('.download-unavailable'))).toContain('All 5 downloads');
    expect((await entitlementRow(entitlement.id)).downloads_used).toBe(5);
  });

  it('refuses a used-up entitlement even through a link minted earlier', async () => {
    const { c, entitlement } = await purchase({ bytes: 2_000, over: { download_limit: 1 } });
    const early = await linkFor(c, entitlement.id);
    await downloadWhole(c, entitlement.id, 1);
    const late = await c.get(early);
    expect(late.status).toBe(403);
    expect(errorText(late)).toContain('All 1 downloads');
  });

  it('refuses an expired link, a tampered one and one for another entitlement', async () => {
    const { c, entitlement } = await purchase({ bytes: 2_000 });
    const link = await linkFor(c, entitlement.id);
    const url = new URL(link, app.baseUrl);
    const sig = url.searchParams.get('sig')!;
    const exp = url.searchParams.get('exp')!;

    const flipped = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    for (const bad of [
      `/downloads/${entitlement.id}/file?exp=${exp}&sig=${flipped}`,
      `/downloads/${entitlement.id}/file?exp=${Number(exp) + 3600}&sig=${sig}`,
      `/downloads/${entitlement.id}/file?exp=${exp}`,
      `/downloads/${entitlement.id}/file`,
      `/downloads/${entitlement.id}/file?exp=${exp}&sig=${sig}&sig=${sig}`,
      `/downloads/${entitlement.id}/file?exp=1e12&sig=${sig}`,
    ]) {
      const res = await c.get(bad);
      expect(res.status, bad).toBe(403);
      expect(errorText(res)).toContain('not valid');
    }

    // a second purchase of the same buyer: its link does not open the first
    const second = await paidDigitalOrder(app.db, { buyerId: (await entitlementRow(entitlement.id)).buyer_id, listing: await app.db('listings').where({ id: entitlement.listing_id }).first() });
    const other = await grant(app.db, second);
    const res = await c.get(`/downloads/${other.id}/file?exp=${exp}&sig=${sig}`);
    expect(res.status).toBe(403);

    clock.advance(5 * 60_000 + 1_000);
    const expired = await c.get(link);
    expect(expired.status).toBe(403);
    expect(errorText(expired)).toContain('expired');
    expect((await entitlementRow(entitlement.id)).downloads_used).toBe(0);
    expect(await logOf(entitlement.id)).toHaveLength(0);
  });

  it('signs links for one entitlement, user and expiry', () => {
    const secret = 'x'.repeat(40);
    const now = Date.parse('2026-12-01T00:00:00Z');
    const l = signLink(secret, 7, 3, now);
    expect(l.exp).toBe(Math.floor(now / 1000) + 300);
    expect(checkLink(secret, 7, 3, String(l.exp), l.sig, now)).toBe('ok');
    expect(checkLink(secret, 7, 4, String(l.exp), l.sig, now)).toBe('invalid');
    expect(checkLink(secret, 8, 3, String(l.exp), l.sig, now)).toBe('invalid');
    expect(checkLink('y'.repeat(40), 7, 3, String(l.exp), l.sig, now)).toBe('invalid');
    expect(checkLink(secret, 7, 3, String(l.exp), [l.sig], now)).toBe('invalid');
    expect(checkLink(secret, 7, 3, String(l.exp), l.sig, now + 300_000)).toBe('expired');
  });

  it('is the buyer’s only: everybody else gets 404, with or without a valid link', async () => {
    const { c, entitlement, seller } = await purchase({ bytes: 2_000 });
    const link = await linkFor(c, entitlement.id);
    const admin = await createAdmin(app.db);
    for (const who of [await createUser(app.db), seller, admin]) {
      expect(canDownload(who, entitlement)).toBe(false);
      const other = await signedIn(app, who);
      expect((await mint(other, entitlement.id)).status).toBe(404);
      const res = await other.get(link);
      expect(res.status).toBe(404);
      // their own signature for someone else's entitlement does not help
      const own = signLink(app.env.SESSION_SECRET!, entitlement.id, who.id, clock.nowMs());
      expect((await other.get(`/downloads/${entitlement.id}/file?exp=${own.exp}&sig=${own.sig}`)).status).toBe(404);
    }
    for (const missing of ['999999999', 'abc', '0']) {
      expect((await mint(c, missing as unknown as number)).status).toBe(404);
      expect((await c.get(`/downloads/${missing}/file`)).status).toBe(404);
    }
    const anon = new Client(app.baseUrl);
    const res = await anon.get(link, { follow: false });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/signin');
    await anon.get('/signin');
    expect((await anon.post(`/downloads/${entitlement.id}/links`, {}, { follow: false })).status).toBe(401);
    expect((await entitlementRow(entitlement.id)).downloads_used).toBe(0);
  });

  it('refuses a mint without the CSRF token', async () => {
    const { c, entitlement } = await purchase({ bytes: 2_000 });
    await c.get('/downloads');
    expect((await c.post(`/downloads/${entitlement.id}/links`, {}, { csrf: false, follow: false })).status).toBe(403);
  });

  it('ends with a refund: no new links, and links minted before stop working', async () => {
    const { c, entitlement, order } = await purchase({ bytes: 2_000 });
    const link = await linkFor(c, entitlement.id);
    await app.db.transaction((trx) => revokeEntitlements(trx, order.sellerOrderId, clock.now()));
    expect((await entitlementRow(entitlement.id)).revoked_at).not.toBeNull();

    const refused = await mint(c, entitlement.id);
    expect(refused.status).toBe(403);
    expect(errorText(refused)).toContain('refunded');
    const res = await c.get(link);
    expect(res.status).toBe(403);
    expect(errorText(res)).toContain('refunded');
    const page = await c.get('/downloads');
    const box = page.doc.querySelector(`#download-${entitlement.id}`);
    expect(box?.getAttribute('data-state')).toBe('revoked');
    expect(box?.querySelector('form')).toBeNull();
  });

  it('ends when the purchase’s download period is over', async () => {
    const { c, entitlement } = await purchase({ bytes: 2_000 });
    const link = await linkFor(c, entitlement.id);
    await app.db('entitlements').where({ id: entitlement.id }).update({ expires_at: new Date(clock.nowMs() - 1000) });
    const res = await mint(c, entitlement.id);
    expect(res.status).toBe(403);
    expect(errorText(res)).toContain('ended on');
    expect((await c.get(link)).status).toBe(403);
  });

  it('does not count a transfer the buyer broke off', async () => {
    const { c, entitlement, data } = await purchase({ bytes: 32 * 1024 * 1024 });
    const link = await linkFor(c, entitlement.id);
    const got = await new Promise<number>((resolve, reject) => {
      const req = http.get(new URL(link, app.baseUrl), { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}` } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve(chunk.length);
        });
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    });
    expect(got).toBeLessThan(data.length);
    const row = await eventually(async () => {
      const [r] = await logOf(entitlement.id);
      return r && r.bytes_sent > 0 ? r : null;
    });
    expect(row.completed).toBe(false);
    expect(row.bytes_sent).toBeLessThan(data.length);
    expect((await entitlementRow(entitlement.id)).downloads_used).toBe(0);
    expect(await completedEvents(entitlement.id)).toHaveLength(0);
  });
});

describe('the download log', () => {
  it('shows a seller the downloads of their own sales, and nobody else’s', async () => {
    const { c, entitlement, seller, listing } = await purchase({ bytes: 2_000 });
    await downloadWhole(c, entitlement.id, 1);
    await eventually(async () => (await logOf(entitlement.id))[0]?.completed === true);

    const s = await signedIn(app, seller);
    const page = await s.get('/seller/downloads');
    expect(page.status).toBe(200);
    const rows = page.doc.querySelectorAll('#download-log tbody tr');
    expect(rows).toHaveLength(1);
    expect(text(rows[0].querySelector('.buyer'))).toBe('Ada Buyer');
    expect(text(rows[0].querySelector('.listing'))).toBe(listing.title);
    expect(text(rows[0].querySelector('.completed'))).toBe('Yes');
    expect(text(rows[0].querySelector('.ip'))).not.toBe('');
    expect(rows[0].querySelector('.bytes')?.getAttribute('title')).toBe('2000 bytes');

    const otherSeller = await signedIn(app, await createSeller(app.db));
    const theirs = await otherSeller.get('/seller/downloads');
    expect(theirs.status).toBe(200);
    expect(theirs.doc.querySelectorAll('#download-log tbody tr')).toHaveLength(0);
    expect(text(theirs.doc.querySelector('#download-log'))).toBe('No downloads yet.');
    expect((await otherSeller.get('/admin/downloads')).status).toBe(403);

    const admin = await signedIn(app, await createAdmin(app.db));
    const order = await app.db('order_lines').where({ id: entitlement.order_line_id }).first();
    const adminPage = await admin.get(`/admin/downloads?seller_order=${order.seller_order_id}`);
    expect(adminPage.status).toBe(200);
    const adminRows = adminPage.doc.querySelectorAll(`#download-log-${order.seller_order_id} tbody tr`);
    expect(adminRows).toHaveLength(1);
    expect(text(adminRows[0].querySelector('.buyer'))).toBe('Ada Buyer');
    expect((await admin.get('/admin/downloads?seller_order=%3Cscript%3E')).status).toBe(422);
  });
});
