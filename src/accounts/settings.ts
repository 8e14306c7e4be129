import type { Knex } from 'knex';
import { z } from 'zod';
import { passwordChangedEmail } from '../../views/accounts/emails.js';
import { clock } from '../lib/clock.js';
import { sendAccountEmail } from './mail.js';
import { newPasswordFields } from './password-reset.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { accountPaths } from './paths.js';
import { findUserById, updateDisplayName, updatePasswordHash, voidPasswordResets } from './queries.js';

export const profileSchema = z.object({
  display_name: z
    .string()
    .trim()
    .min(1, 'Enter a display name.')
    .max(60, 'Use at most 60 characters.')
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'Use letters, numbers and punctuation only.'),
});

export const passwordChangeSchema = z
  .object({ current_password: z.string().min(1, 'Enter your current password.').max(200, 'Use at most 200 characters.'), ...newPasswordFields })
  .refine((v) => v.password === v.password_confirmation, { message: 'The two passwords are not the same.', path: ['password_confirmation'] });

/** The name other people see. */
export async function changeDisplayName(db: Knex, userId: number, displayName: string): Promise<void> {
  await updateDisplayName(db, userId, displayName);
}

export type PasswordChangeResult = { ok: true } | { ok: false; field: 'current_password' | 'password'; message: string };

/**
 * Changes the password when the current one is right; a wrong one changes
 * nothing. Outstanding reset links stop working and the user is told by email;
 * the caller then ends their other sessions (endSessions).
 */
export async function changePassword(db: Knex, userId: number, input: { current_password: string; password: string }, base: string): Promise<PasswordChangeResult> {
  const user = await findUserById(db, userId);
  if (!user || !(await verifyPassword(user.password_hash, input.current_password))) {
    return { ok: false, field: 'current_password', message: 'That is not your current password.' };
  }
  if (input.password === input.current_password) return { ok: false, field: 'password', message: 'Choose a password different from the current one.' };
  const password_hash = await hashPassword(input.password);
  const email = await passwordChangedEmail({ name: user.display_name, resetLink: `${base}${accountPaths.passwordReset()}` });
  await db.transaction(async (trx) => {
    await updatePasswordHash(trx, userId, password_hash);
    await voidPasswordResets(trx, userId, clock.now());
    await sendAccountEmail(trx, user, email);
  });
  return { ok: true };
}
