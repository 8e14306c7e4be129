import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import type { Client, Page } from '../http.js';

export interface Part {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

/**
 * Sends a multipart form the way a browser does (fields in document order, the
 * CSRF field first), with the client's session cookies. `csrf`: 'body' (the
 * hidden field), 'header' (what htmx sends), 'none', or a given token.
 */
export async function postMultipart(
  c: Client,
  url: string,
  opts: { fields?: Record<string, string>; files?: Part[]; csrf?: 'body' | 'header' | 'none' | { token: string }; htmx?: boolean },
): Promise<Page> {
  const fd = new FormData();
  const mode = opts.csrf ?? 'body';
  if (mode === 'body') fd.append('_csrf', c.csrf);
  if (typeof mode === 'object') fd.append('_csrf', mode.token);
  for (const [k, v] of Object.entries(opts.fields ?? {})) fd.append(k, v);
  for (const f of opts.files ?? []) fd.append(f.field, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  const headers: Record<string, string> = {
    cookie: ['souk.sid', 'souk.csrf']
      .filter((n) => c.cookie(n))
      .map((n) => `${n}=${c.cookie(n)}`)
      .join('; '),
  };
  if (mode === 'header') headers['x-csrf-token'] = c.csrf;
  if (opts.htmx) headers['HX-Request'] = 'true';
  const res = await fetch(new URL(url, c.baseUrl), { method: 'POST', body: fd, headers, redirect: 'manual' });
  const html = await res.text();
  return { status: res.status, headers: res.headers, html, doc: parse(html), url: res.url };
}

/** A real JPEG photo with camera metadata: EXIF with GPS, and an orientation that says "turn me a quarter". */
export async function cameraJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .withExif({
      IFD0: { Make: 'SoukCam', Model: 'Test 1', Copyright: 'Planted' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '38/1 42/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '9/1 8/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export function png(width: number, height: number, colour = { r: 30, g: 120, b: 200 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

export const jpegPart = (data: Buffer, name = 'photo.jpg'): Part => ({ field: 'images', name, type: 'image/jpeg', data });
export const pngPart = (data: Buffer, name = 'photo.png'): Part => ({ field: 'images', name, type: 'image/png', data });

export async function tempStorage(): Promise<{ dir: string; files(): Promise<string[]>; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'souk-media-'));
  return {
    dir,
    async files() {
      const all = await readdir(dir, { recursive: true, withFileTypes: true });
      return all
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
