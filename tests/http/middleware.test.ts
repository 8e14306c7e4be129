import express from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/http/security-headers.js';
import { startTestApp, type TestApp } from '../app.js';
import { Client } from '../http.js';

/** The headers a one-route app answers with behind `mw` (Date and the connection's own left out). */
async function headersBehind(mw: express.RequestHandler): Promise<[string, string][]> {
  const app = express();
  app.use(mw);
  app.get('/', (_req, res) => {
    res.setHeader('X-Powered-By', 'something');
    res.send('x');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await res.text();
    return [...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k));
  } finally {
    server.close();
  }
}

describe('security headers worked out once', () => {
  for (const secure of [true, false]) {
    it(`answers exactly helmet's headers (cookies ${secure ? '' : 'not '}secure)`, async () => {
      const options: HelmetOptions = {
        contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], frameAncestors: ["'none'"], upgradeInsecureRequests: secure ? [] : null } },
        strictTransportSecurity: secure,
      };
      const expected = await headersBehind(helmet(options));
      expect(expected.some(([k]) => k === 'content-security-policy')).toBe(true);
      expect(await headersBehind(securityHeaders(options))).toEqual(expected);
    });
  }

  it('refuses a directive computed per request rather than freezing it', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } } })).toThrow(/per request/);
  });
});

describe('routes found by their first segment', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app?.stop());

  it('matches paths as Express does: any case, a trailing slash, nothing for an unknown segment', async () => {
    const c = new Client(app.baseUrl);
    for (const path of ['/signin', '/SignIn', '/signin/', '/help']) expect((await c.get(path)).status, path).toBe(200);
    for (const path of ['/no-such-page', '/signinx', '/signin-x/help']) expect((await c.get(path)).status, path).toBe(404);
  });
});
