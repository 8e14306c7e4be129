import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetManifest, asset } from '../../src/http/assets.js';
import { startTestApp, type TestApp } from '../app.js';

let app: TestApp;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'souk-assets-'));

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await app?.stop();
});

describe('static files with content hashes', () => {
  it('pages link to hashed URLs of the stylesheet, the icon and their scripts', async () => {
    const doc = parse(await (await fetch(`${app.baseUrl}/search`)).text());
    const css = doc.querySelector('link[rel=stylesheet]')!.getAttribute('href')!;
    const scripts = doc.querySelectorAll('script[src]').map((s) => s.getAttribute('src')!);
    const icon = doc.querySelector('link[rel=icon]')!.getAttribute('href')!;
    expect(css).toMatch(/^\/static\/app\.[A-Za-z0-9]{12}\.css$/);
    expect(css).toBe(asset('app.css'));
    expect(icon).toMatch(/^\/static\/favicon\.[A-Za-z0-9]{12}\.svg$/);
    expect(scripts).toContain(asset('vendor/htmx.min.js'));
    expect(scripts).toContain(asset('tz.js'));
    for (const src of scripts) expect(src).toMatch(/\.[A-Za-z0-9]{12}\.js$/);
  });

  it("a visitor's page with nothing for htmx to do is sent without it, one that uses it with it, neither with the SSE extension", async () => {
    const scripts = async (url: string) =>
      parse(await (await fetch(`${app.baseUrl}${url}`)).text())
        .querySelectorAll('script[src]')
        .map((s) => s.getAttribute('src')!);
    // twice each: the second answer comes from the visitors' kept layout
    for (let i = 0; i < 2; i++) {
      expect(await scripts('/')).toEqual([asset('tz.js')]);
      expect(await scripts('/search')).toEqual([asset('vendor/htmx.min.js'), asset('tz.js')]);
    }
  });

  it('a hashed URL answers the file with a one-year immutable cache, and a revalidation gets 304', async () => {
    const url = asset('app.css');
    const res = await fetch(`${app.baseUrl}${url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    const hashed = await res.text();
    const plain = await fetch(`${app.baseUrl}/static/app.css`);
    expect(hashed).toBe(await plain.text());
    const again = await fetch(`${app.baseUrl}${url}`, { headers: { 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
  });

  it('the plain URL an older page names keeps working, with a short cache', async () => {
    const res = await fetch(`${app.baseUrl}/static/vendor/htmx.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).not.toMatch(/immutable/);
    expect(res.headers.get('cache-control')).not.toMatch(/max-age=31536000/);
  });

  it('a hashed URL with a hash that is not the current one is not found', async () => {
    const res = await fetch(`${app.baseUrl}/static/app.AAAAAAAAAAAA.css`);
    expect(res.status).toBe(404);
  });

  it('a changed file gets a new hash; an unchanged one keeps its hash', () => {
    mkdirSync(path.join(tmp, 'vendor'));
    writeFileSync(path.join(tmp, 'app.css'), 'body { color: black; }');
    writeFileSync(path.join(tmp, 'vendor', 'lib.js'), 'export {};');
    const before = new AssetManifest(tmp);
    writeFileSync(path.join(tmp, 'app.css'), 'body { color: navy; }');
    const after = new AssetManifest(tmp);
    expect(before.url('app.css')).toMatch(/^\/static\/app\.[A-Za-z0-9]{12}\.css$/);
    expect(after.url('app.css')).not.toBe(before.url('app.css'));
    expect(after.url('vendor/lib.js')).toBe(before.url('vendor/lib.js'));
    expect(after.url('vendor/lib.js')).toMatch(/^\/static\/vendor\/lib\.[A-Za-z0-9]{12}\.js$/);
    // a name that is not there keeps its plain URL
    expect(after.url('missing.css')).toBe('/static/missing.css');
  });
});
