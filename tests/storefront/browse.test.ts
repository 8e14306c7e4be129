import type { HTMLElement } from 'node-html-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(() => app?.stop());
afterEach(() => clock.reset());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

const visitor = () => new Client(app.baseUrl);
const tileIds = (root: HTMLElement | null) => (root?.querySelectorAll('.tile') ?? []).map((t) => Number(t.getAttribute('data-listing-id')));
const views = async (id: number) => Number((await app.db('listings').where({ id }).first('views')).views);

/** A phone category under an electronics root, with a sibling category, and a seller. */
async function market() {
  const root = await createCategoryRow(app.db, { name: 'Electronics', attributes: [{ key: 'brand', label: 'Brand', type: 'enum', options: ['Apple', 'Samsung'] }] });
  const phones = await createCategoryRow(app.db, {
    name: 'Phones',
    parent_id: root.id,
    attributes: [
      { key: 'storage', label: 'Storage', type: 'number', unit: 'GB' },
      { key: 'unlocked', label: 'Unlocked', type: 'boolean' },
    ],
  });
  const tablets = await createCategoryRow(app.db, { name: 'Tablets', parent_id: root.id });
  const seller = await createSeller(app.db, { shop_name: `Phone Corner ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` });
  return { root, phones, tablets, seller };
}

