import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCart } from '../../src/carts/carts.js';
import { cartCount } from '../../src/carts/queries.js';
import { headerFigures } from '../../src/http/header-figures.js';
import { balances } from '../../src/ledger/ledger.js';
import { unreadCount } from '../../src/notifications/queries.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { topUp } from '../ledger/helpers.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(() => t?.drop());

describe("a signed-in page's header figures, read in one statement", () => {
  it('are the unread count, the available balance and the cart count each domain gives, and nothing of another user', async () => {
    const buyer = await createUser(t.db);
    const other = await createUser(t.db);
    expect(await headerFigures(t.db, buyer.id, 'EUR')).toEqual({ unread: 0, available: 0, cart: 0 });

    const seller = await createSeller(t.db);
    const category = await createCategoryRow(t.db);
    const goods = await createListing(t.db, { seller_id: seller.id, category_id: category.id, stock: 5 });
    const download = await createListing(t.db, { seller_id: seller.id, category_id: category.id, kind: 'digital', stock: null });
    await addToCart(t.db, { userId: buyer.id }, { listing_id: goods.id, quantity: 3, booking_note: '' });
    await addToCart(t.db, { userId: buyer.id }, { listing_id: download.id, quantity: 1, booking_note: '' });
    await addToCart(t.db, { userId: other.id }, { listing_id: goods.id, quantity: 2, booking_note: '' });
    await topUp(t.db, buyer.id, 4_250);
    await topUp(t.db, other.id, 999);
    await t.db('notifications').insert([
      { user_id: buyer.id, kind: 'k', title: 'one' },
      { user_id: buyer.id, kind: 'k', title: 'two' },
      { user_id: buyer.id, kind: 'k', title: 'read', read_at: new Date() },
      { user_id: other.id, kind: 'k', title: 'theirs' },
    ]);

    const figures = await headerFigures(t.db, buyer.id, 'EUR');
    expect(figures).toEqual({ unread: 2, available: 4_250, cart: 4 });
    expect(figures).toEqual({
      unread: await unreadCount(t.db, buyer.id),
      available: (await balances(t.db, buyer.id, 'EUR')).available,
      cart: await cartCount(t.db, { userId: buyer.id }),
    });
    // a currency the user holds nothing in
    expect((await headerFigures(t.db, buyer.id, 'USD')).available).toBe(0);
  });
});
