import type { Job } from 'bullmq';
import { gatewayFor } from '../../src/payments/gateway.js';
import { sendPayout } from '../../src/payouts/sending.js';
import type { Runtime } from '../../src/runtime.js';

/** The payout id, from a 'payout.approved' event or from the resume sweep. */
export function payoutIdOf(data: { payoutId?: unknown; payload?: { payoutId?: unknown } }): number {
  return Number(data.payload?.payoutId ?? data.payoutId);
}

/** Sends one approved payout through the gateway; safe to run twice (see sendPayout). */
export async function sendPayoutJob(rt: Runtime, job: Job): Promise<{ status: string | null }> {
  const status = await sendPayout(rt.db, gatewayFor(rt.config, rt), payoutIdOf(job.data));
  return { status };
}
