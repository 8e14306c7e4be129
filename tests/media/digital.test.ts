import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigitalFileBox } from '../../views/media/digital-file.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { postMultipart, tempStorage, type Part } from './helpers.js';

let app: TestApp;
let storage: Awaited<ReturnType<typeof tempStorage>>;
let categoryId: number;
const DIGITAL_MAX = 300_000;

beforeAll(async () => {
  storage = await tempStorage();
  app = await startTestApp({
    worker: false,
    env: { STORAGE_DIR: storage.dir, DIGITAL_MAX_BYTES: String(DIGITAL_MAX), UPLOAD_MAX_BYTES: '1000', RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' },
  });
  categoryId = (await createCategoryRow(app.db)).id;
});
afterAll(async () => {
  await app?.stop();
  await storage?.remove();
});

const fileUrl = (id: number) => `/seller/listings/${id}/digital-file`;
const listingRow = (id: number) => app.db('listings').where({ id }).first();
const pdf = (bytes: number, name = 'harbour-jumper.pdf'): Part => ({
  field: 'file',
  name,
  type: 'application/pdf',
  data: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(bytes, 0x41)]),
});

async function digitalListing() {
  const seller = await createSeller(app.db);
  const listing = await createListing(app.db, { seller_id: seller.id, category_id: categoryId, kind: 'digital', status: 'draft', title: 'Harbour jumper pattern' });
  const c = new Client(app.baseUrl);
  await c.signIn(seller.email, seller.password);
  await c.get(`/seller/listings/${listing.id}/images`);
  return { seller, listing, c };
}

