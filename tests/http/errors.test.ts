import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusOf } from '../../src/http/errors-handler.js';
import { startWeb } from '../../src/main.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000' } });
});
afterAll(() => app?.stop());

/** Nothing of the server's insides: no stack frames, no source paths, no driver messages. */
function expectNoInternals(html: string) {
  expect(html).not.toMatch(/\n\s+at\s/);
  expect(html).not.toMatch(/\bat [\w$.<>]+ \(/);
  expect(html).not.toMatch(/\.(ts|tsx|js|mjs):\d+/);
  expect(html).not.toMatch(/node_modules|\/work\/|file:\/\//);
  expect(html).not.toMatch(/ECONNREFUSED|TypeError|ReferenceError|SyntaxError|PayloadTooLargeError|stack/i);
}

function expectErrorPage(page: Page, status: number, title: string) {
  expect(page.status).toBe(status);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  const section = page.doc.querySelector('main .error-page');
  expect(section?.getAttribute('data-status')).toBe(String(status));
  expect(text(section?.querySelector('h1'))).toBe(title);
  expectNoInternals(page.html);
}

function expectErrorFragment(page: Page, status: number) {
  expect(page.status).toBe(status);
  expect(page.headers.get('hx-retarget')).toBe('#flash');
  expect(page.doc.querySelector('html')).toBeNull();
  expect(page.doc.querySelector('header')).toBeNull();
  const flash = page.doc.querySelector('.flash-error');
  expect(flash?.getAttribute('role')).toBe('alert');
  expect(flash?.getAttribute('data-status')).toBe(String(status));
  expectNoInternals(page.html);
  return text(flash);
}

describe('not found', () => {
  it('is a whole page, with the site around it', async () => {
    const page = await new Client(app.baseUrl).get('/no-such-page');
    expectErrorPage(page, 404, 'Not found');
    expect(text(page.doc.querySelector('title'))).toContain('Not found');
    expect(page.doc.querySelector('header.site-header a.brand')?.getAttribute('href')).toBe('/');
    expect(page.doc.querySelector('#flash')).not.toBeNull();
  });

  it('is a message for #flash when htmx asked', async () => {
    const page = await new Client(app.baseUrl).get('/no-such-page', { htmx: true });
    expect(expectErrorFragment(page, 404)).toContain('could not be found');
    expect(page.headers.get('hx-reswap')).toBe('innerHTML');
  });

  it('a boosted request gets the whole page', async () => {
    const page = await new Client(app.baseUrl).get('/no-such-page', { headers: { 'HX-Request': 'true', 'HX-Boosted': 'true' } });
    expectErrorPage(page, 404, 'Not found');
    expect(page.headers.get('hx-retarget')).toBeNull();
  });
});

describe('not allowed', () => {
  it('a buyer on an admin page gets 403', async () => {
    const buyer = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(buyer.email, buyer.password);
    for (const path of ['/admin/users', '/admin/seller-applications', '/admin/users/1', '/admin/counts']) {
      const page = await c.get(path, { follow: false });
      expectErrorPage(page, 403, 'Not allowed');
      // still signed in, told politely
      expect(text(page.doc.querySelector('.who'))).toBe(buyer.display_name);
    }
    expectErrorFragment(await c.get('/admin/users', { htmx: true }), 403);
  });

  it('a buyer cannot act as an admin, even with a valid token', async () => {
    const buyer = await createUser(app.db);
    const victim = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(buyer.email, buyer.password);
    const page = await c.post(`/admin/users/${victim.id}/block`, { reason: 'I do not like them' }, { follow: false });
    expectErrorPage(page, 403, 'Not allowed');
    expect((await app.db('users').where({ id: victim.id }).first()).blocked_at).toBeNull();
  });

  it('anonymous visitors are sent to sign in', async () => {
    const c = new Client(app.baseUrl);
    const page = await c.get('/notifications', { follow: false });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fnotifications');
    const signin = await c.get('/notifications');
    expect(signin.doc.querySelector('form[action="/session"] input[name=next]')?.getAttribute('value')).toBe('/notifications');

    // htmx cannot follow a redirect into a fragment: it is told where to go
    const hx = await c.get('/notifications/badge', { htmx: true, follow: false });
    expect(hx.status).toBe(401);
    expect(hx.headers.get('hx-redirect')).toBe('/signin');

    // a form posted after the session ended: sign in first, nothing done
    await c.get('/signin');
    const post = await c.post('/notifications/read-all', {}, { follow: false });
    expectErrorPage(post, 401, 'Please sign in');
  });
});

describe('malformed requests never become 500s', () => {
  it('a body over 100 kB is 413 with a page', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    const page = await c.post('/session', { email: 'a@example.test', password: 'x'.repeat(150_000) }, { follow: false });
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(text(page.doc.querySelector('.error-page h1'))).toBeTruthy();
    expectNoInternals(page.html);

    const hx = await c.post('/session', { email: 'a@example.test', password: 'x'.repeat(150_000) }, { htmx: true, follow: false });
    expectErrorFragment(hx, 413);
  });

  it('too many fields, an unknown charset or a broken encoding are client errors', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, 'x']));
    const tooMany = await c.post('/session', many, { follow: false });
    expect(tooMany.status).toBe(413);
    expectNoInternals(tooMany.html);

    const attempts: Record<string, string>[] = [
      { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' },
      { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
      { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'zz-unknown' },
    ];
    for (const headers of attempts) {
      const res = await fetch(new URL('/session', app.baseUrl), { method: 'POST', headers, body: 'email=a%40b.c&password=x' });
      const html = await res.text();
      expect(res.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(headers)).toBeLessThan(500);
      expectNoInternals(html);
    }
  });

  it('ids that are not ids are 404, for pages and for actions', async () => {
    const admin = await createAdmin(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(admin.email, admin.password);
    for (const id of ['abc', '1e3', '-1', '0', '1.5', '99999999999999999999', '%20']) {
      expectErrorPage(await c.get(`/admin/users/${id}`, { follow: false }), 404, 'Not found');
      expectErrorPage(await c.post(`/admin/users/${id}/block`, { reason: 'whatever' }, { follow: false }), 404, 'Not found');
      expectErrorPage(await c.post(`/admin/seller-applications/${id}/approval`, {}, { follow: false }), 404, 'Not found');
      expectErrorPage(await c.post(`/notifications/${id}/read`, {}, { follow: false }), 404, 'Not found');
    }
  });

  it('well-formed ids of nothing are 404 or a message, never 500', async () => {
    const admin = await createAdmin(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(admin.email, admin.password);
    const missing = '999999999999999';
    expectErrorPage(await c.get(`/admin/users/${missing}`, { follow: false }), 404, 'Not found');
    expectErrorPage(await c.post(`/notifications/${missing}/read`, {}, { follow: false }), 404, 'Not found');
    const block = await c.post(`/admin/users/${missing}/block`, { reason: 'whatever' }, { follow: false });
    expect(block.status).toBeLessThan(500);
    expectNoInternals(block.html);
    const approval = await c.post(`/admin/seller-applications/${missing}/approval`, {});
    expect(approval.status).toBe(200);
    expect(text(approval.doc.querySelector('#flash .flash-error'))).toContain('No such application');
  });

  it('a broken escape in the path or odd query values are not 500s', async () => {
    const admin = await createAdmin(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(admin.email, admin.password);
    const bad = await c.get('/admin/users/%E0%A4%A', { follow: false });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expectNoInternals(bad.html);
    for (const path of ['/admin/users?q=a&q=b&page=x', '/admin/users?page=-5', '/notifications?before=abc', '/notifications?before=99999999999999999999']) {
      const page = await c.get(path, { follow: false });
      expect(page.status, path).toBe(200);
    }
  });
});

describe('a failure on our side', () => {
  it('shows a plain 500 page without internals when the database is unreachable', async () => {
    // a database that stopped answering after the process started
    const web = await startWeb({ ...app.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable' }, { checkServices: false });
    try {
      const c = new Client(`http://127.0.0.1:${web.port}`);
      const form = await c.get('/signin');
      expect(form.status).toBe(200);
      const page = await c.post('/session', { email: 'someone@example.test', password: 'long enough password' }, { follow: false });
      expectErrorPage(page, 500, 'Something went wrong');
      expect(text(page.doc.querySelector('.error-page p'))).toContain('try again');

      const hx = await c.post('/session', { email: 'someone@example.test', password: 'long enough password' }, { htmx: true, follow: false });
      expect(expectErrorFragment(hx, 500)).toContain('try again');
    } finally {
      await web.stop();
    }
  });
});

describe('a transaction the database gave up', () => {
  it('a deadlock or a serialization failure asks the person to try again, not a 500', () => {
    for (const code of ['40P01', '40001']) {
      const answer = statusOf(Object.assign(new Error('deadlock detected'), { code }));
      expect(answer.status).toBe(503);
      expect(answer.headers['Retry-After']).toBe('1');
      expect(answer.message).toMatch(/try again/);
    }
  });
});
