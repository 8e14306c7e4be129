import type { Job } from 'bullmq';
import { gatewayFor } from '../../src/payments/gateway.js';
import { dailyRun, runReconciliation } from '../../src/payouts/reconciliation.js';
import type { Runtime } from '../../src/runtime.js';

/** One requested run (from a 'reconciliation.requested' event). */
export async function reconcileJob(rt: Runtime, job: Job): Promise<{ status: string | null }> {
  const run = await runReconciliation(rt.db, gatewayFor(rt.config, rt), Number(job.data?.payload?.runId));
  return { status: run?.status ?? null };
}

/** The daily run over yesterday (UTC). */
export async function reconcileDailyJob(rt: Runtime): Promise<{ status: string | null }> {
  const run = await dailyRun(rt.db);
  if (!run) return { status: null };
  const done = await runReconciliation(rt.db, gatewayFor(rt.config, rt), run.id);
  return { status: done?.status ?? null };
}
