import type { Knex } from 'knex';
import { balances } from '../../src/ledger/ledger.js';
import type { TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser, type ListingOver } from '../factories.js';
import { Client, type Page } from '../http.js';

export const ADDRESS = { name: 'Ana Buyer', line1: 'Rua Augusta 1', line2: '', postal_code: '1100-048', city: 'Lisboa', country: 'PT', phone: '' };

/** The checkout's fields for shipping to a new address. */
export const NEW_ADDRESS = { address_id: 'new', ...ADDRESS };

/** Rate limits a file that signs many buyers and sellers in from one address stays under. */
export const MANY_SIGN_INS = { RATE_GENERAL_PER_MINUTE: '100000', RATE_SIGNIN_PER_IP: '10000', RATE_SIGNIN_PER_ACCOUNT: '1000' };

/** A signed-in person with a browser-like client. */
export async function signedIn(app: TestApp, over: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(app.db, over);
  const c = new Client(app.baseUrl);
  await c.signIn(user.email, user.password);
  return { user, c };
}

/** A seller with a shop charging `shippingFlat` per order part, signed in. */
export async function shop(app: TestApp, shippingFlat = 0) {
  const seller = await createSeller(app.db);
  await app.db('sellers').where({ user_id: seller.id }).update({ shipping_flat: shippingFlat });
  const c = new Client(app.baseUrl);
  await c.signIn(seller.email, seller.password);
  return { seller, c };
}

/** one category per database (test files may share this module) */
const categories = new WeakMap<Knex, Promise<{ id: number }>>();
/** An active listing of the seller (fixed price, stock 5 and €25.00 unless told otherwise). */
export async function listing(db: Knex, sellerId: number, over: Partial<ListingOver> = {}) {
  if (!categories.has(db)) categories.set(db, createCategoryRow(db));
  return createListing(db, { seller_id: sellerId, category_id: (await categories.get(db)!).id, ...over });
}

/** Puts a listing in the signed-in buyer's cart the way the add-to-cart form does. */
export async function addToCart(c: Client, listingId: number, form: Record<string, string> = {}): Promise<Page> {
  await c.get('/cart');
  const page = await c.post('/cart/lines', { listing_id: String(listingId), quantity: '1', ...form }, { follow: false });
  if (page.status !== 303) throw new Error(`adding ${listingId} to the cart answered ${page.status}: ${page.html.slice(0, 300)}`);
  return page;
}

/** The checkout form as a browser would submit it: hidden fields, checked radios, typed fields; `over` changes some. */
export async function checkoutForm(c: Client, over: Record<string, string | undefined> = {}): Promise<{ page: Page; form: Record<string, string> }> {
  const page = await c.get('/checkout');
  const formEl = page.doc.querySelector('#checkout-form');
  if (!formEl) throw new Error(`no checkout form: ${page.html.slice(0, 500)}`);
  const form: Record<string, string> = {};
  for (const input of formEl.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    if (!name) continue;
    const type = input.getAttribute('type') ?? 'text';
    if (type === 'radio') {
      if (input.hasAttribute('checked')) form[name] = input.getAttribute('value') ?? '';
    } else form[name] = input.getAttribute('value') ?? '';
  }
  for (const select of formEl.querySelectorAll('select')) {
    const chosen = select.querySelector('option[selected]');
    form[select.getAttribute('name')!] = chosen?.getAttribute('value') ?? '';
  }
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete form[k];
    else form[k] = v;
  }
  return { page, form };
}

/** Places the order from the checkout page; the answer is not followed. */
export async function placeOrder(c: Client, over: Record<string, string | undefined> = {}): Promise<Page> {
  const { form } = await checkoutForm(c, over);
  return c.post('/orders', form, { follow: false });
}

export const orderIdOf = (location: string | null): number => {
  const m = /^\/orders\/(\d+)$/.exec(location ?? '');
  if (!m) throw new Error(`not an order page: ${location}`);
  return Number(m[1]);
};

export const available = async (db: Knex, userId: number) => (await balances(db, userId)).available;

export const stockOf = async (db: Knex, listingId: number) => db('listings').where({ id: listingId }).first('stock', 'reserved', 'status');

export const count = async (db: Knex, table: string, where: Record<string, unknown>) => Number((await db(table).where(where).count('* as n').first())?.n);
