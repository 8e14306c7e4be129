import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { grantEntitlements } from '../../src/downloads/downloads.js';
import { clock } from '../../src/lib/clock.js';
import { LocalStore, newKey } from '../../src/media/storage.js';
import { createListing } from '../factories.js';
import type { Client } from '../http.js';

let n = 0;

/** A digital listing with its file already in the store (written directly, no upload). */
export async function digitalListing(
  db: Knex,
  storageDir: string,
  opts: { sellerId: number; categoryId: number; bytes?: number; fileName?: string; title?: string; over?: Record<string, unknown> },
) {
  const data = randomBytes(opts.bytes ?? 50_000);
  const key = newKey('file');
  await new LocalStore(storageDir).put(key, data, 'application/octet-stream');
  const listing = await createListing(db, {
    seller_id: opts.sellerId,
    category_id: opts.categoryId,
    kind: 'digital',
    title: opts.title ?? `Knitting pattern ${++n}`,
    digital_file_key: key,
    digital_file_name: opts.fileName ?? 'pattern.pdf',
    digital_file_bytes: data.length,
    ...opts.over,
  });
  return { listing, data, key };
}

/**
 * A paid order for one digital listing, written straight into orders, seller_orders
 * and order_lines (as checkout leaves it once the payment has arrived).
 */
export async function paidDigitalOrder(db: Knex, opts: { buyerId: number; listing: { id: number; seller_id: number; title: string }; price?: number; status?: 'paid' | 'awaiting_payment' }) {
  const price = opts.price ?? 1200;
  const status = opts.status ?? 'paid';
  const paidAt = status === 'paid' ? clock.now() : null;
  const commission = Math.round(price / 10);
  const [order] = await db('orders')
    .insert({
      buyer_id: opts.buyerId,
      currency: 'EUR',
      status,
      items_total: price,
      shipping_total: 0,
      total: price,
      wallet_amount: price,
      card_amount: 0,
      checkout_key: `test-${Date.now()}-${++n}`,
      ship_days: 3,
      escrow_days: 7,
      paid_at: paidAt,
    })
    .returning('id');
  const [sellerOrder] = await db('seller_orders')
    .insert({
      order_id: order.id,
      seller_id: opts.listing.seller_id,
      buyer_id: opts.buyerId,
      currency: 'EUR',
      status,
      items_total: price,
      shipping: 0,
      total: price,
      commission,
      fulfilment: 'digital',
      needs_shipping: false,
      paid_at: paidAt,
    })
    .returning('id');
  const [line] = await db('order_lines')
    .insert({
      order_id: order.id,
      seller_order_id: sellerOrder.id,
      seller_id: opts.listing.seller_id,
      listing_id: opts.listing.id,
      kind: 'digital',
      title: opts.listing.title,
      unit_price: price,
      quantity: 1,
      line_total: price,
      commission_rate_bp: 1000,
      commission_amount: commission,
    })
    .returning('id');
  return { orderId: Number(order.id), sellerOrderId: Number(sellerOrder.id), lineId: Number(line.id) };
}

/** Grants the order's downloads as the payment does; returns the line's entitlement. */
export async function grant(db: Knex, order: { sellerOrderId: number; lineId: number }, at = clock.now()) {
  await db.transaction((trx) => grantEntitlements(trx, order.sellerOrderId, at));
  return db('entitlements').where({ order_line_id: order.lineId }).first();
}

/** A GET with the client's session, the body kept as bytes. */
export async function fetchBytes(c: Client, url: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(new URL(url, c.baseUrl), { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}` }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
