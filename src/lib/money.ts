import { formatCurrency } from './locale.js';

/**
 * Money is an integer number of minor units (cents) with a currency. No floats
 * ever touch an amount: parsing works on the decimal string, formatting uses Intl.
 */
export interface Money {
  amount: number;
  currency: string;
}

export const DEFAULT_CURRENCY = 'EUR';

/** The largest amount Souk accepts anywhere (one billion in major units), safe for JS integers and bigint columns. */
export const MAX_MINOR = 100_000_000_000;

/** "€1,234.50" (or "1.234,50 €" for a German reader) — amount in minor units, in the viewer's locale (lib/locale.ts). */
export function formatMoney(amount: number, currency: string = DEFAULT_CURRENCY): string {
  return formatCurrency(amount / 100, currency);
}

/** "1234.50" for form fields (no symbol, no grouping). */
export function toDecimal(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Parses what a person types ("12", "12.5", "12.50", "1,234.50", "€ 12") into
 * minor units, or null when it is not a non-negative amount with at most two decimals.
 */
export function parseMoney(input: string): number | null {
  const s = input.trim().replace(/^[€$£]\s*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return minor <= MAX_MINOR ? minor : null;
}
