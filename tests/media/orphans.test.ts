import { createServer, type Server } from 'node:http';
import { mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mediaJobs } from '../../jobs/media/index.js';
import { sweepOrphansJob } from '../../jobs/media/sweep-orphans.job.js';
import { loadConfig } from '../../src/config.js';
import { clock } from '../../src/lib/clock.js';
import { orphanKeys, StoreMismatch, sweepOrphans } from '../../src/media/orphans.js';
import { LocalStore, newKey, S3Store, type ListedObject } from '../../src/media/storage.js';
import type { Queues } from '../../src/queue.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { tempStorage } from './helpers.js';
import { paidOrder } from '../documents/helpers.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const GRACE = HOUR;

let storage: Awaited<ReturnType<typeof tempStorage>>;
let env: TestEnv;
let sellerId: number;
let categoryId: number;

beforeAll(async () => {
  storage = await tempStorage();
});
afterAll(() => storage?.remove());
// a database of its own per test: the sweep looks at every row
beforeEach(async () => {
  env = await createTestEnv();
  sellerId = (await createSeller(env.db)).id;
  categoryId = (await createCategoryRow(env.db)).id;
});
afterEach(async () => {
  clock.reset();
  await env?.drop();
});

let stores = 0;
/** A store of its own under the temporary folder, with room beside it for files that are not the store's. */
function freshStore(): LocalStore {
  return new LocalStore(path.join(storage.dir, `store-${++stores}`));
}

/** Writes an object and makes it look `ageMs` old. */
async function putAged(store: LocalStore, key: string, ageMs: number): Promise<string> {
  await store.put(key, Buffer.from(key), 'application/octet-stream');
  const at = new Date(Date.now() - ageMs);
  await utimes(store.pathOf(key), at, at);
  return key;
}

/** A listing photo (image and thumbnail) whose row is in the database. */
async function referencedImage(store: LocalStore, ageMs: number) {
  const listing = await createListing(env.db, { seller_id: sellerId, category_id: categoryId });
  const storage_key = await putAged(store, newKey('img', 'webp'), ageMs);
  const thumb_key = await putAged(store, newKey('img', 'webp'), ageMs);
  await env.db('listing_images').insert({ listing_id: listing.id, storage_key, thumb_key, content_type: 'image/webp', bytes: 5, width: 10, height: 10 });
  return [storage_key, thumb_key];
}

/** A digital listing's file; `deleted` puts it on a deleted listing (whose row remains). */
async function referencedFile(store: LocalStore, ageMs: number, deleted = false) {
  const key = await putAged(store, newKey('file'), ageMs);
  await createListing(env.db, { seller_id: sellerId, category_id: categoryId, kind: 'digital', digital_file_key: key, digital_file_name: 'x.pdf', digital_file_bytes: 5, deleted_at: deleted ? new Date() : null });
  return key;
}

async function present(store: LocalStore, keys: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of keys) if (await store.exists(k)) out.push(k);
  return out;
}

async function listAll(store: { list(prefix?: string): AsyncIterable<ListedObject> }, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys.sort();
}

describe('which files are orphans', () => {
  it('is a file no row references that was last written before the cutoff', () => {
    const at = (ms: number) => new Date(ms);
    const page = [
      { key: 'img/referenced', lastModified: at(0) },
      { key: 'img/old', lastModified: at(999) },
      { key: 'img/at-cutoff', lastModified: at(1000) },
      { key: 'img/young', lastModified: at(2000) },
    ];
    expect(orphanKeys(page, new Set(['img/referenced']), 1000)).toEqual(['img/old']);
  });
});

describe('listing the local store', () => {
  it('yields every key with its time, by prefix, and nothing that is not a key', async () => {
    const store = freshStore();
    const img = await putAged(store, newKey('img', 'webp'), 2 * HOUR);
    const file = await putAged(store, newKey('file'), 0);
    await writeFile(path.join(store.root, 'img', 'notes.txt'), 'not a key');
    await writeFile(path.join(store.root, 'stray'), 'not a key');
    expect(await listAll(store)).toEqual([file, img].sort());
    expect(await listAll(store, 'img/')).toEqual([img]);
    expect(await listAll(store, 'file')).toEqual([file]);
    expect(await listAll(store, img.slice(0, 10))).toEqual([img]);
    expect(await listAll(store, 'other/')).toEqual([]);
    const listed = [];
    for await (const o of store.list('img/')) listed.push(o);
    expect(Math.abs(listed[0].lastModified.getTime() - (Date.now() - 2 * HOUR))).toBeLessThan(5_000);
    // an empty or missing store lists nothing
    expect(await listAll(freshStore())).toEqual([]);
  });
});

