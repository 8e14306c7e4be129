import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, type ListingOver } from '../factories.js';
import { Client, text, type Page } from '../http.js';

let app: TestApp;
let seller: Awaited<ReturnType<typeof createSeller>>;
let lighting: Awaited<ReturnType<typeof createCategoryRow>>;
let desk: Awaited<ReturnType<typeof createCategoryRow>>;
let garden: Awaited<ReturnType<typeof createCategoryRow>>;
const DAY = 86_400_000;

const listing = (over: Partial<ListingOver> & { title: string }) =>
  createListing(app.db, { seller_id: seller.id, category_id: garden.id, description: 'Plain and simple.', ...over });

beforeAll(async () => {
  app = await startTestApp({ worker: false });
  seller = await createSeller(app.db);
  lighting = await createCategoryRow(app.db, {
    name: 'Lighting',
    attributes: [
      { key: 'colour', label: 'Colour', type: 'enum', options: ['Red', 'Blue', 'Green'], filterable: true },
      { key: 'dimmable', label: 'Dimmable', type: 'boolean', filterable: true },
      { key: 'watts', label: 'Power', type: 'number', unit: 'W', filterable: true },
      { key: 'maker', label: 'Maker', type: 'text', filterable: false },
    ],
  });
  desk = await createCategoryRow(app.db, { name: 'Desk lamps', parent_id: lighting.id });
  garden = await createCategoryRow(app.db, { name: 'Garden' });
});
afterAll(() => app?.stop());

async function get(path: string): Promise<Page> {
  const page = await new Client(app.baseUrl).get(path);
  expect(page.status, `${path} answered ${page.status}`).toBeLessThan(500);
  return page;
}

const titles = (page: Page) => page.doc.querySelectorAll('#search-results .result-title a').map((a) => text(a));
const search = async (qs: string) => titles(await get(`/search?${qs}`));

describe('relevance and stemming', () => {
  it('ranks a title match above a description-only match, and "lamps" finds "lamp"', async () => {
    await listing({ title: 'Quokka side table', description: 'Comes with a small quokka lamp on top.' });
    await listing({ title: 'Quokka lamp in brass', description: 'Heavy base.' });
    await listing({ title: 'Unrelated chair', description: 'Nothing to see.' });
    expect(await search('q=quokka+lamps')).toEqual(['Quokka lamp in brass', 'Quokka side table']);
    // attribute values are searchable too (weight B: above the description)
    await listing({ title: 'Quokka stool', category_id: lighting.id, attributes: { maker: 'Lampworks' } });
    const page = await get('/search?q=quokka+lampworks');
    expect(titles(page)).toEqual(['Quokka stool']);
  });
});

