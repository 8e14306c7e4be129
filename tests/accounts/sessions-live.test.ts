import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, eventually, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import type { Client } from '../http.js';
import { collectSseFrames } from '../sse.js';
import { signedInClient } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.stop());

/** Opens the user's own live stream as a page of this client would, collecting its events. */
async function openStream(c: Client, userId: number) {
  const abort = new AbortController();
  const res = await fetch(`${app.baseUrl}/events?streams=user:${userId}`, { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}`, accept: 'text/event-stream' }, signal: abort.signal });
  const events: { event: string; data: string }[] = [];
  if (res.ok) collectSseFrames(res.body!, events);
  return { status: res.status, events, abort };
}

describe('sign out everywhere else, on open pages', () => {
  it('ends the other device’s live stream and sends its page to sign in, while this device stays signed in and reconnects', async () => {
    const u = await createUser(app.db);
    const laptop = await signedInClient(app, u);
    const phone = await signedInClient(app, u);
    const phoneStream = await openStream(phone, u.id);
    const laptopStream = await openStream(laptop, u.id);
    expect(phoneStream.status).toBe(200);
    expect(laptopStream.status).toBe(200);

    await laptop.get('/account/settings');
    const done = await laptop.post('/account/sessions', {}, { method: 'DELETE' });
    expect(done.doc.querySelector('#flash')?.textContent).toContain('Signed out of 1 other session.');

    // every open page of the user hears that sessions ended
    await eventually(() => phoneStream.events.some((e) => e.event === 'session-ended'));
    await eventually(() => laptopStream.events.some((e) => e.event === 'session-ended'));

    // each page asks about its own session: the phone is sent to sign in, the laptop stays
    const phoneCheck = await phone.get('/session', { htmx: true, follow: false });
    expect(phoneCheck.headers.get('hx-redirect')).toBe('/signin?reason=ended');
    const laptopCheck = await laptop.get('/session', { htmx: true, follow: false });
    expect(laptopCheck.status).toBe(204);

    // only the surviving session can open a stream again
    const again = await openStream(laptop, u.id);
    expect(again.status).toBe(200);
    again.abort.abort();
    const refused = await openStream(phone, u.id);
    expect(refused.status).toBe(401);
    phoneStream.abort.abort();
    laptopStream.abort.abort();
  });
});
