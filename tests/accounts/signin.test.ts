import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

describe('sign up and sign in', () => {
  it('signs up a new buyer and shows their name', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/signup');
    const page = await c.post('/users', { email: 'New@Example.test', display_name: 'Nadia', password: 'long enough password' });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('.who'))).toBe('Nadia');
    const row = await app.db('users').where({ email: 'new@example.test' }).first();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('shows field errors beside the fields and keeps the input', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/signup');
    const page = await c.post('/users', { email: 'not-an-email', display_name: 'Kept Name', password: 'short' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-email-error'))).toContain('valid email');
    expect(text(page.doc.querySelector('#f-password-error'))).toContain('10 characters');
    expect(page.doc.querySelector('#f-display_name')?.getAttribute('value')).toBe('Kept Name');
    expect(await app.db('users').where({ display_name: 'Kept Name' }).first()).toBeUndefined();
  });

  it('gives a visitor no session until they sign in, and a new session id at every sign-in', async () => {
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    // browsing and being shown a form needs no stored session: the CSRF token is bound to the visitor cookie
    expect(c.cookie('souk.sid')).toBeUndefined();
    expect(c.cookie('souk.vid')).toBeTruthy();
    await c.post('/session', { email: u.email, password: u.password });
    const first = c.cookie('souk.sid');
    expect(first).toBeTruthy();
    // a browser that already has a session (e.g. one planted by someone else) never keeps its id through a sign-in
    const other = await createUser(app.db);
    await c.get('/');
    await c.post('/session', { email: other.email, password: other.password });
    expect(c.cookie('souk.sid')).toBeTruthy();
    expect(c.cookie('souk.sid')).not.toBe(first);
    expect(text((await c.get('/')).doc.querySelector('.who'))).toBe(other.display_name);
  });

  it('sign-out destroys the session on the server', async () => {
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(u.email, u.password);
    const sid = c.cookie('souk.sid')!;
    await c.signOut();
    // replaying the old cookie gets nobody
    const replay = new Client(app.baseUrl);
    const page = await replay.get('/notifications', { follow: false, headers: { cookie: `souk.sid=${sid}` } });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/signin');
  });

  it('refuses a wrong password with one message for both fields', async () => {
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    const page = await c.post('/session', { email: u.email, password: 'wrong password!' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('.form-error'))).toContain('do not match');
  });

  it('returns to the page that asked for sign-in, but never to another site', async () => {
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    const asked = await c.get('/notifications');
    expect(asked.doc.querySelector('#signin-form input[name=next]')?.getAttribute('value')).toBe('/notifications');
    const back = await c.post('/session', { email: u.email, password: u.password, next: '/notifications' });
    expect(back.status).toBe(200);
    expect(text(back.doc.querySelector('h1'))).toBe('Notifications');

    for (const next of ['//evil.example/', '/\\evil.example/', 'https://evil.example/']) {
      const other = new Client(app.baseUrl);
      await other.get('/signin');
      const page = await other.post('/session', { email: u.email, password: u.password, next }, { follow: false });
      expect(page.status, next).toBe(303);
      expect(page.headers.get('location'), next).toBe('/');
    }
  });

  it('sends a signed-in user away from the sign-in and sign-up pages', async () => {
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(u.email, u.password);
    for (const path of ['/signin', '/signup']) {
      const page = await c.get(path, { follow: false });
      expect(page.status, path).toBe(303);
      expect(page.headers.get('location'), path).toBe('/');
    }
  });

  it('refuses a form without its CSRF token', async () => {
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    const page = await c.post('/session', { email: u.email, password: u.password }, { csrf: false });
    expect(page.status).toBe(403);
    expect(text(page.doc.querySelector('.error-page'))).toContain('This form has expired');
    expect(page.doc.querySelector('.who')).toBeNull();
  });
});
