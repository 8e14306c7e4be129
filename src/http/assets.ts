import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** where static/ is: <repo>/static for the sources, and for the compiled build (dist/src/http/assets.js) too */
export const staticDir = existsSync(path.join(root, 'static')) ? path.join(root, 'static') : path.resolve(root, '..', 'static');

/** The URL prefix static files are served under. */
export const STATIC_PREFIX = '/static';

/** A hashed URL never changes content, so browsers and proxies may keep it for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
/** text types worth compressing; images and fonts already are */
const COMPRESSIBLE = new Set(['.css', '.js', '.mjs', '.svg', '.json', '.txt', '.map', '.ico']);

/** One file under static/ with its content-hashed URL. */
export interface Asset {
  /** the path under static/, with forward slashes: `app.css`, `vendor/htmx.min.js` */
  name: string;
  /** `/static/app.<hash>.css` */
  url: string;
  body: Buffer;
  type: string;
  etag: string;
  compressible: boolean;
  /** compressed bodies, made on first request for each encoding */
  encoded: Partial<Record<'br' | 'gzip', Buffer>>;
}

function walk(dir: string, base = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** `app.css` + hash → `app.<hash>.css` (the hash goes before the last extension). */
function hashedName(name: string, hash: string): string {
  const ext = path.posix.extname(name);
  return ext ? `${name.slice(0, -ext.length)}.${hash}${ext}` : `${name}.${hash}`;
}

/**
 * The files under static/ (htmx and its SSE extension included, copied there by
 * scripts/vendor.mjs) by name, each with a URL carrying a hash of its content.
 * Built once when a process starts: a deploy that changes a file restarts the
 * processes, so a hashed URL always names the bytes it was made from.
 */
export class AssetManifest {
  private readonly byName = new Map<string, Asset>();
  private readonly byUrl = new Map<string, Asset>();

  constructor(readonly dir: string) {
    for (const name of walk(dir)) {
      const body = readFileSync(path.join(dir, name));
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12).replace(/[-_]/g, 'x');
      const ext = path.posix.extname(name).toLowerCase();
      const asset: Asset = {
        name,
        url: `${STATIC_PREFIX}/${hashedName(name, hash)}`,
        body,
        type: TYPES[ext] ?? 'application/octet-stream',
        etag: `"${hash}"`,
        compressible: COMPRESSIBLE.has(ext),
        encoded: {},
      };
      this.byName.set(name, asset);
      this.byUrl.set(asset.url, asset);
    }
  }

  /** The hashed URL of `name`; a file that is not there keeps its plain URL (served with a short cache). */
  url(name: string): string {
    return this.byName.get(name)?.url ?? `${STATIC_PREFIX}/${name}`;
  }

  get(name: string): Asset | undefined {
    return this.byName.get(name);
  }

  /** The asset a hashed URL names, if any. */
  find(url: string): Asset | undefined {
    return this.byUrl.get(url);
  }
}

let current: AssetManifest | null = null;

/** The manifest of the static/ folder this process serves. */
export function assets(): AssetManifest {
  return (current ??= new AssetManifest(staticDir));
}

/** The content-hashed URL of a file under static/: `asset('app.css')` → `/static/app.<hash>.css`. */
export function asset(name: string): string {
  return assets().url(name);
}

/** The encoding to answer with: brotli when the browser takes it, else gzip, else none. */
function chooseEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const accepted = new Set<string>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(token.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

function encode(a: Asset, encoding: 'br' | 'gzip'): Buffer {
  // made once per file and encoding, at the strongest setting: the cost is paid once, every visitor saves bytes
  return (a.encoded[encoding] ??=
    encoding === 'br'
      ? brotliCompressSync(a.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: a.body.length } })
      : gzipSync(a.body, { level: 9 }));
}

/**
 * Serves hashed static URLs from memory, compressed ahead of time, with a
 * one-year immutable cache. Anything else under /static goes on to the plain
 * file server (old pages that still name unhashed URLs keep working).
 */
export function serveAssets(manifest: AssetManifest) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const a = manifest.find(STATIC_PREFIX + req.path);
    if (!a) return next();
    res.setHeader('Cache-Control', IMMUTABLE);
    res.setHeader('Content-Type', a.type);
    if (a.compressible) res.setHeader('Vary', 'Accept-Encoding');
    const encoding = a.compressible ? chooseEncoding(req.get('accept-encoding')) : null;
    // each encoding is its own representation, with its own validator
    res.setHeader('ETag', encoding ? `${a.etag.slice(0, -1)}-${encoding}"` : a.etag);
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const body = encoding ? encode(a, encoding) : a.body;
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    if (req.method === 'HEAD') res.end();
    else res.end(body);
  };
}
