import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../../src/main.js';
import { emit } from '../../src/outbox/outbox.js';
import { LiveBus } from '../../src/realtime/bus.js';
import { publishPartial } from '../../src/realtime/publish.js';
import { streams } from '../../src/realtime/streams.js';
import { createRedis } from '../../src/redis.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createApplication, createUser } from '../factories.js';
import { Client } from '../http.js';
import { parseSseFrame } from '../sse.js';

interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** One open event stream, read the way EventSource reads it. */
class Stream {
  readonly events: SseEvent[] = [];
  ended = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
    body: ReadableStream<Uint8Array>,
  ) {
    void this.read(body);
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const parsed = parseSseFrame(frame);
          if (parsed) this.events.push(parsed);
        }
        this.wake();
      }
    } catch {
      /* aborted */
    }
    this.ended = true;
    this.wake();
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first event (already received or still to come) that matches. */
  async next(match: (e: SseEvent) => boolean, timeoutMs = 8000): Promise<SseEvent> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.ended) throw new Error(`stream ended without the event; got ${JSON.stringify(this.events)}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`event not received; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has ended the stream. */
  async closed(timeoutMs = 8000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > end) throw new Error('stream still open');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close() {
    this.abort.abort();
  }
}

let app: TestApp;
let redis: Redis;
let bus: LiveBus;
const open: Stream[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000' } });
  redis = createRedis(app.redisUrl);
  bus = new LiveBus(redis, app.redisPrefix);
});
afterAll(async () => {
  for (const s of open) s.close();
  redis?.disconnect();
  await app?.stop();
});

async function connect(
  baseUrl: string,
  c: Client | null,
  names: string,
  lastEventId?: string,
): Promise<{ status: number; headers: Headers; stream?: Stream; body?: string }> {
  const ac = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  const sid = c?.cookie('souk.sid');
  if (sid) headers.cookie = `souk.sid=${sid}`;
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const res = await fetch(new URL(`/events?streams=${encodeURIComponent(names)}`, baseUrl), { headers, signal: ac.signal, redirect: 'manual' });
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    return { status: res.status, headers: res.headers, body: await res.text() };
  }
  const stream = new Stream(res.status, res.headers, ac, res.body!);
  open.push(stream);
  return { status: res.status, headers: res.headers, stream };
}

async function signedIn(baseUrl: string, user: { email: string; password: string }): Promise<Client> {
  const c = new Client(baseUrl);
  await c.signIn(user.email, user.password);
  expect(c.cookie('souk.sid')).toBeTruthy();
  return c;
}

/** A number no other test file's auctions or listings use, so public streams here are this test's own. */
let seq = 900_000 + Math.floor(Math.random() * 90_000);
const fresh = () => ++seq;

describe('who may listen', () => {
  it('a visitor asking for a private stream gets 401 and no stream', async () => {
    for (const names of ['user:1', 'admin', `${streams.auction(1)},user:1`]) {
      const r = await connect(app.baseUrl, null, names);
      expect(r.status, names).toBe(401);
      expect(r.stream, names).toBeUndefined();
      expect(r.headers.get('content-type'), names).toMatch(/text\/html/);
    }
    for (const names of ['', 'auction:abc', 'listing:0', 'nothing:1']) {
      const r = await connect(app.baseUrl, null, names);
      expect(r.status, names).toBe(403);
      expect(r.stream, names).toBeUndefined();
    }
  });

  it('a visitor may open public streams without signing in', async () => {
    const r = await connect(app.baseUrl, null, `${streams.auction(fresh())},${streams.listing(fresh())}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(r.headers.get('cache-control')).toContain('no-cache');
    r.stream!.close();
  });

  it("a visitor's public stream sets no cookie and is rate limited like any request", async () => {
    const limited = await startTestApp({ worker: false, env: { RATE_GENERAL_PER_MINUTE: '3' } });
    try {
      const names = `${streams.auction(fresh())},${streams.listing(fresh())}`;
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await connect(limited.baseUrl, null, names));
      for (const r of answers.slice(0, 3)) {
        expect(r.status).toBe(200);
        expect(r.headers.get('set-cookie')).toBeNull();
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        r.stream!.close();
      }
      expect(answers[3].status).toBe(429);
      expect(Number(answers[3].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answers[3].body).toMatch(/Too many requests/);
    } finally {
      await limited.stop();
    }
  });

  it("a user may not hear another user's stream or the admin stream", async () => {
    const a = await createUser(app.db);
    const b = await createUser(app.db);
    const c = await signedIn(app.baseUrl, a);
    for (const names of [`user:${b.id}`, 'admin', `user:${a.id},user:${b.id}`, `user:${a.id},admin`, 'user:0', `auction:1,user:${b.id}`, '']) {
      const r = await connect(app.baseUrl, c, names);
      expect(r.status, names).toBe(403);
      expect(r.stream, names).toBeUndefined();
    }
    const own = await connect(app.baseUrl, c, `user:${a.id}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('cache-control')).toContain('no-cache');
    own.stream!.close();
    const withPublic = await connect(app.baseUrl, c, `user:${a.id},${streams.auction(fresh())}`);
    expect(withPublic.status).toBe(200);
    withPublic.stream!.close();
  });

  it('an admin may hear the admin stream', async () => {
    const admin = await createAdmin(app.db);
    const c = await signedIn(app.baseUrl, admin);
    const r = await connect(app.baseUrl, c, `user:${admin.id},admin`);
    expect(r.status).toBe(200);
    await bus.publish({ stream: 'admin', event: 'applications', data: 'changed' });
    expect((await r.stream!.next((e) => e.event === 'applications')).data).toBe('changed');
    r.stream!.close();
  });
});

