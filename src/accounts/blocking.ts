import { fromWallTime } from '../lib/locale.js';
import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { isBlocked } from './accounts.js';
import { expiredBlocks, lockUser, updateBlock } from './queries.js';

export const blockSchema = z.object({
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters.').max(500, 'Use at most 500 characters.'),
  until: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      // a datetime-local value has no zone: it is read in the admin's, as the form says
      const d = fromWallTime(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'Enter a valid date and time.' });
        return z.NEVER;
      }
      if (d.getTime() <= clock.nowMs()) {
        ctx.addIssue({ code: 'custom', message: 'The end must be in the future.' });
        return z.NEVER;
      }
      return d;
    }),
});

export const unblockSchema = z.object({
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters.').max(500, 'Use at most 500 characters.'),
});

export type BlockResult = { ok: true } | { ok: false; message: string };

/**
 * Blocks a user (with a reason and an optional end). The caller then ends their
 * sessions; the `user.blocked` event tells their open pages and notifies them.
 */
export async function blockUser(
  db: Knex,
  actorId: number,
  userId: number,
  input: { reason: string; until: Date | null },
): Promise<BlockResult> {
  if (actorId === userId) return { ok: false, message: 'You cannot block yourself.' };
  return db.transaction(async (trx) => {
    const user = await lockUser(trx, userId);
    if (!user) return { ok: false, message: 'No such user.' };
    if (user.is_admin) return { ok: false, message: 'Admins cannot be blocked here.' };
    const before = { blocked_at: user.blocked_at, blocked_until: user.blocked_until, blocked_reason: user.blocked_reason };
    const after = { blocked_at: clock.now(), blocked_until: input.until, blocked_reason: input.reason };
    await updateBlock(trx, userId, after);
    await audit(trx, { actorId, action: 'user.block', subjectType: 'user', subjectId: userId, reason: input.reason, before, after });
    await emit(trx, 'user.blocked', { userId, reason: input.reason, until: input.until?.toISOString() ?? null });
    return { ok: true } as const;
  });
}

/** Lifts a block; `actorId` null means the block ran out on its own. */
export async function unblockUser(db: Knex, actorId: number | null, userId: number, reason: string): Promise<BlockResult> {
  return db.transaction(async (trx) => {
    const user = await lockUser(trx, userId);
    if (!user) return { ok: false, message: 'No such user.' };
    if (!user.blocked_at) return { ok: false, message: 'This user is not blocked.' };
    const before = { blocked_at: user.blocked_at, blocked_until: user.blocked_until, blocked_reason: user.blocked_reason };
    await updateBlock(trx, userId, { blocked_at: null, blocked_until: null, blocked_reason: null });
    await audit(trx, { actorId, action: 'user.unblock', subjectType: 'user', subjectId: userId, reason, before, after: null });
    await emit(trx, 'user.unblocked', { userId, reason });
    return { ok: true } as const;
  });
}

/** Clears blocks whose end date has passed (run on a schedule). */
export async function liftExpiredBlocks(db: Knex): Promise<number> {
  const rows = await expiredBlocks(db, clock.now());
  let n = 0;
  for (const { id } of rows) {
    const user = await db('users').where({ id }).first();
    if (user && user.blocked_at && !isBlocked(user)) {
      const r = await unblockUser(db, null, id, 'Block period ended');
      if (r.ok) n++;
    }
  }
  return n;
}
