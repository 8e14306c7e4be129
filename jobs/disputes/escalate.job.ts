import { escalateDue } from '../../src/disputes/disputes.js';
import type { Runtime } from '../../src/runtime.js';

/** Every minute: open disputes past their deadline go to the admins (a Postgres sweep, so a lost queue loses nothing). */
export async function escalateDisputesJob(rt: Runtime): Promise<{ escalated: number }> {
  return { escalated: await escalateDue(rt.db) };
}
