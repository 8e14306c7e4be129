/**
 * The one source of "now". Tests move it with `clock.set()` / `clock.advance()`
 * so expiry, timeouts and schedules can be exercised without waiting.
 */
let offsetMs = 0;
let frozen: number | null = null;

export const clock = {
  now(): Date {
    return new Date(this.nowMs());
  },
  nowMs(): number {
    return frozen ?? Date.now() + offsetMs;
  },
  set(at: Date | null): void {
    frozen = at ? at.getTime() : null;
  },
  advance(ms: number): void {
    if (frozen !== null) frozen += ms;
    else offsetMs += ms;
  },
  reset(): void {
    offsetMs = 0;
    frozen = null;
  },
};
