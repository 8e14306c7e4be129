import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageDecoding, PixelGate } from '../../src/media/images.js';
import { DECODE_PIXEL_BUDGET } from '../../src/media/limits.js';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { Client, text } from '../http.js';
import { png, pngPart, postMultipart, tempStorage } from './helpers.js';

let app: TestApp;
let storage: Awaited<ReturnType<typeof tempStorage>>;
let categoryId: number;

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({ worker: false, env: { STORAGE_DIR: storage.dir, RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  categoryId = (await createCategoryRow(app.db)).id;
});
afterAll(async () => {
  imageDecoding.budget = DECODE_PIXEL_BUDGET;
  await app?.stop();
  await storage?.remove();
});

async function sellerWithListing() {
  const seller = await createSeller(app.db);
  const listing = await createListing(app.db, { seller_id: seller.id, category_id: categoryId, status: 'draft' });
  const c = new Client(app.baseUrl);
  await c.signIn(seller.email, seller.password);
  await c.get(`/seller/listings/${listing.id}/images`);
  return { listing, c };
}

/** A real PNG whose header claims other dimensions (a decompression bomb costs its sender nothing to make). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const b = Buffer.from(await png(8, 8));
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b.writeUInt32BE(crc32(b.subarray(12, 29)), 29);
  return b;
}

const stored = (listingId: number) => app.db('listing_images').where({ listing_id: listingId });

describe('decoding uploaded images', () => {
  it('refuses an image over the pixel limit with a message beside the field, before decoding it', async () => {
    const { listing, c } = await sellerWithListing();
    const res = await postMultipart(c, `/seller/listings/${listing.id}/images`, { files: [pngPart(await pngClaiming(10_000, 8_000), 'huge.png')] });
    expect(res.status).toBe(422);
    const message = text(res.doc.querySelector(`#listing-images-${listing.id} #f-images-error`));
    expect(message).toContain('“huge.png” has too many pixels (80 megapixels)');
    expect(message).toContain('at most 60 megapixels');
    expect(await stored(listing.id)).toHaveLength(0);
  });

  it('decodes parallel uploads one after another when together they would pass the process-wide budget', async () => {
    imageDecoding.budget = 1_000_000;
    imageDecoding.peak = 0;
    try {
      const sellers = await Promise.all([sellerWithListing(), sellerWithListing(), sellerWithListing()]);
      const photo = await png(900, 900);
      const answers = await Promise.all(sellers.map(({ listing, c }) => postMultipart(c, `/seller/listings/${listing.id}/images`, { files: [pngPart(photo), pngPart(photo)] })));
      expect(answers.map((a) => a.status)).toEqual([303, 303, 303]);
      for (const { listing } of sellers) expect(await stored(listing.id)).toHaveLength(2);
      // each 0.81-megapixel photo holds most of the 1-megapixel budget, so no two were ever decoded at once
      expect(imageDecoding.peak).toBe(1);
      expect(imageDecoding.running).toBe(0);
    } finally {
      imageDecoding.budget = DECODE_PIXEL_BUDGET;
    }
  });
});

describe('the pixel gate', () => {
  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  it('lets small decodes share the budget, holds a large one until there is room, first come first served', async () => {
    const gate = new PixelGate(100);
    const started: string[] = [];
    const hold = { a: deferred(), b: deferred(), c: deferred(), d: deferred() };
    const job = (name: keyof typeof hold, pixels: number) =>
      gate.run(pixels, async () => {
        started.push(name);
        await hold[name].promise;
      });
    const a = job('a', 40);
    const b = job('b', 40);
    const c = job('c', 500); // more than the budget: runs alone
    const d = job('d', 10); // would fit, but waits its turn behind c
    await expect.poll(() => started).toEqual(['a', 'b']);
    hold.a.resolve();
    await a;
    expect(started).toEqual(['a', 'b']);
    hold.b.resolve();
    await b;
    await expect.poll(() => started).toEqual(['a', 'b', 'c']);
    expect(gate.running).toBe(1);
    hold.c.resolve();
    await c;
    await expect.poll(() => started).toEqual(['a', 'b', 'c', 'd']);
    hold.d.resolve();
    await d;
    expect(gate.peak).toBe(2);
    expect(gate.running).toBe(0);
  });

  it('frees its share when a decode fails', async () => {
    const gate = new PixelGate(10);
    await expect(gate.run(10, () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await gate.run(10, async () => 'next')).toBe('next');
  });
});
