import { createHash } from 'node:crypto';
import { randomToken } from '../lib/ids.js';

/**
 * A one-time link token (256 bits) and the hash that is stored instead of it:
 * whoever reads the database cannot turn a row back into a working link.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: hashToken(token) };
}

/** The stored form of a link token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as it can appear in a link: anything else is refused before any lookup. */
export function isTokenShape(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v);
}
