import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippingFor } from '../../src/sellers/shipping.js';
import { startTestApp, type TestApp } from '../app.js';
import { createSeller, createUser } from '../factories.js';
import { text } from '../http.js';
import { signedIn } from '../payouts/helpers.js';
import { flash } from './helpers.js';

describe('shippingFor', () => {
  const shop = { flat: 490, freeOver: 5000 };
  it('charges the flat rate below the threshold and nothing from it on', () => {
    expect(shippingFor(shop, 4999, true)).toBe(490);
    expect(shippingFor(shop, 5000, true)).toBe(0);
    expect(shippingFor(shop, 12000, true)).toBe(0);
  });
  it('charges nothing when nothing needs shipping, and always the flat rate without a threshold', () => {
    expect(shippingFor(shop, 100, false)).toBe(0);
    expect(shippingFor({ flat: 390, freeOver: null }, 1_000_000, true)).toBe(390);
    expect(shippingFor({ flat: 0, freeOver: null }, 10, true)).toBe(0);
  });
});

describe('seller shipping settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
  });
  afterAll(async () => app?.stop());

  it('shows the settings, keeps input beside each error and saves valid ones', async () => {
    const s = await createSeller(app.db);
    const c = await signedIn(app, s);
    const shop = await c.get('/seller/application');
    expect(shop.doc.querySelector('#shop-shipping-link')?.getAttribute('href')).toBe('/seller/shipping');
    const page = await c.get('/seller/shipping');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#f-shipping_flat')?.getAttribute('value')).toBe('0.00');
    expect(page.doc.querySelector('#f-low_stock_threshold')?.getAttribute('value')).toBe('2');

    const bad = await c.post('/seller/shipping', { shipping_flat: 'free', shipping_free_over: '0', low_stock_threshold: '-1' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-shipping_flat-error'))).toContain('Enter an amount');
    expect(text(bad.doc.querySelector('#f-shipping_free_over-error'))).toContain('above zero');
    expect(text(bad.doc.querySelector('#f-low_stock_threshold-error'))).toContain('whole number');
    expect(bad.doc.querySelector('#f-shipping_flat')?.getAttribute('value')).toBe('free');

    const ok = await c.post('/seller/shipping', { shipping_flat: '4.90', shipping_free_over: '50', low_stock_threshold: '3' });
    expect(flash(ok)).toBe('Shipping settings saved.');
    expect(await app.db('sellers').where({ user_id: s.id }).first('shipping_flat', 'shipping_free_over', 'low_stock_threshold')).toEqual({ shipping_flat: 490, shipping_free_over: 5000, low_stock_threshold: 3 });
    expect(ok.doc.querySelector('#f-shipping_free_over')?.getAttribute('value')).toBe('50.00');

    const cleared = await c.post('/seller/shipping', { shipping_flat: '0', shipping_free_over: '', low_stock_threshold: '0' });
    expect(flash(cleared)).toBe('Shipping settings saved.');
    expect((await app.db('sellers').where({ user_id: s.id }).first()).shipping_free_over).toBeNull();
  });

  it('is for sellers only', async () => {
    const u = await createUser(app.db);
    const c = await signedIn(app, u);
    expect((await c.get('/seller/shipping', { follow: false })).status).toBe(403);
    expect((await c.post('/seller/shipping', { shipping_flat: '1', shipping_free_over: '', low_stock_threshold: '1' }, { follow: false })).status).toBe(403);
  });
});
