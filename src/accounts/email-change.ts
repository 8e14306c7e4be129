import type { Knex } from 'knex';
import { z } from 'zod';
import { confirmEmailChangeEmail, emailChangedEmail, emailChangeRequestedEmail } from '../../views/accounts/emails.js';
import { clock } from '../lib/clock.js';
import { sendAccountEmail } from './mail.js';
import { verifyPassword } from './passwords.js';
import { accountPaths } from './paths.js';
import { cancelEmailChanges, consumeEmailChange, emailTaken, findUserById, insertEmailChange, lockUser, updateEmail, usableEmailChange } from './queries.js';
import { hashToken, isTokenShape, newLinkToken } from './tokens.js';

export const emailChangeSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter the new email address.').max(254, 'Use at most 254 characters.').email('Enter a valid email address.'),
  current_password: z.string().min(1, 'Enter your current password.').max(200, 'Use at most 200 characters.'),
});

export type EmailChangeRequest = { ok: true } | { ok: false; field: 'email' | 'current_password'; message: string };

/**
 * Asks for a new address: a confirmation link goes to the new address and a
 * notice to the current one, which stays the account's address until the link
 * is used. The current password is required, so a session left open on a shared
 * computer cannot hand the account to someone else. A newer request voids the earlier one.
 */
export async function requestEmailChange(
  db: Knex,
  userId: number,
  input: { email: string; current_password: string },
  opts: { base: string; hours: number },
): Promise<EmailChangeRequest> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.password_hash, input.current_password))) {
    return { ok: false, field: 'current_password', message: 'That is not your current password.' };
  }
  if (user.email.toLowerCase() === input.email) return { ok: false, field: 'email', message: 'This is already your email address.' };
  if (await emailTaken(db, input.email, userId)) return { ok: false, field: 'email', message: 'Another account uses this address.' };
  const { token, hash } = newLinkToken();
  const now = clock.now();
  const confirm = await confirmEmailChangeEmail({ name: user.display_name, newEmail: input.email, link: `${opts.base}${accountPaths.accountEmailConfirmation(token)}`, hours: opts.hours });
  const notice = await emailChangeRequestedEmail({ name: user.display_name, newEmail: input.email, settingsLink: `${opts.base}${accountPaths.accountSettings()}` });
  await db.transaction(async (trx) => {
    await cancelEmailChanges(trx, userId, now);
    await insertEmailChange(trx, { user_id: userId, new_email: input.email, token_hash: hash, expires_at: new Date(now.getTime() + opts.hours * 3600_000) });
    await sendAccountEmail(trx, { id: userId, email: input.email }, confirm);
    await sendAccountEmail(trx, user, notice);
  });
  return { ok: true };
}

/** The address a confirmation link would set, while the link can still be used. */
export async function emailChangeFor(db: Knex, token: string): Promise<{ userId: number; newEmail: string } | null> {
  if (!isTokenShape(token)) return null;
  const row = await usableEmailChange(db, hashToken(token), clock.now());
  return row ? { userId: row.user_id, newEmail: row.new_email } : null;
}

export type EmailConfirmResult = { ok: true; userId: number; email: string } | { ok: false; reason: 'invalid' | 'taken' };

/**
 * Confirms a new address through its link: the link is spent, the address
 * changes, other pending changes are voided and the old address is told. If
 * another account took the address meanwhile, nothing changes.
 */
export async function confirmEmailChange(db: Knex, token: string): Promise<EmailConfirmResult> {
  if (!isTokenShape(token)) return { ok: false, reason: 'invalid' };
  const now = clock.now();
  try {
    return await db.transaction(async (trx) => {
      const change = await consumeEmailChange(trx, hashToken(token), now);
      if (!change) return { ok: false, reason: 'invalid' } as const;
      const user = await lockUser(trx, change.user_id);
      if (!user) return { ok: false, reason: 'invalid' } as const;
      if (await emailTaken(trx, change.new_email, user.id)) throw new EmailTaken();
      await updateEmail(trx, user.id, change.new_email);
      await cancelEmailChanges(trx, user.id, now);
      await sendAccountEmail(trx, user, await emailChangedEmail({ name: user.display_name, newEmail: change.new_email }));
      return { ok: true, userId: user.id, email: change.new_email } as const;
    });
  } catch (err) {
    // the unique index on lower(email) settles a race with a sign-up taking the same address
    if (err instanceof EmailTaken || (err as { code?: string }).code === '23505') return { ok: false, reason: 'taken' };
    throw err;
  }
}

class EmailTaken extends Error {}
