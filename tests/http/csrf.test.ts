import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type Queues } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import { routes } from '../../src/routes.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import type { Fixture } from './csrf-fixtures/types.js';
import { domainFixtures } from './csrf-fixtures/index.js';


let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let queues: Queues;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
  admin = await createAdmin(app.db);
  queues = createQueues(createRedis(app.redisUrl, { maxRetriesPerRequest: null }), app.redisPrefix);
});
afterAll(async () => {
  await Promise.all(Object.values(queues ?? {}).map((q) => q.close()));
  await app?.stop();
});

/** Who the client's session belongs to, as the page header shows it ('' for nobody). */
async function whoIs(c: Client): Promise<string> {
  const page = await c.get('/', { follow: false });
  return text(page.doc.querySelector('.who'));
}

/**
 * For every unsafe route: a concrete request that would do something, and a
 * look at the state it would change. A route without an entry here fails the test,
 * so a new unsafe route cannot slip past this file.
 */
const fixtures: Record<string, Fixture> = {
  ...domainFixtures,

  'post /users': async (db, c) => {
    const email = `csrf-signup-${Date.now()}@example.test`;
    return {
      path: '/users',
      form: { email, display_name: 'Planted', password: 'long enough password' },
      state: async () => ({ who: await whoIs(c), exists: Boolean(await db('users').whereRaw('lower(email) = ?', [email]).first()) }),
    };
  },
  'post /session': async (_db, c) => {
    const other = await createUser(app.db, { display_name: 'Planted Login' });
    return { path: '/session', form: { email: other.email, password: other.password }, state: () => whoIs(c) };
  },
  'delete /session': async (_db, c) => ({ path: '/session', form: {}, state: () => whoIs(c) }),
};

const unsafe = routes.filter((r) => r.method !== 'get');

async function signedInAdmin(): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(admin.email, admin.password);
  expect(text(page.doc.querySelector('.who'))).toBe(admin.display_name);
  expect(c.cookie('souk.csrf')).toBeTruthy();
  return c;
}

function expectRefusedPage(page: Page) {
  expect(page.status).toBe(403);
  const section = page.doc.querySelector('.error-page');
  expect(section?.getAttribute('data-status')).toBe('403');
  expect(text(section)).toContain('expired');
}

function expectRefusedFragment(page: Page) {
  expect(page.status).toBe(403);
  expect(page.headers.get('hx-retarget')).toBe('#flash');
  expect(page.doc.querySelector('html')).toBeNull();
  expect(text(page.doc.querySelector('.flash-error'))).toContain('expired');
}

describe('CSRF on every unsafe route', () => {
  it('covers a sensible number of routes', () => {
    expect(unsafe.length).toBeGreaterThanOrEqual(10);
    for (const r of unsafe) expect(fixtures, `no CSRF fixture for ${r.method} ${r.path}`).toHaveProperty(`${r.method} ${r.path}`);
  });

  for (const route of unsafe) {
    const key = `${route.method} ${route.path}`;
    it(`${key}: refused without a token, accepted with one`, async () => {
      const fixture = fixtures[key];
      expect(fixture, `no CSRF fixture for ${key}`).toBeDefined();
      const c = await signedInAdmin();
      const k = await fixture(app.db, c, { app, admin });
      const before = await k.state();
      const method = route.method.toUpperCase();
      const override = method === 'POST' ? undefined : method;

      // a plain form post (the _method override for DELETE), no token
      expectRefusedPage(await c.post(k.path, k.form, { csrf: false, method: override, follow: false }));
      // htmx sends the real verb and puts the token in a header; here it is missing
      expectRefusedFragment(await c.request(method, k.path, { form: k.form, htmx: true, follow: false }));
      // a token from somebody else's session does not help either
      const stranger = new Client(app.baseUrl);
      await stranger.get('/signin');
      expect(stranger.csrf).toBeTruthy();
      expectRefusedPage(await c.request('POST', k.path, { form: { ...k.form, _csrf: stranger.csrf, ...(override ? { _method: override } : {}) }, follow: false }));
      expectRefusedFragment(await c.request(method, k.path, { form: k.form, htmx: true, headers: { 'x-csrf-token': stranger.csrf }, follow: false }));

      expect(await k.state()).toEqual(before);

      // positive control: the same request with the page's token goes through
      await c.get('/');
      const ok = await c.post(k.path, k.form, { method: override, follow: false });
      expect(ok.status).not.toBe(403);
      expect(ok.status).toBeLessThan(400);
      await k.after?.(ok);
      expect(await k.state()).not.toEqual(before);
    });
  }
});

describe('the queue dashboard API', () => {
  const api = '/admin/queues/api/queues';

  it('refuses unsafe calls that do not come from this origin, even for an admin', async () => {
    const c = await signedInAdmin();
    const calls = [
      `${api}/notifications/pause`,
      `${api}/notifications/retry/failed`,
      `${api}/notifications/clean/completed`,
      `${api}/notifications/empty`,
      `${api}/pause`,
    ];
    for (const path of calls) {
      for (const headers of [{}, { origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }] as Record<string, string>[]) {
        const res = await c.request('PUT', path, { headers, follow: false });
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    expect(await queues.notifications.isPaused()).toBe(false);
    expect(await queues.maintenance.isPaused()).toBe(false);
  });

  it('accepts the same call from this origin', async () => {
    const c = await signedInAdmin();
    const paused = await c.request('PUT', `${api}/notifications/pause`, { headers: { origin: app.baseUrl }, follow: false });
    expect(paused.status).toBe(200);
    expect(await queues.notifications.isPaused()).toBe(true);
    const resumed = await c.request('PUT', `${api}/notifications/resume`, { headers: { 'sec-fetch-site': 'same-origin' }, follow: false });
    expect(resumed.status).toBe(200);
    expect(await queues.notifications.isPaused()).toBe(false);
  });

  it('is for admins only', async () => {
    const buyer = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(buyer.email, buyer.password);
    expect((await c.get('/admin/queues', { follow: false })).status).toBe(403);
    const res = await c.request('PUT', `${api}/notifications/pause`, { headers: { origin: app.baseUrl }, follow: false });
    expect(res.status).toBe(403);
    expect(await queues.notifications.isPaused()).toBe(false);
    const anon = await new Client(app.baseUrl).request('PUT', `${api}/notifications/pause`, { headers: { origin: app.baseUrl }, follow: false });
    expect(anon.status).toBe(401);
    expect(await queues.notifications.isPaused()).toBe(false);
  });
});
