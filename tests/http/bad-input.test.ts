import http from 'node:http';
import type { Knex } from 'knex';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/search/params.js';
import { routes } from '../../src/routes.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { tempStorage } from '../media/helpers.js';
import type { Fixture } from './csrf-fixtures/types.js';
import { domainFixtures } from './csrf-fixtures/index.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let storage: Awaited<ReturnType<typeof tempStorage>>;

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({
    worker: false,
    env: { STORAGE_DIR: storage.dir, RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_SIGNUP_PER_IP: '1000', RATE_GENERAL_PER_MINUTE: '100000', RATE_CONTACTS_PER_HOUR: '1000' },
  });
  admin = await createAdmin(app.db);
});
afterAll(async () => {
  await app?.stop();
  await storage?.remove();
});

const NUL = '\u0000';
const UNSTORABLE = 'invisible or broken character';

let planted = 0;
/**
 * The form routes the CSRF test covers in its own file, planted the same way:
 * a request that would change something if its text were stored.
 */
const accountsAndAdmin: Record<string, Fixture> = {
  'post /users': async (db) => {
    const email = `fuzz-signup-${Date.now()}-${++planted}@example.test`;
    return { path: '/users', form: { email, display_name: 'Fuzzed name', password: 'long enough password' }, state: async () => Boolean(await db('users').whereRaw('lower(email) = ?', [email]).first()) };
  },
  'post /session': async () => {
    const other = await createUser(app.db);
    return { path: '/session', form: { email: other.email, password: other.password }, state: async () => null };
  },
  'delete /session': async () => ({ path: '/session', form: {}, state: async () => null }),
};

const fixtures: Record<string, Fixture> = {
  ...domainFixtures,
  ...accountsAndAdmin,
};

/** Every row count of every table: a request that was refused must leave all of them as they were. */
async function rowCounts(db: Knex): Promise<Record<string, number>> {
  const tables: { tablename: string }[] = (await db.raw(`select tablename from pg_tables where schemaname = 'public' and tablename not like 'knex%' order by tablename`)).rows;
  const sql = tables.map((t) => `select '${t.tablename}' as t, count(*)::int as n from "${t.tablename}"`).join(' union all ');
  const rows: { t: string; n: number }[] = (await db.raw(sql)).rows;
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

async function signedInAdmin(): Promise<Client> {
  const c = new Client(app.baseUrl);
  await c.signIn(admin.email, admin.password);
  return c;
}

/** The form with a NUL byte in every field the user fills in (the CSRF token and the method override are the browser's). */
const poisoned = (form: Record<string, string>) => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, k === '_method' ? v : `${v.slice(0, 3)}${NUL}${v.slice(3)}`]));

const unsafe = routes.filter((r) => r.method !== 'get');
const fuzzable = unsafe.map((r) => `${r.method} ${r.path}`);

describe('a NUL byte in a form field', () => {
  it('is tried on every form route', () => {
    for (const key of fuzzable) expect(fixtures, `no fixture for ${key}: add its CSRF fixture`).toHaveProperty(key);
  });

  for (const key of fuzzable) {
    it(`${key}: no 500, and a refusal writes nothing`, async () => {
      const fixture = fixtures[key];
      expect(fixture, `no fixture for ${key}`).toBeDefined();
      const c = await signedInAdmin();
      const k = await fixture(app.db, c, { app, admin });
      const fields = Object.keys(k.form).filter((f) => f !== '_method');
      const method = key.split(' ')[0].toUpperCase();
      // an auction's row is made on its first view (a bid box shown with an error is one): made before, so only the request's writes count
      const auction = /^\/auctions\/(\d+)\//.exec(k.path);
      if (auction) await c.get(`/auctions/${auction[1]}/bid-box`);
      const before = { state: await k.state(), rows: await rowCounts(app.db) };
      await c.get('/');
      for (const htmx of [false, true]) {
        const res = await c.post(k.path, poisoned(k.form), { method: method === 'POST' ? undefined : method, htmx, follow: false });
        expect(res.status, `${key} (htmx: ${htmx}) answered ${res.status}: ${text(res.doc.querySelector('.error-page, #flash, .flash-error'))}`).toBeLessThan(500);
        if (fields.length === 0) continue;
        if (res.status >= 400) {
          expect(await k.state()).toEqual(before.state);
          expect(await rowCounts(app.db)).toEqual(before.rows);
          if (res.status === 422) expect(res.html).toContain(UNSTORABLE);
        }
      }
    });
  }
});