describe('the file of a digital listing', () => {
  it('is uploaded into private storage (bigger than a photo may be) and downloaded by its seller only', async () => {
    const { listing, c } = await digitalListing();
    const page = await c.get(`/seller/listings/${listing.id}/images`);
    expect(page.doc.querySelector(`#digital-file-${listing.id} input[type=file][name=file]`)).toBeTruthy();
    expect(text(page.doc.querySelector(`#digital-file-${listing.id} .notice`))).toContain('No file yet');

    const part = pdf(200_000);
    const res = await postMultipart(c, fileUrl(listing.id), { files: [part] });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/seller/listings/${listing.id}#digital-file-${listing.id}`);
    const row = await listingRow(listing.id);
    expect(row.digital_file_name).toBe('harbour-jumper.pdf');
    expect(Number(row.digital_file_bytes)).toBe(part.data.length);
    expect(row.digital_file_key).toMatch(/^file\//);
    expect(await readFile(path.join(storage.dir, row.digital_file_key))).toEqual(part.data);

    const dl = await c.get(fileUrl(listing.id));
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toBe('attachment; filename=harbour-jumper.pdf');
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('cache-control')).toBe('private, no-store');
    const raw = await fetch(new URL(fileUrl(listing.id), app.baseUrl), { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}` } });
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(part.data);

    // not through the public image route, whatever the name
    const token = row.digital_file_key.slice('file/'.length);
    expect((await fetch(new URL(`/media/${token}`, app.baseUrl))).status).toBe(404);

    // the box shows the file with a download link
    const box = parse(await DigitalFileBox({ listing: row, csrf: 't' }));
    expect(text(box.querySelector('.digital-file-current a'))).toBe('harbour-jumper.pdf');
    expect(box.querySelector('.digital-file-current a')?.getAttribute('href')).toBe(fileUrl(listing.id));

    for (const who of [await createSeller(app.db), await createUser(app.db)]) {
      const other = new Client(app.baseUrl);
      await other.signIn(who.email, who.password);
      expect((await other.get(fileUrl(listing.id))).status).toBe(404);
    }
    const admin = await createAdmin(app.db);
    const a = new Client(app.baseUrl);
    await a.signIn(admin.email, admin.password);
    expect((await a.get(fileUrl(listing.id))).status).toBe(200);
    const anon = await new Client(app.baseUrl).get(fileUrl(listing.id), { follow: false });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/signin');
  });

  it('replaces the file (removing the old one) and renames it with a plain form', async () => {
    const { listing, c } = await digitalListing();
    expect((await postMultipart(c, fileUrl(listing.id), { files: [pdf(1000, 'v1.pdf')] })).status).toBe(303);
    const first = await listingRow(listing.id);
    expect((await postMultipart(c, fileUrl(listing.id), { files: [pdf(2000, 'v2.pdf')], fields: { file_name: 'Harbour jumper (v2).pdf' } })).status).toBe(303);
    const second = await listingRow(listing.id);
    expect(second.digital_file_name).toBe('Harbour jumper (v2).pdf');
    expect(second.digital_file_key).not.toBe(first.digital_file_key);
    expect((await c.get(fileUrl(listing.id))).headers.get('content-disposition')).toBe('attachment; filename="Harbour jumper (v2).pdf"');
    const files = await storage.files();
    expect(files).toContain(second.digital_file_key);
    expect(files).not.toContain(first.digital_file_key);

    const renamed = await c.post(fileUrl(listing.id), { file_name: '../../etc/final.pdf' }, { follow: false });
    expect(renamed.status).toBe(303);
    const third = await listingRow(listing.id);
    expect(third.digital_file_name).toBe('final.pdf');
    expect(third.digital_file_key).toBe(second.digital_file_key);

    const hx = await c.post(fileUrl(listing.id), { file_name: 'pattern.pdf' }, { htmx: true });
    expect(hx.status).toBe(200);
    expect(text(hx.doc.querySelector(`#digital-file-${listing.id} .digital-file-current a`))).toBe('pattern.pdf');
  });

  it('refuses an oversized or missing file cleanly and keeps the old one', async () => {
    const { listing, c } = await digitalListing();
    expect((await postMultipart(c, fileUrl(listing.id), { files: [pdf(1000, 'keep.pdf')] })).status).toBe(303);
    const before = await listingRow(listing.id);
    const filesBefore = await storage.files();

    const big = await postMultipart(c, fileUrl(listing.id), { files: [pdf(DIGITAL_MAX + 10)] });
    expect(big.status).toBe(413);
    expect(text(big.doc.querySelector(`#f-file-${listing.id}-error`))).toContain('larger than');
    const none = await postMultipart(c, fileUrl(listing.id), { fields: { file_name: '' } });
    expect(none.status).toBe(422);
    expect(text(none.doc.querySelector(`#f-file-${listing.id}-error`))).toContain('Choose the file');
    const empty = await postMultipart(c, fileUrl(listing.id), { files: [{ field: 'file', name: 'empty.zip', type: 'application/zip', data: Buffer.alloc(0) }] });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector(`#f-file-${listing.id}-error`))).toContain('empty');
    const noToken = await postMultipart(c, fileUrl(listing.id), { files: [pdf(10)], csrf: 'none' });
    expect(noToken.status).toBe(403);

    expect(await listingRow(listing.id)).toEqual(before);
    expect(await storage.files()).toEqual(filesBefore);
  });

  it('belongs to digital listings of the seller only', async () => {
    const { listing } = await digitalListing();
    const other = await createSeller(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(other.email, other.password);
    await c.get('/');
    expect((await postMultipart(c, fileUrl(listing.id), { files: [pdf(100)] })).status).toBe(404);
    expect((await c.post(fileUrl(listing.id), { file_name: 'mine.pdf' }, { follow: false })).status).toBe(404);

    const fixed = await createListing(app.db, { seller_id: other.id, category_id: categoryId, kind: 'fixed' });
    expect((await postMultipart(c, fileUrl(fixed.id), { files: [pdf(100)] })).status).toBe(404);
    expect((await listingRow(fixed.id)).digital_file_key).toBeNull();
    expect((await listingRow(listing.id)).digital_file_key).toBeNull();
  });
});
