import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeListingImage } from '../../src/media/images.js';
import { createPlaceholderImage } from '../../src/media/placeholder.js';
import { MediaRefusal } from '../../src/media/images.js';
import { listingImages } from '../../src/media/queries.js';
import { createStore, isValidKey, LocalStore, newKey, readAll, S3Store } from '../../src/media/storage.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { tempStorage } from './helpers.js';

let storage: Awaited<ReturnType<typeof tempStorage>>;
let env: TestEnv;

beforeAll(async () => {
  storage = await tempStorage();
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.drop();
  await storage?.remove();
});

describe('the local file store', () => {
  it('puts, reads, checks and deletes objects under its directory', async () => {
    const store = new LocalStore(path.join(storage.dir, 'nested', 'deeper'));
    const key = newKey('file');
    expect(await store.exists(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    await store.put(key, Buffer.from('hello'), 'text/plain');
    expect(await store.exists(key)).toBe(true);
    const obj = (await store.get(key))!;
    expect(obj.bytes).toBe(5);
    expect((await readAll(obj)).toString()).toBe('hello');
    await store.delete(key);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
  });

  it('refuses any key it did not make: no path leaves the store', async () => {
    const store = new LocalStore(storage.dir);
    for (const bad of ['../outside', 'img/../../etc/passwd', '/etc/passwd', 'img/..', 'img/a', 'other/abcdefghijklmnopqrstuvwxyz', 'img\\..\\..\\x', '', 'img/abcdefghijklmnopqrstuvwxyz/../../x']) {
      expect(isValidKey(bad), bad).toBe(false);
      await expect(store.put(bad, Buffer.from('x'), 'text/plain')).rejects.toThrow('invalid storage key');
      await expect(store.get(bad)).rejects.toThrow('invalid storage key');
      await expect(store.delete(bad)).rejects.toThrow('invalid storage key');
    }
    expect(isValidKey(newKey('img', 'webp'))).toBe(true);
    expect(newKey('img', 'webp')).not.toBe(newKey('img', 'webp'));
  });

  it('chooses the store from configuration', () => {
    const base = { STORAGE_DIR: storage.dir, S3_REGION: 'us-east-1', S3_ENDPOINT: undefined, S3_BUCKET: undefined, S3_ACCESS_KEY_ID: undefined, S3_SECRET_ACCESS_KEY: undefined };
    expect(createStore({ ...base, STORAGE: 'local' })).toBeInstanceOf(LocalStore);
    expect(createStore({ ...base, STORAGE: 's3', S3_BUCKET: 'souk', S3_ENDPOINT: 'http://127.0.0.1:9000' })).toBeInstanceOf(S3Store);
    expect(() => createStore({ ...base, STORAGE: 's3' })).toThrow('S3_BUCKET');
  });
});

describe('demo images', () => {
  it('makes a picture from a seed and a label, the same for the same seed', async () => {
    const a = await createPlaceholderImage('lamp-1', 'Brass desk lamp');
    const b = await createPlaceholderImage('lamp-1', 'Brass desk lamp');
    const c = await createPlaceholderImage('vase-2', 'A label that is much too long to fit on two lines of the picture <&>');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    const meta = await sharp(c).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 900]);
  });

  it('stores one for a listing the way uploads do (usable by seeds outside a request)', async () => {
    const store = createStore({ STORAGE: 'local', STORAGE_DIR: storage.dir, S3_REGION: 'x' });
    const seller = await createSeller(env.db);
    const category = await createCategoryRow(env.db);
    const listing = await createListing(env.db, { seller_id: seller.id, category_id: category.id });
    const view = await storeListingImage(env.db, store, listing.id, await createPlaceholderImage('seed', 'Demo'), 'A demo picture');
    expect(view).toMatchObject({ alt: 'A demo picture', width: 1200, height: 900, position: 0 });
    expect(view.url).toMatch(/^\/media\/[A-Za-z0-9_-]+\.webp$/);
    const row = await env.db('listing_images').where({ id: view.id }).first();
    expect((await sharp(await readFile(path.join(storage.dir, row.thumb_key))).metadata()).width).toBe(400);
    expect(await listingImages(env.db, listing.id)).toEqual([view]);
    await expect(storeListingImage(env.db, store, listing.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg')).rejects.toBeInstanceOf(MediaRefusal);
    // an event for whoever reacts to changed photos, in the same transaction
    expect(Number((await env.db('outbox').where({ topic: 'listing.images_changed' }).count('* as n').first())?.n)).toBe(1);
  });
});
