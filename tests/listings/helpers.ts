import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { TestApp } from '../app.js';
import { createCategoryRow, createSeller, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';

export async function signedIn(app: TestApp, user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

export async function sellerClient(app: TestApp) {
  const seller = await createSeller(app.db);
  return { seller, c: await signedIn(app, seller) };
}

export async function buyerClient(app: TestApp) {
  const buyer = await createUser(app.db);
  return { buyer, c: await signedIn(app, buyer) };
}

/** A clothing-like category: size and colour (enums), material (text), weight (number), handmade (boolean). */
export function clothing(db: Knex) {
  return createCategoryRow(db, {
    attributes: [
      { key: 'size', label: 'Size', type: 'enum', options: ['S', 'M', 'L'], required: true },
      { key: 'colour', label: 'Colour', type: 'enum', options: ['Red', 'Blue'], required: false },
      { key: 'material', label: 'Material', type: 'text', required: true },
      { key: 'weight', label: 'Weight', type: 'number', unit: 'g' },
      { key: 'handmade', label: 'Handmade', type: 'boolean' },
    ],
  });
}

export const plainCategory = (db: Knex) => createCategoryRow(db);

/** A valid fixed-price form for the clothing category. */
export function fixedForm(categoryId: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    category_id: String(categoryId),
    kind: 'fixed',
    title: 'Linen shirt',
    description: 'A loose linen shirt, washed twice, no marks at all.',
    condition: 'used',
    city: 'Porto',
    price: '24.50',
    stock: '3',
    attr_size: 'M',
    attr_material: 'Linen',
    attr_weight: '180 g',
    ...over,
  };
}

export async function countListings(db: Knex, sellerId: number): Promise<number> {
  const r = await db('listings').where({ seller_id: sellerId }).count<{ n: string }[]>('* as n').first();
  return Number(r?.n ?? 0);
}

/** The error text shown beside a field of the listing form. */
export function fieldError(page: Page, name: string): string {
  return text(page.doc.querySelector(`#f-${name}-error`));
}

/** The listing id a redirect landed on (/seller/listings/:id). */
export function listingIdFrom(page: Page): number {
  const m = /\/seller\/listings\/(\d+)/.exec(new URL(page.url).pathname);
  expect(m, `landed on ${page.url}`).toBeTruthy();
  return Number(m![1]);
}

export function flash(page: Page): string {
  return text(page.doc.querySelector('#flash'));
}

/** The listing form's fields as the edit page fills them. */
export async function editValues(c: Client, id: number): Promise<Record<string, string>> {
  const edit = await c.get(`/seller/listings/${id}/edit`);
  const values = Object.fromEntries(
    edit.doc
      .querySelectorAll('#listing-form input, #listing-form select, #listing-form textarea')
      .filter((e) => e.getAttribute('name') && e.getAttribute('type') !== 'checkbox' && e.getAttribute('name') !== '_csrf')
      .map((e) => [e.getAttribute('name')!, e.tagName === 'SELECT' ? (e.querySelector('option[selected]')?.getAttribute('value') ?? '') : e.tagName === 'TEXTAREA' ? e.textContent : (e.getAttribute('value') ?? '')]),
  );
  delete values._method;
  return values;
}
