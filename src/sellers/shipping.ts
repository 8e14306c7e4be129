import type { Knex } from 'knex';
import { z } from 'zod';
import { parseMoney } from '../lib/money.js';
import { updateShippingSettings, type ShippingSettingsRow } from './queries.js';

/**
 * What one seller's part of a cart or order costs to ship: nothing when none of it
 * needs shipping (downloads, services) or its subtotal reaches the seller's
 * free-shipping threshold, the flat rate otherwise. Amounts in minor units.
 */
export function shippingFor(settings: { flat: number; freeOver: number | null }, subtotal: number, needsShipping: boolean): number {
  if (!needsShipping) return 0;
  if (settings.freeOver !== null && subtotal >= settings.freeOver) return 0;
  return settings.flat;
}

const money = (message: string, opts: { optional?: boolean; positive?: boolean } = {}) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z.string().transform((v, ctx) => {
      if (opts.optional && v.trim() === '') return null;
      const minor = parseMoney(v);
      if (minor === null || (opts.positive && minor === 0)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return minor;
    }),
  );

/** The seller's shipping and stock-alert form. */
export const shippingSchema = z.object({
  shipping_flat: money('Enter an amount like 4.90 (0 for free shipping).'),
  shipping_free_over: money('Enter an amount above zero like 50, or leave it empty.', { optional: true, positive: true }),
  low_stock_threshold: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .trim()
      .regex(/^\d{1,6}$/, 'Enter a whole number from 0 to 100000.')
      .transform(Number)
      .refine((n) => n <= 100_000, 'Enter a whole number from 0 to 100000.'),
  ),
});
export type ShippingInput = z.infer<typeof shippingSchema>;

/** Saves a seller's settings; false when the user has no shop. */
export function saveShipping(db: Knex, sellerId: number, input: ShippingInput): Promise<boolean> {
  const row: ShippingSettingsRow = { shipping_flat: input.shipping_flat as number, shipping_free_over: input.shipping_free_over, low_stock_threshold: input.low_stock_threshold };
  return updateShippingSettings(db, sellerId, row);
}
