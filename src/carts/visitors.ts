import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { availableUnits, skuKey } from '../listings/availability.js';
import { kindTraits } from '../listings/kinds.js';
import { emit } from '../outbox/outbox.js';
import { MAX_QUANTITY } from './carts.js';
import { cartLines, cartListing, deleteCart, deleteVisitorCartsBefore, findSkuLine, insertLine, lockCart, lockOrCreateCart, touchCart, updateLine } from './queries.js';

const DAY = 86_400_000;

/** How long a visitor's cart is kept after its last change. */
export const VISITOR_CART_DAYS = 30;

/**
 * At sign-in (or sign-up) the visitor's cart moves into the account's cart: the
 * quantities of a SKU in both are added up and capped by what is available, the
 * user's own listings are dropped, and the visitor cart is deleted. Returns how
 * many lines came over.
 */
export async function mergeVisitorCart(db: Knex, visitorId: string, userId: number): Promise<number> {
  return db.transaction(async (trx) => {
    const from = await lockCart(trx, { visitorId });
    if (!from) return 0;
    const lines = await cartLines(trx, from.id);
    let merged = 0;
    if (lines.length > 0) {
      const into = await lockOrCreateCart(trx, { userId });
      const skus = lines.map((l) => ({ listingId: Number(l.listing_id), variantId: l.variant_id === null ? null : Number(l.variant_id) }));
      const units = await availableUnits(trx, skus);
      for (const [i, line] of lines.entries()) {
        const listing = await cartListing(trx, line.listing_id);
        if (!listing || Number(listing.seller_id) === userId) continue;
        const existing = await findSkuLine(trx, into.id, line.listing_id, skus[i].variantId);
        if (kindTraits[listing.kind].download) {
          if (!existing) await insertLine(trx, { cart_id: into.id, listing_id: line.listing_id, variant_id: null, quantity: 1, unit_price_seen: line.unit_price_seen, booking_date: null, booking_note: '' });
          merged++;
          continue;
        }
        const sum = Math.min(MAX_QUANTITY, (existing?.quantity ?? 0) + line.quantity);
        const available = units.get(skuKey(skus[i])) ?? null;
        // nothing left at all: the line keeps its quantity and the cart shows it as sold out
        const quantity = available === null || available <= 0 ? sum : Math.min(sum, available);
        if (existing) {
          const booking = existing.booking_date ? {} : { booking_date: line.booking_date, booking_note: line.booking_note };
          await updateLine(trx, existing.id, { quantity, ...booking });
        } else {
          await insertLine(trx, {
            cart_id: into.id,
            listing_id: line.listing_id,
            variant_id: skus[i].variantId,
            quantity,
            unit_price_seen: line.unit_price_seen,
            booking_date: line.booking_date,
            booking_note: line.booking_note,
          });
        }
        merged++;
      }
      await touchCart(trx, into.id, clock.now());
      if (merged > 0) await emit(trx, 'cart.changed', { userId });
    }
    await deleteCart(trx, from.id);
    return merged;
  });
}

/** Deletes visitor carts nobody touched for VISITOR_CART_DAYS (a daily job). */
export function pruneVisitorCarts(db: Knex, days = VISITOR_CART_DAYS): Promise<number> {
  return deleteVisitorCartsBefore(db, new Date(clock.nowMs() - days * DAY));
}
