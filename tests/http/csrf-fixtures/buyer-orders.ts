import type { Knex } from 'knex';
import { cartView } from '../../../src/carts/view.js';
import { newIdempotencyKey } from '../../../src/http/idempotency.js';
import { seenOf } from '../../../src/orders/checkout.js';
import { shipOrder } from '../../../src/orders/fulfilment.js';
import { placeOrder, type PayWith } from '../../../src/orders/placement.js';
import { createCategoryRow, createListing, createSeller } from '../../factories.js';
import { topUp } from '../../ledger/helpers.js';
import type { Fixture } from './types.js';

const ADDRESS = { name: 'Planted Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };
const settings = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };

/** A listing of a fresh seller, for the buyer to buy. */
async function plantListing(db: Knex, price = 1500) {
  const seller = await createSeller(db);
  const cat = await createCategoryRow(db);
  return { seller, listing: await createListing(db, { seller_id: seller.id, category_id: cat.id, price, stock: 5 }) };
}

/** An order of the buyer placed straight through the orders domain. */
async function plantOrder(db: Knex, buyerId: number, payWith: PayWith) {
  const { seller, listing } = await plantListing(db);
  if (payWith === 'wallet') await topUp(db, buyerId, 1500);
  const r = await placeOrder(db, { buyerId, checkoutKey: newIdempotencyKey(), items: [{ listingId: listing.id, variantId: null, quantity: 1, seenUnitPrice: 1500 }], address: ADDRESS, payWith, settings });
  if (!r.ok) throw new Error(r.message);
  const part = await db('seller_orders').where({ order_id: r.order.id }).first();
  return { order: r.order, partId: Number(part.id), sellerId: seller.id };
}

const partStatus = (db: Knex, id: number) => async () => (await db('seller_orders').where({ id }).first()).status;

/** CSRF fixtures for the buyer's unsafe order routes, keyed "method path" as in src/orders/routes.ts. */
export const buyerOrdersFixtures: Record<string, Fixture> = {
  'post /orders': async (db, _c, { admin }) => {
    const { listing } = await plantListing(db);
    await topUp(db, admin.id, 1500);
    await db('carts').insert({ user_id: admin.id }).onConflict('user_id').ignore();
    const cart = await db('carts').where({ user_id: admin.id }).first();
    await db('cart_lines').where({ cart_id: cart.id }).delete();
    await db('cart_lines').insert({ cart_id: cart.id, listing_id: listing.id, quantity: 1, unit_price_seen: 1500 });
    const seen = seenOf(await cartView(db, { userId: admin.id }));
    return {
      path: '/orders',
      form: { pay_with: 'wallet', seen, idempotency_key: newIdempotencyKey(), address_id: 'new', ...ADDRESS },
      state: async () => Number((await db('orders').where({ buyer_id: admin.id }).count('* as n').first())?.n),
    };
  },
  'post /orders/:id/payment': async (db, _c, { admin }) => {
    const { order } = await plantOrder(db, admin.id, 'card');
    return { path: `/orders/${order.id}/payment`, form: {}, state: async () => (await db('orders').where({ id: order.id }).first()).payment_id };
  },
  'post /orders/:id/cancellation': async (db, _c, { admin }) => {
    const { order } = await plantOrder(db, admin.id, 'card');
    return { path: `/orders/${order.id}/cancellation`, form: { idempotency_key: newIdempotencyKey() }, state: async () => (await db('orders').where({ id: order.id }).first()).status };
  },
  'post /seller-orders/:id/receipt': async (db, _c, { admin }) => {
    const { partId, sellerId } = await plantOrder(db, admin.id, 'wallet');
    const shipped = await shipOrder(db, partId, { role: 'seller', userId: sellerId }, { carrier: 'CTT', trackingNumber: 'RR1' });
    if (!shipped.ok) throw new Error(shipped.message);
    return { path: `/seller-orders/${partId}/receipt`, form: { idempotency_key: newIdempotencyKey() }, state: partStatus(db, partId) };
  },
  'post /seller-orders/:id/cancellation': async (db, _c, { admin }) => {
    const { partId } = await plantOrder(db, admin.id, 'wallet');
    return { path: `/seller-orders/${partId}/cancellation`, form: { reason: 'Planted', idempotency_key: newIdempotencyKey() }, state: partStatus(db, partId) };
  },
};