describe('filters', () => {
  let ids: Record<string, number>;
  beforeAll(async () => {
    const mk = async (title: string, over: Partial<ListingOver>) => (await listing({ title, ...over })).id;
    ids = {
      red: await mk('Zebu lamp red', { category_id: lighting.id, price: 1000, condition: 'new', city: 'Porto', attributes: { colour: 'Red', dimmable: true, watts: 40 } }),
      blue: await mk('Zebu lamp blue', { category_id: desk.id, price: 2500, condition: 'used', city: 'Lisbon', attributes: { colour: 'Blue', dimmable: false, watts: 60 } }),
      blue2: await mk('Zebu lamp blue big', { category_id: desk.id, price: 5000, condition: 'used', city: 'lisbon', attributes: { colour: 'Blue', dimmable: true, watts: 100 } }),
      green: await mk('Zebu lamp green', { category_id: lighting.id, price: 7500, condition: 'refurbished', city: 'Faro', attributes: { colour: 'Green', dimmable: false } }),
      garden: await mk('Zebu gnome', { category_id: garden.id, price: 300, condition: 'new', city: 'Porto' }),
      service: await mk('Zebu lamp repair', { category_id: garden.id, kind: 'service', price: 4000, condition: null, city: 'Porto' }),
      auction: await mk('Zebu lamp auction', { category_id: garden.id, kind: 'auction', price: null, stock: null, start_price: 1200, starts_at: new Date(), ends_at: new Date(Date.now() + 3 * DAY) }),
    };
  });

  it('filters by category including subcategories', async () => {
    const all = await search(`q=zebu&category=${lighting.slug}&sort=price_asc`);
    expect(all).toEqual(['Zebu lamp red', 'Zebu lamp blue', 'Zebu lamp blue big', 'Zebu lamp green']);
    expect(await search(`q=zebu&category=${desk.slug}&sort=price_asc`)).toEqual(['Zebu lamp blue', 'Zebu lamp blue big']);
  });

  it('filters by price range (decimal input), condition, city (any case) and kind', async () => {
    expect(await search('q=zebu&min=10&max=50.00&sort=price_asc')).toEqual(['Zebu lamp red', 'Zebu lamp auction', 'Zebu lamp blue', 'Zebu lamp repair', 'Zebu lamp blue big']);
    expect(await search('q=zebu&condition=new&sort=price_asc')).toEqual(['Zebu gnome', 'Zebu lamp red']);
    // the auction's city is Lisbon too
    expect(await search('q=zebu&city=LISBON&sort=price_asc')).toEqual(['Zebu lamp auction', 'Zebu lamp blue', 'Zebu lamp blue big']);
    expect(await search('q=zebu&kind=service')).toEqual(['Zebu lamp repair']);
    expect(await search('q=zebu&kind=auction')).toEqual(['Zebu lamp auction']);
  });

  it('filters by attribute facets: enum options (any of), yes/no and number ranges', async () => {
    const base = `q=zebu&category=${lighting.slug}&sort=price_asc`;
    expect(await search(`${base}&a.colour=Blue`)).toEqual(['Zebu lamp blue', 'Zebu lamp blue big']);
    expect(await search(`${base}&a.colour=red&a.colour=Green`)).toEqual(['Zebu lamp red', 'Zebu lamp green']);
    expect(await search(`${base}&a.dimmable=yes`)).toEqual(['Zebu lamp red', 'Zebu lamp blue big']);
    expect(await search(`${base}&a.dimmable=no`)).toEqual(['Zebu lamp blue', 'Zebu lamp green']);
    expect(await search(`${base}&a.watts.min=50&a.watts.max=100`)).toEqual(['Zebu lamp blue', 'Zebu lamp blue big']);
    // attributes of another category's schema are not filters here
    expect(await search(`q=zebu&category=${garden.slug}&a.colour=Blue&sort=price_asc`)).toEqual(['Zebu gnome', 'Zebu lamp auction', 'Zebu lamp repair']);
  });

  it('counts each facet over the results, ignoring that facet’s own selection', async () => {
    const page = await get(`/search?q=zebu&category=${lighting.slug}&a.colour=Blue&a.dimmable=yes`);
    const count = (id: string) => text(page.doc.querySelector(`label[for=${id}] .count`));
    // colour ignores the colour choice but respects dimmable=yes: Red 1, Blue 1 (blue big), Green 0
    expect([count('f-a-colour-0'), count('f-a-colour-1'), count('f-a-colour-2')]).toEqual(['(1)', '(1)', '(0)']);
    expect(page.doc.querySelector('#f-a-colour-1')?.hasAttribute('checked')).toBe(true);
    // dimmable ignores dimmable but respects colour=Blue: yes 1, no 1
    expect([count('f-a-dimmable-yes'), count('f-a-dimmable-no')]).toEqual(['(1)', '(1)']);
    // the number facet states the range of the current results (colour Blue, dimmable yes → 100 W only)
    expect(text(page.doc.querySelector('#f-a-watts-hint'))).toBe('1 with a value, from 100 to 100 W');
    expect(titles(page)).toEqual(['Zebu lamp blue big']);
    expect(text(page.doc.querySelector('#search-status'))).toBe('1 listing found');
    // fieldsets with legends for each facet
    expect(page.doc.querySelectorAll('#search-facets fieldset legend').map(text)).toEqual(['Colour', 'Dimmable', 'Power']);
  });

  it('filters by distance around a point and sorts nearest first, showing the distance', async () => {
    await listing({ title: 'Wombat lamp Lisbon', lat: 38.7223, lng: -9.1393 });
    await listing({ title: 'Wombat lamp Sintra', lat: 38.8029, lng: -9.3817 }); // ~23 km from Lisbon
    await listing({ title: 'Wombat lamp Porto', lat: 41.1579, lng: -8.6291 }); // ~275 km
    await listing({ title: 'Wombat lamp nowhere', lat: null, lng: null });
    expect(await search('q=wombat&lat=38.7223&lng=-9.1393&radius=30&sort=distance')).toEqual(['Wombat lamp Lisbon', 'Wombat lamp Sintra']);
    const page = await get('/search?q=wombat&lat=38.7223&lng=-9.1393&sort=distance');
    expect(titles(page)).toEqual(['Wombat lamp Lisbon', 'Wombat lamp Sintra', 'Wombat lamp Porto', 'Wombat lamp nowhere']);
    const meta = page.doc.querySelectorAll('#search-results .result .meta').map(text);
    expect(meta[0]).toContain('under 1 km away');
    expect(meta[1]).toMatch(/2\d\.\d km away|2\d km away/);
    expect(meta[2]).toMatch(/27\d km away/);
  });
});

