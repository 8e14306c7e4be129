import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';

/** The niceness a fresh process ends with after yieldToWeb(nice), having started at `from`. */
function niceAfter(nice: number, from = 0): number {
  const code = `import('./src/infra/priority.ts').then(({ yieldToWeb }) => { const os = require('node:os'); os.setPriority(0, ${from}); yieldToWeb(${nice}); console.log(os.getPriority(0)); })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: process.cwd(), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(r.stdout.trim());
}

describe('the worker yields the CPU to web processes', () => {
  const start = os.getPriority(0);

  it('runs at the configured niceness', () => {
    expect(niceAfter(10, start)).toBe(Math.max(10, start));
  });

  it('never raises a priority already lower, and 0 leaves it alone', () => {
    expect(niceAfter(5, Math.max(start, 12))).toBe(Math.max(start, 12));
    expect(niceAfter(0, start)).toBe(start);
  });
});
