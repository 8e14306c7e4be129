import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { findUserByEmail, insertUser, type UserRow } from './queries.js';

export const signUpSchema = z.object({
  email: z.string().trim().toLowerCase().max(254, 'Use at most 254 characters.').email('Enter a valid email address.'),
  display_name: z.string().trim().min(1, 'Enter a display name.').max(60, 'Use at most 60 characters.'),
  password: z
    .string()
    .min(10, 'Use at least 10 characters.')
    .max(200, 'Use at most 200 characters.'),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(200),
});

export type SignUpResult = { ok: true; user: UserRow } | { ok: false; field: 'email'; message: string };

/** Creates a buyer account. The email is unique regardless of case. */
export async function signUp(db: Knex, input: SignUpInput): Promise<SignUpResult> {
  const password_hash = await hashPassword(input.password);
  try {
    const user = await insertUser(db, { email: input.email, display_name: input.display_name, password_hash });
    return { ok: true, user };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      return { ok: false, field: 'email', message: 'An account with this email already exists. Sign in instead.' };
    }
    throw err;
  }
}

/** True while a block is in force at `now`. */
export function isBlocked(u: { blocked_at: Date | null; blocked_until: Date | null }, now = clock.now()): boolean {
  if (!u.blocked_at) return false;
  return !u.blocked_until || u.blocked_until.getTime() > now.getTime();
}

export type SignInResult = { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'blocked'; until?: Date | null; why?: string | null };

/** Checks an email and password. Unknown emails take as long as wrong passwords. */
export async function authenticate(db: Knex, email: string, password: string): Promise<SignInResult> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    await burnPasswordCheck(password);
    return { ok: false, reason: 'invalid' };
  }
  if (!(await verifyPassword(user.password_hash, password))) return { ok: false, reason: 'invalid' };
  // only someone who knows the password learns why the account is blocked
  if (isBlocked(user)) return { ok: false, reason: 'blocked', until: user.blocked_until, why: user.blocked_reason };
  return { ok: true, user };
}
