import knexFactory, { type Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { formatMoney } from '../../src/lib/money.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, type ListingOver } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import { png, pngPart, postMultipart, tempStorage } from '../media/helpers.js';

// The search cache is on in tests (SEARCH_CACHE_SECONDS defaults to 30): every search
// below may be answered from it, and must still show each change on the very next request.

let app: TestApp;
let storage: Awaited<ReturnType<typeof tempStorage>>;
let seller: Awaited<ReturnType<typeof createSeller>>;
let sellerC: Client;
let adminC: Client;
let category: Awaited<ReturnType<typeof createCategoryRow>>;
const HOUR = 3_600_000;

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({
    worker: false,
    env: { STORAGE_DIR: storage.dir, RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000', SESSION_ABSOLUTE_HOURS: '10000' },
  });
  seller = await createSeller(app.db);
  sellerC = new Client(app.baseUrl);
  await sellerC.signIn(seller.email, seller.password);
  const admin = await createAdmin(app.db);
  adminC = new Client(app.baseUrl);
  await adminC.signIn(admin.email, admin.password);
  category = await createCategoryRow(app.db, { name: 'Cache lamps' });
});
afterAll(async () => {
  await app?.stop();
  await storage?.remove();
});
afterEach(() => clock.reset());

const listing = (over: Partial<ListingOver> & { title: string }) => createListing(app.db, { seller_id: seller.id, category_id: category.id, ...over });

/** What a visitor (no session) sees for a search. */
async function search(qs: string): Promise<Page> {
  const page = await new Client(app.baseUrl).get(`/search?${qs}`);
  expect(page.status, `/search?${qs}`).toBe(200);
  return page;
}
const card = (page: Page, id: number) => page.doc.querySelector(`#result-${id}`);
const titles = (page: Page) => page.doc.querySelectorAll('#search-results .result-title a').map((a) => text(a));
const price = (page: Page, id: number) => text(card(page, id)?.querySelector('.price') ?? null);
const cover = (page: Page, id: number) => card(page, id)?.querySelector('img.result-cover')?.getAttribute('src') ?? null;

