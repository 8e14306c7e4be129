import type { Job } from 'bullmq';
import { requestPasswordReset } from '../../src/accounts/password-reset.js';
import type { Runtime } from '../../src/runtime.js';

/**
 * After a reset was asked for (`password_reset.requested`): the link and its email, when the
 * address has an account. Done here, not in the request, so the answer takes as long whether
 * or not the account exists.
 */
export async function sendPasswordResetJob(rt: Runtime, job: Job): Promise<void> {
  const p = job.data?.payload ?? {};
  if (typeof p.email !== 'string' || typeof p.base !== 'string') return;
  await requestPasswordReset(rt.db, { email: p.email, base: p.base, minutes: rt.config.PASSWORD_RESET_MINUTES });
}
