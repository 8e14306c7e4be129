import type { Job } from 'bullmq';
import { delayUntil, endBoost, sweepBoosts } from '../../src/boosts/boosts.js';
import { findBoost } from '../../src/boosts/queries.js';
import type { Runtime } from '../../src/runtime.js';

export const END_BOOST_JOB = 'end-boost';

/** The delayed job's id: one per boost, so scheduling twice queues it once. */
export const endJobId = (boostId: number) => `boost-end-${boostId}`;

/** After a purchase commits: queue the boost's end at its ends_at. */
export async function scheduleBoostEndJob(rt: Runtime, job: Job): Promise<{ delay: number } | null> {
  const boost = await findBoost(rt.db, Number(job.data?.payload?.boostId));
  if (!boost) return null;
  const delay = delayUntil(boost.ends_at);
  await rt.queues.listings.add(END_BOOST_JOB, { boostId: boost.id }, { delay, jobId: endJobId(boost.id) });
  return { delay };
}

/** Ends one boost when it is due (a job that fires early leaves it to the sweep). */
export async function endBoostJob(rt: Runtime, job: Job): Promise<{ result: string }> {
  return { result: await endBoost(rt.db, Number(job.data?.boostId)) };
}

/** The periodic safety net. */
export async function sweepBoostsJob(rt: Runtime): Promise<{ ended: number }> {
  return { ended: await sweepBoosts(rt.db) };
}
