import type { Knex } from 'knex';
import { newIdempotencyKey } from '../../../src/http/idempotency.js';
import { shipOrder } from '../../../src/orders/fulfilment.js';
import { placeOrder } from '../../../src/orders/placement.js';
import { createCategoryRow, createListing, createUser } from '../../factories.js';
import { topUp } from '../../ledger/helpers.js';
import type { Fixture } from './types.js';

const ADDRESS = { name: 'Planted Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };
const settings = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };

/** A paid order from a fresh buyer for a listing of `sellerId` (the signed-in admin sells here). */
async function plantSale(db: Knex, sellerId: number): Promise<number> {
  const cat = await createCategoryRow(db);
  const listing = await createListing(db, { seller_id: sellerId, category_id: cat.id, price: 1500, stock: 5 });
  const buyer = await createUser(db);
  // enough for any shipping the admin's shop may charge
  await topUp(db, buyer.id, 100_000);
  const r = await placeOrder(db, { buyerId: buyer.id, checkoutKey: newIdempotencyKey(), items: [{ listingId: listing.id, variantId: null, quantity: 1, seenUnitPrice: 1500 }], address: ADDRESS, payWith: 'wallet', settings });
  if (!r.ok) throw new Error(r.message);
  return Number((await db('seller_orders').where({ order_id: r.order.id }).first()).id);
}

const partStatus = (db: Knex, id: number) => async () => (await db('seller_orders').where({ id }).first()).status;

/** CSRF fixtures for the seller's order transitions, keyed "method path" as in src/orders/seller-routes.ts. */
export const sellerOrdersFixtures: Record<string, Fixture> = {
  'post /seller-orders/:id/acceptance': async (db, _c, { admin }) => {
    const id = await plantSale(db, admin.id);
    return { path: `/seller-orders/${id}/acceptance`, form: {}, state: partStatus(db, id) };
  },
  'post /seller-orders/:id/shipment': async (db, _c, { admin }) => {
    const id = await plantSale(db, admin.id);
    return { path: `/seller-orders/${id}/shipment`, form: { carrier: 'CTT', tracking_number: 'RR123456785PT' }, state: partStatus(db, id) };
  },
  'post /seller-orders/:id/delivery': async (db, _c, { admin }) => {
    const id = await plantSale(db, admin.id);
    const shipped = await shipOrder(db, id, { role: 'seller', userId: admin.id }, { carrier: 'CTT', trackingNumber: 'RR123456785PT' });
    if (!shipped.ok) throw new Error(shipped.message);
    return { path: `/seller-orders/${id}/delivery`, form: {}, state: partStatus(db, id) };
  },
};
