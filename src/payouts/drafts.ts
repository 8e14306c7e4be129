import type { Draft, Drafts } from '../notifications/draft.js';
import { formatMoney } from '../lib/money.js';
import { paths } from '../paths.js';

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const amountOf = (p: P) => formatMoney(Number(p.amount), str(p.currency) || undefined);

function one(p: P, kind: string, title: string, body: string): Draft[] {
  return [{ userId: Number(p.userId), kind, title, body, link: paths.payouts() }];
}

/** The notifications the payouts domain's events create. */
export const payoutsDrafts: Drafts = {
  'payout.rejected': (e) => one(e.payload, 'payout.rejected', `Your payout of ${amountOf(e.payload)} was not approved`, `${str(e.payload.reason)} The money is back in your available balance.`),
  'payout.paid': (e) => one(e.payload, 'payout.paid', `Your payout of ${amountOf(e.payload)} was sent`, 'It is on its way to your bank account.'),
  'payout.failed': (e) =>
    one(e.payload, 'payout.failed', `Your payout of ${amountOf(e.payload)} failed`, `${str(e.payload.reason)} The money is back in your available balance.`),
  'payout.reversed': (e) =>
    one(e.payload, 'payout.reversed', `Your bank returned a payout of ${amountOf(e.payload)}`, `${str(e.payload.reason)} The money is back in your available balance.`),
  'reconciliation.finished': async (e, db) => {
    const mismatches = Number(e.payload.mismatches ?? 0);
    if (mismatches === 0) return [];
    const admins: { id: number }[] = await db('users').where({ is_admin: true }).whereNull('blocked_at').select('id');
    const period = str(e.payload.period);
    return admins.map((a) => ({
      userId: a.id,
      kind: 'reconciliation.mismatches',
      title: `Reconciliation found ${mismatches} mismatch${mismatches === 1 ? '' : 'es'}`,
      body: `The ledger and the payment gateway disagree for ${period}. Review them before the next payout run.`,
      link: paths.adminReconciliationRun(Number(e.payload.runId)),
    }));
  },
};
