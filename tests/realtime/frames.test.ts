import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFrame } from '../../src/realtime/hub.js';

const chunkOf = (frame: Buffer) => Buffer.concat([Buffer.from(`${frame.length.toString(16)}\r\n`), frame, Buffer.from('\r\n')]);

let server: http.Server | null = null;

/** Counts the writes of `chunk` straight to the response's socket. */
function countDirect(res: http.ServerResponse, chunk: Buffer): { n: number } {
  const count = { n: 0 };
  const socketWrite = res.socket!.write.bind(res.socket!);
  res.socket!.write = ((...args: Parameters<typeof socketWrite>) => {
    if (Buffer.isBuffer(args[0]) && args[0].equals(chunk)) count.n++;
    return socketWrite(...args);
  }) as typeof socketWrite;
  return count;
}
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** Serves one event stream whose frames `write` sends, and reads it as a client (whose parser refuses bad chunk framing). */
async function streamOf(write: (res: http.ServerResponse) => void, headers: Record<string, string> = {}): Promise<{ body: string; headers: http.IncomingHttpHeaders }> {
  server = http.createServer((_req, res) => {
    // as the compression middleware does it
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    res.write(':ok\n\n');
    write(res);
    setImmediate(() => res.end());
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ body, headers: res.headers }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('a frame written to an event stream', () => {
  it('arrives whole and in order, between what the response writes itself', async () => {
    const a = Buffer.from('event: bid\ndata: <p>€ 12</p>\n\n');
    const b = Buffer.from('id: 7\nevent: bid\ndata: <p>€ 13</p>\n\n');
    let direct = { n: 0 };
    const got = await streamOf((res) => {
      direct = countDirect(res, chunkOf(a));
      writeFrame(res, a, chunkOf(a));
      res.write(':\n\n');
      writeFrame(res, b, chunkOf(b));
    });
    expect(direct.n).toBe(1);
    expect(got.headers['transfer-encoding']).toBe('chunked');
    expect(got.body).toBe(':ok\n\n' + a.toString() + ':\n\n' + b.toString());
  });

  it('goes through the response when the answer is encoded by another layer', async () => {
    const a = Buffer.from('event: bid\ndata: x\n\n');
    let direct = { n: 0 };
    const got = await streamOf(
      (res) => {
        direct = countDirect(res, chunkOf(a));
        writeFrame(res, a, chunkOf(a));
      },
      { 'Content-Encoding': 'identity' },
    );
    expect(direct.n).toBe(0);
    expect(got.body).toBe(':ok\n\n' + a.toString());
  });
});
