import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a minted download link works. */
export const LINK_TTL_MS = 5 * 60_000;

/** A signed download link: when it stops working (unix seconds) and its signature. */
export interface DownloadLink {
  exp: number;
  sig: string;
}

const SIG = /^[A-Za-z0-9_-]{43}$/;
const EXP = /^\d{1,12}$/;

/**
 * HMAC-SHA256 over the entitlement, the expiry and the user the link is for,
 * keyed by a key derived from the session secret for this one use (a download
 * signature can never pass for anything else signed with that secret).
 */
function signature(secret: string, entitlementId: number, exp: number, userId: number): Buffer {
  const key = createHmac('sha256', secret).update('souk.download-link.v1').digest();
  return createHmac('sha256', key).update(`${entitlementId}.${exp}.${userId}`).digest();
}

/** A link for `userId` to download `entitlementId`, valid from `nowMs` for five minutes. */
export function signLink(secret: string, entitlementId: number, userId: number, nowMs: number): DownloadLink {
  const exp = Math.floor((nowMs + LINK_TTL_MS) / 1000);
  return { exp, sig: signature(secret, entitlementId, exp, userId).toString('base64url') };
}

export type LinkCheck = 'ok' | 'invalid' | 'expired';

/**
 * Whether a link's query (`exp`, `sig` as they came) was signed for this
 * entitlement and user, and is still valid. The signature is checked first and
 * compared in constant time; an expiry is only believed once it is signed.
 */
export function checkLink(secret: string, entitlementId: number, userId: number, exp: unknown, sig: unknown, nowMs: number): LinkCheck {
  if (typeof exp !== 'string' || typeof sig !== 'string' || !EXP.test(exp) || !SIG.test(sig)) return 'invalid';
  // compared as text: two spellings of one base64 value must not both pass
  const expected = Buffer.from(signature(secret, entitlementId, Number(exp), userId).toString('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return Number(exp) * 1000 > nowMs ? 'ok' : 'expired';
}
