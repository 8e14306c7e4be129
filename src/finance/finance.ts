import type { Knex } from 'knex';
import { z } from 'zod';
import { trialBalance, type TrialBalance } from '../ledger/verify.js';
import { clock } from '../lib/clock.js';
import { dailyMovements, type DayRow } from './queries.js';

export type { DayRow } from './queries.js';

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A calendar date typed as YYYY-MM-DD that really exists (no 2026-02-30). */
const dateField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-11-21.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && isoDay(new Date(`${s}T00:00:00Z`)) === s, 'That date does not exist.');

export const rangeSchema = z
  .object({
    from: dateField.optional().or(z.literal('')),
    to: dateField.optional().or(z.literal('')),
  })
  .transform((v) => ({ from: v.from || undefined, to: v.to || undefined }));

export interface Range {
  from: string; // inclusive, YYYY-MM-DD
  to: string; // inclusive
}

/** The default window: the last 30 days up to today (UTC). */
export function defaultRange(now = clock.now()): Range {
  const to = isoDay(now);
  return { from: isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS)), to };
}

/** Fills in a missing end and checks the order and length; field → message on refusal. */
export function checkRange(input: { from?: string; to?: string }): { ok: true; range: Range } | { ok: false; errors: Record<string, string> } {
  const d = defaultRange();
  const to = input.to ?? (input.from ? isoDay(new Date(Math.min(Date.parse(`${input.from}T00:00:00Z`) + (DEFAULT_DAYS - 1) * DAY_MS, Date.parse(`${d.to}T00:00:00Z`)))) : d.to);
  const from = input.from ?? isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS));
  if (from > to) return { ok: false, errors: { to: 'The end date must be on or after the start date.' } };
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_DAYS) return { ok: false, errors: { from: `Choose at most ${MAX_DAYS} days.` } };
  return { ok: true, range: { from, to } };
}

export interface FinanceReport {
  range: Range;
  currency: string;
  /** one row per day of the range, oldest first, zeros where nothing moved */
  days: DayRow[];
  totals: Omit<DayRow, 'day'>;
  trial: TrialBalance;
}

/** The admin finance overview: daily money movements for the range and the trial balance now. */
export async function financeReport(db: Knex, range: Range, currency: string): Promise<FinanceReport> {
  const start = Date.parse(`${range.from}T00:00:00Z`);
  const end = Date.parse(`${range.to}T00:00:00Z`) + DAY_MS;
  const [rows, trial] = await Promise.all([dailyMovements(db, new Date(start), new Date(end), currency), trialBalance(db)]);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days: DayRow[] = [];
  for (let t = start; t < end; t += DAY_MS) {
    const day = isoDay(new Date(t));
    days.push(byDay.get(day) ?? { day, revenue: 0, topups: 0, payouts: 0, refunds: 0 });
  }
  const totals = { revenue: 0, topups: 0, payouts: 0, refunds: 0 };
  for (const d of days) for (const k of ['revenue', 'topups', 'payouts', 'refunds'] as const) totals[k] += d[k];
  return { range, currency, days, totals, trial };
}
