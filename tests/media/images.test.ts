import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listingImages, coverImages } from '../../src/media/queries.js';
import { Gallery } from '../../views/media/gallery.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { cameraJpeg, jpegPart, png, pngPart, postMultipart, tempStorage } from './helpers.js';

let app: TestApp;
let storage: Awaited<ReturnType<typeof tempStorage>>;
let categoryId: number;
const MAX_BYTES = 400_000;

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({
    worker: false,
    env: { STORAGE_DIR: storage.dir, UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_MAX_FILES: '3', RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' },
  });
  categoryId = (await createCategoryRow(app.db)).id;
});
afterAll(async () => {
  await app?.stop();
  await storage?.remove();
});

async function sellerWithListing(title = 'Blue ceramic vase') {
  const seller = await createSeller(app.db);
  const listing = await createListing(app.db, { seller_id: seller.id, category_id: categoryId, title });
  const c = new Client(app.baseUrl);
  await c.signIn(seller.email, seller.password);
  return { seller, listing, c };
}

const imagesUrl = (id: number) => `/seller/listings/${id}/images`;
const rows = (listingId: number) => app.db('listing_images').where({ listing_id: listingId }).orderBy('position');

async function gallery(listingId: number, title: string) {
  return parse(await Gallery({ listingId, title, images: await listingImages(app.db, listingId) }));
}

