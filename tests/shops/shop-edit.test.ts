import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { png, postMultipart } from '../media/helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', UPLOAD_MAX_BYTES: String(512 * 1024) } });
});
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

const shopRow = (id: number) => app.db('sellers').where({ user_id: id }).first();
const errorOf = (page: { doc: { querySelector(s: string): unknown } }, name: string) => text(page.doc.querySelector(`#f-${name}-error`) as never);
const valid = {
  shop_name: 'Renamed Lamps',
  description: 'Lamps restored by hand, rewired and tested.',
  shipping_policy: 'Shipped within two working days, well packed.',
  returns_policy: 'Returns within 30 days.',
};

describe('a seller edits their shop', () => {
  it('shows the form with the shop as it is', async () => {
    const seller = await createSeller(app.db);
    const c = await signedIn(seller);
    const page = await c.get('/seller/shop');
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('#f-shop_name')?.getAttribute('value')).toBe(seller.shop_name);
    expect(page.doc.querySelector('#shop-form')?.getAttribute('enctype')).toBe('multipart/form-data');
    for (const id of ['f-description', 'f-shipping_policy', 'f-returns_policy', 'f-logo', 'f-banner']) {
      expect(page.doc.querySelector(`label[for=${id}]`), id).not.toBeNull();
    }
  });

  it('refuses bad input beside each field, keeps what was typed and changes nothing', async () => {
    const seller = await createSeller(app.db);
    const taken = await createSeller(app.db);
    const c = await signedIn(seller);
    await c.get('/seller/shop');
    const before = await shopRow(seller.id);

    const bad = await c.post('/seller/shop', { shop_name: 'ab', description: 'too short', shipping_policy: 'x'.repeat(2001), returns_policy: 'ok' });
    expect(bad.status).toBe(422);
    expect(errorOf(bad, 'shop_name')).toBe('Use at least 3 characters.');
    expect(errorOf(bad, 'description')).toContain('at least 20 characters');
    expect(errorOf(bad, 'shipping_policy')).toBe('Use at most 2000 characters.');
    expect(text(bad.doc.querySelector('#f-description'))).toBe('too short');

    const nul = await c.post('/seller/shop', { ...valid, description: 'Lamps restored by hand\u0000 and rewired.' });
    expect(nul.status).toBe(422);
    expect(errorOf(nul, 'description')).toMatch(/character/);

    const clash = await c.post('/seller/shop', { ...valid, shop_name: taken.shop_name.toUpperCase() });
    expect(clash.status).toBe(422);
    expect(errorOf(clash, 'shop_name')).toBe('That shop name is taken. Choose another.');

    expect(await shopRow(seller.id)).toEqual(before);
  });

  it('saves the shop; the address stays when the name changes', async () => {
    const seller = await createSeller(app.db);
    const c = await signedIn(seller);
    const slug = (await shopRow(seller.id)).slug;
    await c.get('/seller/shop');
    const saved = await c.post('/seller/shop', { ...valid, shop_name: `Renamed ${seller.id}` });
    expect(saved.status).toBe(200);
    expect(text(saved.doc.querySelector('#flash'))).toContain('Your shop was saved.');
    const row = await shopRow(seller.id);
    expect(row).toMatchObject({ shop_name: `Renamed ${seller.id}`, description: valid.description, shipping_policy: valid.shipping_policy, returns_policy: valid.returns_policy, slug });
    const page = await new Client(app.baseUrl).get(`/shops/${slug}`);
    expect(text(page.doc.querySelector('h1'))).toBe(`Renamed ${seller.id}`);
    expect(text(page.doc.querySelector('#shop-policies'))).toContain('Returns within 30 days.');
  });

  it('uploads a logo and a banner, cropped to their shapes and served; a file that is not a picture is refused', async () => {
    const seller = await createSeller(app.db);
    const c = await signedIn(seller);
    await c.get('/seller/shop');
    const notImage = await postMultipart(c, '/seller/shop', { fields: valid, files: [{ field: 'logo', name: 'logo.png', type: 'image/png', data: Buffer.from('not a picture at all') }] });
    expect(notImage.status).toBe(422);
    expect(text(notImage.doc.querySelector('#f-logo-error'))).toContain('is not an image we can read');
    expect((await shopRow(seller.id)).logo_key).toBeNull();

    const ok = await postMultipart(c, '/seller/shop', {
      fields: valid,
      files: [
        { field: 'logo', name: 'logo.png', type: 'image/png', data: await png(600, 400) },
        { field: 'banner', name: 'banner.png', type: 'image/png', data: await png(800, 600, { r: 200, g: 40, b: 90 }) },
      ],
    });
    expect(ok.status).toBe(303);
    const row = await shopRow(seller.id);
    expect(row.logo_key).toMatch(/^img\//);
    expect(row.banner_key).toMatch(/^img\//);

    const page = await new Client(app.baseUrl).get(`/shops/${row.slug}`);
    const logo = page.doc.querySelector('img.shop-logo');
    const banner = page.doc.querySelector('img.shop-banner');
    expect([logo?.getAttribute('width'), logo?.getAttribute('height')]).toEqual(['256', '256']);
    expect([banner?.getAttribute('width'), banner?.getAttribute('height')]).toEqual(['1600', '400']);
    const served = await fetch(new URL(banner!.getAttribute('src')!, app.baseUrl));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 400]);

    // a replaced logo's old file is no longer served; removing the banner takes it off the page
    const oldLogo = logo!.getAttribute('src')!;
    await c.get('/seller/shop');
    await postMultipart(c, '/seller/shop', { fields: { ...valid, remove_banner: 'on' }, files: [{ field: 'logo', name: 'l2.png', type: 'image/png', data: await png(300, 300, { r: 10, g: 200, b: 10 }) }] });
    const after = await shopRow(seller.id);
    expect(after.banner_key).toBeNull();
    expect(after.logo_key).not.toBe(row.logo_key);
    expect((await fetch(new URL(oldLogo, app.baseUrl))).status).toBe(404);
  });

  it('refuses a picture over the size limit with a message, saving nothing', async () => {
    const seller = await createSeller(app.db);
    const c = await signedIn(seller);
    await c.get('/seller/shop');
    const big = await sharp({ create: { width: 1400, height: 1400, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    const page = await postMultipart(c, '/seller/shop', { fields: { ...valid, shop_name: 'Should not save' }, files: [{ field: 'banner', name: 'big.png', type: 'image/png', data: big }] });
    expect(page.status).toBe(413);
    expect(text(page.doc.querySelector('.form-error'))).toContain('larger than');
    expect((await shopRow(seller.id)).shop_name).toBe(seller.shop_name);
  });
});

describe('who may edit a shop', () => {
  it('sends visitors to sign in, refuses buyers, and gives each seller only their own shop', async () => {
    const visitor = new Client(app.baseUrl);
    const v = await visitor.get('/seller/shop', { follow: false });
    expect(v.status).toBe(303);
    expect(v.headers.get('location')).toContain('/signin');

    const buyer = await signedIn(await createUser(app.db));
    expect((await buyer.get('/seller/shop')).status).toBe(403);
    const refused = await buyer.post('/seller/shop', valid);
    expect(refused.status).toBe(403);

    const a = await createSeller(app.db);
    const b = await createSeller(app.db);
    const cb = await signedIn(b);
    await cb.get('/seller/shop');
    // the form names no shop: whatever seller B sends changes B's shop, never A's
    await cb.post('/seller/shop', { ...valid, shop_name: `B renamed ${b.id}`, user_id: String(a.id), slug: 'hijack' });
    expect((await shopRow(a.id)).shop_name).toBe(a.shop_name);
    expect((await shopRow(b.id)).shop_name).toBe(`B renamed ${b.id}`);
    expect((await shopRow(b.id)).slug).not.toBe('hijack');

    // a buyer's multipart body is not read at all
    const mp = await postMultipart(buyer, '/seller/shop', { fields: valid, files: [{ field: 'logo', name: 'l.png', type: 'image/png', data: await png(50, 50) }] });
    expect(mp.status).toBe(404);
  });
});