describe('the public listing page', () => {
  it('shows title, price, stock, attributes with units, breadcrumb, seller card and similar listings', async () => {
    const { root, phones, tablets, seller } = await market();
    const l = await createListing(app.db, {
      seller_id: seller.id,
      category_id: phones.id,
      title: 'Pixel 8 with case',
      description: 'Barely used.\nComes with a case.\n\nCollection in Porto.',
      price: 42_000,
      stock: 5,
      reserved: 2,
      condition: 'used',
      city: 'Porto',
      lat: 41.15,
      lng: -8.61,
      attributes: { brand: 'Samsung', storage: 128, unlocked: true },
    });
    const sameCategory = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Galaxy S22', promoted_until: new Date(Date.now() + 86_400_000) });
    const sibling = await createListing(app.db, { seller_id: seller.id, category_id: tablets.id, title: 'iPad mini' });
    const draft = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Draft phone', status: 'draft' });
    const pending = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Pending phone', status: 'pending' });
    const elsewhere = await createListing(app.db, { seller_id: seller.id, category_id: (await createCategoryRow(app.db)).id, title: 'Unrelated lamp' });

    const page = await visitor().get(`/listings/${l.id}/${l.slug}`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Pixel 8 with case');
    expect(text(page.doc.querySelector('.price-box .price'))).toBe('€420.00');
    expect(text(page.doc.querySelector('.price-box .stock'))).toBe('3 left');
    expect(text(page.doc.querySelector('.facts'))).toContain('Used');
    expect(text(page.doc.querySelector('.facts'))).toContain('Porto (approximate location)');

    const rows = page.doc.querySelectorAll('table.attributes tr').map((r) => [text(r.querySelector('th')), text(r.querySelector('td'))]);
    expect(rows).toEqual([
      ['Brand', 'Samsung'],
      ['Storage', '128 GB'],
      ['Unlocked', 'Yes'],
    ]);

    const crumbs = page.doc.querySelectorAll('.breadcrumb li').map((li) => text(li));
    expect(crumbs).toEqual(['Home', 'Electronics', 'Phones', 'Pixel 8 with case']);
    expect(page.doc.querySelector('.breadcrumb a[href="/c/' + root.slug + '"]')).toBeTruthy();

    const paragraphs = page.doc.querySelectorAll('.description p');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0].querySelectorAll('br')).toHaveLength(1);

    const card = page.doc.querySelector('.seller-card');
    expect(text(card?.querySelector('.shop-name'))).toBe(seller.shop_name);
    expect(text(card)).toContain('Member since');
    expect(text(card?.querySelector('.seller-live'))).toBe('4 active listings');

    const similar = tileIds(page.doc.querySelector('#similar'));
    expect(similar).toEqual([sameCategory.id, sibling.id]);
    for (const hidden of [l.id, draft.id, pending.id, elsewhere.id]) expect(similar).not.toContain(hidden);
    // a promotion ranks on the home page and in search, not here
    expect(page.doc.querySelector('#similar .promoted-badge')).toBeNull();

    expect(page.doc.querySelector(`#gallery-${l.id}`)).toBeTruthy();
    expect(page.doc.querySelector(`#flag-box-${l.id}`)).toBeTruthy();
    expect(page.doc.querySelector(`#favourite-${l.id} a`)?.getAttribute('href')).toContain('/signin?next=');
    expect(page.doc.querySelector(`#not-public`)).toBeNull();
  });

  it('words the price for each kind of listing', async () => {
    const { phones, seller } = await market();
    const at = (kind: string, over: Record<string, unknown>) =>
      createListing(app.db, { seller_id: seller.id, category_id: phones.id, kind: kind as 'fixed', title: `A ${kind} listing`, ...over });
    const starts = new Date(Date.now() - 3_600_000);
    const ends = new Date(Date.now() + 2 * 86_400_000);
    const auction = await at('auction', { start_price: 1500, reserve_price: 9000, buy_now_price: 20_000, starts_at: starts, ends_at: ends });
    const digital = await at('digital', { price: 900 });
    const service = await at('service', { price: 4000, price_unit: 'hour' });
    const classified = await at('classified', { price: 120_000 });
    const soldOut = await at('fixed', { price: 1000, stock: 0 });
    const withVariants = await at('fixed', { price: null, stock: null, variant_axes: ['size', 'colour'] });
    await app.db('listing_variants').insert([
      { listing_id: withVariants.id, options: { size: 'M', colour: 'Red' }, sku: 'TS-M-R', price: 2500, stock: 4, position: 0 },
      { listing_id: withVariants.id, options: { size: 'L', colour: 'Red' }, sku: 'TS-L-R', price: 2700, stock: 1, reserved: 1, position: 1 },
      { listing_id: withVariants.id, options: { size: 'XL', colour: 'Blue' }, sku: 'TS-XL-B', price: 2900, stock: 2, position: 2 },
    ]);
    const box = async (l: { id: number; slug: string }) => (await visitor().get(`/listings/${l.id}/${l.slug}`)).doc.querySelector('.price-box')!;

    // an auction on sale: its live bid box says the price, once; no static price box above it
    const auctionPage = (await visitor().get(`/listings/${auction.id}/${auction.slug}`)).doc;
    expect(auctionPage.querySelector('.price-box')).toBeNull();
    const a = auctionPage.querySelector(`#bid-box-${auction.id}`)!;
    expect(text(a.querySelector('.bid-price'))).toBe('Starting bid €15.00');
    expect(text(auctionPage.querySelector('.buy')).match(/Starting bid/g)).toHaveLength(1);
    expect(text(a)).toContain('Reserve not met');
    expect(text(a)).not.toContain('90.00');
    expect(text(a)).toContain('Buy it now for €200.00');

    const d = await box(digital);
    expect(text(d.querySelector('.price'))).toBe('€9.00');
    expect(text(d)).toContain('Instant download after purchase');
    expect(text((await box(service)).querySelector('.price'))).toBe('€40.00 / hour');
    const c = await box(classified);
    expect(text(c.querySelector('.price'))).toBe('Asking price €1,200.00');
    expect(c.querySelector('a')?.getAttribute('href')).toBe(`#contact-${classified.id}`);
    expect(text((await box(soldOut)).querySelector('.stock'))).toBe('Sold out');

    const v = await box(withVariants);
    expect(text(v.querySelector('.price'))).toBe('From €25.00');
    // the options are chosen in the add-to-cart form, the one form they belong to
    expect(v.querySelector('select')).toBeNull();
    const page = await visitor().get(`/listings/${withVariants.id}/${withVariants.slug}`);
    const select = page.doc.querySelector(`#add-to-cart-${withVariants.id}-form select[name=variant_id]`)!;
    const options = select.querySelectorAll('option').map((o) => text(o));
    expect(options).toEqual(['Choose an option', 'M · Red — €25.00', 'XL · Blue — €29.00 (2 left)']);
    expect(page.doc.querySelectorAll('select[name=variant_id]')).toHaveLength(1);
  });

  it('sends a wrong or missing slug to the canonical address, and an unknown id to 404', async () => {
    const { phones, seller } = await market();
    const l = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Walnut desk lamp' });
    for (const path of [`/listings/${l.id}`, `/listings/${l.id}/old-title`]) {
      const res = await visitor().get(path, { follow: false });
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`/listings/${l.id}/${l.slug}`);
    }
    expect((await visitor().get('/listings/99999999')).status).toBe(404);
    expect((await visitor().get('/listings/99999999/some-slug')).status).toBe(404);
    expect((await visitor().get('/listings/abc')).status).toBe(404);
  });

  it('uses the SEO title and description, or the title and the start of the description, and links the canonical URL', async () => {
    const { phones, seller } = await market();
    const long = 'Solid oak. '.repeat(30);
    const plain = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Oak table', description: long });
    const tuned = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Oak chair', seo_title: 'Handmade oak chair', seo_description: 'A chair for life.' });

    const p = await visitor().get(`/listings/${plain.id}/${plain.slug}`);
    expect(text(p.doc.querySelector('title'))).toBe('Oak table · Souk');
    const d = p.doc.querySelector('meta[name=description]')?.getAttribute('content') ?? '';
    expect(d.length).toBeLessThanOrEqual(160);
    expect(d.startsWith('Solid oak. Solid oak.')).toBe(true);
    expect(p.doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(`${app.baseUrl}/listings/${plain.id}/${plain.slug}`);

    const t = await visitor().get(`/listings/${tuned.id}/${tuned.slug}`);
    expect(text(t.doc.querySelector('title'))).toBe('Handmade oak chair · Souk');
    expect(t.doc.querySelector('meta[name=description]')?.getAttribute('content')).toBe('A chair for life.');
  });
});

