import type { Job } from 'bullmq';
import { completeOnDownload } from '../../src/orders/fulfilment.js';
import type { Runtime } from '../../src/runtime.js';

/** After `download.completed`: the digital part is complete and the seller paid (a second run finds it completed). */
export async function completeDownloadJob(rt: Runtime, job: Job): Promise<{ result: string }> {
  const r = await completeOnDownload(rt.db, Number(job.data?.payload?.sellerOrderId));
  return { result: r.ok ? 'completed' : r.message };
}
