/**
 * Lanes: at most `depth` calls in flight per key in this process, the rest waiting
 * in the order they came. Work on one hot row (a bid on one auction) waits here,
 * in line, instead of as many database sessions queued on the row lock: the
 * database serializes them all the same, with fewer sessions to wake and in the
 * order they arrived. Keys with nothing in flight hold no memory.
 */
export interface Lanes<K> {
  /** runs `work` in the key's lane; rejects with LaneFull, without running it, when `maxWaiting` already wait */
  run<T>(key: K, work: () => Promise<T>): Promise<T>;
  /** calls in flight and waiting for a key (for tests and metrics) */
  size(key: K): { running: number; waiting: number };
}

/** A lane's line is full: the work was not run. */
export class LaneFull extends Error {
  constructor() {
    super('too many waiting in this lane');
  }
}

interface Lane {
  running: number;
  waiting: (() => void)[];
}

export function lanes<K>(depth: number, maxWaiting = Infinity): Lanes<K> {
  if (!(depth >= 1)) throw new Error('a lane needs a depth of at least 1');
  const open = new Map<K, Lane>();

  const release = (key: K, lane: Lane) => {
    const next = lane.waiting.shift();
    if (next) return next(); // the slot passes straight to the next in line
    lane.running--;
    if (lane.running === 0) open.delete(key);
  };

  return {
    async run<T>(key: K, work: () => Promise<T>): Promise<T> {
      let lane = open.get(key);
      if (!lane) open.set(key, (lane = { running: 0, waiting: [] }));
      if (lane.running < depth) lane.running++;
      else if (lane.waiting.length >= maxWaiting) throw new LaneFull();
      else await new Promise<void>((resolve) => lane!.waiting.push(resolve));
      try {
        return await work();
      } finally {
        release(key, lane);
      }
    },
    size(key: K) {
      const lane = open.get(key);
      return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
    },
  };
}