describe('the report box', () => {
  it('knows whether the viewer already reported the listing', async () => {
    const { phones, seller } = await market();
    const l = await createListing(app.db, { seller_id: seller.id, category_id: phones.id });
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const path = `/listings/${l.id}/${l.slug}`;
    expect((await c.get(path)).doc.querySelector(`#flag-box-${l.id} [data-flagged=true]`)).toBeNull();
    await app.db('listing_flags').insert({ listing_id: l.id, reporter_id: user.id, reason: 'scam' });
    expect((await c.get(path)).doc.querySelector(`#flag-box-${l.id} [data-flagged=true]`)).toBeTruthy();
  });
});

describe('listings that are not public', () => {
  it('are 404 for buyers and visitors, and shown with a banner to their seller and admins', async () => {
    const { phones, seller } = await market();
    const buyer = await signedIn(await createUser(app.db));
    const owner = await signedIn(seller);
    const admin = await signedIn(await createAdmin(app.db));
    const cases: [string, Record<string, unknown>][] = [
      ['draft', { status: 'draft' }],
      ['pending', { status: 'pending' }],
      ['rejected', { status: 'rejected', rejection_reason: 'Blurry photos' }],
      ['deleted', { deleted_at: new Date() }],
      ['hidden', { hidden_at: new Date(), status: 'pending' }],
      ['paused', { status: 'paused' }],
    ];
    for (const [reason, over] of cases) {
      const l = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: `A ${reason} lamp`, ...over });
      const path = `/listings/${l.id}/${l.slug}`;
      expect((await buyer.get(path)).status, reason).toBe(404);
      expect((await visitor().get(path)).status, reason).toBe(404);
      for (const who of [owner, admin]) {
        const page = await who.get(path);
        expect(page.status, reason).toBe(200);
        expect(text(page.doc.querySelector('#not-public strong'))).toBe(`Not public: ${reason}`);
        expect(text(page.doc.querySelector('h1'))).toBe(`A ${reason} lamp`);
      }
    }
  });

  it('stops being public when it expires by the clock, before any job runs', async () => {
    const { phones, seller } = await market();
    const l = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, expires_at: new Date(Date.now() + 3_600_000) });
    expect((await visitor().get(`/listings/${l.id}/${l.slug}`)).status).toBe(200);
    clock.advance(2 * 3_600_000);
    expect((await visitor().get(`/listings/${l.id}/${l.slug}`)).status).toBe(410);
    const owner = await signedIn(seller);
    expect(text((await owner.get(`/listings/${l.id}/${l.slug}`)).doc.querySelector('#not-public strong'))).toBe('Not public: expired');
  });
});

