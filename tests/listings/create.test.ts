import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { text } from '../http.js';
import { buyerClient, clothing, countListings, fieldError, fixedForm, flash, listingIdFrom, plainCategory, sellerClient } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_LISTINGS_PER_HOUR: '1000' } });
});
afterAll(() => app?.stop());

describe('creating listings', () => {
  it('creates a fixed-price draft with its attributes, from the form', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const form = await c.get(`/seller/listings/new?category_id=${cat.id}`);
    expect(form.status).toBe(200);
    // the category's attributes are rendered by type
    expect(form.doc.querySelector('select#f-attr_size')).toBeTruthy();
    expect(form.doc.querySelectorAll('select#f-attr_size option').map((o) => o.getAttribute('value'))).toEqual(['', 'S', 'M', 'L']);
    expect(form.doc.querySelector('input#f-attr_material')).toBeTruthy();
    expect(text(form.doc.querySelector('label[for=f-attr_weight]'))).toContain('in g');
    expect(form.doc.querySelector('input#f-attr_handmade[type=checkbox]')).toBeTruthy();

    const page = await c.post('/seller/listings', fixedForm(cat.id, { attr_handmade: 'on' }));
    expect(page.status).toBe(200);
    const id = listingIdFrom(page);
    expect(text(page.doc.querySelector('#listing-title'))).toBe('Linen shirt');
    expect(page.doc.querySelector(`#listing-status-${id} [data-status]`)?.getAttribute('data-status')).toBe('draft');
    const row = await app.db('listings').where({ id }).first();
    expect(row).toMatchObject({ seller_id: seller.id, kind: 'fixed', status: 'draft', price: 2450, stock: 3, condition: 'used', slug: expect.stringMatching(/^linen-shirt/) });
    expect(row.attributes).toEqual({ size: 'M', material: 'Linen', weight: 180, handmade: true });
  });

  it('creates an auction, a digital item, a service and a classified ad', async () => {
    const { c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const base = { category_id: String(cat.id), description: 'Described honestly in enough words.' };
    const cases: [Record<string, string>, Record<string, unknown>][] = [
      [
        { ...base, kind: 'auction', title: 'Old clock', condition: 'used', start_price: '10', reserve_price: '50', buy_now_price: '120.00', starts_at: '2030-01-01T10:00', ends_at: '2030-01-08T10:00' },
        { kind: 'auction', price: null, start_price: 1000, reserve_price: 5000, buy_now_price: 12000, stock: null },
      ],
      [{ ...base, kind: 'digital', title: 'Font pack', price: '9.99', condition: 'new' }, { kind: 'digital', price: 999, condition: null, stock: null }],
      [{ ...base, kind: 'service', title: 'Piano lessons', price: '30', price_unit: 'hour' }, { kind: 'service', price: 3000, price_unit: 'hour', condition: null, stock: null }],
      [{ ...base, kind: 'classified', title: 'Rowing boat', price: '800', condition: 'used', lat: '38.72', lng: '-9.14' }, { kind: 'classified', price: 80000, lat: 38.72, lng: -9.14 }],
    ];
    for (const [form, expected] of cases) {
      const page = await c.post('/seller/listings', form);
      expect(page.status, form.kind).toBe(200);
      const row = await app.db('listings').where({ id: listingIdFrom(page) }).first();
      expect(row, form.kind).toMatchObject({ status: 'draft', ...expected });
    }
    const auction = await app.db('listings').where({ kind: 'auction', title: 'Old clock' }).first();
    expect(new Date(auction.starts_at).toISOString()).toBe('2030-01-01T10:00:00.000Z');
    expect(new Date(auction.ends_at).toISOString()).toBe('2030-01-08T10:00:00.000Z');
  });

  it('reads an auction’s times in the seller’s time zone once the browser told it, and shows them back in it', async () => {
    const { c } = await sellerClient(app);
    c.setCookie('tz', 'Europe/Berlin');
    const cat = await plainCategory(app.db);
    const form = await c.get('/seller/listings/new?kind=auction');
    expect(form.doc.querySelector('label[for="f-starts_at"]')?.text).toContain('Bidding opens (Europe/Berlin time)');
    const page = await c.post('/seller/listings', {
      category_id: String(cat.id), description: 'Described honestly in enough words.', kind: 'auction', title: 'Berlin clock', condition: 'used', start_price: '10', starts_at: '2030-07-01T10:00', ends_at: '2030-07-08T10:00',
    });
    expect(page.status).toBe(200);
    const row = await app.db('listings').where({ id: listingIdFrom(page) }).first();
    // summer time in Berlin: two hours ahead of UTC
    expect(new Date(row.starts_at).toISOString()).toBe('2030-07-01T08:00:00.000Z');
    expect(new Date(row.ends_at).toISOString()).toBe('2030-07-08T08:00:00.000Z');
    const edit = await c.get(`/seller/listings/${row.id}/edit`);
    expect(edit.doc.querySelector('#f-starts_at')?.getAttribute('value')).toBe('2030-07-01T10:00');
  });

  it('shows each mistake beside its field, keeps the input and saves nothing', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const page = await c.post(
      '/seller/listings',
      fixedForm(cat.id, { attr_material: '', attr_size: 'XXL', price: '12.345', stock: '-1', title: 'Kept title', lat: '91', lng: '' }),
    );
    expect(page.status).toBe(422);
    expect(fieldError(page, 'attr_material')).toContain('required');
    expect(fieldError(page, 'attr_size')).toContain('Choose one of');
    expect(fieldError(page, 'price')).toContain('two decimals');
    expect(fieldError(page, 'stock')).toContain('0 or more');
    expect(fieldError(page, 'lat')).toContain('latitude');
    expect(page.doc.querySelector('#f-price')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.doc.querySelector('#f-title')?.getAttribute('value')).toBe('Kept title');
    expect(page.doc.querySelector('#f-price')?.getAttribute('value')).toBe('12.345');
    expect(await countListings(app.db, seller.id)).toBe(0);
  });

  it('needs the kind’s own fields and refuses a slug already in use', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await plainCategory(app.db);
    const base = { category_id: String(cat.id), title: 'Something', description: '' };
    let page = await c.post('/seller/listings', { ...base, kind: 'service', price: '10' });
    expect(page.status).toBe(422);
    expect(fieldError(page, 'price_unit')).toBeTruthy();
    page = await c.post('/seller/listings', { ...base, kind: 'auction', start_price: '10', reserve_price: '5', condition: 'new', starts_at: '2030-01-02T10:00', ends_at: '2030-01-01T10:00' });
    expect(page.status).toBe(422);
    expect(fieldError(page, 'reserve_price')).toContain('below the starting price');
    expect(fieldError(page, 'ends_at')).toContain('after it opens');
    page = await c.post('/seller/listings', { ...base, kind: 'fixed', price: '1', stock: '1', condition: 'new', slug: 'Bad Slug!' });
    expect(fieldError(page, 'slug')).toBeTruthy();
    page = await c.post('/seller/listings', { ...base, kind: 'fixed', price: '1', stock: '1', condition: 'new', slug: 'my-thing' });
    expect(page.status).toBe(200);
    page = await c.post('/seller/listings', { ...base, kind: 'fixed', price: '1', stock: '1', condition: 'new', slug: 'my-thing' });
    expect(page.status).toBe(422);
    expect(fieldError(page, 'slug')).toContain('already uses');
    // an automatic slug gets a number instead
    page = await c.post('/seller/listings', { ...base, kind: 'fixed', price: '1', stock: '1', condition: 'new', title: 'My thing' });
    expect(page.status).toBe(200);
    expect((await app.db('listings').where({ id: listingIdFrom(page) }).first()).slug).toBe('my-thing-2');
    expect(await countListings(app.db, seller.id)).toBe(2);
  });

  it('re-renders the form for another category or kind without saving (htmx and plain)', async () => {
    const { seller, c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const plain = await c.post('/seller/listings', { category_id: String(cat.id), kind: 'service', title: 'Kept', _choose: '1' });
    expect(plain.status).toBe(200);
    expect(plain.doc.querySelector('#f-attr_size')).toBeTruthy();
    expect(plain.doc.querySelector('#f-price_unit')).toBeTruthy();
    expect(plain.doc.querySelector('#f-condition')).toBeNull();
    expect(plain.doc.querySelector('#f-title')?.getAttribute('value')).toBe('Kept');
    const frag = await c.post('/seller/listings', { category_id: String(cat.id), kind: 'auction', _choose: '1' }, { htmx: true });
    expect(frag.status).toBe(200);
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelector('form#listing-form #f-start_price')).toBeTruthy();
    expect(await countListings(app.db, seller.id)).toBe(0);
  });

  it('turns away buyers with a way to apply, and does not save their post', async () => {
    const { buyer, c } = await buyerClient(app);
    const cat = await plainCategory(app.db);
    const page = await c.get('/seller/listings/new');
    expect(page.status).toBe(403);
    expect(page.doc.querySelector('a[href="/seller/application"]')).toBeTruthy();
    const post = await c.post('/seller/listings', fixedForm(cat.id));
    expect(post.status).toBe(403);
    expect(await countListings(app.db, buyer.id)).toBe(0);
    expect((await c.get('/seller/listings')).status).toBe(403);
  });

  it('limits how many listings a seller creates per hour', async () => {
    const limited = await startTestApp({ worker: false, env: { RATE_LISTINGS_PER_HOUR: '2' } });
    try {
      const { seller, c } = await sellerClient(limited);
      const cat = await plainCategory(limited.db);
      const form = { category_id: String(cat.id), kind: 'digital', title: 'Preset', price: '3' };
      expect((await c.post('/seller/listings', form)).status).toBe(200);
      expect((await c.post('/seller/listings', form)).status).toBe(200);
      const third = await c.post('/seller/listings', form);
      expect(third.status).toBe(429);
      expect(text(third.doc.querySelector('.error-page'))).toContain('Too many new listings');
      expect(await countListings(limited.db, seller.id)).toBe(2);
    } finally {
      await limited.stop();
    }
  });
});

