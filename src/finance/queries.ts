import type { Knex } from 'knex';

/** Money that crossed the platform's own accounts on one UTC day, by what moved it. */
export interface DayRow {
  day: string; // YYYY-MM-DD
  /** net movement into the revenue account (capture fees, commissions, boosts; minus reversals) */
  revenue: number;
  /** money in from the gateway: top-ups */
  topups: number;
  /** money out to users' banks: paid payouts */
  payouts: number;
  /** money given back to buyers (to their wallet or their card) */
  refunds: number;
}

/**
 * Sums the ledger per UTC day in [from, toExclusive). Top-ups and payouts are
 * read on gateway_clearing (what actually crossed the gateway; a reversed payout
 * counts back), revenue on the revenue account whatever moved it, refunds as the
 * amount each refund transfer gave back (to the wallet or through the card),
 * minus card refunds that failed.
 */
export async function dailyMovements(db: Knex, from: Date, toExclusive: Date, currency: string): Promise<DayRow[]> {
  const { rows } = await db.raw(
    `select to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD') as day,
            coalesce(sum(e.amount) filter (where a.type = 'revenue'), 0)::bigint as revenue,
            coalesce(-sum(e.amount) filter (where a.type = 'gateway_clearing' and t.kind = 'topup'), 0)::bigint as topups,
            coalesce(sum(e.amount) filter (where a.type = 'gateway_clearing' and t.kind in ('payout.paid', 'payout.reversed')), 0)::bigint as payouts,
            (coalesce(sum(e.amount) filter (where e.amount > 0 and t.kind in ('refund', 'refund.card')), 0)
             - coalesce(sum(e.amount) filter (where e.amount > 0 and t.kind = 'refund.card.failed'), 0))::bigint as refunds
       from ledger_transfers t
       join ledger_entries e on e.transfer_id = t.id
       join ledger_accounts a on a.id = e.account_id
      where t.created_at >= ? and t.created_at < ? and t.currency = ?
      group by 1 order by 1`,
    [from, toExclusive, currency],
  );
  return rows;
}
