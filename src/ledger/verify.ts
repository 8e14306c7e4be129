import type { Knex } from 'knex';
import { driftedAccounts, inconsistentHolds, negativeUserAccounts, sumsByAccountType, unbalancedTransfers } from './queries.js';

export interface TrialBalance {
  /** one row per account type and currency: how many accounts, and their summed balance */
  rows: { type: string; currency: string; accounts: number; balance: number }[];
  /** per currency; zero in a healthy ledger (every transfer sums to zero) */
  totals: { currency: string; balance: number }[];
  balanced: boolean;
}

/** Every account type summed; the grand total of a double-entry ledger is zero. */
export async function trialBalance(db: Knex | Knex.Transaction): Promise<TrialBalance> {
  const rows = await sumsByAccountType(db);
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.balance);
  const list = [...totals].map(([currency, balance]) => ({ currency, balance }));
  return { rows, totals: list, balanced: list.every((t) => t.balance === 0) };
}

/**
 * Checks the ledger's invariants and lists every problem found (empty when
 * healthy): unbalanced transfers, cached balances that differ from their
 * entries, negative user balances, holds whose movements do not match, a
 * non-zero grand total. Runs in one repeatable-read snapshot so concurrent
 * transfers cannot make a healthy ledger look broken.
 */
export async function verifyLedger(db: Knex): Promise<string[]> {
  return db.transaction(
    async (trx) => {
      const problems: string[] = [];
      for (const t of await unbalancedTransfers(trx)) problems.push(`transfer ${t.id} (${t.idempotency_key}) sums to ${t.total} over ${t.legs} entries`);
      for (const a of await driftedAccounts(trx)) problems.push(`account ${a.id} (${a.owner || 'platform'} ${a.type}) caches ${a.balance} but its entries sum to ${a.entries}`);
      for (const a of await negativeUserAccounts(trx)) problems.push(`account ${a.id} (user ${a.owner} ${a.type}) is negative: ${a.balance}`);
      for (const h of await inconsistentHolds(trx)) problems.push(`hold ${h.id}: ${h.problem}`);
      for (const t of (await trialBalance(trx)).totals) if (t.balance !== 0) problems.push(`the ${t.currency} accounts sum to ${t.balance}, not zero`);
      return problems;
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
