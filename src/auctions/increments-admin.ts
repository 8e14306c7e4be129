import type { Knex } from 'knex';
import { audit } from '../audit/audit.js';
import { toDecimal, parseMoney } from '../lib/money.js';
import { DEFAULT_INCREMENTS, validateTable, type IncrementTable } from './increments.js';

type Db = Knex | Knex.Transaction;

/** The most bands a table may have (the form shows this many rows at most). */
export const MAX_BANDS = 30;
/** Empty rows the form offers below the current bands, to add some. */
export const SPARE_ROWS = 3;

export const CURRENCY = /^[A-Z]{3}$/;

/** A table as the form shows it: amounts as decimals, one row per band. */
export type BandInput = { from: string; step: string };
export type BandErrors = Record<string, string>;

export type SaveResult = { ok: true; table: IncrementTable } | { ok: false; errors: BandErrors; rows: BandInput[] };

/** The stored bands of a currency (empty when it has none: bidding then uses the default). */
export async function storedTable(db: Db, currency: string): Promise<IncrementTable> {
  const rows = await db('auction_increments').where({ currency }).orderBy('from_amount').select('from_amount', 'step');
  return rows.map((r: { from_amount: string; step: string }) => ({ from: Number(r.from_amount), step: Number(r.step) }));
}

/** Currencies that have a table of their own. */
export async function tableCurrencies(db: Db): Promise<string[]> {
  return (await db('auction_increments').distinct('currency').orderBy('currency').pluck('currency')) as string[];
}

/** The rows of the form for a table: its bands, then spare empty rows. */
export function formRows(table: IncrementTable): BandInput[] {
  const rows = table.map((b) => ({ from: toDecimal(b.from), step: toDecimal(b.step) }));
  while (rows.length < Math.min(MAX_BANDS, table.length + SPARE_ROWS)) rows.push({ from: '', step: '' });
  return rows;
}

/** The bands posted by the form (`from_<i>`, `step_<i>`), rows left wholly empty dropped. */
export function postedRows(body: unknown): BandInput[] {
  const b = (body ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');
  const rows: BandInput[] = [];
  for (let i = 0; i < MAX_BANDS; i++) rows.push({ from: str(`from_${i}`), step: str(`step_${i}`) });
  while (rows.length && !rows[rows.length - 1].from && !rows[rows.length - 1].step) rows.pop();
  return rows;
}

/**
 * Reads the form's rows into a table and checks it (validateTable). Errors are keyed
 * `from_<row>`, `step_<row>` (the form's row) or `form` for the whole table.
 */
export function readTable(rows: BandInput[]): { table: IncrementTable; errors: BandErrors } {
  const errors: BandErrors = {};
  const table: IncrementTable = [];
  const rowOf: number[] = [];
  rows.forEach((r, i) => {
    if (!r.from && !r.step) return;
    const from = r.from ? parseMoney(r.from) : null;
    const step = r.step ? parseMoney(r.step) : null;
    if (from === null) errors[`from_${i}`] = r.from ? 'Enter an amount like 25 or 25.00.' : 'Enter where this band starts.';
    if (step === null) errors[`step_${i}`] = r.step ? 'Enter an amount like 0.50.' : 'Enter the increment of this band.';
    table.push({ from: from ?? Number.NaN, step: step ?? Number.NaN });
    rowOf.push(i);
  });
  for (const e of validateTable(table)) {
    const key = e.index === null || e.field === null ? 'form' : `${e.field}_${rowOf[e.index]}`;
    // a value that did not read as an amount already has its message
    errors[key] ??= e.message;
  }
  return { table, errors };
}

/**
 * Replaces a currency's increment table, audited with the table before and after. Bids
 * read the table in their own transaction, so each bid uses either the old table or the new one whole.
 */
export async function saveTable(db: Knex, adminId: number, currency: string, rows: BandInput[]): Promise<SaveResult> {
  const { table, errors } = readTable(rows);
  if (Object.keys(errors).length) return { ok: false, errors, rows };
  return db.transaction(async (trx) => {
    // one admin's save at a time per currency: the delete-and-insert below is not left half seen
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`auction_increments:${currency}`]);
    const before = await storedTable(trx, currency);
    await trx('auction_increments').where({ currency }).delete();
    await trx('auction_increments').insert(table.map((b) => ({ currency, from_amount: b.from, step: b.step })));
    await audit(trx, {
      actorId: adminId,
      action: 'auction_increments.update',
      subjectType: 'auction_increments',
      subjectId: null,
      before: { currency, bands: before.length ? before : null },
      after: { currency, bands: table },
    });
    return { ok: true, table } as const;
  });
}

/** What the form starts from for a currency without a table: the default bands. */
export const startingTable = (stored: IncrementTable): IncrementTable => (stored.length ? stored : DEFAULT_INCREMENTS);