describe('sweeping orphaned files', () => {
  it('deletes unreferenced files older than the grace period and keeps referenced and recent ones', async () => {
    const store = freshStore();
    const referenced = [...(await referencedImage(store, 3 * HOUR)), await referencedFile(store, 3 * HOUR), await referencedFile(store, 3 * HOUR, true)];
    const oldOrphans = [await putAged(store, newKey('img', 'webp'), 2 * HOUR), await putAged(store, newKey('file'), 25 * HOUR)];
    const young = await putAged(store, newKey('img', 'webp'), 10 * MINUTE);

    const result = await sweepOrphans(env.db, store, { graceMs: GRACE });
    expect(result).toEqual({ scanned: 7, deleted: 2 });
    expect(await present(store, referenced)).toEqual(referenced);
    expect(await present(store, oldOrphans)).toEqual([]);
    expect(await present(store, [young])).toEqual([young]);

    // an hour later the upload that never got its row is an orphan too; the referenced files stay
    clock.advance(GRACE);
    expect(await sweepOrphans(env.db, store, { graceMs: GRACE })).toEqual({ scanned: 5, deleted: 1 });
    expect(await present(store, [young])).toEqual([]);
    expect(await present(store, referenced)).toEqual(referenced);
  });

  it('works through the store in pages and can run again, or twice at once', async () => {
    const store = freshStore();
    const referenced: string[] = [];
    for (let i = 0; i < 3; i++) referenced.push(...(await referencedImage(store, 2 * HOUR)));
    const orphans: string[] = [];
    for (let i = 0; i < 7; i++) orphans.push(await putAged(store, newKey(i % 2 ? 'img' : 'file'), 2 * HOUR));

    const both = await Promise.all([sweepOrphans(env.db, store, { graceMs: GRACE, pageSize: 2 }), sweepOrphans(env.db, store, { graceMs: GRACE, pageSize: 3 })]);
    for (const r of both) expect(r.deleted).toBeLessThanOrEqual(7);
    expect(await present(store, orphans)).toEqual([]);
    expect(await present(store, referenced)).toEqual(referenced);
    expect(await sweepOrphans(env.db, store, { graceMs: GRACE, pageSize: 2 })).toEqual({ scanned: 6, deleted: 0 });
    expect(await sweepOrphans(env.db, store, { graceMs: GRACE })).toEqual({ scanned: 6, deleted: 0 });
    expect(await present(store, referenced)).toEqual(referenced);
  });

  it('keeps the files of stored order documents, even when they are the only files referenced', async () => {
    const store = freshStore();
    const seller = await createSeller(env.db);
    const { order } = await paidOrder(env.db, { parts: [{ seller, lines: [{ title: 'Lamp', unitPrice: 2500 }] }] });
    const document = await putAged(store, newKey('file'), 48 * HOUR);
    await env.db('order_documents').insert({ kind: 'receipt', order_id: order.id, number: `RCT-${order.id}`, amount: 2500, storage_key: document });
    const orphan = await putAged(store, newKey('file'), 48 * HOUR);
    expect(await sweepOrphans(env.db, store, { graceMs: GRACE })).toEqual({ scanned: 2, deleted: 1 });
    expect(await present(store, [document, orphan])).toEqual([document]);
  });

  it('keeps the photos of dispute messages, even when they are the only files referenced', async () => {
    const store = freshStore();
    const buyer = await createUser(env.db);
    const [order] = await env.db('orders')
      .insert({ buyer_id: buyer.id, currency: 'EUR', status: 'paid', items_total: 900, shipping_total: 0, total: 900, wallet_amount: 900, card_amount: 0, checkout_key: `orphans-${Date.now()}`, ship_days: 5, escrow_days: 7 })
      .returning('id');
    const [so] = await env.db('seller_orders')
      .insert({ order_id: order.id, seller_id: sellerId, buyer_id: buyer.id, currency: 'EUR', status: 'disputed', items_total: 900, shipping: 0, total: 900, commission: 90, fulfilment: 'ship', needs_shipping: true })
      .returning('id');
    const [dispute] = await env.db('disputes')
      .insert({ seller_order_id: so.id, buyer_id: buyer.id, seller_id: sellerId, reason: 'damaged', previous_status: 'delivered', escalate_at: new Date() })
      .returning('id');
    const photos = [await putAged(store, newKey('img', 'webp'), 48 * HOUR), await putAged(store, newKey('img', 'webp'), 48 * HOUR)];
    await env.db('dispute_messages').insert({ dispute_id: dispute.id, author_id: buyer.id, body: 'Broken on arrival', image_keys: JSON.stringify(photos) });
    const orphan = await putAged(store, newKey('img', 'webp'), 48 * HOUR);
    expect(await sweepOrphans(env.db, store, { graceMs: GRACE })).toEqual({ scanned: 3, deleted: 1 });
    expect(await present(store, [...photos, orphan])).toEqual(photos);
  });

  it('touches nothing outside the store, nor anything in it that is not a key', async () => {
    const store = freshStore();
    const outside = path.join(storage.dir, `outside-${stores}`);
    await mkdir(outside, { recursive: true });
    const old = new Date(Date.now() - 48 * HOUR);
    const victim = path.join(outside, 'precious.txt');
    await writeFile(victim, 'keep me');
    const linkedKey = newKey('img', 'webp');
    const foreignKeyName = newKey('file').slice('file/'.length);
    await writeFile(path.join(outside, foreignKeyName), 'keep me too');
    const referenced = await referencedImage(store, 2 * HOUR);
    const orphan = await putAged(store, newKey('img', 'webp'), 2 * HOUR);
    // a link named like a key, pointing out of the store; and the `file/` folder itself linked elsewhere
    await symlink(victim, path.join(store.root, linkedKey));
    await symlink(outside, path.join(store.root, 'file'));
    // things that are not keys: an interrupted write, a stray file, a foreign folder
    const part = `${store.pathOf(newKey('img', 'webp'))}.abcdefgh.part`;
    await writeFile(part, 'half');
    await writeFile(path.join(store.root, 'README'), 'hello');
    await mkdir(path.join(store.root, 'other'));
    await writeFile(path.join(store.root, 'other', foreignKeyName), 'x');
    for (const p of [victim, path.join(outside, foreignKeyName), part, path.join(store.root, 'README'), path.join(store.root, 'other', foreignKeyName)]) await utimes(p, old, old);

    expect(await sweepOrphans(env.db, store, { graceMs: GRACE })).toEqual({ scanned: 3, deleted: 1 });
    expect(await store.exists(orphan)).toBe(false);
    expect(await present(store, referenced)).toEqual(referenced);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    expect(await readFile(path.join(outside, foreignKeyName), 'utf8')).toBe('keep me too');
    expect((await stat(path.join(store.root, linkedKey))).isFile()).toBe(true);
    for (const p of [part, path.join(store.root, 'README'), path.join(store.root, 'other', foreignKeyName)]) expect((await stat(p)).isFile()).toBe(true);
  });
});