describe('sorting and visibility', () => {
  it('sorts by price both ways and by newest', async () => {
    const now = Date.now();
    await listing({ title: 'Okapi one', price: 300, published_at: new Date(now - 3 * DAY) });
    await listing({ title: 'Okapi two', price: 100, published_at: new Date(now - 1 * DAY) });
    await listing({ title: 'Okapi three', price: 200, published_at: new Date(now - 2 * DAY) });
    expect(await search('q=okapi&sort=price_asc')).toEqual(['Okapi two', 'Okapi three', 'Okapi one']);
    expect(await search('q=okapi&sort=price_desc')).toEqual(['Okapi one', 'Okapi three', 'Okapi two']);
    expect(await search('q=okapi&sort=newest')).toEqual(['Okapi two', 'Okapi three', 'Okapi one']);
  });

  it('shows only public listings: never drafts, pending, rejected, paused, sold out, expired, hidden or deleted', async () => {
    await listing({ title: 'Tapir visible' });
    for (const status of ['draft', 'pending', 'rejected', 'paused', 'sold_out', 'expired'] as const) await listing({ title: `Tapir ${status}`, status });
    await listing({ title: 'Tapir lapsed', expires_at: new Date(Date.now() - 1000) });
    await listing({ title: 'Tapir hidden', hidden_at: new Date() });
    await listing({ title: 'Tapir deleted', deleted_at: new Date() });
    expect(await search('q=tapir')).toEqual(['Tapir visible']);
    expect(await search('q=tapir&sort=price_asc')).toEqual(['Tapir visible']);
  });

  it('puts promoted listings first (heavier weight first) in every sort, with a Promoted badge', async () => {
    const soon = new Date(Date.now() + DAY);
    await listing({ title: 'Gecko cheap', price: 100 });
    await listing({ title: 'Gecko boosted', price: 900, promoted_until: soon, promoted_weight: 1 });
    await listing({ title: 'Gecko boosted more', price: 800, promoted_until: soon, promoted_weight: 5 });
    await listing({ title: 'Gecko boost ended', price: 50, promoted_until: new Date(Date.now() - 1000), promoted_weight: 9 });
    for (const sort of ['price_asc', 'price_desc', 'newest', 'relevance']) {
      const got = await search(`q=gecko&sort=${sort}`);
      expect(got.slice(0, 2), sort).toEqual(['Gecko boosted more', 'Gecko boosted']);
    }
    const page = await get('/search?q=gecko&sort=price_asc');
    const cards = page.doc.querySelectorAll('#search-results .result');
    expect(cards.map((c) => Boolean(c.querySelector('.promoted-badge')))).toEqual([true, true, false, false]);
    expect(text(cards[0].querySelector('.promoted-badge'))).toBe('Promoted');
    expect(text(cards[2])).toContain('Gecko boost ended');
  });

  it('states prices per kind: service per unit, classified asking, auction starting bid with end time', async () => {
    await listing({ title: 'Ibis tutoring', kind: 'service', price: 4000, price_unit: 'hour', condition: null, stock: null });
    await listing({ title: 'Ibis bike', kind: 'classified', price: 12000, stock: null });
    await listing({ title: 'Ibis clock', kind: 'auction', price: null, stock: null, start_price: 1000, starts_at: new Date(), ends_at: new Date('2030-01-02T10:00:00Z') });
    const page = await get('/search?q=ibis&sort=price_asc');
    const price = (title: string) => text(page.doc.querySelectorAll('#search-results .result').find((c) => text(c).includes(title))?.querySelector('.price'));
    expect(price('Ibis tutoring')).toBe('€40.00 / hour');
    expect(price('Ibis bike')).toBe('€120.00 asking');
    expect(price('Ibis clock')).toBe('Starting bid €10.00 · Ends 2 Jan 2030, 10:00 UTC');
  });
});

