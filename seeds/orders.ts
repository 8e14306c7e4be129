import type { Knex } from 'knex';
import { escalateDue, openDispute } from '../src/disputes/disputes.js';
import { transfer } from '../src/ledger/ledger.js';
import { lapseOrder } from '../src/orders/expiry.js';
import { acceptOrder, cancelSellerOrder, confirmReceipt, markDelivered, shipOrder } from '../src/orders/fulfilment.js';
import { placeOrder, type PlaceItem } from '../src/orders/placement.js';
import { createListing } from '../tests/factories.js';

const settings = { reservationMinutes: 15, shipDays: 5, escrowDays: 7 };

export interface DemoOrdersResult {
  orders: number;
  /** the seller order under dispute */
  disputed: number;
}

async function idOf(db: Knex, email: string): Promise<number> {
  const u = await db('users').whereRaw('lower(email) = ?', [email]).first('id');
  if (!u) throw new Error(`demo user ${email} is missing`);
  return Number(u.id);
}

async function fund(db: Knex, userId: number, amount: number, key: string): Promise<void> {
  await db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: key,
      kind: 'topup',
      memo: 'Demo top-up',
      legs: [
        { account: { platform: 'gateway_clearing' }, amount: -amount },
        { account: { userId, type: 'available' }, amount },
      ],
    }),
  );
}

/**
 * A market with history: buyer@ has orders in every state, seller@ has orders to
 * ship, accept and deliver, and a disputed order waits in the admin queue.
 * Runs once, after the demo catalog.
 */
export async function seedOrders(db: Knex, emails: { buyer: string; seller: string }): Promise<DemoOrdersResult> {
  const buyer = await idOf(db, emails.buyer);
  const seller = await idOf(db, emails.seller);
  const otherBuyer = await idOf(db, 'applicant@souk.test');
  const category = await db('categories').where({ slug: 'lamps' }).first('id');
  await db('sellers').where({ user_id: seller }).update({ shipping_flat: 590, shipping_free_over: 10_000, low_stock_threshold: 2 });

  const lamp = (title: string, price: number, stock: number) => createListing(db, { seller_id: seller, category_id: Number(category.id), kind: 'fixed', title, price, stock, condition: 'used', attributes: { material: 'Brass' } });
  const lamps = [
    await lamp('Brass desk lamp with green shade', 4500, 6),
    await lamp('Copper pendant lamp, 1960s', 8900, 3),
    await lamp('Glass mushroom lamp', 3200, 8),
    await lamp('Oak floor lamp with linen shade', 12_000, 2),
  ];
  // other shops' fixed-price and digital listings from the demo catalog
  const other = await db('listings').whereNot({ seller_id: seller }).where({ kind: 'fixed', status: 'active' }).whereNotNull('price').where('stock', '>', 3).whereNotExists(db('listing_variants').whereRaw('listing_variants.listing_id = listings.id')).orderBy('id').limit(3).select('id', 'price');
  const digital = await db('listings').whereNot({ seller_id: seller }).where({ kind: 'digital', status: 'active' }).whereNotNull('price').whereNotNull('digital_file_key').orderBy('id').first('id', 'price');

  await fund(db, buyer, 150_000, 'demo-fund-buyer');
  await fund(db, otherBuyer, 50_000, 'demo-fund-applicant');
  const address = { name: 'Bea Buyer', line1: 'Rua das Flores 12', line2: '2º esq.', postal_code: '1200-195', city: 'Lisboa', country: 'PT', phone: '' };
  await db('addresses').insert({ user_id: buyer, ...address });

  const item = (l: { id: number; price?: number | null }, quantity = 1): PlaceItem => ({ listingId: Number(l.id), variantId: null, quantity, seenUnitPrice: Number(l.price) });
  const buy = async (who: number, key: string, items: PlaceItem[]) => {
    const r = await placeOrder(db, { buyerId: who, checkoutKey: key, items, address, payWith: 'wallet', settings });
    if (!r.ok) throw new Error(`demo order ${key}: ${r.message}`);
    return r.order;
  };
  const parts = async (orderId: number) => (await db('seller_orders').where({ order_id: orderId }).orderBy('id').select('id', 'seller_id')).map((p) => ({ id: Number(p.id), seller: Number(p.seller_id) }));
  const asSeller = (id: number) => ({ role: 'seller' as const, userId: id });
  const asBuyer = { role: 'buyer' as const, userId: buyer };
  let count = 0;

  // 1. two shops in one cart: seller@'s part waits to be shipped, the other shop's is completed
  const o1 = await buy(buyer, 'demo-order-1', [item(lamps[0]), ...(other[0] ? [item(other[0])] : [])]);
  count++;
  for (const p of await parts(o1.id)) {
    if (p.seller === seller) continue;
    await shipOrder(db, p.id, asSeller(p.seller), { carrier: 'CTT', trackingNumber: 'RR123456785PT' });
    await markDelivered(db, p.id, asSeller(p.seller));
    await confirmReceipt(db, p.id, asBuyer);
  }
  // 2. accepted, to ship
  const o2 = await buy(buyer, 'demo-order-2', [item(lamps[2], 2)]);
  count++;
  await acceptOrder(db, (await parts(o2.id))[0].id, asSeller(seller));
  // 3. shipped, on its way
  const o3 = await buy(buyer, 'demo-order-3', [item(lamps[1])]);
  count++;
  await shipOrder(db, (await parts(o3.id))[0].id, asSeller(seller), { carrier: 'DHL', trackingNumber: 'JD014600006281' });
  // 4. delivered, escrow running: the one left for a dispute
  const o4 = await buy(buyer, 'demo-order-4', [item(lamps[3])]);
  count++;
  const p4 = (await parts(o4.id))[0].id;
  await shipOrder(db, p4, asSeller(seller), { carrier: 'CTT', trackingNumber: 'RR987654321PT' });
  await markDelivered(db, p4, asSeller(seller));
  // the buyer reports a problem; it is already in the admin queue
  const opened = await openDispute(db, {
    viewer: { id: buyer, is_admin: false },
    sellerOrderId: p4,
    reason: 'damaged',
    body: 'The linen shade arrived torn along the seam, and the base has a dent. Photos to follow.',
    imageKeys: [],
    escalationDays: 0,
  });
  if (!opened.ok) throw new Error(`demo dispute: ${opened.message}`);
  await escalateDue(db);
  // 5. cancelled by the seller, money back
  const o5 = await buy(buyer, 'demo-order-5', [item(lamps[2])]);
  count++;
  await cancelSellerOrder(db, (await parts(o5.id))[0].id, asSeller(seller), 'Damaged in storage, sorry');
  // 6. a digital download, ready
  if (digital) {
    await buy(buyer, 'demo-order-6', [item(digital)]);
    count++;
  }
  // 7. another buyer's new order for seller@, waiting to be accepted
  await buy(otherBuyer, 'demo-order-7', [item(lamps[0]), item(lamps[2])]);
  count++;
  // 8. an unpaid card order the buyer gave up on
  const o8 = await placeOrder(db, { buyerId: buyer, checkoutKey: 'demo-order-8', items: [item(lamps[1])], address, payWith: 'card', settings });
  if (o8.ok) {
    await lapseOrder(db, o8.order.id, { by: 'buyer', buyerId: buyer });
    count++;
  }
  return { orders: count, disputed: p4 };
}