describe('a store that is not the database\'s', () => {
  it('is refused, deleting nothing, when it holds none of the files the database references', async () => {
    const own = freshStore();
    await referencedImage(own, 2 * HOUR);
    await referencedFile(own, 2 * HOUR);
    const other = freshStore();
    const files = [await putAged(other, newKey('img', 'webp'), 48 * HOUR), await putAged(other, newKey('file'), 48 * HOUR)];
    await expect(sweepOrphans(env.db, other, { graceMs: GRACE })).rejects.toBeInstanceOf(StoreMismatch);
    await expect(sweepOrphans(env.db, other, { graceMs: GRACE })).rejects.toThrow('Nothing was deleted');
    expect(await present(other, files)).toEqual(files);
  });

  it('is left alone when the database references no file at all', async () => {
    const store = freshStore();
    const files = [await putAged(store, newKey('img', 'webp'), 48 * HOUR)];
    expect(await sweepOrphans(env.db, store, { graceMs: GRACE })).toEqual({ scanned: 0, deleted: 0, skipped: 'nothing referenced' });
    expect(await present(store, files)).toEqual(files);
  });
});

describe('the sweep job', () => {
  it('uses the configured store and grace period and reports its counts', async () => {
    const dir = path.join(storage.dir, 'job-store');
    const config = loadConfig({ ...env.env, STORAGE: 'local', STORAGE_DIR: dir, ORPHAN_GRACE_MINUTES: '30' });
    const store = new LocalStore(dir);
    const kept = await referencedFile(store, 2 * HOUR);
    const gone = await putAged(store, newKey('img', 'webp'), 40 * MINUTE);
    const young = await putAged(store, newKey('img', 'webp'), 20 * MINUTE);
    const rt = { db: env.db, config, log: pino({ level: 'silent' }) };
    expect(await sweepOrphansJob(rt)).toEqual({ scanned: 3, deleted: 1 });
    expect(await present(store, [kept, gone, young])).toEqual([kept, young]);
    expect(await sweepOrphansJob(rt)).toEqual({ scanned: 2, deleted: 0 });

    // pointed at another folder, it fails loudly and deletes nothing
    const elsewhere = path.join(storage.dir, 'job-elsewhere');
    const stranger = await putAged(new LocalStore(elsewhere), newKey('img', 'webp'), 48 * HOUR);
    const errors: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => void errors.push(line) });
    const wrong = { ...rt, config: loadConfig({ ...env.env, STORAGE: 'local', STORAGE_DIR: elsewhere }), log };
    await expect(sweepOrphansJob(wrong)).rejects.toBeInstanceOf(StoreMismatch);
    expect(errors.join('')).toContain('orphaned files not swept');
    expect(await new LocalStore(elsewhere).exists(stranger)).toBe(true);
  });

  it('runs daily on the maintenance queue, registered idempotently', async () => {
    expect(mediaJobs.processors.maintenance?.['sweep-orphan-files']).toBeTypeOf('function');
    const calls: unknown[][] = [];
    const queue = { upsertJobScheduler: async (...args: unknown[]) => void calls.push(args) };
    const queues = { maintenance: queue } as unknown as Queues;
    await mediaJobs.schedules!(queues);
    await mediaJobs.schedules!(queues);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(calls[1]);
    expect(calls[0][0]).toBe('sweep-orphan-files');
    expect(calls[0][1]).toMatchObject({ pattern: expect.stringMatching(/^\d+ \d+ \* \* \*$/) });
    expect(calls[0][2]).toMatchObject({ name: 'sweep-orphan-files' });
  });

  it('rejects a grace period short enough to catch uploads in progress', () => {
    expect(() => loadConfig({ ...env.env, ORPHAN_GRACE_MINUTES: '0' })).toThrow('ORPHAN_GRACE_MINUTES');
    expect(loadConfig(env.env).ORPHAN_GRACE_MINUTES).toBe(60);
  });
});

