/**
 * Where a process spent its CPU, from a V8 CPU profile of a benchmark run
 * (`BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`): self time by
 * package (or by file of our own code, or V8's own entries such as the garbage
 * collector and socket writes), as a share of the busy time, counted from
 * `--skip` ms after the first sample in a function named `--from` (the page's
 * first render, say), so start-up does not count.
 *
 *   node bench/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile --from NotificationItem --skip 500 --top 40
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { place } from './frames.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, skip: { type: 'string', default: '500' }, top: { type: 'string', default: '40' } },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--from <function>] [--skip <ms>] [--top <n>]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

function hasFrame(id, name) {
  for (let x = id; x !== undefined; x = parent.get(x)) if (byId.get(x).callFrame.functionName === name) return true;
  return false;
}

let t = 0;
let from = values.from ? null : 0;
let busy = 0;
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  const id = profile.samples[i];
  if (from === null) {
    if (hasFrame(id, values.from)) from = t + Number(values.skip) * 1000;
    continue;
  }
  if (t < from) continue;
  const frame = byId.get(id).callFrame;
  if (frame.functionName === '(idle)') continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  busy += dt;
  const key = place(frame);
  self.set(key, (self.get(key) ?? 0) + dt);
}
if (from === null) {
  console.error(`no sample in a function named ${values.from}`);
  process.exit(1);
}
console.log(`busy ${(busy / 1000).toFixed(0)} ms`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))) {
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${key}`);
}