describe('cursor pagination', () => {
  it('pages with next/previous links, stable when a listing is inserted between pages', async () => {
    const base = Date.now() - 10 * DAY;
    for (let i = 1; i <= 25; i++) await listing({ title: `Axolotl ${String(i).padStart(2, '0')}`, price: 1000 + i, published_at: new Date(base + i * 60_000) });
    for (const sort of ['newest', 'price_asc']) {
      const c = new Client(app.baseUrl);
      const p1 = await c.get(`/search?q=axolotl&sort=${sort}`);
      const first = titles(p1);
      expect(first).toHaveLength(20);
      expect(p1.doc.querySelector('a[rel=prev]')).toBeNull();
      const nextHref = p1.doc.querySelector('a[rel=next]')!.getAttribute('href')!;
      // a newcomer that sorts onto page 1 (newest) or right between the pages (same price as the last of page 1, higher id)
      const extra = await listing({ title: `Axolotl newcomer ${sort}`, price: 1020, published_at: new Date() });
      const p2 = await c.get(nextHref);
      const second = titles(p2);
      expect(second.filter((t) => first.includes(t))).toEqual([]);
      const seen = new Set([...first, ...second]);
      for (let i = 1; i <= 25; i++) expect(seen.has(`Axolotl ${String(i).padStart(2, '0')}`)).toBe(true);
      expect(p2.doc.querySelector('a[rel=next]')).toBeNull();
      // previous goes back to exactly the items before page 2's first item
      if (sort === 'price_asc') expect(second).toEqual(['Axolotl newcomer price_asc', 'Axolotl 21', 'Axolotl 22', 'Axolotl 23', 'Axolotl 24', 'Axolotl 25']);
      const p1again = await c.get(p2.doc.querySelector('a[rel=prev]')!.getAttribute('href')!);
      expect(titles(p1again)).toEqual(first);
      expect(p1again.doc.querySelector('a[rel=next]')).not.toBeNull();
      if (sort === 'newest') {
        // the newcomer now sorts before the old first page: one more step back shows it
        const top = await c.get(p1again.doc.querySelector('a[rel=prev]')!.getAttribute('href')!);
        expect(titles(top)).toEqual(['Axolotl newcomer newest']);
        expect(top.doc.querySelector('a[rel=prev]')).toBeNull();
      } else {
        expect(p1again.doc.querySelector('a[rel=prev]')).toBeNull();
      }
      await app.db('listings').where({ id: extra.id }).update({ deleted_at: new Date() });
    }
  });
});

