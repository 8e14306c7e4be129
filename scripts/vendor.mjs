// Copies htmx and its SSE extension from node_modules into static/vendor, so they
// are served by Souk itself (never from a CDN).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'static', 'vendor');
mkdirSync(out, { recursive: true });
const htmxDir = path.dirname(require.resolve('htmx.org/package.json'));
const sseDir = path.dirname(require.resolve('htmx-ext-sse/package.json'));
copyFileSync(path.join(htmxDir, 'dist', 'htmx.min.js'), path.join(out, 'htmx.min.js'));
copyFileSync(path.join(sseDir, 'dist', 'sse.min.js'), path.join(out, 'htmx-ext-sse.js'));
