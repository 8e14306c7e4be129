import type { Response } from 'express';
import type { Knex } from 'knex';
import { stringify } from 'csv-stringify';
import { once as eventOnce } from 'node:events';
import { history, type HistoryRow, type UserAccount } from '../ledger/ledger.js';
import type { FieldErrors } from '../http/validate.js';
import { toDecimal } from '../lib/money.js';

export const PAGE_SIZE = 25;
export const ACCOUNTS: { value: UserAccount; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'held', label: 'Held' },
  { value: 'payout_pending', label: 'Payout pending' },
];
/** The kinds of movement a wallet shows, in words. */
export const KINDS: Record<string, string> = {
  topup: 'Card top-up',
  'payout.request': 'Payout requested',
  'payout.paid': 'Payout paid',
  'payout.failed': 'Payout failed',
  'payout.reversed': 'Payout returned',
  refund: 'Refund',
  'refund.card': 'Refund to card',
  hold: 'Hold',
  capture: 'Payment',
  release: 'Hold released',
  boost: 'Listing boost',
};

export interface HistoryFilter {
  account?: UserAccount;
  kind?: string;
  from?: string;
  to?: string;
  before?: number;
}

const day = /^(\d{4})-(\d{2})-(\d{2})$/;
function parseDay(s: string): Date | null {
  const m = day.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) ? d : null;
}

/** Reads the filter from the query string; each bad value gets a message beside its field and is not applied. */
export function parseFilter(q: Record<string, unknown>): { filter: HistoryFilter; values: Record<string, string>; errors: FieldErrors } {
  const str = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, 100) : '');
  const values = { account: str('account'), kind: str('kind'), from: str('from'), to: str('to') };
  const errors: FieldErrors = {};
  const filter: HistoryFilter = {};
  if (values.account) {
    if (ACCOUNTS.some((a) => a.value === values.account)) filter.account = values.account as UserAccount;
    else errors.account = 'Choose one of the listed balances.';
  }
  if (values.kind) {
    if (/^[a-z][a-z._-]{0,59}$/.test(values.kind)) filter.kind = values.kind;
    else errors.kind = 'Choose one of the listed kinds.';
  }
  for (const k of ['from', 'to'] as const) {
    if (values[k] && !parseDay(values[k])) errors[k] = 'Enter a date like 2026-11-21.';
    else if (values[k]) filter[k] = values[k];
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = 'The end date is before the start date.';
    delete filter.to;
  }
  const before = str('before');
  if (/^\d{1,15}$/.test(before) && Number(before) > 0) filter.before = Number(before);
  return { filter, values, errors };
}

/** The ledger's options for a filter: `to` is inclusive of its whole day. */
function ledgerOpts(f: HistoryFilter) {
  const to = f.to ? parseDay(f.to) : null;
  return {
    account: f.account,
    kind: f.kind,
    before: f.before,
    from: f.from ? (parseDay(f.from) ?? undefined) : undefined,
    to: to ? new Date(to.getTime() + 24 * 3600_000) : undefined,
  };
}

/** One page, newest first, and the cursor of the next (older) page if there is one. */
export async function historyPage(db: Knex, userId: number, f: HistoryFilter): Promise<{ rows: HistoryRow[]; next: number | null }> {
  const rows = await history(db, userId, { ...ledgerOpts(f), limit: PAGE_SIZE + 1 });
  const more = rows.length > PAGE_SIZE;
  const page = rows.slice(0, PAGE_SIZE);
  return { rows: page, next: more ? page[page.length - 1].entry_id : null };
}

/** A spreadsheet must not run a cell as a formula (CSV injection). */
const cell = (s: string | null) => (s && /^[=+\-@\t\r]/.test(s) ? `'${s}` : (s ?? ''));

/** Streams every matching entry as CSV, page by page, respecting backpressure. */
export async function streamHistoryCsv(db: Knex, userId: number, f: HistoryFilter, res: Response): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="souk-wallet-history.csv"');
  res.setHeader('Cache-Control', 'no-store');
  const csv = stringify({ header: true, columns: ['date', 'balance', 'kind', 'description', 'amount', 'currency', 'balance_after', 'reference', 'entry_id'] });
  csv.pipe(res);
  const opts = ledgerOpts(f);
  let before = opts.before;
  for (;;) {
    const rows = await history(db, userId, { ...opts, before, limit: 500 });
    for (const r of rows) {
      const ok = csv.write([
        new Date(r.created_at).toISOString(),
        r.account,
        cell(r.kind),
        cell(r.memo ?? KINDS[r.kind] ?? r.kind),
        toDecimal(r.amount),
        r.currency,
        toDecimal(r.balance_after),
        cell(r.reference_type ? `${r.reference_type}:${r.reference_id}` : ''),
        String(r.entry_id),
      ]);
      if (!ok) await eventOnce(csv, 'drain');
    }
    if (rows.length < 500) break;
    before = rows[rows.length - 1].entry_id;
  }
  csv.end();
  await eventOnce(res, 'finish');
}
