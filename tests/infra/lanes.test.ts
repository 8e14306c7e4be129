import { describe, expect, it } from 'vitest';
import { LaneFull, lanes } from '../../src/lib/lanes.js';

/** A piece of work that finishes only when the test says so. */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { done, open, fail };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('lanes', () => {
  it('keeps at most `depth` calls of one key in flight and starts the rest in the order they came', async () => {
    const l = lanes<number>(2);
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const runs = gates.map((g, i) => l.run(7, async () => (started.push(i), await g.done, i)));
    await settled();
    expect(started).toEqual([0, 1]);
    expect(l.size(7)).toEqual({ running: 2, waiting: 3 });

    gates[1].open(); // the second finishes first: the third takes its place
    await settled();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    await settled();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(l.size(7)).toEqual({ running: 0, waiting: 0 });
  });

  it('runs other keys beside a full lane', async () => {
    const l = lanes<string>(1);
    const hot = gate();
    const first = l.run('hot', () => hot.done);
    const other = await l.run('quiet', async () => 'answered');
    expect(other).toBe('answered');
    expect(l.size('hot').running).toBe(1);
    hot.open();
    await first;
  });

  it('passes the slot on when work fails, and the failure reaches its caller', async () => {
    const l = lanes<number>(1);
    const g = gate();
    const failing = l.run(1, () => g.done);
    const next = l.run(1, async () => 'next ran');
    g.fail(new Error('statement failed'));
    await expect(failing).rejects.toThrow('statement failed');
    expect(await next).toBe('next ran');
    expect(l.size(1)).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses work beyond `maxWaiting` in line without running it, and takes it again once the line moves', async () => {
    const l = lanes<number>(1, 2);
    const g = gate();
    let ran = 0;
    const first = l.run(1, () => g.done);
    const waiting = [l.run(1, async () => ran++), l.run(1, async () => ran++)];
    await expect(l.run(1, async () => ran++)).rejects.toBeInstanceOf(LaneFull);
    expect(l.size(1)).toEqual({ running: 1, waiting: 2 });
    g.open();
    await Promise.all([first, ...waiting]);
    expect(ran).toBe(2);
    expect(await l.run(1, async () => 'taken again')).toBe('taken again');
  });

  it('refuses a depth below one', () => {
    expect(() => lanes(0)).toThrow();
  });
});
