import type { Knex } from 'knex';
import { z } from 'zod';
import { passwordChangedEmail, passwordResetEmail } from '../../views/accounts/emails.js';
import { clock } from '../lib/clock.js';
import { sendAccountEmail } from './mail.js';
import { hashPassword } from './passwords.js';
import { accountPaths } from './paths.js';
import { consumePasswordReset, findUserByEmail, findUserById, insertPasswordReset, updatePasswordHash, usablePasswordReset, voidPasswordResets } from './queries.js';
import { hashToken, isTokenShape, newLinkToken } from './tokens.js';

export const resetRequestSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254, 'Use at most 254 characters.').email('Enter a valid email address.'),
});

/** A new password, typed twice. */
export const newPasswordFields = {
  password: z.string().min(10, 'Use at least 10 characters.').max(200, 'Use at most 200 characters.'),
  password_confirmation: z.string().max(200, 'Use at most 200 characters.'),
};
const sameTwice = (v: { password: string; password_confirmation: string }) => v.password === v.password_confirmation;
const notSame = { message: 'The two passwords are not the same.', path: ['password_confirmation'] };

export const newPasswordSchema = z.object(newPasswordFields).refine(sameTwice, notSame);

/**
 * Sends a reset link when the address belongs to an account, and does nothing
 * otherwise: the caller answers the same either way. A new link voids the
 * earlier ones, so only the newest email works.
 */
export async function requestPasswordReset(db: Knex, opts: { email: string; base: string; minutes: number }): Promise<void> {
  const user = await findUserByEmail(db, opts.email);
  if (!user) return;
  const { token, hash } = newLinkToken();
  const now = clock.now();
  const email = await passwordResetEmail({ name: user.display_name, link: `${opts.base}${accountPaths.passwordResetToken(token)}`, minutes: opts.minutes });
  await db.transaction(async (trx) => {
    // two requests at once: one after the other, so only the newer link stays usable
    await trx('users').where({ id: user.id }).forUpdate().first('id');
    await voidPasswordResets(trx, user.id, now);
    await insertPasswordReset(trx, { user_id: user.id, token_hash: hash, expires_at: new Date(now.getTime() + opts.minutes * 60_000) });
    await sendAccountEmail(trx, user, email);
  });
}

/** Whether a link can still be used (to show the form or say the link is spent). */
export async function resetLinkUsable(db: Knex, token: string): Promise<boolean> {
  if (!isTokenShape(token)) return false;
  return Boolean(await usablePasswordReset(db, hashToken(token), clock.now()));
}

export type ResetResult = { ok: true; userId: number; email: string } | { ok: false };

/**
 * Sets a new password through a reset link. The link is spent in the same
 * transaction (two tabs submitting at once: one wins, the other is told the link
 * was used), and every other link of the user is voided. The caller then ends
 * every session of the user (endSessions).
 */
export async function resetPassword(db: Knex, token: string, password: string, base: string): Promise<ResetResult> {
  if (!isTokenShape(token)) return { ok: false };
  const password_hash = await hashPassword(password);
  const now = clock.now();
  return db.transaction(async (trx) => {
    const spent = await consumePasswordReset(trx, hashToken(token), now);
    if (!spent) return { ok: false } as const;
    const user = await findUserById(trx, spent.user_id);
    if (!user) return { ok: false } as const;
    await updatePasswordHash(trx, user.id, password_hash);
    await voidPasswordResets(trx, user.id, now);
    await sendAccountEmail(trx, user, await passwordChangedEmail({ name: user.display_name, resetLink: `${base}${accountPaths.passwordReset()}` }));
    return { ok: true, userId: user.id, email: user.email } as const;
  });
}
