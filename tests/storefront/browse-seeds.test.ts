import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../src/media/storage.js';
import { photosOf, planCatalog, seedCatalog } from '../../seeds/catalog.js';
import { startTestApp, type TestApp } from '../app.js';
import { Client, text } from '../http.js';

let app: TestApp;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'souk-catalog-'));
  app = await startTestApp({ worker: false, env: { STORAGE: 'local', STORAGE_DIR: dir } });
});
afterAll(async () => {
  await app?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const COUNT = 40;
const snapshot = async () => ({
  listings: Number((await app.db('listings').count<{ n: string }[]>('* as n'))[0].n),
  variants: Number((await app.db('listing_variants').count<{ n: string }[]>('* as n'))[0].n),
  images: Number((await app.db('listing_images').count<{ n: string }[]>('* as n'))[0].n),
  users: Number((await app.db('users').count<{ n: string }[]>('* as n'))[0].n),
  sellers: Number((await app.db('sellers').count<{ n: string }[]>('* as n'))[0].n),
  categories: Number((await app.db('categories').count<{ n: string }[]>('* as n'))[0].n),
  attributes: Number((await app.db('category_attributes').count<{ n: string }[]>('* as n'))[0].n),
});

describe('the demo catalog', () => {
  it('is the same plan on every run', () => {
    expect(planCatalog(COUNT)).toEqual(planCatalog(COUNT));
    expect(planCatalog(COUNT)).toEqual(planCatalog(COUNT * 2).slice(0, COUNT));
  });

  it('loads a market of every kind with photos, and a second run adds nothing', async () => {
    const store = new LocalStore(dir);
    const first = await seedCatalog(app.db, { count: COUNT, store });
    expect(first.listings).toBe(COUNT);
    // every listing has its own photos, every fourth a gallery of three
    expect(first.images).toBe(Array.from({ length: COUNT }, (_, i) => photosOf(i)).reduce((a, b) => a + b, 0));
    const perListing = await app.db('listing_images').select('listing_id').count<{ listing_id: number; n: string }[]>('* as n').groupBy('listing_id');
    expect(perListing).toHaveLength(COUNT);
    // drawn for each listing: no two covers are the same file content
    const sizes = await app.db('listing_images').where({ position: 0 }).pluck('bytes');
    expect(new Set(sizes).size).toBeGreaterThan(COUNT * 0.9);
    const after = await snapshot();

    const again = await seedCatalog(app.db, { count: COUNT, store });
    expect(again).toEqual({ listings: 0, images: 0 });
    expect(await snapshot()).toEqual(after);

    const kinds = (await app.db('listings').distinct('kind')).map((r) => r.kind).sort();
    expect(kinds).toEqual(['auction', 'classified', 'digital', 'fixed', 'service']);
    const statuses = new Set((await app.db('listings').distinct('status')).map((r) => r.status));
    expect(statuses.has('active')).toBe(true);
    expect(statuses.has('pending')).toBe(true);
    expect(after.variants).toBeGreaterThan(0);
    expect(after.sellers).toBeGreaterThanOrEqual(5);
    expect(Number((await app.db('listings').whereNotNull('promoted_until').count<{ n: string }[]>('* as n'))[0].n)).toBeGreaterThan(0);
    const noPosition = await app.db('listings').whereNull('lat').orWhereNull('city');
    expect(noPosition).toHaveLength(0);
    const image = await app.db('listing_images').first();
    expect(await store.exists(image.storage_key)).toBe(true);
    const digital = await app.db('listings').where({ kind: 'digital' }).first();
    expect(await store.exists(digital.digital_file_key)).toBe(true);

    // the pages show it
    const home = await new Client(app.baseUrl).get('/');
    expect(home.doc.querySelectorAll('#fresh .tile').length).toBe(12);
    expect(text(home.doc.querySelector('#categories li[data-category="bikes"] .count'))).toMatch(/^\d+ listings?$/);
    const live = await app.db('listings').where({ status: 'active', kind: 'fixed' }).whereNot('variant_axes', '{}').first();
    const page = await new Client(app.baseUrl).get(`/listings/${live.id}/${live.slug}`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll(`#add-to-cart-${live.id} select[name=variant_id] option`).length).toBeGreaterThan(1);
    expect(page.doc.querySelectorAll('table.attributes tr').length).toBeGreaterThan(0);
  });
});
