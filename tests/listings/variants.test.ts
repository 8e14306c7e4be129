import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combinationCount, combinations, comboKey, type Axis } from '../../src/listings/variants.js';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing } from '../factories.js';
import { text } from '../http.js';
import { clothing, flash, sellerClient } from './helpers.js';

const axesArb: fc.Arbitrary<Axis[]> = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 })
  .chain((keys) =>
    fc.tuple(...keys.map((key) => fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }).map((options) => ({ key, label: key, options })))),
  );

describe('variant combinations (property)', () => {
  it('makes the product of the option counts, all distinct, each taking one option per axis', () => {
    fc.assert(
      fc.property(axesArb, (axes) => {
        const combos = combinations(axes);
        const product = axes.reduce((n, a) => n * a.options.length, 1);
        expect(combos).toHaveLength(product);
        expect(combinationCount(axes)).toBe(product);
        expect(new Set(combos.map(comboKey)).size).toBe(product);
        for (const c of combos) {
          expect(Object.keys(c).sort()).toEqual(axes.map((a) => a.key).sort());
          for (const a of axes) expect(a.options).toContain(c[a.key]);
        }
      }),
    );
  });

  it('keeps a stable order: the first axis varies slowest, options in their listed order', () => {
    fc.assert(
      fc.property(axesArb, (axes) => {
        const combos = combinations(axes);
        expect(combinations(axes)).toEqual(combos);
        // reading the combinations as numbers in a mixed radix gives 0, 1, 2, …
        const index = (c: Record<string, string>) => axes.reduce((n, a) => n * a.options.length + a.options.indexOf(c[a.key]), 0);
        expect(combos.map(index)).toEqual(combos.map((_, i) => i));
      }),
    );
  });

  it('makes none without axes', () => {
    expect(combinations([])).toEqual([]);
  });
});

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

describe('the variants form', () => {
  it('offers the combinations of the chosen axes and saves the kept ones with SKU, price and stock', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, status: 'active', stock: 4, price: 2000, attributes: { size: 'M', material: 'Cotton' } });
    const page = await c.get(`/seller/listings/${l.id}/variants?axes=size&axes=colour`);
    expect(page.status).toBe(200);
    const combos = page.doc.querySelectorAll('#variants-form tbody tr').map((r) => r.getAttribute('data-combo'));
    expect(combos).toEqual(['S / Red', 'S / Blue', 'M / Red', 'M / Blue', 'L / Red', 'L / Blue']);
    const form: Record<string, string> = { axes: page.doc.querySelector('#variants-form input[name=axes]')!.getAttribute('value')! };
    for (let i = 0; i < 6; i++) form[`combo_${i}`] = page.doc.querySelector(`input[name=combo_${i}]`)!.getAttribute('value')!;
    // keep S/Red and M/Blue
    Object.assign(form, { keep_0: 'on', sku_0: 'TEE-S-RED', price_0: '20', stock_0: '2', keep_3: 'on', sku_3: 'TEE-M-BLUE', price_3: '21.50', stock_3: '0' });

    // a shared SKU, a bad price and negative stock are shown beside their cells; nothing saved
    const bad = await c.post(`/seller/listings/${l.id}/variants`, { ...form, sku_3: 'tee-s-red', price_0: '20.001', stock_3: '-1' }, { method: 'PUT' });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#sku_3-error'))).toContain('own SKU');
    expect(text(bad.doc.querySelector('#price_0-error'))).toContain('12.50');
    expect(text(bad.doc.querySelector('#stock_3-error'))).toContain('0 or more');
    expect(bad.doc.querySelector('#keep_3')?.hasAttribute('checked')).toBe(true);
    expect(bad.doc.querySelector('#price_0')?.getAttribute('value')).toBe('20.001');
    expect(await app.db('listing_variants').where({ listing_id: l.id })).toHaveLength(0);

    const saved = await c.post(`/seller/listings/${l.id}/variants`, form, { method: 'PUT' });
    expect(saved.status).toBe(200);
    expect(flash(saved)).toContain('Saved 2 variants');
    const rows = await app.db('listing_variants').where({ listing_id: l.id }).orderBy('position');
    expect(rows.map((v) => [v.options, v.sku, v.price, v.stock])).toEqual([
      [{ size: 'S', colour: 'Red' }, 'TEE-S-RED', 2000, 2],
      [{ size: 'M', colour: 'Blue' }, 'TEE-M-BLUE', 2150, 0],
    ]);
    const listing = await app.db('listings').where({ id: l.id }).first();
    expect(listing).toMatchObject({ stock: null, variant_axes: ['size', 'colour'], price: 2000, status: 'active' });
    // the axes' single values no longer apply to the whole listing
    expect(listing.attributes).toEqual({ material: 'Cotton' });
    expect(saved.doc.querySelectorAll('#variants-table tbody tr').map((r) => r.getAttribute('data-sku'))).toEqual(['TEE-S-RED', 'TEE-M-BLUE']);

    // the edit form no longer asks for size, stock or price
    const edit = await c.get(`/seller/listings/${l.id}/edit`);
    expect(edit.doc.querySelector('#f-attr_size')).toBeNull();
    expect(edit.doc.querySelector('#f-stock')).toBeNull();
    expect(edit.doc.querySelector('#f-price')).toBeNull();

    // all variant stock at 0: sold out; back when one is restocked
    const again = await c.get(`/seller/listings/${l.id}/variants`);
    expect(again.doc.querySelector('#keep_0')?.hasAttribute('checked')).toBe(true);
    expect(again.doc.querySelector('#sku_0')?.getAttribute('value')).toBe('TEE-S-RED');
    await c.post(`/seller/listings/${l.id}/variants`, { ...form, stock_0: '0' }, { method: 'PUT' });
    expect((await app.db('listings').where({ id: l.id }).first()).status).toBe('sold_out');
    await c.post(`/seller/listings/${l.id}/variants`, { ...form, stock_0: '5' }, { method: 'PUT' });
    expect((await app.db('listings').where({ id: l.id }).first()).status).toBe('active');
  });

  it('refuses too many combinations and variants on other kinds', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const service = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, kind: 'service', status: 'draft' });
    const page = await c.get(`/seller/listings/${service.id}/variants`);
    expect(flash(page)).toContain('Only fixed-price');

    const big = await createCategoryRow(app.db, {
      attributes: [
        { key: 'a', type: 'enum', options: ['1', '2', '3', '4', '5', '6', '7'] },
        { key: 'b', type: 'enum', options: ['1', '2', '3', '4', '5', '6'] },
      ],
    });
    const l = await createListing(app.db, { seller_id: seller.id, category_id: big.id, status: 'draft' });
    const many = await c.get(`/seller/listings/${l.id}/variants?axes=a&axes=b`);
    expect(many.status).toBe(422);
    expect(text(many.doc.querySelector('#axes-form .error'))).toContain('42 combinations');
    expect(many.doc.querySelector('#variants-form')).toBeNull();
  });
});
