import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

async function metrics(): Promise<string> {
  const res = await fetch(new URL('/metrics', app.baseUrl));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/plain/);
  return res.text();
}

/** The value of one sample line, e.g. `souk_sse_connections 1`. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe('health and readiness', () => {
  it('/healthz answers ok', async () => {
    const res = await fetch(new URL('/healthz', app.baseUrl));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('/readyz reports Postgres and Redis', async () => {
    const res = await fetch(new URL('/readyz', app.baseUrl));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ postgres: 'ok', redis: 'ok' });
  });
});

describe('metrics', () => {
  it('counts requests by route and status', async () => {
    const c = new Client(app.baseUrl);
    await c.get('/signin');
    await c.get('/no-such-page');
    const body = await metrics();
    expect(body).toContain('# TYPE souk_http_requests_total counter');
    expect(sample(body, 'souk_http_requests_total', { method: 'GET', route: '/signin', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'souk_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    // unknown URLs are folded into one label, so scanners cannot blow up the series count
    expect(body).not.toContain('no-such-page');
  });

  it('reports queue depths per queue and state', async () => {
    const body = await metrics();
    expect(body).toContain('# TYPE souk_queue_jobs gauge');
    for (const queue of ['notifications', 'maintenance']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(body, 'souk_queue_jobs', { queue, state }), `${queue}/${state}`).toBeTypeOf('number');
      }
    }
  });

  it('reports open SSE connections', async () => {
    expect(await metrics()).toContain('# TYPE souk_sse_connections gauge');
    const u = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(u.email, u.password);
    const before = sample(await metrics(), 'souk_sse_connections') ?? 0;
    const ac = new AbortController();
    const res = await fetch(new URL(`/events?streams=user:${u.id}`, app.baseUrl), { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}` }, signal: ac.signal });
    expect(res.status).toBe(200);
    expect(sample(await metrics(), 'souk_sse_connections')).toBe(before + 1);
    ac.abort();
    await res.body?.cancel().catch(() => {});
    await eventually(async () => sample(await metrics(), 'souk_sse_connections') === before);
  });
});

describe('every response', () => {
  it('carries an X-Request-Id', async () => {
    const c = new Client(app.baseUrl);
    const seen = new Set<string>();
    const pages = [
      await c.get('/'),
      await c.get('/signin'),
      await c.get('/no-such-page'),
      await c.get('/notifications', { follow: false }),
      await c.get('/static/app.css'),
      await c.get('/static/vendor/htmx.min.js'),
      await c.get('/healthz'),
      await c.get('/readyz'),
      await c.get('/metrics'),
      await c.post('/session', {}, { csrf: false, follow: false }),
    ];
    for (const p of pages) {
      const id = p.headers.get('x-request-id');
      expect(id, p.url).toMatch(/^[\w-]{8,64}$/);
      seen.add(id!);
    }
    expect(seen.size).toBe(pages.length);
  });

  it('keeps a well-formed incoming request id and replaces a bad one', async () => {
    const c = new Client(app.baseUrl);
    const kept = await c.get('/signin', { headers: { 'x-request-id': 'edge-proxy-1234abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-proxy-1234abcd');
    const replaced = await c.get('/signin', { headers: { 'x-request-id': 'bad id\twith <stuff>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[\w-]{8,64}$/);
    expect(replaced.headers.get('x-request-id')).not.toContain('stuff');
  });

  it('has a CSP that allows no inline script, and the pages need none', async () => {
    const c = new Client(app.baseUrl);
    for (const path of ['/', '/signin', '/signup', '/no-such-page']) {
      const page = await c.get(path);
      const csp = page.headers.get('content-security-policy');
      expect(csp, path).toBeTruthy();
      const directives = Object.fromEntries(
        csp!
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name, values]),
      );
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(directives['script-src-attr'] ?? ["'none'"]).toEqual(["'none'"]);
      // every script is a same-origin file, and no element carries an inline handler
      for (const s of page.doc.querySelectorAll('script')) {
        expect(s.getAttribute('src'), path).toMatch(/^\/static\//);
        expect(s.textContent.trim()).toBe('');
      }
      for (const el of page.doc.querySelectorAll('*')) {
        for (const attr of Object.keys(el.attributes)) expect(attr.toLowerCase(), path).not.toMatch(/^on/);
        expect(el.getAttribute('href') ?? '', path).not.toMatch(/^javascript:/i);
      }
    }
  });
});
