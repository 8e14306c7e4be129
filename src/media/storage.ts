import { createReadStream } from 'node:fs';
import { lstat, mkdir, opendir, rm, stat, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import { randomToken } from '../lib/ids.js';

/** What kind of object a key names: public listing images, or private deliverables of digital listings. */
export type KeyKind = 'img' | 'file';

const KINDS: readonly KeyKind[] = ['img', 'file'];

/**
 * Keys are always made here, from random bytes: `img/<token>.webp` or `file/<token>`.
 * Nothing a user sends ever becomes part of a key, and every store refuses a key
 * that does not have this shape, so no request can reach outside the store.
 */
const KEY = /^(img|file)\/[A-Za-z0-9_-]{22,64}(\.(webp|jpg))?$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key);
}

/** A fresh, unguessable key. */
export function newKey(kind: KeyKind, ext?: 'webp' | 'jpg'): string {
  return `${kind}/${randomToken(18)}${ext ? `.${ext}` : ''}`;
}

function assertKey(key: string): void {
  if (!isValidKey(key)) throw new Error('invalid storage key');
}

/** An object read back from the store. */
export interface StoredObject {
  stream: Readable;
  bytes: number;
}

/** One object in a listing of the store. */
export interface ListedObject {
  key: string;
  lastModified: Date;
}

/** Where uploaded files live. Keys come from `newKey`; callers keep content types in the database. */
export interface FileStore {
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** the object as a stream, or null when there is none */
  get(key: string): Promise<StoredObject | null>;
  /** removes the object; removing a missing key is not an error */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Every object whose key starts with `prefix` (all when omitted), one at a time
   * so a large store is never held in memory. Only names shaped like a key are
   * listed; anything else in the store (temporary files, foreign objects) is
   * left out. No order is promised.
   */
  list(prefix?: string): AsyncIterable<ListedObject>;
}

/** Whether a key of this kind can start with `prefix` (`img`, `img/`, `img/ab` … for `img`). */
function kindMatches(kind: KeyKind, prefix: string): boolean {
  const dir = `${kind}/`;
  return dir.startsWith(prefix) || prefix.startsWith(dir);
}

/** Files on the local disk under one directory (development, tests, a single host). */
export class LocalStore implements FileStore {
  readonly root: string;
  constructor(dir: string) {
    this.root = path.resolve(dir);
  }

  /** The absolute path of a key; also proves the path stays inside the root. */
  pathOf(key: string): string {
    assertKey(key);
    const p = path.resolve(this.root, key);
    if (!p.startsWith(this.root + path.sep)) throw new Error('invalid storage key');
    return p;
  }

  // the content type lives in the database row; a plain file has nowhere to keep it
  async put(key: string, body: Buffer, _contentType?: string): Promise<void> {
    const p = this.pathOf(key);
    await mkdir(path.dirname(p), { recursive: true });
    // written under a temporary name and renamed, so a reader never sees half a file
    const tmp = `${p}.${randomToken(6)}.part`;
    await writeFile(tmp, body, { flag: 'wx' });
    await rename(tmp, p);
  }

  async get(key: string): Promise<StoredObject | null> {
    const p = this.pathOf(key);
    const s = await stat(p).catch(() => null);
    if (!s?.isFile()) return null;
    return { stream: createReadStream(p), bytes: s.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    const s = await stat(this.pathOf(key)).catch(() => null);
    return Boolean(s?.isFile());
  }

  /**
   * Reads the two key folders (`img/`, `file/`) entry by entry. Symbolic links
   * are never followed (a linked folder or file is skipped), so the listing
   * cannot lead outside the root.
   */
  async *list(prefix = ''): AsyncIterable<ListedObject> {
    for (const kind of KINDS) {
      if (!kindMatches(kind, prefix)) continue;
      const dirPath = path.join(this.root, kind);
      const dirStat = await lstat(dirPath).catch(() => null);
      if (!dirStat?.isDirectory()) continue;
      const dir = await opendir(dirPath);
      for await (const entry of dir) {
        const key = `${kind}/${entry.name}`;
        if (!key.startsWith(prefix) || !isValidKey(key)) continue;
        // lstat: a link is not a file here; gone since the folder was read (deleted by a request): not listed
        const s = await lstat(path.join(dirPath, entry.name)).catch(() => null);
        if (!s?.isFile()) continue;
        yield { key, lastModified: s.mtime };
      }
    }
  }
}

/** An S3-compatible bucket (AWS S3, MinIO, R2 …). */
export class S3Store implements FileStore {
  private readonly client: S3Client;
  constructor(
    private readonly bucket: string,
    opts: { endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string },
  ) {
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      // MinIO-style endpoints serve buckets as a path, not as a subdomain
      forcePathStyle: Boolean(opts.endpoint),
      credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    assertKey(key);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
  }

  async get(key: string): Promise<StoredObject | null> {
    assertKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return null;
      // in Node the SDK's body is an IncomingMessage (a Readable)
      return { stream: out.Body as Readable, bytes: Number(out.ContentLength ?? 0) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** ListObjectsV2, one page (up to 1,000 keys) at a time, following the continuation token. */
  async *list(prefix?: string): AsyncIterable<ListedObject> {
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: 1000 }));
      for (const o of out.Contents ?? []) {
        if (!o.Key || !o.LastModified || !isValidKey(o.Key)) continue;
        yield { key: o.Key, lastModified: o.LastModified };
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

type StoreConfig = Pick<Config, 'STORAGE' | 'STORAGE_DIR' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>;

/** The store chosen by STORAGE (usable outside requests: seeds, jobs, scripts). */
export function createStore(config: StoreConfig): FileStore {
  if (config.STORAGE === 's3') {
    if (!config.S3_BUCKET) throw new Error('STORAGE=s3 needs S3_BUCKET');
    return new S3Store(config.S3_BUCKET, {
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return new LocalStore(config.STORAGE_DIR);
}

const stores = new WeakMap<object, FileStore>();

/** One store per loaded configuration, shared by the requests of a process. */
export function storeFor(config: StoreConfig): FileStore {
  let s = stores.get(config);
  if (!s) stores.set(config, (s = createStore(config)));
  return s;
}

/** Reads a whole object (small files, tests). */
export async function readAll(obj: StoredObject): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of obj.stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
