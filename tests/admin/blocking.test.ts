import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { liftExpiredBlocks } from '../../src/accounts/blocking.js';
import { clock } from '../../src/lib/clock.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());
afterEach(() => clock.reset());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(user.email, user.password);
  expect(page.status).toBe(200);
  expect(text(page.doc.querySelector('.who'))).toBeTruthy();
  return c;
}

/** The admin on the user's page, ready to submit the block form. */
async function adminOn(userId: number): Promise<Client> {
  const admin = await createAdmin(app.db);
  const a = await signedIn(admin);
  const page = await a.get(`/admin/users/${userId}`);
  expect(page.status).toBe(200);
  return a;
}

async function isSignedIn(c: Client): Promise<boolean> {
  const page = await c.get('/notifications', { follow: false });
  if (page.status === 200) return true;
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toContain('/signin');
  return false;
}

function inHours(h: number): string {
  // the form's datetime-local value, read as UTC
  return new Date(clock.nowMs() + h * 3600_000).toISOString().slice(0, 16);
}

describe('blocking a user', () => {
  it('ends every session of the user at once, refuses their sign-in and audits it', async () => {
    const user = await createUser(app.db);
    const phone = await signedIn(user);
    const laptop = await signedIn(user);
    expect(await isSignedIn(phone)).toBe(true);
    expect(await isSignedIn(laptop)).toBe(true);

    const a = await adminOn(user.id);
    const page = await a.post(`/admin/users/${user.id}/block`, { reason: 'Repeated spam listings', until: '' });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('#flash'))).toContain('2 sessions ended');
    expect(text(page.doc.querySelector('#block-status h2'))).toBe('Blocked');
    expect(text(page.doc.querySelector('#block-status'))).toContain('Repeated spam listings');

    // both devices are signed out, without waiting for anything
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(false);
    const home = await phone.get('/');
    expect(home.doc.querySelector('.who')).toBeNull();
    expect(home.doc.querySelector('#nav')?.getAttribute('data-role')).toBe('visitor');

    // and cannot sign in again, with a clear message
    const again = new Client(app.baseUrl);
    const refused = await again.signIn(user.email, user.password);
    expect(refused.status).toBe(403);
    expect(text(refused.doc.querySelector('.form-error'))).toContain('This account is blocked');
    expect(await isSignedIn(again)).toBe(false);

    const audit = await app.db('audit_log').where({ subject_type: 'user', subject_id: user.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'user.block', reason: 'Repeated spam listings' });
    expect(audit[0].before).toMatchObject({ blocked_at: null });
    expect(audit[0].after).toMatchObject({ blocked_reason: 'Repeated spam listings', blocked_until: null });
    // the history on the admin's page shows it
    expect(text(page.doc.querySelector('.history'))).toContain('user.block');

    // the blocked user is told why once they can read it (the notification exists)
    await eventually(() => app.db('notifications').where({ user_id: user.id, kind: 'account.blocked' }).first());
  });

  it('requires a reason and changes nothing without one', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const a = await adminOn(user.id);
    const page = await a.post(`/admin/users/${user.id}/block`, { reason: ' ', until: '' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#block-form #f-reason-error'))).toContain('reason');
    const row = await app.db('users').where({ id: user.id }).first();
    expect(row.blocked_at).toBeNull();
    expect(await app.db('audit_log').where({ subject_type: 'user', subject_id: user.id })).toHaveLength(0);
    expect(await isSignedIn(c)).toBe(true);
  });

  it('refuses an end date in the past and keeps the input', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const a = await adminOn(user.id);
    const page = await a.post(`/admin/users/${user.id}/block`, { reason: 'Chargeback fraud', until: '2020-01-01T10:00' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-until-error'))).toContain('in the future');
    expect(page.doc.querySelector('#f-reason')?.getAttribute('value')).toBe('Chargeback fraud');
    expect(page.doc.querySelector('#f-until')?.getAttribute('value')).toBe('2020-01-01T10:00');
    expect((await app.db('users').where({ id: user.id }).first()).blocked_at).toBeNull();
    expect(await isSignedIn(c)).toBe(true);
  });

  it('an admin cannot block themselves', async () => {
    const admin = await createAdmin(app.db);
    const a = await signedIn(admin);
    await a.get(`/admin/users/${admin.id}`);
    const page = await a.post(`/admin/users/${admin.id}/block`, { reason: 'Testing the limits', until: '' });
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#block-status .form-error'))).toContain('cannot block yourself');
    expect((await app.db('users').where({ id: admin.id }).first()).blocked_at).toBeNull();
    expect(await isSignedIn(a)).toBe(true);
  });

  it('unblocking with a reason restores sign-in', async () => {
    const user = await createUser(app.db);
    const a = await adminOn(user.id);
    await a.post(`/admin/users/${user.id}/block`, { reason: 'Abusive messages', until: '' });

    const noReason = await a.post(`/admin/users/${user.id}/block`, { reason: '' }, { method: 'DELETE' });
    expect(noReason.status).toBe(422);
    expect(text(noReason.doc.querySelector('#unblock-form #f-reason-error'))).toContain('reason');
    expect((await app.db('users').where({ id: user.id }).first()).blocked_at).not.toBeNull();

    const page = await a.post(`/admin/users/${user.id}/block`, { reason: 'Apologised; second chance' }, { method: 'DELETE' });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('#flash'))).toContain('User unblocked');
    expect(page.doc.querySelector('#block-form')).toBeTruthy();

    const c = new Client(app.baseUrl);
    const signedInPage = await c.signIn(user.email, user.password);
    expect(signedInPage.status).toBe(200);
    expect(await isSignedIn(c)).toBe(true);
    const audit = await app.db('audit_log').where({ subject_type: 'user', subject_id: user.id }).orderBy('id');
    expect(audit.map((r) => r.action)).toEqual(['user.block', 'user.unblock']);
    expect(audit[1].reason).toBe('Apologised; second chance');
  });

  it('a timed block is lifted once its end has passed', async () => {
    const user = await createUser(app.db);
    const a = await adminOn(user.id);
    const page = await a.post(`/admin/users/${user.id}/block`, { reason: 'Cooling-off period', until: inHours(2) });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('#block-status'))).toContain('until');

    // before the end: still blocked, nothing to lift
    expect(await liftExpiredBlocks(app.db)).toBe(0);
    const early = await new Client(app.baseUrl).signIn(user.email, user.password);
    expect(early.status).toBe(403);
    expect(text(early.doc.querySelector('.form-error'))).toContain('blocked until');

    clock.advance(3 * 3600_000);
    expect(await liftExpiredBlocks(app.db)).toBe(1);
    const row = await app.db('users').where({ id: user.id }).first();
    expect(row.blocked_at).toBeNull();
    expect(row.blocked_until).toBeNull();
    const lifted = await app.db('audit_log').where({ subject_type: 'user', subject_id: user.id, action: 'user.unblock' }).first();
    expect(lifted.actor_id).toBeNull();

    const c = new Client(app.baseUrl);
    expect((await c.signIn(user.email, user.password)).status).toBe(200);
    expect(await isSignedIn(c)).toBe(true);
    // running it again lifts nothing more
    expect(await liftExpiredBlocks(app.db)).toBe(0);
  });

  it('tells the blocked user’s open page through its stream, which then closes', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 10_000);
    const res = await fetch(`${app.baseUrl}/events?streams=user:${user.id}`, {
      headers: { cookie: `souk.sid=${c.cookie('souk.sid')}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');

    const received = (async () => {
      let body = '';
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return body;
        body += decoder.decode(value, { stream: true });
      }
    })();

    const a = await adminOn(user.id);
    await a.post(`/admin/users/${user.id}/block`, { reason: 'Account takeover suspected', until: '' });

    // the stream ends by itself (the reader finishes) after the session-ended event
    const body = await received;
    clearTimeout(timer);
    // frames carry their id first (replay on reconnect), then the event
    const frames = body.split('\n\n').filter((f) => /^event:/m.test(f));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('event: session-ended');

    // the page's hidden element then asks GET /session, which sends it to sign in
    const check = await c.get('/session', { htmx: true, follow: false });
    expect(check.headers.get('hx-redirect')).toBe('/signin?reason=ended');
    const signin = await c.get(check.headers.get('hx-redirect')!);
    expect(text(signin.doc.querySelector('main'))).toContain('signed out');
  });
});
