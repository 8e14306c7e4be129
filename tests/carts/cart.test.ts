import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { text, type Client } from '../http.js';
import { signedIn } from '../payouts/helpers.js';
import { add, amount, expectNoLines, flash, headerCount, linesOf, moreOf, sellerWithListing, withVariants } from './helpers.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterEach(() => clock.reset());
afterAll(async () => {
  clock.reset();
  await app?.stop();
});

async function buyer(): Promise<{ id: number; c: Client }> {
  const u = await createUser(app.db);
  return { id: u.id, c: await signedIn(app, u) };
}

describe('adding to the cart', () => {
  it('adds a fixed-price item without JavaScript, adds to the quantity the second time and refuses more than is left', async () => {
    const s = await sellerWithListing(app.db, { title: 'Brass lamp', price: 2500, stock: 4, reserved: 1 });
    const b = await buyer();
    const page = await add(b.c, s.listing.id, { quantity: '2' });
    expect(page.status).toBe(200);
    expect(page.url).toContain('/cart');
    expect(flash(page)).toContain('Added “Brass lamp” to your cart.');
    expect(headerCount(page)).toBe('Cart (2)');
    const group = page.doc.querySelector(`#cart-group-${s.seller.id}`);
    expect(text(group?.querySelector('h2'))).toBe(s.seller.shop_name);
    expect(text(group?.querySelector('.cart-line-title'))).toBe('Brass lamp');
    expect(amount(page, `#cart-group-${s.seller.id} .subtotal`)).toBe(5000);

    const again = await add(b.c, s.listing.id, { quantity: '1' });
    expect(again.status).toBe(200);
    expect((await linesOf(app.db, { userId: b.id })).map((l) => l.quantity)).toEqual([3]);

    // 4 in stock, 1 reserved by someone's checkout: 3 can be bought and all 3 are in the cart
    const over = await add(b.c, s.listing.id, { quantity: '1' });
    expect(over.status).toBe(422);
    expect(text(over.doc.querySelector(`#add-to-cart-${s.listing.id} .error`))).toContain('Only 3 left.');
    expect(over.doc.querySelector(`#cart-quantity-${s.listing.id}`)?.getAttribute('value')).toBe('1');
    expect((await linesOf(app.db, { userId: b.id })).map((l) => l.quantity)).toEqual([3]);
  });

  it('with htmx swaps the box with a confirmation and the header count out of band', async () => {
    const s = await sellerWithListing(app.db, { price: 1200 });
    const b = await buyer();
    await b.c.get(`/listings/${s.listing.id}`);
    const res = await add(b.c, s.listing.id, { quantity: '2' }, { htmx: true });
    expect(res.status).toBe(200);
    expect(res.doc.querySelector('html')).toBeNull();
    expect(text(res.doc.querySelector(`#add-to-cart-${s.listing.id} .added`))).toContain('Added');
    const count = res.doc.querySelector('#cart-count');
    expect(count?.getAttribute('hx-swap-oob')).toBe('true');
    expect(text(count)).toBe('Cart (2)');

    const refused = await add(b.c, s.listing.id, { quantity: '9' }, { htmx: true });
    expect(refused.status).toBe(422);
    expect(text(refused.doc.querySelector(`#add-to-cart-${s.listing.id} .error`))).toBe('Only 5 left. You have 2 in your cart already.');
  });

  it('needs a variant when the listing has them, and shows its label', async () => {
    const s = await sellerWithListing(app.db);
    const { listing, variantIds } = await withVariants(app.db, s.seller.id, s.category.id, [
      { options: { size: 'M', colour: 'Red' }, price: 1400, stock: 2 },
      { options: { size: 'L', colour: 'Red' }, price: 1500, stock: 0 },
    ]);
    const b = await buyer();
    const missing = await add(b.c, listing.id);
    expect(missing.status).toBe(422);
    expect(text(missing.doc.querySelector(`#cart-variant-${listing.id}-error`))).toBe('Choose an option.');
    const soldOut = await add(b.c, listing.id, { variant_id: String(variantIds[1]) });
    expect(soldOut.status).toBe(422);
    expect(text(soldOut.doc.querySelector(`#cart-quantity-${listing.id}-error`))).toBe('This listing is sold out.');
    await expectNoLines(app.db, { userId: b.id });

    const page = await add(b.c, listing.id, { variant_id: String(variantIds[0]) });
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('.variant-label'))).toBe('M · Red');
    expect(amount(page, '.unit-price')).toBe(1400);
    expect((await linesOf(app.db, { userId: b.id }))[0]).toMatchObject({ variant_id: variantIds[0], quantity: 1, unit_price_seen: 1400 });
  });

  it('puts a download in once, with quantity 1', async () => {
    const s = await sellerWithListing(app.db, { kind: 'digital', price: 900 });
    const b = await buyer();
    const listingPage = await b.c.get(`/listings/${s.listing.id}`);
    expect(text(listingPage.doc.querySelector(`#add-to-cart-${s.listing.id} button`))).toBe('Buy');
    expect(listingPage.doc.querySelector(`#add-to-cart-${s.listing.id} input[name=quantity]`)).toBeNull();
    await add(b.c, s.listing.id, { quantity: '3' });
    const again = await add(b.c, s.listing.id);
    expect(flash(again)).toContain('in your cart already');
    expect((await linesOf(app.db, { userId: b.id })).map((l) => l.quantity)).toEqual([1]);
    expect(text(again.doc.querySelector('.quantity'))).toBe('1 download');
    expect(text(again.doc.querySelector(`#cart-group-${s.seller.id} .shipping`))).toBe('No shipping needed');
  });

  it('books a service by the hour with a date that is not in the past and a short note', async () => {
    clock.set(new Date('2026-03-10T12:00:00Z'));
    const s = await sellerWithListing(app.db, { kind: 'service', price: 4000, expires_at: new Date('2026-04-10T00:00:00Z') });
    const b = await buyer();
    const page = await b.c.get(`/listings/${s.listing.id}`);
    expect(text(page.doc.querySelector(`label[for=cart-quantity-${s.listing.id}]`))).toBe('Hours');
    expect(page.doc.querySelector(`#cart-date-${s.listing.id}`)?.getAttribute('min')).toBe('2026-03-10');

    const past = await add(b.c, s.listing.id, { quantity: '3', booking_date: '2026-03-09', booking_note: 'Garden' });
    expect(past.status).toBe(422);
    expect(text(past.doc.querySelector(`#cart-date-${s.listing.id}-error`))).toBe('Choose a date from today on.');
    expect(past.doc.querySelector(`#cart-note-${s.listing.id}`)?.textContent).toBe('Garden');
    const long = await add(b.c, s.listing.id, { quantity: '3', booking_date: '2026-03-12', booking_note: 'x'.repeat(1001) });
    expect(long.status).toBe(422);
    expect(text(long.doc.querySelector(`#cart-note-${s.listing.id}-error`))).toContain('at most 1000');
    const noDate = await add(b.c, s.listing.id, { quantity: '3' });
    expect(text(noDate.doc.querySelector(`#cart-date-${s.listing.id}-error`))).toBe('Choose a preferred date.');
    await expectNoLines(app.db, { userId: b.id });

    const ok = await add(b.c, s.listing.id, { quantity: '3', booking_date: '2026-03-10', booking_note: 'Hedge <b>and</b> lawn' });
    expect(ok.status).toBe(200);
    expect(amount(ok, '.line-total')).toBe(12000);
    expect(text(ok.doc.querySelector('.booking'))).toContain('Preferred date: 2026-03-10');
    expect(ok.html).not.toContain('<b>and');
    expect(text(ok.doc.querySelector('.booking span:last-child'))).toBe('Hedge <b>and</b> lawn');
    expect(text(ok.doc.querySelector(`label[for=cart-line-quantity-${(await linesOf(app.db, { userId: b.id }))[0].id}]`))).toBe('Hours');
  });

  it('refuses what cannot be bought, changing nothing', async () => {
    const b = await buyer();
    const own = await sellerWithListing(app.db);
    const ownClient = await signedIn(app, own.seller);
    const cases: [string, Awaited<ReturnType<typeof sellerWithListing>>['listing'], string, number, Client][] = [
      ['own', own.listing, "You can't buy your own listing.", 422, ownClient],
      ['classified', (await sellerWithListing(app.db, { kind: 'classified' })).listing, 'classified ad: contact the seller', 422, b.c],
      ['auction', (await sellerWithListing(app.db, { kind: 'auction' })).listing, 'Auctions are won by bidding', 422, b.c],
      ['paused', (await sellerWithListing(app.db, { status: 'paused' })).listing, 'paused this listing', 422, b.c],
      ['sold out', (await sellerWithListing(app.db, { status: 'sold_out', stock: 0 })).listing, 'This listing is sold out.', 422, b.c],
      ['expired', (await sellerWithListing(app.db, { status: 'expired' })).listing, 'This listing has ended.', 422, b.c],
    ];
    for (const [name, listing, message, status, c] of cases) {
      const page = await add(c, listing.id);
      expect(page.status, name).toBe(status);
      expect(text(page.doc.querySelector('.form-error')), name).toContain(message);
    }
    for (const over of [{ status: 'draft' as const }, { status: 'pending' as const }, { deleted_at: new Date() }, { hidden_at: new Date() }]) {
      const l = (await sellerWithListing(app.db, over)).listing;
      expect((await add(b.c, l.id)).status).toBe(404);
    }
    expect((await add(b.c, 999_999_999)).status).toBe(404);
    await expectNoLines(app.db, { userId: b.id });
    await expectNoLines(app.db, { userId: own.seller.id });
  });

  it('shows the box only where buying makes sense', async () => {
    const fixed = await sellerWithListing(app.db);
    const b = await buyer();
    const page = await b.c.get(`/listings/${fixed.listing.id}`);
    const box = page.doc.querySelector(`#add-to-cart-${fixed.listing.id}`);
    expect(box?.getAttribute('data-state')).toBe('open');
    expect(box?.querySelector('form')?.getAttribute('action')).toBe('/cart/lines');
    expect(box?.querySelector('input[name=_csrf]')).toBeTruthy();
    expect(text(box?.querySelector('button'))).toBe('Add to cart');

    const seller = await signedIn(app, fixed.seller);
    expect((await seller.get(`/listings/${fixed.listing.id}`)).doc.querySelector(`#add-to-cart-${fixed.listing.id}`)).toBeNull();
    for (const kind of ['classified', 'auction'] as const) {
      const l = (await sellerWithListing(app.db, { kind })).listing;
      expect((await b.c.get(`/listings/${l.id}`)).doc.querySelector(`#add-to-cart-${l.id}`), kind).toBeNull();
    }
    const empty = (await sellerWithListing(app.db, { stock: 2, reserved: 2 })).listing;
    const soldOut = (await b.c.get(`/listings/${empty.id}`)).doc.querySelector(`#add-to-cart-${empty.id}`);
    expect(soldOut?.getAttribute('data-state')).toBe('sold-out');
    expect(text(soldOut)).toBe('Sold out');
    expect(soldOut?.querySelector('form')).toBeNull();
  });
});

