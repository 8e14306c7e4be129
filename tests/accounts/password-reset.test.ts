import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { clock } from '../../src/lib/clock.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { emailsTo, linkIn, signedInClient, stillSignedIn } from './helpers.js';

let app: TestApp;
let limitedApp: TestApp;
beforeAll(async () => {
  [app, limitedApp] = await Promise.all([
    // the link is made and emailed by a job, after the answer
    startTestApp(),
    // every request comes from 127.0.0.1: a per-network limit high enough that only the per-address one is met
    startTestApp({ env: { RATE_RESET_PER_EMAIL: '2', RATE_RESET_PER_IP: '50' } }),
  ]);
});
afterAll(() => Promise.all([app?.stop(), limitedApp?.stop()]));
afterEach(() => clock.reset());

async function askForReset(a: TestApp, email: string) {
  const c = new Client(a.baseUrl);
  const form = await c.get('/signin');
  // the sign-in page offers it
  const link = form.doc.querySelectorAll('a').find((el) => text(el) === 'Forgot your password?');
  expect(link?.getAttribute('href')).toBe('/password-reset');
  await c.get('/password-reset');
  return c.post('/password-reset', { email });
}

/** The link of the `nth` reset email to an address, once the job has sent it. */
async function resetLink(a: TestApp, email: string, nth = 1): Promise<string> {
  const mails = await eventually(async () => {
    const m = await emailsTo(a, email, 'account.password_reset');
    return m.length >= nth ? m : null;
  });
  return linkIn(mails![nth - 1].text_body, '/password-reset/');
}

