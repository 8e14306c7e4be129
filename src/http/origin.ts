import type { Request } from 'express';
import { services } from '../deps.js';

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * The origin absolute links (canonical URLs) are built on: PUBLIC_URL when it is
 * set. Without it, never the Host header a client sent (a crafted Host would
 * otherwise be echoed into pages and caches): outside production the loopback
 * address of the port this request came in on, and in production nothing.
 */
export function publicOrigin(req: Request): string | null {
  const { config } = services(req);
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  if (config.isProduction) return null;
  const port = req.socket.localPort;
  const host = req.get('host') ?? '';
  // a loopback name with the port we listen on is this machine as the developer typed it
  if (LOOPBACK.test(host) && (host.endsWith(`:${port}`) || (!/:\d+$/.test(host) && port === 80))) return `http://${host}`;
  return `http://localhost${port && port !== 80 ? `:${port}` : ''}`;
}

/** An absolute URL on `publicOrigin`, or undefined when there is no trusted origin to build it on. */
export function absoluteUrl(req: Request, path: string): string | undefined {
  const origin = publicOrigin(req);
  return origin === null ? undefined : `${origin}${path}`;
}