describe('changing the cart', () => {
  it('changes the quantity and removes lines without JavaScript, within what is left', async () => {
    const s = await sellerWithListing(app.db, { stock: 3 });
    const other = await moreOf(app.db, s, { title: 'Second thing' });
    const b = await buyer();
    await add(b.c, s.listing.id);
    await add(b.c, other.id);
    const [line, second] = await linesOf(app.db, { userId: b.id });

    const changed = await b.c.post(`/cart/lines/${line.id}`, { quantity: '3' }, { method: 'PATCH' });
    expect(flash(changed)).toBe('Quantity updated.');
    expect(changed.doc.querySelector(`#cart-line-${line.id}`)?.getAttribute('data-quantity')).toBe('3');
    expect(headerCount(changed)).toBe('Cart (4)');

    const over = await b.c.post(`/cart/lines/${line.id}`, { quantity: '4' }, { method: 'PATCH' });
    expect(over.status).toBe(422);
    expect(text(over.doc.querySelector(`#cart-line-quantity-${line.id}-error`))).toBe('Only 3 left.');
    expect(over.doc.querySelector(`#cart-line-quantity-${line.id}`)?.getAttribute('value')).toBe('4');
    const bad = await b.c.post(`/cart/lines/${line.id}`, { quantity: 'lots' }, { method: 'PATCH' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector(`#cart-line-quantity-${line.id}-error`))).toContain('whole number');
    expect((await linesOf(app.db, { userId: b.id })).map((l) => l.quantity)).toEqual([3, 1]);

    const removed = await b.c.post(`/cart/lines/${second.id}`, {}, { method: 'DELETE' });
    expect(flash(removed)).toBe('Removed from your cart.');
    expect(removed.doc.querySelector(`#cart-line-${second.id}`)).toBeNull();
    const zero = await b.c.post(`/cart/lines/${line.id}`, { quantity: '0' }, { method: 'PATCH' });
    expect(flash(zero)).toBe('Removed from your cart.');
    expect(text(zero.doc.querySelector('#cart .empty'))).toContain('Your cart is empty.');
    expect(zero.doc.querySelector('#checkout-link')).toBeNull();
    expect(headerCount(zero)).toBe('Cart');
    await expectNoLines(app.db, { userId: b.id });
  });

  it('with htmx answers the cart partial and the header count', async () => {
    const s = await sellerWithListing(app.db, { stock: 5 });
    const b = await buyer();
    await add(b.c, s.listing.id);
    const [line] = await linesOf(app.db, { userId: b.id });
    await b.c.get('/cart');
    const res = await b.c.request('PATCH', `/cart/lines/${line.id}`, { form: { quantity: '2' }, htmx: true, headers: { 'x-csrf-token': b.c.csrf } });
    expect(res.status).toBe(200);
    expect(res.doc.querySelector('html')).toBeNull();
    expect(res.doc.querySelector('#cart')?.getAttribute('data-count')).toBe('2');
    expect(text(res.doc.querySelector('#cart-count[hx-swap-oob]'))).toBe('Cart (2)');
    const over = await b.c.request('PATCH', `/cart/lines/${line.id}`, { form: { quantity: '6' }, htmx: true, headers: { 'x-csrf-token': b.c.csrf } });
    expect(over.status).toBe(422);
    expect(text(over.doc.querySelector(`#cart-line-quantity-${line.id}-error`))).toBe('Only 5 left.');
    const gone = await b.c.request('DELETE', `/cart/lines/${line.id}`, { htmx: true, headers: { 'x-csrf-token': b.c.csrf } });
    expect(gone.status).toBe(200);
    expect(gone.doc.querySelector('#cart .empty')).toBeTruthy();
    expect(text(gone.doc.querySelector('#cart-count'))).toBe('Cart');
    await expectNoLines(app.db, { userId: b.id });
  });

  it("never touches another buyer's line (404)", async () => {
    const s = await sellerWithListing(app.db, { stock: 5 });
    const owner = await buyer();
    await add(owner.c, s.listing.id, { quantity: '2' });
    const [line] = await linesOf(app.db, { userId: owner.id });
    const thief = await buyer();
    await add(thief.c, s.listing.id);
    await thief.c.get('/cart');
    expect((await thief.c.post(`/cart/lines/${line.id}`, { quantity: '5' }, { method: 'PATCH', follow: false })).status).toBe(404);
    expect((await thief.c.post(`/cart/lines/${line.id}`, {}, { method: 'DELETE', follow: false })).status).toBe(404);
    expect((await thief.c.request('DELETE', `/cart/lines/${line.id}`, { htmx: true, headers: { 'x-csrf-token': thief.c.csrf } })).status).toBe(404);
    const visitor = await import('../http.js').then((m) => new m.Client(app.baseUrl));
    await visitor.get('/cart');
    expect((await visitor.post(`/cart/lines/${line.id}`, {}, { method: 'DELETE', follow: false })).status).toBe(404);
    expect((await linesOf(app.db, { userId: owner.id })).map((l) => l.quantity)).toEqual([2]);
  });
});

