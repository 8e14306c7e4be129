/**
 * Bid increments: how much the next bid must add to the current price, by price band.
 * Pure and small; amounts are integers in minor units.
 */

/**
 * Bands sorted by `from` (inclusive lower bound of the price, minor units). The first band
 * starts at 0; a band runs up to the next band's `from`. `step` is the increment there.
 */
export type IncrementTable = { from: number; step: number }[];

/**
 * The default for two-decimal currencies, modelled on eBay's public table:
 * below 1.00 → 0.05; 1.00–4.99 → 0.25; 5.00–24.99 → 0.50; 25.00–99.99 → 1.00;
 * 100.00–249.99 → 2.50; 250.00–499.99 → 5.00; 500.00–999.99 → 10.00;
 * 1000.00–2499.99 → 25.00; 2500.00–4999.99 → 50.00; 5000.00 and up → 100.00.
 */
export const DEFAULT_INCREMENTS: IncrementTable = Object.freeze([
  { from: 0, step: 5 },
  { from: 100, step: 25 },
  { from: 500, step: 50 },
  { from: 2_500, step: 100 },
  { from: 10_000, step: 250 },
  { from: 25_000, step: 500 },
  { from: 50_000, step: 1_000 },
  { from: 100_000, step: 2_500 },
  { from: 250_000, step: 5_000 },
  { from: 500_000, step: 10_000 },
].map((b) => Object.freeze(b))) as IncrementTable;

/** The increment for a price: the step of the last band whose `from` is at or below it. */
export function incrementFor(price: number, table: IncrementTable): number {
  if (table.length === 0) throw new RangeError('the increment table is empty');
  let step = table[0].step;
  for (const band of table) {
    if (band.from > price) break;
    step = band.step;
  }
  return step;
}

/** One problem with a table, for the admin form: `index` is the band's row, or null for the whole table. */
export interface IncrementTableError {
  index: number | null;
  field: 'from' | 'step' | null;
  message: string;
}

/**
 * Checks a table an admin entered: at least one band, the first from 0, each `from` a
 * whole number above the previous one, each `step` a positive whole number. Returns every
 * problem found (empty when the table is valid).
 */
export function validateTable(table: IncrementTable): IncrementTableError[] {
  const errors: IncrementTableError[] = [];
  if (table.length === 0) {
    errors.push({ index: null, field: null, message: 'Add at least one band.' });
    return errors;
  }
  table.forEach((band, i) => {
    if (!Number.isSafeInteger(band.from) || band.from < 0) {
      errors.push({ index: i, field: 'from', message: 'Enter a whole amount of zero or more.' });
    } else if (i === 0 && band.from !== 0) {
      errors.push({ index: i, field: 'from', message: 'The first band starts at 0.' });
    } else if (i > 0 && Number.isSafeInteger(table[i - 1].from) && band.from <= table[i - 1].from) {
      errors.push({ index: i, field: 'from', message: 'Each band starts above the one before it.' });
    }
    if (!Number.isSafeInteger(band.step) || band.step <= 0) {
      errors.push({ index: i, field: 'step', message: 'Enter an increment above 0.' });
    }
  });
  return errors;
}