describe('ended listings', () => {
  it('show buyers and visitors that the listing has ended (410), with its title, photos, seller and similar listings, and nothing to buy or ask', async () => {
    const { phones, seller } = await market();
    const other = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'A lamp still for sale' });
    const byClock = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'An ended lamp', stock: 3, expires_at: new Date(Date.now() - 60_000) });
    const byStatus = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'An expired lamp', kind: 'classified', status: 'expired' });
    const buyer = await signedIn(await createUser(app.db));
    for (const l of [byClock, byStatus]) {
      for (const who of [visitor(), buyer]) {
        const page = await who.get(`/listings/${l.id}/${l.slug}`);
        expect(page.status).toBe(410);
        expect(text(page.doc.querySelector('#listing-ended strong'))).toBe('This listing has ended.');
        expect(text(page.doc.querySelector('h1'))).toBe(l.title);
        expect(page.doc.querySelector(`#gallery-${l.id}`)).not.toBeNull();
        expect(text(page.doc.querySelector(`#seller-card-${l.id} .shop-name`))).not.toBe('');
        expect(page.doc.querySelectorAll('#similar .tile a').map((a) => a.getAttribute('href'))).toContain(`/listings/${other.id}/${other.slug}`);
        const article = page.doc.querySelector(`#listing-${l.id}`)!;
        for (const action of [`#add-to-cart-${l.id}`, '.price-box', `#contact-${l.id}`, `#flag-box-${l.id}`, `#favourite-${l.id}`, 'form', 'button']) {
          expect(article.querySelector(action), action).toBeNull();
        }
      }
      // a wrong slug still goes to the canonical address first
      expect((await visitor().get(`/listings/${l.id}`, { follow: false })).status).toBe(301);
      // and nobody can write to the seller about it any more
      expect((await buyer.post(`/listings/${l.id}/enquiries`, { message: 'Still available?' })).status).toBe(404);
    }
    // other reasons stay hidden
    const paused = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, status: 'paused', expires_at: new Date(Date.now() - 60_000) });
    expect((await visitor().get(`/listings/${paused.id}/${paused.slug}`)).status).toBe(404);
  });
});

describe('view counting', () => {
  it('counts a view once per session and never the seller’s own', async () => {
    const { phones, seller } = await market();
    const l = await createListing(app.db, { seller_id: seller.id, category_id: phones.id });
    const path = `/listings/${l.id}/${l.slug}`;
    const a = visitor();
    await a.get(path);
    await a.get(path);
    await a.get(path);
    expect(await views(l.id)).toBe(1);
    const buyer = await signedIn(await createUser(app.db));
    await buyer.get(path);
    await buyer.get(path);
    expect(await views(l.id)).toBe(2);
    const owner = await signedIn(seller);
    await owner.get(path);
    await owner.get(path);
    expect(await views(l.id)).toBe(2);
  });
});