describe('asking for a reset link', () => {
  it('answers the same whether or not the address has an account, and writes only to a real one', async () => {
    const u = await createUser(app.db);
    const unknown = await askForReset(app, 'nobody-here@example.test');
    const known = await askForReset(app, u.email.toUpperCase());
    for (const page of [known, unknown]) {
      expect(page.status).toBe(200);
      expect(new URL(page.url).pathname).toBe('/password-reset/sent');
    }
    // the pages differ only by their CSRF tokens
    const withoutTokens = (html: string) => html.replace(/name="_csrf" value="[^"]*"|x-csrf-token&#34;:&#34;[^&]*/g, '');
    expect(withoutTokens(known.html)).toBe(withoutTokens(unknown.html));
    expect(text(known.doc.querySelector('#reset-sent'))).toContain('If an account uses that address');

    await resetLink(app, u.email);
    const mails = await emailsTo(app, u.email, 'account.password_reset');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Reset your Souk password');
    expect(mails[0].text_body).toContain('works once, for 30 minutes');
    // both requests were handed to the job alike; only the real address got a link
    await eventually(async () => (await app.db('outbox').where({ topic: 'password_reset.requested' }).whereNotNull('published_at')).length >= 2);
    expect(await emailsTo(app, 'nobody-here@example.test')).toHaveLength(0);
    // only a hash of the token is stored
    const link = await resetLink(app, u.email);
    const token = link.split('/').pop()!;
    const rows = await app.db('password_resets').where({ user_id: u.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a malformed address beside the field, and nothing is sent', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/password-reset');
    const page = await c.post('/password-reset', { email: 'not an address' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-email-error'))).toBe('Enter a valid email address.');
    expect(page.doc.querySelector('#f-email')?.getAttribute('value')).toBe('not an address');
  });
});

describe('setting a new password through the link', () => {
  it('sets it, signs the user out everywhere, and the link works only once', async () => {
    const u = await createUser(app.db);
    const elsewhere = await signedInClient(app, u);
    await askForReset(app, u.email);
    const link = await resetLink(app, u.email);

    const c = new Client(app.baseUrl);
    const form = await c.get(link);
    expect(form.status).toBe(200);
    expect(text(form.doc.querySelector('h1'))).toBe('Choose a new password');

    // two different passwords: refused beside the field, link still usable
    const mismatch = await c.post(link, { password: 'a brand new secret', password_confirmation: 'another secret entirely' });
    expect(mismatch.status).toBe(422);
    expect(text(mismatch.doc.querySelector('#f-password-confirmation-error'))).toBe('The two passwords are not the same.');
    const short = await c.post(link, { password: 'short', password_confirmation: 'short' });
    expect(short.status).toBe(422);
    expect(text(short.doc.querySelector('#f-password-error'))).toBe('Use at least 10 characters.');

    const done = await c.post(link, { password: 'a brand new secret', password_confirmation: 'a brand new secret' });
    expect(new URL(done.url).pathname).toBe('/signin');
    expect(text(done.doc.querySelector('main .notice'))).toContain('Your password was changed');
    const row = await app.db('users').where({ id: u.id }).first();
    expect(await verifyPassword(row.password_hash, 'a brand new secret')).toBe(true);

    // the session that existed before is over
    expect(await stillSignedIn(elsewhere)).toBe(false);
    // the old password no longer works, the new one does
    const old = await new Client(app.baseUrl).signIn(u.email, u.password);
    expect(text(old.doc.querySelector('.form-error'))).toContain('do not match');
    await signedInClient(app, { email: u.email, password: 'a brand new secret' });
    // the user is told by email
    expect((await emailsTo(app, u.email, 'account.password_changed')).length).toBe(1);

    // the same link again: refused, and the password stays
    const again = await new Client(app.baseUrl).get(link);
    expect(again.status).toBe(410);
    expect(text(again.doc.querySelector('h1'))).toBe('This link no longer works');
    const c2 = new Client(app.baseUrl);
    await c2.get('/password-reset');
    const replay = await c2.post(link, { password: 'someone elses choice', password_confirmation: 'someone elses choice' });
    expect(replay.status).toBe(410);
    const after = await app.db('users').where({ id: u.id }).first();
    expect(await verifyPassword(after.password_hash, 'a brand new secret')).toBe(true);
  });

  it('expires: a link older than 30 minutes is refused and changes nothing', async () => {
    const u = await createUser(app.db);
    await askForReset(app, u.email);
    const link = await resetLink(app, u.email);
    clock.advance(29 * 60_000);
    expect((await new Client(app.baseUrl).get(link)).status).toBe(200);
    clock.advance(2 * 60_000);
    const c = new Client(app.baseUrl);
    const page = await c.get(link);
    expect(page.status).toBe(410);
    await c.get('/password-reset');
    const post = await c.post(link, { password: 'too late for this', password_confirmation: 'too late for this' });
    expect(post.status).toBe(410);
    const row = await app.db('users').where({ id: u.id }).first();
    expect(await verifyPassword(row.password_hash, u.password)).toBe(true);
  });

  it('a newer link replaces the older one', async () => {
    const u = await createUser(app.db);
    await askForReset(app, u.email);
    const first = await resetLink(app, u.email);
    await askForReset(app, u.email);
    const second = await resetLink(app, u.email, 2);
    expect(second).not.toBe(first);
    expect((await new Client(app.baseUrl).get(first)).status).toBe(410);
    expect((await new Client(app.baseUrl).get(second)).status).toBe(200);
  });

  it('refuses made-up and malformed tokens', async () => {
    for (const path of ['/password-reset/' + 'A'.repeat(43), '/password-reset/short', `/password-reset/${'a-'.repeat(30)}`]) {
      const page = await new Client(app.baseUrl).get(path);
      expect(page.status).toBe(410);
    }
  });
});

describe('rate limit', () => {
  it('limits requests per address, the same for an address with or without an account', async () => {
    const u = await createUser(limitedApp.db);
    for (const email of [u.email, 'no-account@example.test']) {
      for (let i = 0; i < 2; i++) expect(new URL((await askForReset(limitedApp, email)).url).pathname).toBe('/password-reset/sent');
      const limited = await askForReset(limitedApp, email);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(text(limited.doc.querySelector('#forgot-form .form-error'))).toMatch(/^Too many reset requests for this address\. Try again in \d+ minutes?\.$/);
      expect(limited.doc.querySelector('#f-email')?.getAttribute('value')).toBe(email);
    }
    // two emails went out, not three
    await resetLink(limitedApp, u.email, 2);
    expect(await emailsTo(limitedApp, u.email, 'account.password_reset')).toHaveLength(2);
  });
});
