/**
 * Garbage collection of a process under a benchmark, preloaded into it:
 *
 *   BENCH_NODE_ARGS="--import ./bench/gc-stats.mjs" BENCH_WEB=dist npm run bench:pages
 *   BENCH_BARE_NODE_ARGS="--import ./bench/gc-stats.mjs" …   # the same-work baseline
 *
 * When the process is stopped (SIGTERM, as the benchmarks stop their children)
 * it writes gc-<pid>.json to the system's temporary folder: per kind of collection (young generation, mark-compact, incremental,
 * weak callbacks) how many ran, their total and longest pause, and for the young
 * generation what was still alive after each and how much the old generation
 * grew meanwhile (what it promoted). The sizes are read when the observer runs,
 * a little after each collection, so they are close, not exact.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'young generation',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
const kinds = {};
let aliveAfterYoung = 0;
let promoted = 0;
let lastOld = null;

function spaceUsed(spaces, name) {
  return spaces.find((s) => s.space_name === name)?.space_used_size ?? 0;
}

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail?.kind] ?? String(entry.detail?.kind);
    const k = (kinds[kind] ??= { count: 0, totalMs: 0, longestMs: 0 });
    k.count++;
    k.totalMs += entry.duration;
    k.longestMs = Math.max(k.longestMs, entry.duration);
    if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MINOR) continue;
    const spaces = v8.getHeapSpaceStatistics();
    aliveAfterYoung += spaceUsed(spaces, 'new_space');
    const old = spaceUsed(spaces, 'old_space');
    if (lastOld !== null && old > lastOld) promoted += old - lastOld;
    lastOld = old;
  }
}).observe({ entryTypes: ['gc'] });

process.prependListener('SIGTERM', () => {
  const young = kinds['young generation'];
  const perYoung = (bytes) => (young ? Math.round(bytes / young.count / 1024) : null);
  const report = {
    pid: process.pid,
    kinds,
    youngGeneration: young ? { averageMs: young.totalMs / young.count, aliveAfterKB: perYoung(aliveAfterYoung), promotedKB: perYoung(promoted) } : null,
    cpu: process.cpuUsage(),
  };
  writeFileSync(path.join(os.tmpdir(), `gc-${process.pid}.json`), `${JSON.stringify(report, null, 2)}\n`);
});
