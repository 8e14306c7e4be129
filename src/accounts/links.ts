import type { Request } from 'express';
import type { Config } from '../config.js';

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * Where links in account emails point: PUBLIC_URL when set. Never a Host header
 * as the client sent it, or a forged one would send a victim's reset link to
 * someone else's site: outside production, a loopback name this request came in
 * on (or localhost and its port); in production without PUBLIC_URL, nothing (the
 * controllers then refuse to send links and say why).
 */
export function linkBase(req: Request, config: Config): string | null {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  if (config.isProduction) return null;
  const port = req.socket.localPort;
  const host = req.get('host') ?? '';
  if (LOOPBACK.test(host) && (host.endsWith(`:${port}`) || (!/:\d+$/.test(host) && port === 80))) return `http://${host}`;
  return `http://localhost${port && port !== 80 ? `:${port}` : ''}`;
}
