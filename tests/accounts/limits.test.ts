import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';

// Every request in these tests comes from 127.0.0.1, so the per-IP limits are
// shared by all clients of one app; each scenario gets its own app and limits.

const apps = {} as Record<'accountApp' | 'ipApp' | 'signUpApp' | 'generalApp', TestApp>;
beforeAll(async () => {
  const [accountApp, ipApp, signUpApp, generalApp] = await Promise.all([
    startTestApp({ worker: false, env: { RATE_SIGNIN_PER_ACCOUNT: '3', RATE_SIGNIN_PER_IP: '100', RATE_SIGNIN_WINDOW_SECONDS: '3' } }),
    startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '4', RATE_SIGNIN_PER_ACCOUNT: '100' } }),
    startTestApp({ worker: false, env: { RATE_SIGNUP_PER_IP: '2' } }),
    startTestApp({ worker: false, env: { RATE_GENERAL_PER_MINUTE: '5' } }),
  ]);
  Object.assign(apps, { accountApp, ipApp, signUpApp, generalApp });
});
afterAll(() => Promise.all(Object.values(apps).map((a) => a.stop())));

async function attempt(app: TestApp, email: string, password: string): Promise<Page> {
  const c = new Client(app.baseUrl);
  await c.get('/signin');
  return c.post('/session', { email, password });
}

function retryAfter(page: Page): number {
  const v = page.headers.get('retry-after');
  expect(v).toMatch(/^\d+$/);
  return Number(v);
}

describe('sign-in attempts per account', () => {
  let app: TestApp;
  beforeAll(() => {
    app = apps.accountApp;
  });

  it('locks the account after repeated wrong passwords, even for the right one, until the window passes', async () => {
    const u = await createUser(app.db);
    const bystander = await createUser(app.db);
    for (let i = 0; i < 3; i++) {
      const page = await attempt(app, u.email, `wrong password ${i}`);
      expect(page.status).toBe(422);
      expect(text(page.doc.querySelector('.form-error'))).toContain('do not match');
    }
    const locked = await attempt(app, u.email, 'wrong password again');
    expect(locked.status).toBe(429);
    const wait = retryAfter(locked);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(3);
    expect(text(locked.doc.querySelector('.form-error'))).toMatch(/Too many sign-in attempts for this account\. Try again in \d+ seconds?\./);
    // the email is kept on the form
    expect(locked.doc.querySelector('#f-email')?.getAttribute('value')).toBe(u.email);

    // the right password does not get through while the account is locked
    const right = await attempt(app, u.email, u.password);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBeTruthy();
    expect(right.doc.querySelector('.who')).toBeNull();
    // the lock is per account: someone else signs in fine
    expect((await attempt(app, bystander.email, bystander.password)).status).toBe(200);

    // once the window has passed, the right password works
    await new Promise((r) => setTimeout(r, retryAfter(right) * 1000 + 200));
    const later = await attempt(app, u.email, u.password);
    expect(later.status).toBe(200);
    expect(text(later.doc.querySelector('.who'))).toBe(u.display_name);
  });

  it('counts the account regardless of how the email is written', async () => {
    const u = await createUser(app.db);
    for (const email of [u.email, u.email.toUpperCase(), ` ${u.email} `]) {
      expect((await attempt(app, email, 'not the password')).status).toBe(422);
    }
    expect((await attempt(app, u.email, u.password)).status).toBe(429);
  });
});

describe('sign-in attempts per IP', () => {
  let app: TestApp;
  beforeAll(() => {
    app = apps.ipApp;
  });

  it('refuses further attempts from one network, whichever account they target', async () => {
    const users = await Promise.all([createUser(app.db), createUser(app.db), createUser(app.db)]);
    for (const [i, u] of users.entries()) expect((await attempt(app, u.email, `wrong ${i} password`)).status).toBe(422);
    expect((await attempt(app, 'nobody@example.test', 'whatever it is')).status).toBe(422);
    const refused = await attempt(app, users[0].email, users[0].password);
    expect(refused.status).toBe(429);
    retryAfter(refused);
    expect(text(refused.doc.querySelector('.form-error'))).toContain('Too many sign-in attempts from your network');
    expect(refused.doc.querySelector('.who')).toBeNull();
  });
});

describe('sign-ups per IP', () => {
  let app: TestApp;
  beforeAll(() => {
    app = apps.signUpApp;
  });

  async function signUp(email: string, display_name: string): Promise<Page> {
    const c = new Client(app.baseUrl);
    await c.get('/signup');
    return c.post('/users', { email, display_name, password: 'long enough password' });
  }

  it('allows a few sign-ups, then refuses with a message and stores nothing', async () => {
    // a form with errors does not count
    expect((await signUp('not-an-email', 'Typo')).status).toBe(422);
    expect((await signUp('first@example.test', 'First')).status).toBe(200);
    expect((await signUp('second@example.test', 'Second')).status).toBe(200);
    const refused = await signUp('third@example.test', 'Third');
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThan(60);
    expect(text(refused.doc.querySelector('.form-error'))).toMatch(/Too many sign-ups from your network\. Try again in \d+ minutes?\./);
    expect(refused.doc.querySelector('#f-email')?.getAttribute('value')).toBe('third@example.test');
    expect(refused.doc.querySelector('#f-display_name')?.getAttribute('value')).toBe('Third');
    expect(await app.db('users').where({ email: 'third@example.test' }).first()).toBeUndefined();
  });
});

describe('general per-IP limit', () => {
  let app: TestApp;
  beforeAll(() => {
    app = apps.generalApp;
  });

  it('answers 429 with Retry-After once the budget for the minute is spent', async () => {
    const c = new Client(app.baseUrl);
    for (let i = 0; i < 5; i++) expect((await c.get('/')).status).toBe(200);
    const page = await c.get('/');
    expect(page.status).toBe(429);
    const wait = retryAfter(page);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    const error = page.doc.querySelector('.error-page');
    expect(error?.getAttribute('data-status')).toBe('429');
    expect(text(error?.querySelector('h1'))).toBe('Slow down');
    expect(text(error)).toMatch(/Too many requests\. Try again in \d+ seconds?\./);
    // an htmx request gets the message in its flash area
    const frag = await c.get('/nav', { htmx: true });
    expect(frag.status).toBe(429);
    expect(frag.headers.get('hx-retarget')).toBe('#flash');
    expect(text(frag.doc.querySelector('.flash-error'))).toContain('Too many requests');
    // health checks are not counted against anyone
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });
});
