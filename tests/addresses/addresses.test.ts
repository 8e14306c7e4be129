import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressSchema, createAddress, findOwnAddress, listAddresses } from '../../src/addresses/addresses.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { text } from '../http.js';
import { signedIn } from '../payouts/helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterAll(async () => app?.stop());

const valid = { name: 'Ada Lovelace', line1: 'Rua Augusta 12', line2: '3º esq.', postal_code: '1100-053', city: 'Lisboa', country: 'PT', phone: '+351 912 345 678' };

describe('buyer addresses', () => {
  it('adds with errors beside the fields and input kept, lists and deletes', async () => {
    const u = await createUser(app.db);
    const c = await signedIn(app, u);
    const empty = await c.get('/account/addresses');
    expect(text(empty.doc.querySelector('#addresses .empty'))).toContain('no saved addresses');
    expect(empty.doc.querySelectorAll('#f-country option').length).toBeGreaterThan(30);

    const bad = await c.post('/account/addresses', { ...valid, name: '', country: 'XX', phone: 'call me' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-name-error'))).toContain('Enter the name');
    expect(text(bad.doc.querySelector('#f-country-error'))).toContain('Choose a country');
    expect(text(bad.doc.querySelector('#f-phone-error'))).toContain('phone number');
    expect(bad.doc.querySelector('#f-line1')?.getAttribute('value')).toBe('Rua Augusta 12');

    const ok = await c.post('/account/addresses', { ...valid, name: '<b>Ada</b>' });
    expect(text(ok.doc.querySelector('#flash'))).toBe('Address saved.');
    const [row] = await listAddresses(app.db, u.id);
    expect(row).toMatchObject({ line1: 'Rua Augusta 12', postal_code: '1100-053', country: 'PT' });
    const card = ok.doc.querySelector(`#address-${row.id}`);
    expect(text(card?.querySelector('strong'))).toBe('<b>Ada</b>');
    expect(text(card)).toContain('Portugal');

    const htmx = await c.request('POST', '/account/addresses', { form: { ...valid, line1: 'Second street 1' }, htmx: true, headers: { 'x-csrf-token': c.csrf } });
    expect(htmx.status).toBe(200);
    expect(htmx.doc.querySelectorAll('#addresses li.address')).toHaveLength(2);

    const gone = await c.post(`/account/addresses/${row.id}`, {}, { method: 'DELETE' });
    expect(text(gone.doc.querySelector('#flash'))).toBe('Address deleted.');
    expect(gone.doc.querySelector(`#address-${row.id}`)).toBeNull();
    expect((await app.db('addresses').where({ id: row.id }).first()).deleted_at).not.toBeNull();
    expect(await findOwnAddress(app.db, u.id, row.id)).toBeUndefined();
  });

  it("never shows or deletes another buyer's address (404)", async () => {
    const owner = await createUser(app.db);
    const res = await createAddress(app.db, owner.id, addressSchema.parse(valid));
    expect(res.ok).toBe(true);
    const id = res.ok ? res.address.id : 0;
    const other = await createUser(app.db);
    const c = await signedIn(app, other);
    const list = await c.get('/account/addresses');
    expect(list.doc.querySelector(`#address-${id}`)).toBeNull();
    expect((await c.post(`/account/addresses/${id}`, {}, { method: 'DELETE', follow: false })).status).toBe(404);
    expect((await c.request('DELETE', `/account/addresses/${id}`, { htmx: true, headers: { 'x-csrf-token': c.csrf } })).status).toBe(404);
    expect(await findOwnAddress(app.db, other.id, id)).toBeUndefined();
    expect(await findOwnAddress(app.db, owner.id, id)).toBeTruthy();
  });

  it('is for signed-in buyers', async () => {
    const { Client } = await import('../http.js');
    const v = new Client(app.baseUrl);
    const page = await v.get('/account/addresses', { follow: false });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain('/signin?next=');
  });
});