describe('category pages', () => {
  it('shows the breadcrumb, the subcategories and results from the whole subtree; 404 for unknown or retired', async () => {
    const tree = await createCategoryRow(app.db, { name: 'Furniture' });
    const chairs = await createCategoryRow(app.db, { name: 'Chairs', parent_id: tree.id });
    const stools = await createCategoryRow(app.db, { name: 'Stools', parent_id: chairs.id });
    await listing({ title: 'Bar stool', category_id: stools.id });
    await listing({ title: 'Armchair', category_id: chairs.id });
    await listing({ title: 'Not furniture', category_id: garden.id });
    const page = await get(`/c/${chairs.slug}?sort=newest`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Chairs');
    expect(page.doc.querySelectorAll('nav[aria-label=Breadcrumb] li').map(text)).toEqual(['All categories', 'Furniture', 'Chairs']);
    expect(page.doc.querySelectorAll('nav[aria-label=Subcategories] a').map(text)).toEqual(['Stools']);
    expect(titles(page).sort()).toEqual(['Armchair', 'Bar stool']);
    const form = page.doc.querySelector('form#search-form')!;
    expect(form.getAttribute('action')).toBe(`/c/${chairs.slug}`);
    expect((await get('/c/no-such-category')).status).toBe(404);
    await app.db('categories').where({ id: tree.id }).update({ retired_at: new Date() });
    expect((await get(`/c/${chairs.slug}`)).status).toBe(404);
  });
});

describe('the search page', () => {
  it('is a plain GET form enhanced with search-as-you-type', async () => {
    const page = await get('/search?q=anything');
    const form = page.doc.querySelector('form[role=search]')!;
    expect(form.getAttribute('method')).toBe('get');
    expect(form.getAttribute('action')).toBe('/search');
    expect(form.getAttribute('hx-get')).toBe('/search');
    expect(form.getAttribute('hx-trigger')).toBe('input changed delay:300ms from:input[name=q], change');
    expect(form.getAttribute('hx-target')).toBe('#search-results');
    expect(form.getAttribute('hx-push-url')).toBe('true');
    expect(form.getAttribute('hx-indicator')).toBe('#search-indicator');
    expect(page.doc.querySelector('#search-indicator')).not.toBeNull();
    // every control has a label
    for (const input of form.querySelectorAll('input:not([type=hidden]), select')) {
      expect(form.querySelector(`label[for="${input.getAttribute('id')}"]`), input.getAttribute('name') ?? '').not.toBeNull();
    }
    expect(page.doc.querySelector('input[name=q]')?.getAttribute('value')).toBe('anything');
    const status = page.doc.querySelector('#search-status')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(page.doc.querySelector('#search-results')).not.toBeNull();
  });

  it('answers htmx with the results and the facets and count out of band, not the whole page', async () => {
    const c = new Client(app.baseUrl);
    const page = await c.get(`/search?q=zebu&category=${lighting.slug}`, { htmx: true });
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('html')).toBeNull();
    expect(page.doc.querySelector('form#search-form')).toBeNull();
    expect(page.doc.querySelector('#search-results')).not.toBeNull();
    expect(page.doc.querySelector('#search-facets')?.getAttribute('hx-swap-oob')).toBe('true');
    expect(page.doc.querySelector('#search-status')?.getAttribute('hx-swap-oob')).toBe('true');
    expect(page.doc.querySelectorAll('#search-facets fieldset').length).toBe(3);
    // a back-button history restore gets the whole page
    const restored = await c.get(`/search?q=zebu`, { htmx: true, headers: { 'HX-History-Restore-Request': 'true' } });
    expect(restored.doc.querySelector('form#search-form')).not.toBeNull();
  });

  it('never answers a 500 for bad parameters; it explains what it ignored', async () => {
    const bad = [
      'min=abc&max=-5',
      'lat=999&lng=0&radius=5',
      'lat=10',
      'radius=50',
      'sort=bogus',
      'sort=relevance',
      'sort=distance',
      'after=%%%',
      'after=eyJkIjoibmV4dCJ9',
      `before=${Buffer.from(JSON.stringify({ d: 'prev', s: 'newest', b: 0, k: 'not a date', i: 1 })).toString('base64url')}`,
      `after=${Buffer.from(JSON.stringify({ d: 'next', s: 'price_asc', b: 0, k: '1e400', i: 1 })).toString('base64url')}`,
      'category=does-not-exist',
      'category=%3Cscript%3E',
      `category=${lighting.slug}&a.colour=Purple&a.dimmable=maybe&a.watts.min=lots&a.watts.max=1e99`,
      'q=' + 'x'.repeat(500),
      'q=a&q=b&condition=new&condition=used',
      'q=%22unclosed&q2=1',
      'q=!!!%20%26%20|',
      'kind=spaceship&condition=mint',
      'min=99999999999999999',
    ];
    for (const qs of bad) {
      const page = await get(`/search?${qs}`);
      expect(page.status, qs).toBe(200);
    }
    const page = await get('/search?min=abc');
    expect(text(page.doc.querySelector('#f-min-error'))).toBe('Enter a price like 10 or 10.50.');
    expect(page.doc.querySelector('input[name=min]')?.getAttribute('value')).toBe('');
    expect(text(page.doc.querySelector('#search-results .notice'))).toContain('Enter a price like 10 or 10.50.');
  });

  it('keeps a script in a title inert', async () => {
    const payload = '<script>alert("owned")</script><img src=x onerror=alert(1)> Narwhal';
    await listing({ title: payload });
    const page = await get('/search?q=narwhal');
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).not.toContain('<img src=x');
    expect(page.doc.querySelectorAll('#search-results script, #search-results img').length).toBe(0);
    expect(titles(page)).toEqual([payload]);
    // and in the search box when it is typed as the query
    const echoed = await get(`/search?q=${encodeURIComponent('"><script>alert(2)</script>')}`);
    expect(echoed.doc.querySelectorAll('main script').length).toBe(0);
  });
});
