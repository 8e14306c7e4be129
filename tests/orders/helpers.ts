import type { Knex } from 'knex';
import { transfer } from '../../src/ledger/ledger.js';
import { randomToken } from '../../src/lib/ids.js';
import { placeOrder, type PayWith } from '../../src/orders/placement.js';
import { findOrder, sellerOrdersOf, type OrderRow, type SellerOrderRow } from '../../src/orders/queries.js';
import { createCategoryRow, createListing, createSeller, createUser, type ListingOver } from '../factories.js';

type Seller = Awaited<ReturnType<typeof createSeller>>;
type User = Awaited<ReturnType<typeof createUser>>;

export const SETTINGS = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };
export const SHIP_TO = { name: 'Alice Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };

/** Money in from the gateway: clearing → the buyer's available balance. */
export function fundBuyer(db: Knex, userId: number, amount: number) {
  return db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: `test-fund:${userId}:${randomToken(8)}`,
      kind: 'topup',
      legs: [
        { account: { platform: 'gateway_clearing' }, amount: -amount },
        { account: { userId, type: 'available' }, amount },
      ],
    }),
  );
}

/** one category per database (test files may share this module) */
const categories = new WeakMap<Knex, Promise<{ id: number }>>();
/** An active listing of the seller: fixed price €25.00 and 5 in stock unless told otherwise. */
export async function sellerListing(db: Knex, sellerId: number, over: Partial<ListingOver> = {}) {
  if (!categories.has(db)) categories.set(db, createCategoryRow(db));
  return createListing(db, { seller_id: sellerId, category_id: (await categories.get(db)!).id, ...over });
}

export interface Placed {
  order: OrderRow;
  sellerOrder: SellerOrderRow;
  buyer: User;
  seller: Seller;
  listing: { id: number; title: string };
}

/**
 * One order of one listing through the real placement: paid from the buyer's
 * wallet (funded here) unless `payWith` is 'card', which leaves it awaiting payment.
 */
export async function placePaidOrder(
  db: Knex,
  opts: { buyer?: User; seller?: Seller; listing?: { id: number; title: string }; quantity?: number; price?: number; payWith?: PayWith; fund?: boolean } = {},
): Promise<Placed> {
  const seller = opts.seller ?? (await createSeller(db));
  const buyer = opts.buyer ?? (await createUser(db, { display_name: 'Alice Buyer' }));
  const price = opts.price ?? 2500;
  const listing = opts.listing ?? (await sellerListing(db, seller.id, { price }));
  const quantity = opts.quantity ?? 1;
  const payWith = opts.payWith ?? 'wallet';
  if (payWith !== 'card' && opts.fund !== false) await fundBuyer(db, buyer.id, price * quantity);
  const r = await placeOrder(db, {
    buyerId: buyer.id,
    checkoutKey: `test-${randomToken(8)}`,
    items: [{ listingId: listing.id, variantId: null, quantity, seenUnitPrice: price }],
    address: SHIP_TO,
    payWith,
    settings: SETTINGS,
  });
  if (!r.ok) throw new Error(`placing the order failed: ${r.message}`);
  const [sellerOrder] = await sellerOrdersOf(db, r.order.id);
  return { order: (await findOrder(db, r.order.id))!, sellerOrder, buyer, seller, listing };
}

export const sellerOrderRow = async (db: Knex, id: number) => (await db('seller_orders').where({ id }).first()) as Record<string, unknown>;
export const notificationsOf = (db: Knex, userId: number) => db('notifications').where({ user_id: userId }).orderBy('id');