describe('the home page', () => {
  it('shows top-level categories with live listing counts, a search box and fresh listings, promoted first', async () => {
    const { root, phones, seller } = await market();
    await createListing(app.db, { seller_id: seller.id, category_id: root.id });
    await createListing(app.db, { seller_id: seller.id, category_id: phones.id });
    await createListing(app.db, { seller_id: seller.id, category_id: phones.id, status: 'draft' });
    await createListing(app.db, { seller_id: seller.id, category_id: phones.id, expires_at: new Date(Date.now() - 1000) });
    const boosted = await createListing(app.db, {
      seller_id: seller.id,
      category_id: phones.id,
      title: 'Boosted bike',
      published_at: new Date(Date.now() - 86_400_000),
      promoted_until: new Date(Date.now() + 86_400_000),
      promoted_weight: 5,
    });
    const fresh = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Brand new kettle' });
    const draft = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Secret draft', status: 'draft' });
    const pending = await createListing(app.db, { seller_id: seller.id, category_id: phones.id, title: 'Waiting', status: 'pending' });

    const page = await visitor().get('/');
    expect(page.status).toBe(200);
    const cat = page.doc.querySelector(`#categories li[data-category="${root.slug}"]`);
    expect(cat?.querySelector('a')?.getAttribute('href')).toBe(`/c/${root.slug}`);
    expect(text(cat?.querySelector('.count'))).toBe('4 listings');
    expect(page.doc.querySelector(`#categories li[data-category="${phones.slug}"]`)).toBeNull();

    const search = page.doc.querySelector('form[role=search]');
    expect(search?.getAttribute('action')).toBe('/search');
    expect(search?.getAttribute('method')).toBe('get');
    expect(search?.querySelector('input[name=q]')).toBeTruthy();

    const tiles = page.doc.querySelectorAll('#fresh .tile');
    const ids = tiles.map((t) => Number(t.getAttribute('data-listing-id')));
    expect(ids[0]).toBe(boosted.id);
    expect(text(tiles[0].querySelector('.promoted-badge'))).toBe('Promoted');
    expect(ids).toContain(fresh.id);
    expect(tiles.find((t) => Number(t.getAttribute('data-listing-id')) === fresh.id)?.querySelector('.promoted-badge')).toBeNull();
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(pending.id);
    expect(page.doc.querySelector(`#tile-${fresh.id} a`)?.getAttribute('href')).toBe(`/listings/${fresh.id}/${fresh.slug}`);
  });

  it('keeps the greeting for signed-in people', async () => {
    const user = await createUser(app.db, { display_name: 'Greta' });
    const page = await (await signedIn(user)).get('/');
    expect(page.doc.querySelectorAll('main h2').map((h) => text(h))).toEqual(['Hello, Greta']);
  });
});


describe('user content is inert', () => {
  const payloads = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", '<a href="javascript:alert(1)">x</a>'];

  function assertInert(doc: HTMLElement) {
    // only the product's own static scripts (htmx, the time zone and countdown scripts)
    const scripts = doc.querySelectorAll('script').filter((s) => !(s.getAttribute('src') ?? '').startsWith('/static/'));
    expect(scripts).toHaveLength(0);
    for (const el of doc.querySelectorAll('*')) {
      for (const name of Object.keys(el.attributes)) expect(name.toLowerCase().startsWith('on'), `${el.tagName} ${name}`).toBe(false);
      expect((el.getAttribute('href') ?? '').toLowerCase().startsWith('javascript:')).toBe(false);
    }
    expect(doc.querySelectorAll('svg[onload], img[src=x]')).toHaveLength(0);
  }

  it('in titles, descriptions, attributes, cities, categories and shop names', async () => {
    for (const p of payloads) {
      const category = await createCategoryRow(app.db, { name: `Cat ${p}`, attributes: [{ key: 'maker', label: `Maker ${p}`, type: 'text' }, { key: 'weight', label: 'Weight', type: 'number', unit: p }] });
      const seller = await createSeller(app.db, { shop_name: `Shop ${p} ${Math.random().toString(36).slice(2, 8)}` });
      const l = await createListing(app.db, {
        seller_id: seller.id,
        category_id: category.id,
        title: `Lamp ${p}`,
        description: `Line one ${p}\nLine two ${p}`,
        city: `City ${p}`.slice(0, 80),
        attributes: { maker: p, weight: 3 },
        seo_description: `Seo ${p}`,
      });
      await createListing(app.db, { seller_id: seller.id, category_id: category.id, title: `Other ${p}` });
      const page = await visitor().get(`/listings/${l.id}/${l.slug}`);
      expect(page.status).toBe(200);
      expect(text(page.doc.querySelector('h1'))).toBe(`Lamp ${p}`);
      expect(text(page.doc.querySelector('.shop-name'))).toContain(`Shop ${p}`);
      expect(page.doc.querySelectorAll('table.attributes td').map((td) => text(td))).toEqual([p, `3 ${p}`]);
      assertInert(page.doc);
      assertInert((await visitor().get('/')).doc);
    }
  });
});