describe('text Postgres cannot store, elsewhere', () => {
  it('shows the sign-up form again with the message beside the display name, input kept without the NUL', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/signup');
    const email = `nul-${Date.now()}@example.test`;
    const page = await c.post('/users', { email, display_name: `Ada${NUL} Lovelace`, password: 'long enough password' });
    expect(page.status).toBe(422);
    const field = page.doc.querySelector('input[name=display_name]');
    expect(field?.getAttribute('value')).toBe('Ada Lovelace');
    const describedBy = field?.getAttribute('aria-describedby') ?? '';
    const message = describedBy.split(' ').map((id) => text(page.doc.querySelector(`[id="${id}"]`))).join(' ');
    expect(message).toContain(UNSTORABLE);
    expect(await app.db('users').whereRaw('lower(email) = ?', [email]).first()).toBeUndefined();
  });

  it('refuses a NUL in a query string or a path with a clear answer', async () => {
    const c = await signedInAdmin();
    for (const path of ['/search?q=%00', '/search?q=lamp&city=%00', '/orders?before=%00', '/admin/downloads?seller_order=%00', '/c/%00', '/media/%00.webp']) {
      const res = await c.get(path, { follow: false });
      expect(res.status, path).toBeLessThan(500);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
    const search = await c.get('/search?q=%00', { follow: false });
    expect(search.status).toBe(422);
    expect(text(search.doc.querySelector('.error-page'))).toContain(UNSTORABLE);
  });
});

describe('search page links (cursors)', () => {
  it('ignores a cursor whose values Postgres would refuse, with a message, never a 500', async () => {
    const seller = await createSeller(app.db);
    const category = await createCategoryRow(app.db);
    for (let i = 0; i < 3; i++) await createListing(app.db, { seller_id: seller.id, category_id: category.id, title: `Cursor lamp ${i}` });
    const c = new Client(app.baseUrl);
    const crafted = [
      { sort: 'newest' as const, key: '2026-02-30 10:00:00+00' },
      { sort: 'newest' as const, key: '0000-01-01 00:00:00+00' },
      { sort: 'newest' as const, key: '2026-01-01 25:61:00+00' },
      { sort: 'newest' as const, key: '2026-01-01 10:00:00+16' },
      { sort: 'ending_soon' as const, key: '2026-13-01 00:00:00+00' },
      { sort: 'relevance' as const, key: '1e-50' },
      { sort: 'price_asc' as const, key: '99999999999999999999' },
    ];
    for (const { sort, key } of crafted) {
      const token = encodeCursor({ dir: 'next', sort, boost: 0, key, id: 1 });
      const q = sort === 'relevance' ? 'q=lamp&' : '';
      const res = await c.get(`/search?${q}sort=${sort}&after=${token}`);
      expect(res.status, `${sort} ${key}`).toBe(200);
      expect(res.html, `${sort} ${key}`).toContain('That page link no longer fits this search');
    }
    // a sound cursor still pages
    const first = await c.get('/search?sort=newest');
    const next = first.doc.querySelector('a[rel=next]')?.getAttribute('href');
    if (next) expect((await c.get(next)).status).toBe(200);
  });
});

describe('the canonical link', () => {
  it('is never built on the Host header a client sent', async () => {
    const seller = await createSeller(app.db);
    const category = await createCategoryRow(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: category.id, title: 'Canonical chair' });
    const port = new URL(app.baseUrl).port;
    // fetch() always sends the real Host, so the forged one goes out through node:http
    const forged = await new Promise<{ status: number; html: string }>((resolve, reject) => {
      const req = http.get(new URL(`/listings/${l.id}/${l.slug}`, app.baseUrl), { headers: { host: 'evil.example' } }, (res) => {
        let html = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (html += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, html }));
      });
      req.on('error', reject);
    });
    expect(forged.status).toBe(200);
    const href = parse(forged.html).querySelector('link[rel=canonical]')?.getAttribute('href') ?? '';
    expect(href).toBe(`http://localhost:${port}/listings/${l.id}/${l.slug}`);
    expect(forged.html).not.toContain('evil.example');
    const own = await new Client(app.baseUrl).get(`/listings/${l.id}/${l.slug}`);
    expect(own.doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(`http://127.0.0.1:${port}/listings/${l.id}/${l.slug}`);
  });
});
