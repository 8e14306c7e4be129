/**
 * What the property tests that run operations in killed child processes share:
 * a seeded PRNG and a worker process that reports each finished operation and
 * is killed with SIGKILL at a chosen point.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small deterministic PRNG, so a seed reproduces the split and the kill points too. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface WorkerRun<R> {
  /** what the worker reported, by operation index */
  reported: Map<number, R>;
  killed: boolean;
  finished: boolean;
}

export interface WorkerSpec<R> {
  /** the worker script, run as `node --import tsx <script> <database url> <seed> <plan file>` */
  script: string;
  databaseUrl: string;
  seed: number;
  /** written to a JSON file the worker reads */
  plan: unknown;
  /** names the worker in errors */
  name: string;
  /** reads one reported line ("op …"): the operation's index and what it reports, or null for another line */
  parse(line: string): [index: number, report: R] | null;
  /** kill it with SIGKILL `delayMs` after it has reported `afterOps` operations (mostly while its next ones are in flight); null: let it finish */
  kill: { afterOps: number; delayMs: number } | null;
  /** the processes still running, for a test that must kill the others when one fails */
  live?: Set<ChildProcess>;
}

/** Runs one worker process; resolves once it finished or was killed as planned, rejects with its stderr otherwise. */
export function runWorker<R>(spec: WorkerSpec<R>): Promise<WorkerRun<R>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'souk-worker-'));
  const file = path.join(dir, `${spec.name}.json`);
  writeFileSync(file, JSON.stringify(spec.plan));
  const proc = spawn(process.execPath, ['--import', 'tsx', spec.script, spec.databaseUrl, String(spec.seed), file], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spec.live?.add(proc);
  const run: WorkerRun<R> = { reported: new Map(), killed: false, finished: false };
  const kill = spec.kill;
  let stderr = '';
  let buf = '';
  let armed = false;
  proc.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-6000)));
  proc.stdout.setEncoding('utf8').on('data', (s: string) => {
    buf += s;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const op = spec.parse(line);
      if (op) run.reported.set(op[0], op[1]);
      else if (line === 'finished') run.finished = true;
      if (kill && !armed && !run.finished && run.reported.size >= kill.afterOps) {
        armed = true;
        setTimeout(() => {
          if (!run.finished) run.killed = proc.kill('SIGKILL');
        }, kill.delayMs);
      }
    }
  });
  return new Promise((resolve, reject) => {
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      spec.live?.delete(proc);
      rmSync(dir, { recursive: true, force: true });
      if (signal === 'SIGKILL' && run.killed) return resolve(run);
      if (code === 0 && run.finished) return resolve(run);
      reject(new Error(`${spec.name} exited with ${code ?? signal}:\n${stderr}`));
    });
  });
}
