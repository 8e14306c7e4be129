import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balances } from '../../src/ledger/ledger.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { Client, text } from '../http.js';
import { topUp } from '../ledger/helpers.js';
import { card } from '../payments/helpers.js';
import { ADDRESS, addToCart, available, checkoutForm, count, listing, MANY_SIGN_INS, NEW_ADDRESS, orderIdOf, placeOrder, shop, signedIn, stockOf } from './buyer-helpers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: true, env: MANY_SIGN_INS });
});
afterAll(async () => {
  await app?.stop();
});

/** Pays on the local gateway's hosted page; returns where it sends the buyer back to. */
async function payOnHostedPage(c: Client, payUrl: string, number = '4242 4242 4242 4242'): Promise<string> {
  expect(payUrl).toMatch(/^\/gateway\/pay\/pi_\w+$/);
  await c.get(payUrl);
  const back = await c.post(payUrl, card(number), { follow: false });
  expect(back.status).toBe(303);
  return back.headers.get('location')!;
}

describe('checkout', () => {
  it('a visitor is sent to sign in and comes back to checkout', async () => {
    const page = await new Client(app.baseUrl).get('/checkout', { follow: false });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin?next=%2Fcheckout');
  });

  it('buys from two sellers with wallet money: one order, two seller orders, the wallet down by the total, stock down, the cart empty', async () => {
    const a = await shop(app, 490);
    const b = await shop(app, 0);
    const lamp = await listing(app.db, a.seller.id, { title: 'Brass lamp', price: 2500, stock: 5 });
    const mug = await listing(app.db, b.seller.id, { title: 'Blue mug', price: 1200, stock: 5 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 20_000);
    await addToCart(c, lamp.id, { quantity: '2' });
    await addToCart(c, mug.id);

    const { page, form } = await checkoutForm(c, NEW_ADDRESS);
    expect(page.status).toBe(200);
    const total = 2 * 2500 + 490 + 1200;
    expect(page.doc.querySelector('#checkout-total')?.getAttribute('data-amount')).toBe(String(total));
    expect(page.doc.querySelectorAll('.checkout-group')).toHaveLength(2);
    expect(text(page.doc.querySelector(`#checkout-seller-${a.seller.id}`))).toContain(a.seller.shop_name);
    expect(page.doc.querySelector('input[name=pay_with][value=wallet]')?.hasAttribute('checked')).toBe(true);
    expect(text(page.doc.querySelector('#checkout-payment'))).toContain('€200.00');

    const placed = await c.post('/orders', form, { follow: false });
    expect(placed.status).toBe(303);
    const orderId = orderIdOf(placed.headers.get('location'));
    const shown = await c.get(`/orders/${orderId}`);
    expect(text(shown.doc.querySelector('#flash'))).toContain('Thank you');
    expect(shown.doc.querySelectorAll('.seller-order')).toHaveLength(2);

    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(1);
    const order = await app.db('orders').where({ id: orderId }).first();
    expect(order).toMatchObject({ status: 'paid', total, wallet_amount: total, card_amount: 0 });
    expect(order.shipping_address).toMatchObject({ name: 'Ana Buyer', city: 'Lisboa', country: 'PT' });
    const parts = await app.db('seller_orders').where({ order_id: orderId }).orderBy('id');
    expect(parts.map((p) => [Number(p.seller_id), p.status, Number(p.total)])).toEqual(
      expect.arrayContaining([
        [a.seller.id, 'paid', 5490],
        [b.seller.id, 'paid', 1200],
      ]),
    );
    expect(await balances(app.db, user.id)).toMatchObject({ available: 20_000 - total, held: total });
    expect(await stockOf(app.db, lamp.id)).toMatchObject({ stock: 3, reserved: 0 });
    expect(await stockOf(app.db, mug.id)).toMatchObject({ stock: 4, reserved: 0 });
    const cart = await app.db('carts').where({ user_id: user.id }).first();
    expect(await count(app.db, 'cart_lines', { cart_id: cart.id })).toBe(0);
    // the new address is in the buyer's address book, and preselected next time
    expect(await count(app.db, 'addresses', { user_id: user.id })).toBe(1);
  });

  it('pays by card on the hosted page; the order is paid once the webhook arrives', async () => {
    const a = await shop(app, 300);
    const chair = await listing(app.db, a.seller.id, { title: 'Oak chair', price: 4000, stock: 2 });
    const { user, c } = await signedIn(app);
    const [saved] = await app.db('addresses').insert({ user_id: user.id, ...ADDRESS, city: 'Porto' }).returning('id');
    await addToCart(c, chair.id);
    const { page, form } = await checkoutForm(c);
    expect(page.doc.querySelector('input[name=pay_with][value=card]')?.hasAttribute('checked')).toBe(true);
    expect(form.address_id).toBe(String(saved.id));

    const placed = await c.post('/orders', form, { follow: false });
    expect(placed.status).toBe(303);
    const payUrl = placed.headers.get('location')!;
    const pay = await c.get(payUrl);
    expect(text(pay.doc.querySelector('#gateway-amount'))).toBe('€43.00');
    const back = await payOnHostedPage(c, payUrl);
    const orderId = orderIdOf(back);
    expect((await stockOf(app.db, chair.id)).reserved).toBe(1);

    await eventually(async () => (await app.db('orders').where({ id: orderId }).first()).status === 'paid');
    const order = await app.db('orders').where({ id: orderId }).first();
    expect(order).toMatchObject({ card_amount: 4300, wallet_amount: 0 });
    expect(order.shipping_address.city).toBe('Porto');
    expect(await balances(app.db, user.id)).toMatchObject({ available: 0, held: 4300 });
    expect(await stockOf(app.db, chair.id)).toMatchObject({ stock: 1, reserved: 0 });
    const shown = await c.get(back);
    expect(shown.doc.querySelector(`#order-${orderId}-summary`)?.getAttribute('data-status')).toBe('paid');
  });

  it('wallet first, then a card for the rest', async () => {
    const a = await shop(app);
    const print = await listing(app.db, a.seller.id, { price: 2500 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 1000);
    await addToCart(c, print.id);
    const { page, form } = await checkoutForm(c, NEW_ADDRESS);
    expect(page.doc.querySelector('input[name=pay_with][value=wallet_then_card]')?.hasAttribute('checked')).toBe(true);
    const placed = await c.post('/orders', form, { follow: false });
    const payUrl = placed.headers.get('location')!;
    expect(text((await c.get(payUrl)).doc.querySelector('#gateway-amount'))).toBe('€15.00');
    // the wallet part is set aside meanwhile
    expect(await balances(app.db, user.id)).toMatchObject({ available: 0, held: 1000 });
    const orderId = orderIdOf(await payOnHostedPage(c, payUrl));
    await eventually(async () => (await app.db('orders').where({ id: orderId }).first()).status === 'paid');
    expect(await balances(app.db, user.id)).toMatchObject({ available: 0, held: 2500 });
    expect(await app.db('orders').where({ id: orderId }).first()).toMatchObject({ wallet_amount: 1000, card_amount: 1500 });
  });

  it('a double submit places one order and answers the same', async () => {
    const a = await shop(app);
    const vase = await listing(app.db, a.seller.id, { price: 1800 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 10_000);
    await addToCart(c, vase.id);
    const { form } = await checkoutForm(c, NEW_ADDRESS);
    const first = await c.post('/orders', form, { follow: false });
    const more = await Promise.all([1, 2, 3].map(() => c.post('/orders', form, { follow: false })));
    const again = await c.post('/orders', form, { follow: false });
    const answers = [first, ...more, again].map((r) => `${r.status} ${r.headers.get('location')}`);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^303 \/orders\/\d+$/);
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(1);
    expect(await available(app.db, user.id)).toBe(10_000 - 1800);
    expect(await count(app.db, 'addresses', { user_id: user.id })).toBe(1);
  });

  it('two submissions at once of a card checkout start one payment', async () => {
    const a = await shop(app);
    const rug = await listing(app.db, a.seller.id, { price: 9900 });
    const { user, c } = await signedIn(app);
    await addToCart(c, rug.id);
    const { form } = await checkoutForm(c, NEW_ADDRESS);
    const answers = await Promise.all([1, 2, 3].map(() => c.post('/orders', form, { follow: false })));
    expect(new Set(answers.map((r) => `${r.status} ${r.headers.get('location')}`)).size).toBe(1);
    expect(answers[0].headers.get('location')).toMatch(/^\/gateway\/pay\/pi_/);
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(1);
  });

  it('a price changed since the checkout page is refused and nothing is charged', async () => {
    const a = await shop(app);
    const bowl = await listing(app.db, a.seller.id, { title: 'Clay bowl', price: 2000 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 10_000);
    await addToCart(c, bowl.id);
    const { form } = await checkoutForm(c, NEW_ADDRESS);
    await app.db('listings').where({ id: bowl.id }).update({ price: 3000 });
    const refused = await c.post('/orders', form, { follow: false });
    expect(refused.status).toBe(422);
    const message = text(refused.doc.querySelector('#checkout-cart-error'));
    expect(message).toContain('changed to €30.00');
    expect(message).toContain('Nothing was charged');
    // the page shows the new price, and what the buyer typed is kept
    expect(refused.doc.querySelector('#checkout-total')?.getAttribute('data-amount')).toBe('3000');
    expect(refused.doc.querySelector('input[name=pay_with][value=wallet]')?.hasAttribute('checked')).toBe(true);
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(0);
    expect(await balances(app.db, user.id)).toMatchObject({ available: 10_000, held: 0 });
    expect(await stockOf(app.db, bowl.id)).toMatchObject({ stock: 5, reserved: 0 });
    // placing again at the new price works
    const placed = await placeOrder(c);
    expect(placed.status).toBe(303);
    expect(await available(app.db, user.id)).toBe(7000);
  });

  it('shipped goods need an address: a field error beside it, input kept, nothing placed', async () => {
    const a = await shop(app);
    const clock = await listing(app.db, a.seller.id, { price: 1500 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 10_000);
    await addToCart(c, clock.id);
    const none = await placeOrder(c, { address_id: undefined });
    expect(none.status).toBe(422);
    expect(text(none.doc.querySelector('#checkout-address-error'))).toBe('Choose where to ship your order.');

    const partial = await placeOrder(c, { ...NEW_ADDRESS, name: '', city: 'Faro' });
    expect(partial.status).toBe(422);
    expect(text(partial.doc.querySelector('#f-name-error'))).toBe('Enter the name of the person receiving it.');
    expect(partial.doc.querySelector('#f-city')?.getAttribute('value')).toBe('Faro');
    expect(partial.doc.querySelector('input[name=address_id][value=new]')?.hasAttribute('checked')).toBe(true);
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(0);
    expect(await count(app.db, 'addresses', { user_id: user.id })).toBe(0);
  });

  it('a download needs no address', async () => {
    const a = await shop(app, 500);
    const font = await listing(app.db, a.seller.id, { kind: 'digital', price: 900, digital_file_key: 'file/none', digital_file_name: 'font.otf', digital_file_bytes: 10 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 1000);
    await addToCart(c, font.id);
    const { page, form } = await checkoutForm(c);
    expect(page.doc.querySelector('#checkout-no-shipping')).not.toBeNull();
    expect(page.doc.querySelector('#checkout-total')?.getAttribute('data-amount')).toBe('900');
    const placed = await c.post('/orders', form, { follow: false });
    expect(placed.status).toBe(303);
    expect((await app.db('orders').where({ buyer_id: user.id }).first()).shipping_address).toBeNull();
    // the order page has the download beside the line
    const orderPage = await c.get(placed.headers.get('location')!);
    expect(text(orderPage.doc.querySelector('.seller-order[data-fulfilment=digital] .order-line .download-box'))).toContain('font.otf');
    expect(orderPage.doc.querySelector('#nav-my-orders')?.getAttribute('href')).toBe('/orders');
  });

  it('a booked service shows its date and note on the order', async () => {
    const a = await shop(app);
    const lesson = await listing(app.db, a.seller.id, { kind: 'service', title: 'Pottery lesson', price: 4500, stock: null });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 5000);
    await addToCart(c, lesson.id, { booking_date: '2099-05-31', booking_note: 'Beginner <b>please</b>' });
    const placed = await placeOrder(c);
    expect(placed.status).toBe(303);
    const page = await c.get(placed.headers.get('location')!);
    const line = page.doc.querySelector('.seller-order[data-fulfilment=service] .order-line .booking');
    expect(text(line)).toContain('Preferred date: 2099-05-31 (waiting for the seller)');
    expect(text(line)).toContain('Note: Beginner <b>please</b>');
    expect(page.html).not.toContain('<b>please</b>');
    expect(await count(app.db, 'orders', { buyer_id: user.id, status: 'paid' })).toBe(1);
  });

  it('paying from the wallet alone with too little in it is refused beside the payment choice', async () => {
    const a = await shop(app);
    const lamp = await listing(app.db, a.seller.id, { price: 5000 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 1000);
    await addToCart(c, lamp.id);
    const refused = await placeOrder(c, { ...NEW_ADDRESS, pay_with: 'wallet' });
    expect(refused.status).toBe(422);
    expect(text(refused.doc.querySelector('#checkout-pay_with-error'))).toContain('Pay the rest by card');
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(0);
    expect(await balances(app.db, user.id)).toMatchObject({ available: 1000, held: 0 });
  });

  it('a cart changed in another tab since the checkout page is refused', async () => {
    const a = await shop(app);
    const cup = await listing(app.db, a.seller.id, { price: 700 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 10_000);
    await addToCart(c, cup.id);
    const { form } = await checkoutForm(c, NEW_ADDRESS);
    await addToCart(c, cup.id);
    const refused = await c.post('/orders', form, { follow: false });
    expect(refused.status).toBe(422);
    expect(text(refused.doc.querySelector('#checkout-cart-error'))).toContain('Your cart changed since you opened checkout');
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(0);
  });

  it('an own listing or a classified ad in the cart blocks checkout', async () => {
    const me = await shop(app);
    const other = await shop(app);
    const mine = await listing(app.db, me.seller.id, { title: 'My own print', price: 1000 });
    const ad = await listing(app.db, other.seller.id, { kind: 'classified', title: 'Old bicycle', price: 8000, stock: null });
    await topUp(app.db, me.seller.id, 50_000);
    const [cart] = await app.db('carts').insert({ user_id: me.seller.id }).returning('id');

    // a visitor cart merged at sign-in can hold the buyer's own listing
    await app.db('cart_lines').insert({ cart_id: cart.id, listing_id: mine.id, quantity: 1, unit_price_seen: 1000 });
    const own = await checkoutForm(me.c, NEW_ADDRESS);
    expect(text(own.page.doc.querySelector(`#checkout-line-${(await app.db('cart_lines').where({ cart_id: cart.id }).first()).id} .problem`))).toContain('your own listing');
    expect(own.page.doc.querySelector('#checkout-problems a')?.getAttribute('href')).toBe('/cart');
    expect(own.page.doc.querySelector('#place-order')).toBeNull();
    const forced = await me.c.post('/orders', own.form, { follow: false });
    expect(forced.status).toBe(422);
    expect(text(forced.doc.querySelector('#checkout-cart-error'))).toContain('your own listing');

    await app.db('cart_lines').where({ cart_id: cart.id }).delete();
    await app.db('cart_lines').insert({ cart_id: cart.id, listing_id: ad.id, quantity: 1, unit_price_seen: 8000 });
    const classified = await checkoutForm(me.c, NEW_ADDRESS);
    expect(classified.page.doc.querySelector('#checkout-problems')).not.toBeNull();
    expect(classified.page.doc.querySelector('#place-order')).toBeNull();
    const forcedAd = await me.c.post('/orders', classified.form, { follow: false });
    expect(forcedAd.status).toBe(422);
    expect(text(forcedAd.doc.querySelector('#checkout-cart-error'))).toMatch(/can no longer be bought|can't be bought|no longer for sale/);
    expect(await count(app.db, 'orders', { buyer_id: me.seller.id })).toBe(0);
    expect(await available(app.db, me.seller.id)).toBe(50_000);
  });

  it('two buyers after the last one: one gets it, the other is told on checkout and charged nothing', async () => {
    const a = await shop(app);
    const last = await listing(app.db, a.seller.id, { title: 'Last teapot', price: 3000, stock: 1 });
    const buyers = await Promise.all([signedIn(app), signedIn(app)]);
    const forms: Record<string, string>[] = [];
    for (const b of buyers) {
      await topUp(app.db, b.user.id, 5000);
      await addToCart(b.c, last.id);
      forms.push((await checkoutForm(b.c, NEW_ADDRESS)).form);
    }
    const answers = await Promise.all(buyers.map((b, i) => b.c.post('/orders', forms[i], { follow: false })));
    expect(answers.map((r) => r.status).sort()).toEqual([303, 422]);
    const loser = answers.findIndex((r) => r.status === 422);
    const lostPage = answers[loser];
    expect(text(lostPage.doc.querySelector('#checkout-cart-error, #checkout .form-error'))).toMatch(/Someone just bought the last/);
    expect(text(lostPage.doc.querySelector('#checkout'))).toContain('Nothing was charged');
    expect(await balances(app.db, buyers[loser].user.id)).toMatchObject({ available: 5000, held: 0 });
    expect(await count(app.db, 'orders', { buyer_id: buyers[loser].user.id })).toBe(0);
    expect(await stockOf(app.db, last.id)).toMatchObject({ stock: 0, reserved: 0 });
  });

  it('a form without its one-time key is refused', async () => {
    const a = await shop(app);
    const pen = await listing(app.db, a.seller.id, { price: 300 });
    const { user, c } = await signedIn(app);
    await topUp(app.db, user.id, 1000);
    await addToCart(c, pen.id);
    const refused = await placeOrder(c, { ...NEW_ADDRESS, idempotency_key: undefined });
    expect(refused.status).toBe(422);
    expect(text(refused.doc.querySelector('#checkout .form-error'))).toMatch(/one-time key/);
    expect(await count(app.db, 'orders', { buyer_id: user.id })).toBe(0);
  });
});
