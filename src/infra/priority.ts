import os from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (decision 040): where the worker
 * shares cores with web processes, a page or a live update waiting for a core
 * goes before a job. Never raises it (that needs privileges); 0 leaves it alone.
 */
export function yieldToWeb(nice: number): string | null {
  if (nice <= 0) return null;
  try {
    if (os.getPriority(0) < nice) os.setPriority(0, nice);
    return null;
  } catch (err) {
    return `could not lower the worker's CPU priority: ${err instanceof Error ? err.message : String(err)}`;
  }
}
