import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForHttp } from '../../src/infra/ready.js';
import { eventually } from '../app.js';
import { createTestEnv, type TestEnv } from '../db.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let t: TestEnv;
/** a port where nothing listens: taken from the OS, then released */
let deadPort: number;

beforeAll(async () => {
  t = await createTestEnv();
  deadPort = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
});
afterAll(async () => {
  await t?.drop();
});

interface Run {
  out: string;
  err: string;
  code: number | null;
}

/** Runs an entry point to its end, collecting what it prints; kills it if it outlives the test. */
function runEntry(entry: string, env: NodeJS.ProcessEnv): { result: Run; done: Promise<Run> } {
  const result: Run = { out: '', err: '', code: null };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => (result.out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (result.err += c.toString()));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve(Object.assign(result, { code }))));
  setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
  return { result, done };
}

describe('start-up with a service that does not answer', () => {
  for (const entry of ['src/main.ts', 'jobs/worker.ts']) {
    it(`${entry}: a REDIS_URL that does not answer gives one line naming it and a non-zero exit`, async () => {
      const url = `redis://127.0.0.1:${deadPort}`;
      const { result, done } = runEntry(entry, { ...t.env, REDIS_URL: url, PORT: '0', LOG_LEVEL: 'info' });
      await eventually(() => result.code !== null, 55_000);
      const run = await done;
      expect(run.code).not.toBe(0);
      const lines = `${run.out}${run.err}`.split('\n').filter((l) => l.trim());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('REDIS_URL');
      expect(lines[0]).toContain(url);
      expect(lines[0]).not.toMatch(/ at .+:\d+:\d+/);
    }, 60_000);
  }

  it('src/main.ts: a DATABASE_URL that does not answer gives one line naming it, without its password', async () => {
    const url = `postgres://souk:s3cret-pass@127.0.0.1:${deadPort}/souk`;
    const { result, done } = runEntry('src/main.ts', { ...t.env, DATABASE_URL: url, PORT: '0' });
    await eventually(() => result.code !== null, 55_000);
    const run = await done;
    expect(run.code).not.toBe(0);
    const lines = `${run.out}${run.err}`.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('DATABASE_URL');
    expect(lines[0]).toContain(`127.0.0.1:${deadPort}`);
    expect(lines[0]).not.toContain('s3cret-pass');
  }, 60_000);

  it('npm start: a REDIS_URL that does not answer stops it with one line and a non-zero exit', async () => {
    const url = `redis://127.0.0.1:${deadPort}`;
    const { result, done } = runEntry('src/dev.ts', { ...t.env, REDIS_URL: url, PORT: '0' });
    await eventually(() => result.code !== null, 55_000);
    const run = await done;
    expect(run.code).not.toBe(0);
    const lines = `${run.out}${run.err}`.split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`REDIS_URL: Redis at ${url} does not answer`);
    expect(run.out).not.toContain('running');
  }, 60_000);
});

describe('waiting for the web process to answer', () => {
  it('resolves only once the server answers, and gives up when the process is gone', async () => {
    let answering = false;
    const srv = http.createServer((_req, res) => {
      res.statusCode = answering ? 200 : 503;
      res.end();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const { port } = srv.address() as net.AddressInfo;
    try {
      let ready = false;
      const waiting = waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 20_000, everyMs: 20 }).then(() => (ready = true));
      // it keeps asking while the server answers 503
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/`)).status === 503);
      expect(ready).toBe(false);
      answering = true;
      await waiting;
      expect(ready).toBe(true);
      let gone = false;
      const givingUp = waitForHttp(`http://127.0.0.1:${deadPort}/healthz`, { timeoutMs: 20_000, everyMs: 20, gaveUp: () => gone });
      gone = true;
      await expect(givingUp).rejects.toThrow(/stopped before/);
    } finally {
      srv.close();
    }
  });
});
