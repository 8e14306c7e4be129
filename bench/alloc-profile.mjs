/**
 * What a process under a benchmark allocates, and where, preloaded into it:
 *
 *   BENCH_NODE_ARGS="--import ./bench/alloc-profile.mjs" BENCH_WEB=dist BENCH_WORKLOADS=miss npm run bench:pages
 *
 * V8's sampling heap profiler runs from the start, keeping the samples of objects
 * the garbage collector has already freed (the default keeps only the living), so
 * the profile counts everything allocated, short-lived garbage included. When the
 * process is stopped (SIGTERM, as the benchmarks stop their children) it writes
 * alloc-<pid>.heapprofile (for Chrome's DevTools) and alloc-<pid>.txt, the bytes
 * allocated by function and by package, to the system's temporary folder.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { place } from './frames.mjs';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });

function summary(profile) {
  const byFunction = new Map();
  const byPlace = new Map();
  let total = 0;
  const walk = (node) => {
    const bytes = node.selfSize;
    if (bytes) {
      total += bytes;
      const f = node.callFrame;
      const where = place(f, f.functionName || 'native');
      const fn = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + bytes);
      byPlace.set(where, (byPlace.get(where) ?? 0) + bytes);
    }
    for (const c of node.children) walk(c);
  };
  walk(profile.head);
  const lines = [`allocated ${(total / 1048576).toFixed(1)} MB (sampled)`, '', 'by package or file:'];
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  for (const [k, v] of top(byPlace, 30)) lines.push(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  lines.push('', 'by function:');
  for (const [k, v] of top(byFunction, 50)) lines.push(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  return `${lines.join('\n')}\n`;
}

process.prependListener('SIGTERM', () => {
  let done = false;
  session.post('HeapProfiler.stopSampling', (err, result) => {
    done = true;
    if (err) return;
    const dir = os.tmpdir();
    writeFileSync(path.join(dir, `alloc-${process.pid}.heapprofile`), JSON.stringify(result.profile));
    writeFileSync(path.join(dir, `alloc-${process.pid}.txt`), summary(result.profile));
  });
  // the inspector answers on this thread: the reply has come when post returns
  if (!done) console.error('alloc-profile: no profile written');
});
