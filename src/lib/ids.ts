import { randomBytes } from 'node:crypto';

/** A url-safe random token (default 128 bits). */
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}