describe('delivery', () => {
  it("a user's message reaches that user only", async () => {
    const a = await createUser(app.db);
    const b = await createUser(app.db);
    const sa = (await connect(app.baseUrl, await signedIn(app.baseUrl, a), `user:${a.id}`)).stream!;
    const sb = (await connect(app.baseUrl, await signedIn(app.baseUrl, b), `user:${b.id}`)).stream!;

    await bus.publish({ stream: `user:${a.id}`, event: 'notifications', data: 'for-a\nsecond line' });
    expect((await sa.next((e) => e.event === 'notifications')).data).toBe('for-a\nsecond line');

    // a later message to B arrives after anything earlier would have: B never saw A's
    await bus.publish({ stream: `user:${b.id}`, event: 'marker', data: 'for-b' });
    await sb.next((e) => e.event === 'marker');
    expect(sb.events.map((e) => e.data)).not.toContain('for-a\nsecond line');
    expect(sb.events.filter((e) => e.event === 'notifications')).toEqual([]);
    sa.close();
    sb.close();
  });

  it('fans out to clients on two web processes', async () => {
    const web2 = await startWeb(app.env);
    try {
      const base2 = `http://127.0.0.1:${web2.port}`;
      const admin1 = await createAdmin(app.db);
      const admin2 = await createAdmin(app.db);
      const s1 = (await connect(app.baseUrl, await signedIn(app.baseUrl, admin1), 'admin')).stream!;
      const s2 = (await connect(base2, await signedIn(base2, admin2), 'admin')).stream!;
      await bus.publish({ stream: 'admin', event: 'applications', data: 'once' });
      expect((await s1.next((e) => e.data === 'once')).event).toBe('applications');
      expect((await s2.next((e) => e.data === 'once')).event).toBe('applications');
      // published once, delivered once per connection
      await bus.publish({ stream: 'admin', event: 'marker', data: 'after' });
      await s1.next((e) => e.event === 'marker');
      await s2.next((e) => e.event === 'marker');
      expect(s1.events.filter((e) => e.data === 'once')).toHaveLength(1);
      expect(s2.events.filter((e) => e.data === 'once')).toHaveLength(1);
      s1.close();
      s2.close();
    } finally {
      await web2.stop();
    }
  });

  it('a committed notification.created event reaches its user through the relay', async () => {
    const a = await createUser(app.db);
    const b = await createUser(app.db);
    const sa = (await connect(app.baseUrl, await signedIn(app.baseUrl, a), `user:${a.id}`)).stream!;
    const sb = (await connect(app.baseUrl, await signedIn(app.baseUrl, b), `user:${b.id}`)).stream!;
    await app.db.transaction((trx) => emit(trx, 'notification.created', { userId: a.id, notificationId: 1 }));
    expect((await sa.next((e) => e.event === 'notifications')).data).toBe('changed');
    await bus.publish({ stream: `user:${b.id}`, event: 'marker', data: 'x' });
    await sb.next((e) => e.event === 'marker');
    expect(sb.events.filter((e) => e.event === 'notifications')).toEqual([]);
    sa.close();
    sb.close();
  });

  it('an event in a rolled-back transaction is never pushed', async () => {
    const a = await createUser(app.db);
    const sa = (await connect(app.baseUrl, await signedIn(app.baseUrl, a), `user:${a.id}`)).stream!;
    await expect(
      app.db.transaction(async (trx) => {
        await emit(trx, 'notification.created', { userId: a.id, notificationId: 1 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await app.drainOutbox();
    // a later committed event arrives; the rolled-back one never did
    await app.db.transaction((trx) => emit(trx, 'seller_application.decided', { userId: a.id, status: 'rejected', reason: 'Too vague' }));
    await sa.next((e) => e.event === 'account');
    await sa.next((e) => e.event === 'notifications');
    expect(sa.events.filter((e) => e.event === 'notifications')).toHaveLength(1);
    sa.close();
  });

  it('an admin decision reaches the applicant live: account change, then the new notification', async () => {
    const applicant = await createUser(app.db);
    const application = await createApplication(app.db, applicant.id);
    const admin = await createAdmin(app.db);
    const sa = (await connect(app.baseUrl, await signedIn(app.baseUrl, applicant), `user:${applicant.id}`)).stream!;
    const adminClient = await signedIn(app.baseUrl, admin);
    const sAdmin = (await connect(app.baseUrl, adminClient, 'admin')).stream!;
    await adminClient.get('/admin/seller-applications');
    const page = await adminClient.post(`/admin/seller-applications/${application.id}/approval`, {});
    expect(page.status).toBe(200);
    await sa.next((e) => e.event === 'account');
    await sa.next((e) => e.event === 'notifications');
    await sAdmin.next((e) => e.event === 'applications');
    const n = await app.db('notifications').where({ user_id: applicant.id }).first();
    expect(n.kind).toBe('seller.approved');
    sa.close();
    sAdmin.close();
  });

  it("blocking a user ends their open streams after telling them", async () => {
    const u = await createUser(app.db);
    const admin = await createAdmin(app.db);
    const su = (await connect(app.baseUrl, await signedIn(app.baseUrl, u), `user:${u.id}`)).stream!;
    const ac = await signedIn(app.baseUrl, admin);
    await ac.get(`/admin/users/${u.id}`);
    await ac.post(`/admin/users/${u.id}/block`, { reason: 'Spam listings' });
    expect((await su.next((e) => e.event === 'session-ended')).data).toBe('blocked');
    await su.closed();
  });
});

describe('public streams', () => {
  const partial = (price: string) => `<section id="auction-price" sse-swap="auction-price" hx-swap="outerHTML"><p class="price">${price}</p></section>`;

  it('a visitor receives a partial pushed on a public stream, with an id and no token', async () => {
    const auction = streams.auction(fresh());
    const s = (await connect(app.baseUrl, null, auction)).stream!;
    const id = await publishPartial(bus, auction, 'auction-price', partial('€12.00'));
    const got = await s.next((e) => e.event === 'auction-price');
    expect(got.data).toBe(partial('€12.00'));
    expect(got.id).toBe(String(id));
    expect(got.data).not.toMatch(/csrf/i);
    s.close();
  });

  it('a partial carrying a token, or meant for a private stream, is never pushed', async () => {
    const auction = streams.auction(fresh());
    const s = (await connect(app.baseUrl, null, auction)).stream!;
    await expect(publishPartial(bus, auction, 'bid-form', '<form><input type="hidden" name="_csrf" value="t0ken"></form>')).rejects.toThrow(/token/);
    await expect(publishPartial(bus, auction, 'bid-form', `<div hx-headers='{"x-csrf-token":"t0ken"}'></div>`)).rejects.toThrow(/token/);
    await expect(publishPartial(bus, 'user:1', 'balance', '<p>€5.00</p>')).rejects.toThrow(/public/);
    await publishPartial(bus, auction, 'marker', '<p>after</p>');
    await s.next((e) => e.event === 'marker');
    expect(s.events.map((e) => e.event)).toEqual(['marker']);
    s.close();
  });

  it('a browser reconnecting with Last-Event-ID gets what it missed, on either web process', async () => {
    const auction = streams.auction(fresh());
    const other = streams.auction(fresh());
    const s = (await connect(app.baseUrl, null, auction)).stream!;
    await publishPartial(bus, auction, 'auction-price', partial('€1.00'));
    const seen = await s.next((e) => e.event === 'auction-price');
    s.close();
    // while it is away: two changes on its stream, one on a stream it does not watch
    await publishPartial(bus, auction, 'auction-price', partial('€2.00'));
    await publishPartial(bus, other, 'auction-price', partial('€9.00'));
    await publishPartial(bus, auction, 'auction-bids', '<p>2 bids</p>');
    // give the hub time to have the messages before asking for them
    await new Promise((r) => setTimeout(r, 200));

    const again = (await connect(app.baseUrl, null, auction, seen.id)).stream!;
    await again.next((e) => e.event === 'auction-bids');
    expect(again.events.map((e) => e.data)).toEqual([partial('€2.00'), '<p>2 bids</p>']);
    again.close();

    // without an id (a new page) nothing is replayed: the page was rendered with the current state
    const fresh1 = (await connect(app.baseUrl, null, auction)).stream!;
    await publishPartial(bus, auction, 'marker', 'now');
    await fresh1.next((e) => e.event === 'marker');
    expect(fresh1.events.map((e) => e.event)).toEqual(['marker']);
    fresh1.close();

    // the other web process kept the same history with the same ids, though nobody listened there
    const web2 = await startWeb(app.env);
    try {
      await publishPartial(bus, auction, 'auction-price', partial('€3.00'));
      await new Promise((r) => setTimeout(r, 200));
      const on2 = (await connect(`http://127.0.0.1:${web2.port}`, null, auction, seen.id)).stream!;
      await on2.next((e) => e.data === partial('€3.00'));
      // web2 started after €2.00 was published: it replays what it has, in order
      expect(on2.events.map((e) => e.data)).toEqual([partial('€3.00')]);
      on2.close();
      // a garbage id replays nothing
      const bad = (await connect(`http://127.0.0.1:${web2.port}`, null, auction, 'x')).stream!;
      await publishPartial(bus, auction, 'marker', 'after-bad');
      await bad.next((e) => e.data === 'after-bad');
      expect(bad.events.map((e) => e.data)).toEqual(['after-bad']);
      bad.close();
    } finally {
      await web2.stop();
    }
  });

  it('a replay on several streams sends each one only its own missed messages', async () => {
    const a = await createUser(app.db);
    const c = await signedIn(app.baseUrl, a);
    const auction = streams.auction(fresh());
    const s = (await connect(app.baseUrl, c, `user:${a.id},${auction}`)).stream!;
    const first = await bus.publish({ stream: `user:${a.id}`, event: 'wallet', data: 'changed' });
    await s.next((e) => e.event === 'wallet');
    s.close();
    await bus.publish({ stream: auction, event: 'auction-price', data: '<p>€4</p>' });
    await bus.publish({ stream: `user:${a.id}`, event: 'auction-outbid', data: 'changed' });
    await bus.publish({ stream: 'user:0', event: 'wallet', data: 'someone else' });
    await new Promise((r) => setTimeout(r, 200));
    const again = (await connect(app.baseUrl, c, `user:${a.id},${auction}`, String(first))).stream!;
    await again.next((e) => e.event === 'auction-outbid');
    await again.next((e) => e.event === 'auction-price');
    expect(again.events.map((e) => e.event).sort()).toEqual(['auction-outbid', 'auction-price']);
    again.close();
  });

  it('a partial pushed once reaches visitors on two web processes once each', async () => {
    const web2 = await startWeb(app.env);
    try {
      const auction = streams.auction(fresh());
      const s1 = (await connect(app.baseUrl, null, auction)).stream!;
      const s2 = (await connect(`http://127.0.0.1:${web2.port}`, null, auction)).stream!;
      await publishPartial(bus, auction, 'auction-price', partial('€7.00'));
      await s1.next((e) => e.event === 'auction-price');
      await s2.next((e) => e.event === 'auction-price');
      await publishPartial(bus, auction, 'marker', 'after');
      await s1.next((e) => e.event === 'marker');
      await s2.next((e) => e.event === 'marker');
      expect(s1.events.filter((e) => e.event === 'auction-price')).toHaveLength(1);
      expect(s2.events.filter((e) => e.event === 'auction-price')).toHaveLength(1);
      s1.close();
      s2.close();
    } finally {
      await web2.stop();
    }
  });

  it('a change made through one web process reaches its user connected to another', async () => {
    const web2 = await startWeb(app.env);
    try {
      const base2 = `http://127.0.0.1:${web2.port}`;
      const applicant = await createUser(app.db);
      const application = await createApplication(app.db, applicant.id);
      const admin = await createAdmin(app.db);
      const sa = (await connect(base2, await signedIn(base2, applicant), `user:${applicant.id}`)).stream!;
      const adminClient = await signedIn(app.baseUrl, admin);
      await adminClient.get('/admin/seller-applications');
      expect((await adminClient.post(`/admin/seller-applications/${application.id}/approval`, {})).status).toBe(200);
      await sa.next((e) => e.event === 'account');
      expect((await sa.next((e) => e.event === 'notifications')).id).toMatch(/^\d+$/);
      sa.close();
    } finally {
      await web2.stop();
    }
  });
});
