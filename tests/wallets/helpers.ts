import type { Knex } from 'knex';
import { transfer } from '../../src/ledger/ledger.js';
import type { Client, Page } from '../http.js';

/** The amount (minor units) a balance shows on the wallet page. */
export function shownBalance(page: Page, which: 'available' | 'held' | 'payout-pending'): number {
  return Number(page.doc.querySelector(`#balance-${which}`)?.getAttribute('data-amount'));
}

/** The wallet page's top-up form fields, as a browser would submit them. */
export async function topupForm(c: Client, amount: string): Promise<Record<string, string>> {
  const page = await c.get('/wallet');
  const key = page.doc.querySelector('#topup-form input[name=idempotency_key]')?.getAttribute('value');
  if (!key) throw new Error('no idempotency key on the top-up form');
  return { amount, idempotency_key: key };
}

let n = 0;
/** Money put into a user's available balance straight through the ledger (as a settled top-up would). */
export async function credit(db: Knex, userId: number, amount: number, kind = 'topup'): Promise<void> {
  await db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: `test-credit:${userId}:${Date.now()}:${++n}`,
      kind,
      currency: 'EUR',
      legs: [
        { account: { platform: 'gateway_clearing' }, amount: -amount },
        { account: { userId, type: 'available' }, amount },
      ],
    }),
  );
}
