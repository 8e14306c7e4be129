import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { issueCreditNote } from '../../src/documents/documents.js';
import { storeFor } from '../../src/media/storage.js';
import { cancelSellerOrder } from '../../src/orders/fulfilment.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { placePaidOrder } from './helpers.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(async () => {
  await t.drop();
});

describe('a paid part cancelled', () => {
  it('announces the money going back once, and the seller gets one credit note against the invoice', async () => {
    const { sellerOrder, seller } = await placePaidOrder(t.db, { price: 3200 });
    const r = await cancelSellerOrder(t.db, sellerOrder.id, { role: 'seller', userId: seller.id }, 'Broken in storage');
    expect(r.ok).toBe(true);
    const again = await cancelSellerOrder(t.db, sellerOrder.id, { role: 'seller', userId: seller.id }, 'Broken in storage');
    expect(again.ok).toBe(false);

    const events = await t.db('outbox').where({ topic: 'seller_order.refunded' }).select('payload');
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ sellerOrderId: sellerOrder.id, amount: sellerOrder.total, refundKey: `cancel:${sellerOrder.id}` })]);

    const store = storeFor(loadConfig(t.env));
    const facts = { sellerOrderId: sellerOrder.id, refundKey: `cancel:${sellerOrder.id}`, amount: sellerOrder.total, issuedAt: new Date() };
    const first = await issueCreditNote(t.db, store, facts);
    const second = await issueCreditNote(t.db, store, facts);
    expect(first.status).toBe('stored');
    expect(second.status).toBe('exists');
    const notes = await t.db('order_documents').where({ kind: 'credit_note', seller_order_id: sellerOrder.id });
    expect(notes).toHaveLength(1);
    expect(Number(notes[0].amount)).toBe(sellerOrder.total);
  });
});
