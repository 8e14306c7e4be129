import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { compressible } from '../../src/http/compress.js';
import { LiveBus } from '../../src/realtime/bus.js';
import { publishPartial } from '../../src/realtime/publish.js';
import { streams } from '../../src/realtime/streams.js';
import { createRedis } from '../../src/redis.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { parseSseFrame } from '../sse.js';

let app: TestApp;
let redis: Redis;
let bus: LiveBus;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
  redis = createRedis(app.redisUrl);
  bus = new LiveBus(redis, app.redisPrefix);
});
afterAll(async () => {
  redis?.disconnect();
  await app?.stop();
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that sees the bytes on the wire (fetch would decompress them silently). */
function raw(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, app.baseUrl), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function decode(r: Raw): string {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(r.body).toString('utf8');
  if (enc === 'gzip') return gunzipSync(r.body).toString('utf8');
  return r.body.toString('utf8');
}

/** The URLs of the stylesheet and scripts the home page links to. */
async function pageAssets(): Promise<{ css: string; js: string[] }> {
  // the search page uses htmx, so it names every script a page can have but the SSE extension
  const doc = parse(decode(await raw('/search')));
  return {
    css: doc.querySelector('link[rel=stylesheet]')!.getAttribute('href')!,
    js: doc.querySelectorAll('script[src]').map((s) => s.getAttribute('src')!),
  };
}

describe('compression', () => {
  it('sends the HTML page brotli-compressed to a browser that takes brotli, gzip to one that takes gzip, plain to one that takes neither', async () => {
    const plain = await raw('/');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const text = plain.body.toString('utf8');
    expect(text).toContain('<!doctype html>');

    const br = await raw('/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
    expect(decode(br)).toContain('<!doctype html>');

    const gz = await raw('/', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
    expect(decode(gz)).toContain('</html>');
  });

  it('sends the stylesheet and htmx compressed, htmx in well under half its size', async () => {
    const { css, js } = await pageAssets();
    const htmx = js.find((src) => src.includes('htmx.min'))!;
    for (const url of [css, htmx, ...js]) {
      const plain = await raw(url);
      expect(plain.status, url).toBe(200);
      for (const [ask, expected] of [['br, gzip', 'br'], ['gzip', 'gzip']] as const) {
        const r = await raw(url, { 'accept-encoding': ask });
        expect(r.headers['content-encoding'], url).toBe(expected);
        expect(decode(r), url).toBe(plain.body.toString('utf8'));
      }
    }
    const plainHtmx = await raw(htmx);
    const brHtmx = await raw(htmx, { 'accept-encoding': 'br' });
    expect(brHtmx.body.length).toBeLessThan(plainHtmx.body.length / 2.5);
    // a plain (unhashed) URL named by an older page is compressed too
    const old = await raw('/static/app.css', { 'accept-encoding': 'gzip' });
    expect(old.headers['content-encoding']).toBe('gzip');
  });

  it('leaves already-compressed answers (images, archives, PDFs) and event streams alone', () => {
    const decide = (type: string) => compressible({ headers: {} } as Request, { getHeader: (h: string) => (h.toLowerCase() === 'content-type' ? type : undefined) } as unknown as Response);
    expect(decide('text/html; charset=utf-8')).toBe(true);
    expect(decide('text/css; charset=utf-8')).toBe(true);
    expect(decide('text/javascript; charset=utf-8')).toBe(true);
    expect(decide('application/json; charset=utf-8')).toBe(true);
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'application/zip', 'application/pdf', 'application/octet-stream', 'text/event-stream']) expect(decide(type), type).toBe(false);
  });

  it('live events reach a browser that accepts compression one by one, uncompressed, as they happen', async () => {
    const name = streams.auction(900_000 + Math.floor(Math.random() * 1000));
    const frames: { event: string; data: string }[] = [];
    let headers: http.IncomingHttpHeaders = {};
    const req = http.get(
      new URL(`/events?streams=${encodeURIComponent(name)}`, app.baseUrl),
      { headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip, deflate, br' } },
      (res) => {
        headers = res.headers;
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const frame = parseSseFrame(buf.slice(0, i));
            buf = buf.slice(i + 2);
            if (frame) frames.push(frame);
          }
        });
      },
    );
    req.on('error', () => {});
    try {
      await eventually(() => headers['content-type']);
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      expect(headers['content-encoding']).toBeUndefined();
      // each event arrives on its own, before the next is sent: nothing holds them back
      for (const price of ['€1.00', '€2.00', '€3.00']) {
        const part = `<p id="auction-price">${price}</p>`;
        await eventually(async () => {
          await publishPartial(bus, name, 'auction-price', part);
          return eventually(() => frames.some((f) => f.data === part), 2000);
        });
      }
    } finally {
      req.destroy();
    }
  });
});
