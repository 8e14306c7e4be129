import type { Knex } from 'knex';
import { traitsOf } from '../listings/kinds.js';
import type { ListingRow } from '../listings/queries.js';
import { commissionFor, commissionOn, type CommissionTerms } from './commissions.js';

/** What the seller sees before publishing: the terms, and the split of the saved price when there is one. */
export interface ReceiveQuote {
  listingId: number;
  currency: string;
  rule: CommissionTerms;
  /** the saved price (the starting price for auctions); null when prices are set per variant or not yet */
  amount: number | null;
  commission: number | null;
  sellerReceives: number | null;
}

/** The quote for a seller's listing, or null for kinds that are never sold through Souk (classified ads). */
export async function receiveQuote(
  db: Knex | Knex.Transaction,
  l: Pick<ListingRow, 'id' | 'seller_id' | 'category_id' | 'kind' | 'price' | 'start_price' | 'currency'>,
): Promise<ReceiveQuote | null> {
  if (traitsOf(l.kind).contactOnly) return null;
  const rule = await commissionFor(db, { sellerId: l.seller_id, categoryId: l.category_id, kind: l.kind });
  const amount = l.kind === 'auction' ? l.start_price : l.price;
  if (amount === null || amount === undefined) return { listingId: l.id, currency: l.currency, rule, amount: null, commission: null, sellerReceives: null };
  const commission = commissionOn(rule, amount);
  return { listingId: l.id, currency: l.currency, rule, amount, commission, sellerReceives: amount - commission };
}