describe('user text is inert', () => {
  const script = '<script>alert(1)</script>';
  const img = '"><img src=x onerror=alert(1)>';
  it('renders title, description, city and attribute text as text on every seller page', async () => {
    const { c } = await sellerClient(app);
    const cat = await clothing(app.db);
    for (const evil of [script, img]) {
      const page = await c.post('/seller/listings', fixedForm(cat.id, { title: `Shirt ${evil}`, description: `Nice ${evil} shirt, really good.`, city: `Town ${evil}`.slice(0, 80), attr_material: `Linen ${evil}` }));
      expect(page.status).toBe(200);
      const id = listingIdFrom(page);
      const pages = [page, await c.get(`/seller/listings/${id}/edit`), await c.get('/seller/listings'), await c.get(`/seller/listings/${id}/deletion`)];
      for (const p of pages) {
        expect(p.doc.querySelectorAll('main script')).toHaveLength(0);
        expect(p.doc.querySelectorAll('[onerror]')).toHaveLength(0);
        expect(p.doc.querySelectorAll('main img').filter((i) => i.getAttribute('src') === 'x')).toHaveLength(0);
      }
      expect(text(page.doc.querySelector('#listing-title'))).toBe(`Shirt ${evil}`);
      expect(text(page.doc.querySelector('#listing-details'))).toContain(`Linen ${evil}`);
      // bad input re-rendered into the form stays a value, not markup
      const again = await c.post('/seller/listings', fixedForm(cat.id, { title: evil, price: 'x' }));
      expect(again.status).toBe(422);
      expect(again.doc.querySelectorAll('[onerror]')).toHaveLength(0);
      expect(again.doc.querySelectorAll('main script')).toHaveLength(0);
      expect(again.doc.querySelector('#f-title')?.getAttribute('value')).toBe(evil);
    }
  });
});

describe('the flash after saving', () => {
  it('tells the seller what happens next', async () => {
    const { c } = await sellerClient(app);
    const cat = await clothing(app.db);
    const page = await c.post('/seller/listings', fixedForm(cat.id));
    expect(flash(page)).toContain('Draft saved');
  });
});