describe('the S3 store', () => {
  /** Just enough of S3 for ListObjectsV2 (two keys per page), HeadObject and DeleteObject. */
  async function fakeS3(objects: Map<string, Date>): Promise<{ server: Server; url: string; listCalls: string[]; deleted: string[] }> {
    const listCalls: string[] = [];
    const deleted: string[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://s3.test');
      if (req.method === 'GET' && (url.pathname === '/souk' || url.pathname === '/souk/') && url.searchParams.get('list-type') === '2') {
        listCalls.push(url.search);
        const prefix = url.searchParams.get('prefix') ?? '';
        const all = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        // like S3's, the token names where the listing stopped, so deleting listed objects skips nothing
        const after = url.searchParams.get('continuation-token') ?? '';
        const rest = all.filter((k) => k > after);
        const page = rest.slice(0, 2);
        const more = rest.length > 2;
        const contents = page.map((k) => `<Contents><Key>${k}</Key><LastModified>${objects.get(k)!.toISOString()}</LastModified><Size>1</Size></Contents>`).join('');
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>souk</Name><KeyCount>${page.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>${more}</IsTruncated>${more ? `<NextContinuationToken>${page[1]}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
        );
        return;
      }
      if (req.method === 'HEAD' && url.pathname.startsWith('/souk/')) {
        res.writeHead(objects.has(decodeURIComponent(url.pathname.slice('/souk/'.length))) ? 200 : 404).end();
        return;
      }
      if (req.method === 'DELETE' && url.pathname.startsWith('/souk/')) {
        const key = decodeURIComponent(url.pathname.slice('/souk/'.length));
        deleted.push(key);
        objects.delete(key);
        res.writeHead(204).end();
        return;
      }
      res.writeHead(400).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, listCalls, deleted };
  }

  it('lists the bucket page by page and sweeps its orphans', async () => {
    const old = new Date(Date.now() - 3 * HOUR);
    const [image, thumb] = [newKey('img', 'webp'), newKey('img', 'webp')];
    const listing = await createListing(env.db, { seller_id: sellerId, category_id: categoryId });
    await env.db('listing_images').insert({ listing_id: listing.id, storage_key: image, thumb_key: thumb, content_type: 'image/webp', bytes: 5, width: 10, height: 10 });
    const orphan = newKey('file');
    const young = newKey('img', 'webp');
    const objects = new Map<string, Date>([
      [image, old],
      [thumb, old],
      [orphan, old],
      [young, new Date()],
      ['backups/not-a-souk-key.tar', old],
    ]);
    const s3 = await fakeS3(objects);
    try {
      const store = new S3Store('souk', { endpoint: s3.url, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test-secret' });
      expect(await listAll(store)).toEqual([image, thumb, orphan, young].sort());
      expect(s3.listCalls).toHaveLength(3);
      expect(await listAll(store, 'file/')).toEqual([orphan]);
      expect(s3.listCalls.at(-1)).toContain('prefix=file%2F');

      expect(await sweepOrphans(env.db, store, { graceMs: GRACE, pageSize: 2 })).toEqual({ scanned: 4, deleted: 1 });
      expect(s3.deleted).toEqual([orphan]);
      expect([...objects.keys()].sort()).toEqual([image, thumb, young, 'backups/not-a-souk-key.tar'].sort());
    } finally {
      s3.server.close();
    }
  });
});