async function cacheCounts(): Promise<{ hit: number; miss: number }> {
  const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const n = (result: string) => Number(new RegExp(`^souk_search_cache_total\\{result="${result}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
  return { hit: n('hit'), miss: n('miss') };
}

const generation = async (db: Knex = app.db) => Number((await db('search_generation').first('n')).n);

/** Signed-in clients take their CSRF token from the last page they loaded. */
async function as(c: Client, path: string, form: Record<string, string> = {}, method?: string): Promise<Page> {
  await c.get('/');
  return c.post(path, form, { method });
}

describe('the search cache', () => {
  it('answers a repeated search from the cache', async () => {
    await listing({ title: 'Yarrow lamp' });
    await search('q=yarrow');
    const before = await cacheCounts();
    const page = await search('q=yarrow');
    expect(titles(page)).toEqual(['Yarrow lamp']);
    const after = await cacheCounts();
    expect(after.hit).toBeGreaterThan(before.hit);
    expect(after.miss).toBe(before.miss);
  });

  it('shows approval, a price edit, pause and resume, and deletion on the very next search', async () => {
    const l = await listing({ title: 'Quince lamp', status: 'pending', submitted_at: new Date(), price: 2500 });
    expect(titles(await search('q=quince'))).toEqual([]);
    expect(titles(await search('q=quince'))).toEqual([]);

    expect((await as(adminC, `/admin/moderation/${l.id}/approval`)).status).toBe(200);
    expect(titles(await search('q=quince'))).toEqual(['Quince lamp']);
    expect(price(await search('q=quince'), l.id)).toBe('€25.00');

    // the inline price edit on the seller's dashboard (not material: stays live)
    await sellerC.get('/seller/listings');
    expect((await sellerC.post(`/seller/listings/${l.id}/row`, { price: '21.00', stock: '5', stock_was: '5' }, { follow: false })).status).toBe(303);
    expect(price(await search('q=quince'), l.id)).toBe('€21.00');
    // the same search narrowed by price follows too
    expect(titles(await search('q=quince&max=22'))).toEqual(['Quince lamp']);
    expect(titles(await search('q=quince&max=20'))).toEqual([]);

    await as(sellerC, `/seller/listings/${l.id}/pause`);
    expect(titles(await search('q=quince'))).toEqual([]);
    await as(sellerC, `/seller/listings/${l.id}/pause`, {}, 'DELETE');
    expect(titles(await search('q=quince'))).toEqual(['Quince lamp']);

    await as(sellerC, `/seller/listings/${l.id}`, {}, 'DELETE');
    expect(titles(await search('q=quince'))).toEqual([]);
  });

  it('shows a title edit: the listing leaves the results for review and comes back under its new title', async () => {
    const l = await listing({ title: 'Sorrel stool', price: 3000, stock: 2, description: 'A well-kept item, described honestly.' });
    expect(titles(await search('q=sorrel'))).toEqual(['Sorrel stool']);
    const form = { category_id: String(category.id), kind: 'fixed', title: 'Sorrel bar stool', description: 'A well-kept item, described honestly.', condition: 'used', price: '30.00', stock: '2', stock_was: '2' };
    expect((await as(sellerC, `/seller/listings/${l.id}`, form, 'PATCH')).status).toBe(200);
    // a material edit goes back to review: not searchable until approved
    expect(titles(await search('q=sorrel'))).toEqual([]);
    await as(adminC, `/admin/moderation/${l.id}/approval`);
    expect(titles(await search('q=sorrel'))).toEqual(['Sorrel bar stool']);
    expect(titles(await search('q=sorrel+bar'))).toEqual(['Sorrel bar stool']);
  });

  it('shows a new cover photo and a reordered cover on the next search', async () => {
    const l = await listing({ title: 'Tansy vase' });
    let page = await search('q=tansy');
    expect(titles(page)).toEqual(['Tansy vase']);
    expect(cover(page, l.id)).toBeNull();

    const images = `/seller/listings/${l.id}/images`;
    await sellerC.get(images);
    const files = [pngPart(await png(320, 200, { r: 200, g: 0, b: 0 }), 'red.png'), pngPart(await png(321, 200, { r: 0, g: 0, b: 200 }), 'blue.png')];
    expect((await postMultipart(sellerC, images, { files })).status).toBe(303);
    const [first, second] = await app.db('listing_images').where({ listing_id: l.id }).orderBy('position');
    // a new photo on a live listing goes to review first
    expect(titles(await search('q=tansy'))).toEqual([]);
    await as(adminC, `/admin/moderation/${l.id}/approval`);
    page = await search('q=tansy');
    const url = (key: string) => `/media/${key.replace(/^img\//, '')}`;
    expect(cover(page, l.id)).toBe(url(first.thumb_key));

    await sellerC.get(images);
    expect((await sellerC.post(`${images}/${second.id}/position`, { direction: 'up' }, { follow: false })).status).toBe(303);
    expect(cover(await search('q=tansy'), l.id)).toBe(url(second.thumb_key));
  });

  it('shows a category rename and a retirement on the next request', async () => {
    const cat = await createCategoryRow(app.db, { name: 'Borage goods' });
    await listing({ title: 'Borage basket', category_id: cat.id });
    const h1 = async () => text((await new Client(app.baseUrl).get(`/c/${cat.slug}`)).doc.querySelector('h1'));
    const picker = async () => (await search('q=borage')).doc.querySelectorAll('#f-category option').map((o) => text(o));
    expect(await h1()).toBe('Borage goods');
    expect(await picker()).toContain('Borage goods');

    await adminC.get(`/admin/categories/${cat.id}`);
    await adminC.post(`/admin/categories/${cat.id}/name`, { name: 'Borage & basketry' });
    expect((await app.db('categories').where({ id: cat.id }).first()).name).toBe('Borage & basketry');
    expect(await h1()).toBe('Borage & basketry');
    expect(await picker()).toContain('Borage & basketry');

    await adminC.get(`/admin/categories/${cat.id}`);
    await adminC.post(`/admin/categories/${cat.id}/retirement`, {});
    expect((await new Client(app.baseUrl).get(`/c/${cat.slug}`)).status).toBe(404);
    expect(await picker()).not.toContain('Borage & basketry');
    const scoped = await search(`q=borage&category=${cat.slug}`);
    expect(text(scoped.doc.querySelector('#search-results .notice'))).toContain('no longer available');
  });
});

describe('time', () => {
  it('drops a listing once the clock passes its expiry, without waiting for the cache to age', async () => {
    const t0 = new Date();
    clock.set(t0);
    await listing({ title: 'Chicory lamp', published_at: t0, expires_at: new Date(t0.getTime() + HOUR) });
    expect(titles(await search('q=chicory'))).toEqual(['Chicory lamp']);
    clock.set(new Date(t0.getTime() + HOUR - 1000));
    expect(titles(await search('q=chicory'))).toEqual(['Chicory lamp']);
    clock.set(new Date(t0.getTime() + HOUR + 1000));
    expect(titles(await search('q=chicory'))).toEqual([]);
    // and back: a clock moved backwards never serves an answer computed "in the future"
    clock.set(t0);
    expect(titles(await search('q=chicory'))).toEqual(['Chicory lamp']);
  });

  it('ends a promotion on time: the listing loses its place at the top', async () => {
    const t0 = new Date();
    clock.set(t0);
    const plain = await listing({ title: 'Mallow chair plain', published_at: new Date(t0.getTime() - 1000) });
    const boosted = await listing({ title: 'Mallow chair boosted', published_at: new Date(t0.getTime() - 2000), promoted_until: new Date(t0.getTime() + HOUR), promoted_weight: 2 });
    const order = async () => (await search('q=mallow&sort=newest')).doc.querySelectorAll('#search-results .result').map((e) => Number(e.getAttribute('id')!.replace('result-', '')));
    expect(await order()).toEqual([boosted.id, plain.id]);
    clock.set(new Date(t0.getTime() + HOUR - 1000));
    expect(await order()).toEqual([boosted.id, plain.id]);
    clock.set(new Date(t0.getTime() + HOUR + 1000));
    expect(await order()).toEqual([plain.id, boosted.id]);
  });

  it('never uses an entry longer than SEARCH_CACHE_SECONDS, even for a change made behind its back', async () => {
    const t0 = new Date();
    clock.set(t0);
    const l = await listing({ title: 'Lovage jug', price: 1500, published_at: t0 });
    expect(price(await search('q=lovage'), l.id)).toBe('€15.00');
    // an operator's UPDATE with triggers disabled: nothing tells the cache
    await app.db.transaction(async (trx) => {
      await trx.raw(`set local session_replication_role = replica`);
      await trx('listings').where({ id: l.id }).update({ price: 1700 });
    });
    expect(price(await search('q=lovage'), l.id)).toBe('€15.00');
    clock.set(new Date(t0.getTime() + 29_000));
    expect(price(await search('q=lovage'), l.id)).toBe('€15.00');
    clock.set(new Date(t0.getTime() + 31_000));
    expect(price(await search('q=lovage'), l.id)).toBe('€17.00');
  });
});

describe('kept pages for visitors', () => {
  it('answers a visitor from the kept page with their own working CSRF token and the usual headers', async () => {
    await listing({ title: 'Quillwort lamp' });
    const visitor = new Client(app.baseUrl);
    await visitor.get('/search?q=quillwort');
    const before = await cacheCounts();
    const kept = await visitor.get('/search?q=quillwort');
    expect((await cacheCounts()).hit).toBeGreaterThan(before.hit);
    expect(titles(kept)).toEqual(['Quillwort lamp']);
    expect(kept.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(kept.headers.get('x-request-id')).toBeTruthy();
    expect(kept.headers.get('set-cookie') ?? '').not.toContain('souk.sid');

    // another visitor gets a page with a token of their own
    const other = new Client(app.baseUrl);
    await other.get('/search?q=quillwort');
    const otherPage = await other.get('/search?q=quillwort');
    const token = (p: Page) => p.doc.querySelector('body')?.getAttribute('hx-headers') ?? '';
    expect(token(otherPage)).not.toBe(token(kept));

    // the token on the kept page signs the visitor in
    const buyer = await createSeller(app.db);
    const signedIn = await visitor.post('/session', { email: buyer.email, password: buyer.password });
    expect(signedIn.status).toBe(200);
    expect(visitor.cookie('souk.sid')).toBeTruthy();
    const after = await visitor.get('/search?q=quillwort');
    expect(after.html).not.toBe(kept.html);
    expect(titles(after)).toEqual(['Quillwort lamp']);
  });

  it('answers 304 while the page is unchanged, and the new page after a change', async () => {
    const l = await listing({ title: 'Sorrel lamp', price: 4_200 });
    const visitor = new Client(app.baseUrl);
    await visitor.get('/search?q=sorrel');
    const first = await visitor.get('/search?q=sorrel');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // as a browser revalidates (fetch would add `cache-control: no-cache` to a conditional request)
    const revalidate = { 'if-none-match': etag!, 'cache-control': 'max-age=0' };
    const again = await visitor.get('/search?q=sorrel', { headers: revalidate });
    expect(again.status).toBe(304);
    expect(again.html).toBe('');

    const head = await fetch(`${app.baseUrl}/search?q=sorrel`, { method: 'HEAD', headers: { cookie: `souk.vid=${visitor.cookie('souk.vid')}; souk.csrf=${visitor.cookie('souk.csrf')}` } });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');

    await app.db('listings').where({ id: l.id }).update({ price: 3_900 });
    const changed = await visitor.get('/search?q=sorrel', { headers: revalidate });
    expect(changed.status).toBe(200);
    expect(price(changed, l.id)).toContain(formatMoney(3_900));
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('the search generation', () => {
  it('moves once per transaction however many rows change, and not for views, favourites or a rollback', async () => {
    const many = await Promise.all(Array.from({ length: 40 }, (_, i) => listing({ title: `Fennel lot ${i}` })));
    const ids = many.map((l) => l.id);
    let n = await generation();
    await app.db('listings').whereIn('id', ids).update({ price: app.db.raw('price + 100') });
    expect(await generation()).toBe(n + 1);

    n = await generation();
    await app.db.transaction(async (trx) => {
      await trx('listings').whereIn('id', ids.slice(0, 10)).update({ city: 'Braga' });
      await trx('listings').whereIn('id', ids.slice(10)).update({ title: trx.raw(`title || ' (used)'`) });
      await trx('listing_images').insert({ listing_id: ids[0], storage_key: 'k/a.webp', thumb_key: 'k/a-t.webp', content_type: 'image/webp', bytes: 1, width: 1, height: 1 });
      await trx('categories').where({ id: category.id }).update({ position: 3 });
    });
    expect(await generation()).toBe(n + 1);

    n = await generation();
    await app.db('listings').whereIn('id', ids).update({ views: app.db.raw('views + 1') });
    await app.db('listings').whereIn('id', ids).update({ favourites_count: app.db.raw('favourites_count + 1') });
    await app.db('listings').whereIn('id', ids).update({ risk_score: 7 });
    expect(await generation()).toBe(n);

    await expect(
      app.db.transaction(async (trx) => {
        await trx('listings').whereIn('id', ids).update({ price: 1 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await generation()).toBe(n);
    expect(titles(await search('q=fennel+lot+used')).length).toBe(20);
  });
});

describe('under concurrent writers and readers', () => {
  let writerDb: Knex;
  beforeAll(() => {
    writerDb = knexFactory({ client: 'pg', connection: app.databaseUrl, pool: { min: 0, max: 16 } });
  });
  afterAll(() => writerDb?.destroy());

  it('commits every write without a deadlock while searches run, and the next search shows them all', async () => {
    const lots = await Promise.all(Array.from({ length: 24 }, (_, i) => listing({ title: `Sumac lot ${i}`, price: 1000 + i })));
    const n0 = await generation();
    let stop = false;
    const readerErrors: unknown[] = [];
    let reads = 0;
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          await search('q=sumac&sort=price_asc');
          reads++;
        } catch (err) {
          readerErrors.push(err);
        }
      }
    });
    // each writer changes its own listing, and half of them a neighbour too (locked in id order, as the code does),
    // holding the row locks across a short pause so the transactions overlap
    const writers = lots.map((l, i) =>
      writerDb.transaction(async (trx) => {
        const ids = i % 2 === 0 ? [l.id] : [lots[i - 1].id, l.id];
        await trx('listings').whereIn('id', ids).orderBy('id').forUpdate().select('id');
        await trx.raw('select pg_sleep(0.02)');
        await trx('listings').where({ id: l.id }).update({ price: 5000 + i });
        await trx('listing_images').insert({ listing_id: l.id, storage_key: `c/${l.id}.webp`, thumb_key: `c/${l.id}-t.webp`, content_type: 'image/webp', bytes: 1, width: 1, height: 1 });
      }),
    );
    const results = await Promise.allSettled(writers);
    stop = true;
    await Promise.all(readers);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(readerErrors).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    // every transaction moved the generation exactly once
    expect(await generation()).toBe(n0 + lots.length);

    const page = await search('q=sumac&sort=price_asc');
    expect(titles(page)).toEqual(lots.map((l) => l.title).slice(0, 20));
    lots.slice(0, 20).forEach((l, i) => {
      expect(price(page, l.id)).toBe(formatMoney(5000 + i, 'EUR'));
      expect(cover(page, l.id)).toContain(`c/${l.id}-t.webp`);
    });
  });
});
