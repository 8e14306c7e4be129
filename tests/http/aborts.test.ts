import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { isClientAbort } from '../../src/http/aborts.js';

/** A server that streams `source()` to each request with pipeline, and reports how that ended. */
async function streamingServer(source: () => Readable) {
  let ended!: (r: { err: unknown; res: http.ServerResponse }) => void;
  const outcome = new Promise<{ err: unknown; res: http.ServerResponse }>((r) => (ended = r));
  const server = http.createServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    try {
      await pipeline(source(), res);
      ended({ err: null, res });
    } catch (err) {
      ended({ err, res });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, outcome, close: () => new Promise((r) => server.close(r)) };
}

/** Endless bytes, a chunk at a time. */
const endless = () => new Readable({ read() { this.push(Buffer.alloc(64 * 1024, 1)); } });

describe('a client that goes away mid-answer', () => {
  it('is recognised as the client closing the connection, not a server error', async () => {
    const s = await streamingServer(endless);
    try {
      await new Promise<void>((resolve) => {
        const req = http.get(s.url, (res) => res.once('data', () => { req.destroy(); resolve(); }));
        req.on('error', () => {});
      });
      const { err, res } = await s.outcome;
      expect(err).toBeTruthy();
      expect(res.writableFinished).toBe(false);
      expect(isClientAbort(err)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('still treats a source that fails mid-file as an error', async () => {
    let n = 0;
    const failing = () => new Readable({ read() { if (++n > 3) this.destroy(new Error('disk read failed')); else this.push(Buffer.alloc(1024)); } });
    const s = await streamingServer(failing);
    try {
      const got = await new Promise<void>((resolve) => {
        const req = http.get(s.url, (res) => { res.resume(); res.on('close', resolve); res.on('error', () => resolve()); });
        req.on('error', () => resolve());
      });
      void got;
      const { err } = await s.outcome;
      expect((err as Error).message).toBe('disk read failed');
      expect(isClientAbort(err)).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('knows the codes Node uses for it', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']) expect(isClientAbort(Object.assign(new Error('x'), { code }))).toBe(true);
    expect(isClientAbort(new Error('aborted'))).toBe(true);
    expect(isClientAbort(Object.assign(new Error('relation does not exist'), { code: '42P01' }))).toBe(false);
    expect(isClientAbort(null)).toBe(false);
  });
});