describe('uploading photos', () => {
  it('stores several photos at once: upright, at most 1600 px, thumbnails, no camera metadata', async () => {
    const { listing, c } = await sellerWithListing();
    const page = await c.get(imagesUrl(listing.id));
    expect(page.status).toBe(200);
    expect(page.doc.querySelector(`#listing-images-${listing.id} input[type=file][name=images][multiple]`)).toBeTruthy();

    const photo = await cameraJpeg(3000, 2000);
    expect((await sharp(photo).metadata()).exif).toBeTruthy();
    const res = await postMultipart(c, imagesUrl(listing.id), { files: [jpegPart(photo, 'camera.jpg'), pngPart(await png(500, 300))] });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/seller/listings/${listing.id}#listing-images-${listing.id}`);

    const stored = await rows(listing.id);
    expect(stored).toHaveLength(2);
    // the camera photo was taken sideways (orientation 6): stored upright, longest edge 1600
    expect([stored[0].width, stored[0].height]).toEqual([1067, 1600]);
    expect([stored[1].width, stored[1].height]).toEqual([500, 300]);
    expect(stored.map((r) => r.alt)).toEqual(['Blue ceramic vase', 'Blue ceramic vase']);
    for (const r of stored) {
      expect(r.content_type).toBe('image/webp');
      const main = path.join(storage.dir, r.storage_key);
      const thumb = path.join(storage.dir, r.thumb_key);
      const m = await sharp(main).metadata();
      const t = await sharp(thumb).metadata();
      expect(m.format).toBe('webp');
      expect(Math.max(m.width!, m.height!)).toBeLessThanOrEqual(1600);
      expect(Math.max(t.width!, t.height!)).toBeLessThanOrEqual(400);
      expect(m.exif).toBeUndefined();
      expect(t.exif).toBeUndefined();
      expect(m.orientation ?? 1).toBe(1);
      expect((await stat(main)).size).toBe(r.bytes);
    }

    // served publicly, with long caching and the right type
    const view = (await listingImages(app.db, listing.id))[0];
    const served = await fetch(new URL(view.url, app.baseUrl));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toContain('immutable');
    const body = Buffer.from(await served.arrayBuffer());
    expect(body.length).toBe(stored[0].bytes);
    expect((await fetch(new URL(view.thumbUrl, app.baseUrl))).status).toBe(200);

    // the editor lists both, the first as the cover
    const editor = (await c.get(imagesUrl(listing.id))).doc.querySelector(`#listing-images-${listing.id}`)!;
    const cards = editor.querySelectorAll('.image-card');
    expect(cards).toHaveLength(2);
    expect(text(cards[0].querySelector('.image-cover'))).toBe('Cover');
    expect(cards[1].querySelector('.image-cover')).toBeNull();
  });

  it('sends a live listing back to review when a photo is added, but not a draft', async () => {
    const { listing, c } = await sellerWithListing('Brass desk lamp');
    expect((await app.db('listings').where({ id: listing.id }).first()).status).toBe('active');
    expect((await postMultipart(c, imagesUrl(listing.id), { files: [pngPart(await png(300, 200))] })).status).toBe(303);
    expect((await app.db('listings').where({ id: listing.id }).first()).status).toBe('pending');

    const seller = await createSeller(app.db);
    const draft = await createListing(app.db, { seller_id: seller.id, category_id: categoryId, status: 'draft' });
    const d = new Client(app.baseUrl);
    await d.signIn(seller.email, seller.password);
    expect((await postMultipart(d, imagesUrl(draft.id), { files: [pngPart(await png(300, 200))] })).status).toBe(303);
    expect((await app.db('listings').where({ id: draft.id }).first()).status).toBe('draft');
  });

  it('refuses a text file named like a photo, with the message beside the file field, and stores nothing', async () => {
    const { listing, c } = await sellerWithListing();
    await c.get(imagesUrl(listing.id));
    const before = await storage.files();
    const fake = Buffer.from('this is not a picture, just words pretending to be one\n'.repeat(20));
    const res = await postMultipart(c, imagesUrl(listing.id), { files: [pngPart(await png(300, 200)), jpegPart(fake, 'holiday.jpg')] });
    expect(res.status).toBe(422);
    const field = res.doc.querySelector('#f-images')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const error = res.doc.querySelector('#f-images-error');
    expect(text(error)).toContain('“holiday.jpg” is not an image');
    expect(field.getAttribute('aria-describedby')).toContain('f-images-error');
    expect(await rows(listing.id)).toHaveLength(0);
    expect(await storage.files()).toEqual(before);
  });

  it('refuses a file over the size limit cleanly (413, message, nothing stored)', async () => {
    const { listing, c } = await sellerWithListing();
    await c.get(imagesUrl(listing.id));
    const before = await storage.files();
    const big = Buffer.alloc(MAX_BYTES + 50_000, 7);
    const res = await postMultipart(c, imagesUrl(listing.id), { files: [pngPart(await png(200, 200)), jpegPart(big, 'huge.jpg')] });
    expect(res.status).toBe(413);
    expect(text(res.doc.querySelector('#f-images-error'))).toContain('larger than');
    expect(await rows(listing.id)).toHaveLength(0);
    expect(await storage.files()).toEqual(before);
  });

  it('refuses more files than one request may carry, and more photos than a listing may have', async () => {
    const { listing, c } = await sellerWithListing();
    await c.get(imagesUrl(listing.id));
    const before = await storage.files();
    const small = await png(120, 90);
    const res = await postMultipart(c, imagesUrl(listing.id), { files: [1, 2, 3, 4].map((i) => pngPart(small, `p${i}.png`)) });
    expect(res.status).toBe(413);
    expect(text(res.doc.querySelector('#f-images-error'))).toContain('at most 3 photos at a time');
    expect(await rows(listing.id)).toHaveLength(0);

    // eleven already: two more would pass the twelve a listing may have
    await app.db('listing_images').insert(
      Array.from({ length: 11 }, (_, i) => ({
        listing_id: listing.id,
        storage_key: `img/planted${listing.id}x${i}aaaaaaaaaaaaaaaa.webp`,
        thumb_key: `img/planted${listing.id}x${i}tttttttttttttttt.webp`,
        content_type: 'image/webp',
        bytes: 10,
        width: 10,
        height: 10,
        position: i,
      })),
    );
    const full = await postMultipart(c, imagesUrl(listing.id), { files: [pngPart(small, 'a.png'), pngPart(small, 'b.png')] });
    expect(full.status).toBe(422);
    expect(text(full.doc.querySelector('#f-images-error'))).toContain('at most 12 photos; you can add 1 more');
    expect(await rows(listing.id)).toHaveLength(11);
    expect(await storage.files()).toEqual(before);
  });

  it('lets only one of two simultaneous uploads take the last free place, and leaves no stray files', async () => {
    const { listing, c } = await sellerWithListing();
    await c.get(imagesUrl(listing.id));
    await app.db('listing_images').insert(
      Array.from({ length: 11 }, (_, i) => ({
        listing_id: listing.id,
        storage_key: `img/race${listing.id}x${i}aaaaaaaaaaaaaaaaaaa.webp`,
        thumb_key: `img/race${listing.id}x${i}ttttttttttttttttttt.webp`,
        content_type: 'image/webp',
        bytes: 10,
        width: 10,
        height: 10,
        position: i,
      })),
    );
    const before = await storage.files();
    const [a, b] = await Promise.all([
      postMultipart(c, imagesUrl(listing.id), { files: [pngPart(await png(640, 480), 'a.png')] }),
      postMultipart(c, imagesUrl(listing.id), { files: [pngPart(await png(480, 640), 'b.png')] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 422]);
    const refused = a.status === 422 ? a : b;
    expect(text(refused.doc.querySelector('#f-images-error'))).toContain('at most 12 photos');
    const after = await rows(listing.id);
    expect(after).toHaveLength(12);
    expect(after.map((r) => r.position)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const added = after[11];
    expect((await storage.files()).filter((f) => !before.includes(f)).sort()).toEqual([added.storage_key, added.thumb_key].sort());
  });

  it('refuses a multipart upload without a valid CSRF token and stores nothing; htmx sends it as a header', async () => {
    const { listing, c } = await sellerWithListing();
    await c.get(imagesUrl(listing.id));
    const before = await storage.files();
    const files = [pngPart(await png(200, 150))];
    const none = await postMultipart(c, imagesUrl(listing.id), { files, csrf: 'none' });
    expect(none.status).toBe(403);
    expect(none.doc.querySelector('.error-page')?.getAttribute('data-status')).toBe('403');
    const stranger = new Client(app.baseUrl);
    await stranger.get('/signin');
    expect((await postMultipart(c, imagesUrl(listing.id), { files, csrf: { token: stranger.csrf } })).status).toBe(403);
    expect((await postMultipart(c, imagesUrl(listing.id), { files, csrf: 'none', htmx: true })).status).toBe(403);
    expect(await rows(listing.id)).toHaveLength(0);
    expect(await storage.files()).toEqual(before);

    const ok = await postMultipart(c, imagesUrl(listing.id), { files, csrf: 'header', htmx: true });
    expect(ok.status).toBe(200);
    expect(ok.doc.querySelector('html')).toBeNull();
    expect(ok.doc.querySelectorAll(`#listing-images-${listing.id} .image-card`)).toHaveLength(1);
    expect(text(ok.doc.querySelector('#flash'))).toBe('Photo added. New photos are reviewed, so the listing is back in moderation.');
  });

  it('makes a cover from the title for a listing without photos (a plain form)', async () => {
    const { listing, c } = await sellerWithListing('Knitting pattern: the harbour jumper');
    const page = await c.get(imagesUrl(listing.id));
    expect(page.doc.querySelector('.image-generate button')).toBeTruthy();
    const res = await c.post(imagesUrl(listing.id), { generate: 'cover' }, { follow: false });
    expect(res.status).toBe(303);
    const [row] = await rows(listing.id);
    expect([row.width, row.height]).toEqual([1200, 900]);
    expect(row.alt).toBe('Knitting pattern: the harbour jumper');
    // a plain form without files or the button is a clear refusal, not a 500
    const empty = await c.post(imagesUrl(listing.id), {}, { follow: false });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector('#f-images-error'))).toContain('Choose one or more photos');
  });
});

describe('managing photos', () => {
  async function withThree() {
    const ctx = await sellerWithListing('Oak side table');
    await ctx.c.get(imagesUrl(ctx.listing.id));
    const colours = [
      { r: 250, g: 0, b: 0 },
      { r: 0, g: 250, b: 0 },
      { r: 0, g: 0, b: 250 },
    ];
    const files = await Promise.all(colours.map(async (col, i) => pngPart(await png(300 + i, 200, col), `c${i}.png`)));
    expect((await postMultipart(ctx.c, imagesUrl(ctx.listing.id), { files })).status).toBe(303);
    const ids = (await rows(ctx.listing.id)).map((r) => Number(r.id));
    await ctx.c.get(imagesUrl(ctx.listing.id));
    return { ...ctx, ids };
  }

  it('reorders with plain forms; the first photo is the cover in the gallery and in result cards', async () => {
    const { listing, c, ids } = await withThree();
    const moved = await c.post(`${imagesUrl(listing.id)}/${ids[2]}/position`, { direction: 'up' }, { follow: false });
    expect(moved.status).toBe(303);
    await c.post(`${imagesUrl(listing.id)}/${ids[2]}/position`, { direction: 'up' }, { follow: false });
    expect((await rows(listing.id)).map((r) => Number(r.id))).toEqual([ids[2], ids[0], ids[1]]);
    // moving the cover further up changes nothing
    await c.post(`${imagesUrl(listing.id)}/${ids[2]}/position`, { direction: 'up' }, { follow: false });
    expect((await rows(listing.id)).map((r) => r.position)).toEqual([0, 1, 2]);

    const g = await gallery(listing.id, 'Oak side table');
    const slides = g.querySelectorAll('.gallery-slide');
    expect(slides.map((s) => s.getAttribute('id'))).toEqual(ids.map((_, i) => `gallery-${listing.id}-${[ids[2], ids[0], ids[1]][i]}`));
    expect((await coverImages(app.db, [listing.id])).get(listing.id)?.id).toBe(ids[2]);

    // htmx: the editor partial comes back, focus stays on the control that was used
    const hx = await c.post(`${imagesUrl(listing.id)}/${ids[0]}/position`, { direction: 'down' }, { htmx: true });
    expect(hx.status).toBe(200);
    const editor = hx.doc.querySelector(`#listing-images-${listing.id}`)!;
    expect(editor.querySelectorAll('.image-card').map((e) => Number(e.getAttribute('data-image-id')))).toEqual([ids[2], ids[1], ids[0]]);
    expect(editor.querySelector('[autofocus]')?.getAttribute('aria-label')).toBe('Move photo 3 earlier');
  });

  it('saves alt text that shows in the gallery, refuses an empty one beside its field, and keeps a script inert', async () => {
    const { listing, c, ids } = await withThree();
    const ok = await c.post(`${imagesUrl(listing.id)}/${ids[1]}`, { alt: 'The drawer open, showing dovetail joints' }, { method: 'PATCH', follow: false });
    expect(ok.status).toBe(303);
    let g = await gallery(listing.id, 'Oak side table');
    expect(g.querySelector(`#gallery-${listing.id}-${ids[1]} img`)?.getAttribute('alt')).toBe('The drawer open, showing dovetail joints');
    const thumbLink = g.querySelector(`a[href="#gallery-${listing.id}-${ids[1]}"]`);
    expect(thumbLink?.getAttribute('aria-label')).toBe('Show photo 2 of 3: The drawer open, showing dovetail joints');
    expect(thumbLink?.querySelector('img')?.getAttribute('loading')).toBe('lazy');
    expect(thumbLink?.querySelector('img')?.getAttribute('width')).toBeTruthy();

    const empty = await c.post(`${imagesUrl(listing.id)}/${ids[1]}`, { alt: '   ' }, { method: 'PATCH', follow: false });
    expect(empty.status).toBe(422);
    const input = empty.doc.querySelector(`#alt-${ids[1]}`)!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(text(empty.doc.querySelector(`#alt-${ids[1]}-error`))).toContain('Describe the photo');
    expect((await rows(listing.id))[1].alt).toBe('The drawer open, showing dovetail joints');

    const payload = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
    expect((await c.post(`${imagesUrl(listing.id)}/${ids[0]}`, { alt: payload }, { method: 'PATCH', follow: false })).status).toBe(303);
    const editorPage = await c.get(imagesUrl(listing.id));
    g = await gallery(listing.id, 'Oak side table');
    for (const doc of [editorPage.doc, g]) {
      expect(doc.querySelectorAll('script').filter((s) => !s.getAttribute('src'))).toHaveLength(0);
      expect(doc.querySelectorAll('[onerror]')).toHaveLength(0);
      expect(doc.querySelectorAll('img[src=x]')).toHaveLength(0);
    }
    expect(g.querySelector(`#gallery-${listing.id}-${ids[0]} img`)?.getAttribute('alt')).toBe(payload);
    expect(editorPage.doc.querySelector(`#alt-${ids[0]}`)?.getAttribute('value')).toBe(payload);
  });

  it('deletes a photo and its files; the next photo becomes the cover', async () => {
    const { listing, c, ids } = await withThree();
    const [first] = await rows(listing.id);
    const res = await c.post(`${imagesUrl(listing.id)}/${ids[0]}`, {}, { method: 'DELETE', follow: false });
    expect(res.status).toBe(303);
    const left = await rows(listing.id);
    expect(left.map((r) => Number(r.id))).toEqual([ids[1], ids[2]]);
    expect(left.map((r) => r.position)).toEqual([0, 1]);
    const files = await storage.files();
    expect(files).not.toContain(first.storage_key);
    expect(files).not.toContain(first.thumb_key);
    expect((await fetch(new URL(`/media/${first.storage_key.slice(4)}`, app.baseUrl))).status).toBe(404);
  });

  it('shows a placeholder when a listing has no photos', async () => {
    const g = parse(await Gallery({ listingId: 999, title: 'Nothing yet', images: [] }));
    expect(g.querySelector('#gallery-999 .gallery-empty')?.getAttribute('role')).toBe('img');
    expect(g.querySelector('#gallery-999 .gallery-empty')?.getAttribute('aria-label')).toBe('No photos yet');
  });
});

describe('who may change photos', () => {
  it('refuses another seller, a buyer and an admin (404), and nothing changes; an admin may look', async () => {
    const { listing, c: owner } = await sellerWithListing('Brass desk lamp');
    await owner.get(imagesUrl(listing.id));
    expect((await postMultipart(owner, imagesUrl(listing.id), { files: [pngPart(await png(300, 200)), pngPart(await png(200, 300))] })).status).toBe(303);
    const before = await rows(listing.id);
    const filesBefore = await storage.files();
    const [a, b] = before.map((r) => Number(r.id));

    const other = await createSeller(app.db);
    const buyer = await createUser(app.db);
    const admin = await createAdmin(app.db);
    for (const who of [other, buyer, admin]) {
      const c = new Client(app.baseUrl);
      await c.signIn(who.email, who.password);
      await c.get('/');
      const up = await postMultipart(c, imagesUrl(listing.id), { files: [pngPart(await png(100, 100))] });
      expect(up.status, who.email).toBe(404);
      expect((await c.post(imagesUrl(listing.id), { generate: 'cover' }, { follow: false })).status).toBe(404);
      expect((await c.post(`${imagesUrl(listing.id)}/${b}/position`, { direction: 'up' }, { follow: false })).status).toBe(404);
      expect((await c.post(`${imagesUrl(listing.id)}/${a}`, { alt: 'Hijacked' }, { method: 'PATCH', follow: false })).status).toBe(404);
      expect((await c.post(`${imagesUrl(listing.id)}/${a}`, {}, { method: 'DELETE', follow: false })).status).toBe(404);
      const page = await c.get(imagesUrl(listing.id));
      if (who === admin) {
        expect(page.status).toBe(200);
        expect(page.doc.querySelectorAll(`#listing-images-${listing.id} .image-card`)).toHaveLength(2);
        expect(page.doc.querySelectorAll(`#listing-images-${listing.id} form`)).toHaveLength(0);
      } else expect(page.status).toBe(404);
    }
    // an image id of another listing does not reach across listings
    const mine = await sellerWithListing('Someone else entirely');
    await mine.c.get(imagesUrl(mine.listing.id));
    expect((await mine.c.post(`${imagesUrl(mine.listing.id)}/${a}`, {}, { method: 'DELETE', follow: false })).status).toBe(404);

    expect(await rows(listing.id)).toEqual(before);
    expect(await storage.files()).toEqual(filesBefore);
  });
});

describe('serving images', () => {
  it('answers 404 for unknown names, keys with ../, and private files', async () => {
    expect((await fetch(new URL('/media/abcdefghijklmnopqrstuvwxyz.webp', app.baseUrl))).status).toBe(404);
    for (const evil of ['..%2F..%2Fpackage.json', '..%2Fimg%2Fabcdefghijklmnopqrstuvwxyz.webp', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5C..%5Cpackage.json', 'file%2Fabcdefghijklmnopqrstuvwxyz']) {
      const res = await fetch(new URL(`/media/${evil}`, app.baseUrl));
      expect(res.status, evil).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    // a digital listing's private file has a key in the store but is no listing image
    const seller = await createSeller(app.db);
    const key = 'file/privatefileprivatefile01';
    await createListing(app.db, { seller_id: seller.id, category_id: categoryId, kind: 'digital', digital_file_key: key, digital_file_name: 'x.pdf', digital_file_bytes: 3 });
    expect((await fetch(new URL('/media/privatefileprivatefile01', app.baseUrl))).status).toBe(404);
    expect((await fetch(new URL('/media/privatefileprivatefile01.webp', app.baseUrl))).status).toBe(404);
  });
});
