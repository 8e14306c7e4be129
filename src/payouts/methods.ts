import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { activeMethods, insertMethod, retireMethod, type PayoutMethodRow } from './queries.js';

/** At most this many saved methods per person: enough for real use, not a store for card-testing lists. */
export const MAX_METHODS = 5;

/** Upper case without spaces or dashes, as banks print them in groups. */
export function normalizeAccount(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** ISO 13616 check: move the country and check digits to the end, letters to numbers, mod 97 must be 1. */
export function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of code) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** Why an account number is not usable, or null. Accepts an IBAN (checksum verified) or a plain 8–20 digit account number. */
export function accountNumberProblem(normalized: string): string | null {
  if (/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(normalized)) {
    return ibanChecksumOk(normalized) ? null : 'That IBAN does not add up — check it for a typo.';
  }
  if (/^\d{8,20}$/.test(normalized)) return null;
  return 'Enter an IBAN (like DE89 3704 0044 0532 0130 00) or an account number of 8 to 20 digits.';
}

/** What a page may show of an account number: its last four characters. */
export function maskAccount(accountNumber: string): string {
  return `•••• ${accountNumber.slice(-4)}`;
}

export const methodSchema = z.object({
  holder_name: z
    .string()
    .trim()
    .min(2, 'Enter the account holder’s name as the bank knows it.')
    .max(100, 'Use at most 100 characters.'),
  account_number: z
    .string()
    .transform(normalizeAccount)
    .superRefine((v, ctx) => {
      if (!v) {
        ctx.addIssue({ code: 'custom', message: 'Enter the account number or IBAN.' });
        return;
      }
      const problem = accountNumberProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

export type MethodResult = { ok: true; method: PayoutMethodRow } | { ok: false; field: 'account_number' | 'form'; message: string };

/** Saves a bank account to pay out to. The same account twice, or too many, is refused. */
export async function addMethod(db: Knex, userId: number, input: z.infer<typeof methodSchema>): Promise<MethodResult> {
  return db.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('souk.payout_methods'), ?::int)`, [userId]);
    const existing = await activeMethods(trx, userId);
    if (existing.some((m) => m.account_number === input.account_number)) {
      return { ok: false, field: 'account_number', message: 'You have already saved this account.' } as const;
    }
    if (existing.length >= MAX_METHODS) {
      return { ok: false, field: 'form', message: `You can keep at most ${MAX_METHODS} payout accounts. Remove one first.` } as const;
    }
    const method = await insertMethod(trx, { user_id: userId, holder_name: input.holder_name, account_number: input.account_number });
    return { ok: true, method } as const;
  });
}

/** Removes a saved account (payouts already requested keep their own copy of the destination). */
export async function removeMethod(db: Knex, userId: number, methodId: number): Promise<boolean> {
  return (await retireMethod(db, userId, methodId, clock.now())) > 0;
}