describe('the cart page', () => {
  it('points out price changes and blocks checkout while a line has more than is left', async () => {
    const s = await sellerWithListing(app.db, { title: 'Teapot', price: 1200, stock: 5 });
    const b = await buyer();
    await add(b.c, s.listing.id, { quantity: '3' });
    const [line] = await linesOf(app.db, { userId: b.id });
    expect((await b.c.get('/cart')).doc.querySelector('#checkout-link')?.getAttribute('href')).toBe('/checkout');

    await app.db('listings').where({ id: s.listing.id }).update({ price: 1400, stock: 1 });
    const page = await b.c.get('/cart');
    const row = page.doc.querySelector(`#cart-line-${line.id}`);
    expect(text(row?.querySelector('.warning'))).toBe('Price changed from €12.00 to €14.00');
    expect(text(row?.querySelector('.problem'))).toBe('Only 1 left. Lower the quantity to 1 to check out.');
    expect(row?.getAttribute('data-blocked')).toBe('true');
    expect(page.doc.querySelector('#checkout-link')).toBeNull();
    expect(page.doc.querySelector('#checkout-blocked')).toBeTruthy();
    expect(amount(page, '#cart-items-total')).toBe(4200);

    // lowering is allowed even while it is still too many; then checkout opens again
    const lowered = await b.c.post(`/cart/lines/${line.id}`, { quantity: '1' }, { method: 'PATCH' });
    expect(lowered.doc.querySelector(`#cart-line-${line.id} .problem`)).toBeNull();
    expect(lowered.doc.querySelector('#checkout-link')).toBeTruthy();
  });

  it('flags lines that can no longer be bought and leaves them out of the totals', async () => {
    const s = await sellerWithListing(app.db, { price: 1000, stock: 5 });
    const paused = await moreOf(app.db, s, { price: 3000 });
    const b = await buyer();
    await add(b.c, s.listing.id);
    await add(b.c, paused.id);
    await app.db('listings').where({ id: paused.id }).update({ status: 'paused' });
    const page = await b.c.get('/cart');
    const [, line] = await linesOf(app.db, { userId: b.id });
    expect(text(page.doc.querySelector(`#cart-line-${line.id} .problem`))).toBe('The seller has paused this listing.');
    expect(page.doc.querySelector(`#cart-line-${line.id}`)?.getAttribute('data-unavailable')).toBe('true');
    expect(amount(page, `#cart-group-${s.seller.id} .subtotal`)).toBe(1000);
    expect(page.doc.querySelector('#checkout-link')).toBeNull();
  });

  it('groups lines by shop with each shop’s shipping, free over its threshold', async () => {
    const a = await sellerWithListing(app.db, { price: 2000, stock: 10 }, { flat: 490, freeOver: 5000 });
    const download = await moreOf(app.db, a, { kind: 'digital', price: 500 });
    const d = await sellerWithListing(app.db, { kind: 'digital', price: 700 }, { flat: 390 });
    const b = await buyer();
    await add(b.c, a.listing.id, { quantity: '2' });
    await add(b.c, download.id);
    const page = await add(b.c, d.listing.id);
    expect(page.doc.querySelectorAll('.cart-group').map((g) => g.getAttribute('id'))).toEqual([`cart-group-${a.seller.id}`, `cart-group-${d.seller.id}`]);
    expect(amount(page, `#cart-group-${a.seller.id} .subtotal`)).toBe(4500);
    expect(amount(page, `#cart-group-${a.seller.id} .shipping`)).toBe(490);
    expect(text(page.doc.querySelector(`#cart-group-${a.seller.id} .free-shipping`))).toContain('Free shipping from €50.00');
    // a shop that only sends downloads charges no shipping
    expect(amount(page, `#cart-group-${d.seller.id} .shipping`)).toBe(0);
    expect(amount(page, '#cart-total')).toBe(4500 + 490 + 700);

    const [line] = await linesOf(app.db, { userId: b.id });
    const free = await b.c.post(`/cart/lines/${line.id}`, { quantity: '3' }, { method: 'PATCH' });
    expect(amount(free, `#cart-group-${a.seller.id} .subtotal`)).toBe(6500);
    expect(text(free.doc.querySelector(`#cart-group-${a.seller.id} .shipping`))).toBe('Free');
    expect(amount(free, '#cart-shipping-total')).toBe(0);
    expect(headerCount(free)).toBe('Cart (5)');
  });
});
