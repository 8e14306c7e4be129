import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function signedIn(app: TestApp, user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(user.email, user.password);
  expect(page.status).toBe(200);
  expect(page.doc.querySelector('.who')).toBeTruthy();
  return c;
}

/** A signed-in request; false when the server sent the client to sign in. */
async function stillSignedIn(c: Client): Promise<boolean> {
  const page = await c.get('/notifications', { follow: false });
  if (page.status === 200) return true;
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toContain('/signin');
  return false;
}

// Three apps with different session settings, started side by side.
let idleApp: TestApp;
let absoluteApp: TestApp;
let plainApp: TestApp;
beforeAll(async () => {
  [idleApp, absoluteApp, plainApp] = await Promise.all([
    // 0.01 minutes = 0.6 s without a request ends the session
    startTestApp({ worker: false, env: { SESSION_IDLE_MINUTES: '0.01' } }),
    // 0.0005 hours = 1.8 s after sign-in, however active; idle limit 0.6 s
    startTestApp({ worker: false, env: { SESSION_IDLE_MINUTES: '0.01', SESSION_ABSOLUTE_HOURS: '0.0005' } }),
    startTestApp({ worker: false }),
  ]);
});
afterAll(() => Promise.all([idleApp?.stop(), absoluteApp?.stop(), plainApp?.stop()]));

describe('session lifetime', () => {
  describe('idle timeout', () => {
    const app = () => idleApp;

    it('keeps an active session and ends an idle one', async () => {
      const u = await createUser(app().db);
      const c = await signedIn(app(), u);
      // activity keeps it alive past the idle limit
      const start = Date.now();
      while (Date.now() - start < 1000) {
        expect(await stillSignedIn(c)).toBe(true);
        await sleep(200);
      }
      // then nothing for longer than the limit
      await sleep(1300);
      expect(await stillSignedIn(c)).toBe(false);
      const home = await c.get('/');
      expect(home.doc.querySelector('.who')).toBeNull();
      // signing in again works
      await signedIn(app(), u);
    });
  });

  describe('absolute timeout', () => {
    const app = () => absoluteApp;

    it('ends a session at its absolute lifetime even while it is in use', async () => {
      const u = await createUser(app().db);
      const c = await signedIn(app(), u);
      const start = Date.now();
      // in use beyond the idle limit: still signed in
      while (Date.now() - start < 1000) {
        expect(await stillSignedIn(c)).toBe(true);
        await sleep(150);
      }
      // still in use, but the absolute lifetime runs out
      let ended = false;
      while (!ended && Date.now() - start < 6000) {
        ended = !(await stillSignedIn(c));
        if (!ended) await sleep(150);
      }
      expect(ended).toBe(true);
      // and stays ended: the old cookie is worthless now
      expect(await stillSignedIn(c)).toBe(false);
      // a new sign-in starts a new lifetime
      const again = await signedIn(app(), u);
      expect(await stillSignedIn(again)).toBe(true);
    });
  });

  describe('cookies and the admin CLI', () => {
    const app = () => plainApp;

    it('the session cookie is HttpOnly and SameSite=Lax', async () => {
      const u = await createUser(app().db);
      const c = new Client(app().baseUrl);
      await c.get('/signin');
      const res = await fetch(`${app().baseUrl}/session`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `souk.vid=${c.cookie('souk.vid')}; souk.csrf=${c.cookie('souk.csrf')}`,
        },
        body: new URLSearchParams({ email: u.email, password: u.password, _csrf: c.csrf }).toString(),
      });
      expect(res.status).toBe(303);
      const cookies = res.headers.getSetCookie();
      const sid = cookies.find((k) => k.startsWith('souk.sid='));
      expect(sid).toBeTruthy();
      const attrs = sid!.split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toContain('httponly');
      expect(attrs).toContain('samesite=lax');
      expect(attrs).toContain('path=/');
      expect(attrs).not.toContain('secure'); // plain http in tests; production sets Secure

      // the CSRF cookie a visitor gets with the form is not readable by scripts either
      const form = await fetch(`${app().baseUrl}/signin`);
      const csrf = form.headers.getSetCookie().find((k) => k.startsWith('souk.csrf='));
      expect(csrf).toBeTruthy();
      const csrfAttrs = csrf!.split(';').map((a) => a.trim().toLowerCase());
      expect(csrfAttrs).toContain('httponly');
      expect(csrfAttrs).toContain('samesite=lax');
    });

    const run = promisify(execFile);
    const adminCreate = (args: string[], env: Record<string, string> = {}) =>
      run('npm', ['run', '--silent', 'admin:create', '--', ...args], {
        cwd: process.cwd(),
        env: { ...process.env, DATABASE_URL: app().databaseUrl, ...env },
        timeout: 30_000,
      });

    it('npm run admin:create creates an admin who can sign in and reach the admin pages', async () => {
      const email = 'ops-admin@example.test';
      const password = 'a sturdy admin password';
      const { stdout } = await adminCreate([email, 'Ops', 'Admin'], { ADMIN_PASSWORD: password });
      expect(stdout).toContain(`Admin ${email} created.`);
      expect(stdout).not.toContain(password);
      const row = await app().db('users').where({ email }).first();
      expect(row).toMatchObject({ is_admin: true, display_name: 'Ops Admin' });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);

      const c = await signedIn(app(), { email, password });
      const page = await c.get('/admin/users');
      expect(page.status).toBe(200);
      expect(text(page.doc.querySelector('h1'))).toBe('Users');
      expect(page.doc.querySelector('#nav')?.getAttribute('data-role')).toBe('admin');
    });

    it('npm run admin:create promotes an existing user, keeping their password', async () => {
      const u = await createUser(app().db);
      const before = await signedIn(app(), u);
      expect((await before.get('/admin/users')).status).toBe(403);

      const { stdout } = await adminCreate([u.email]);
      expect(stdout).toContain(`${u.email} is now an admin.`);
      expect((await app().db('users').where({ id: u.id }).first()).is_admin).toBe(true);
      expect(await app().db('users').where({ email: u.email })).toHaveLength(1);

      const c = await signedIn(app(), u);
      expect((await c.get('/admin/users')).status).toBe(200);
    });
  });
});
