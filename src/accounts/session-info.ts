import { isIP } from 'node:net';

declare module 'express-session' {
  interface SessionData {
    /** what the browser said it is at sign-in, for the owner's list of sessions */
    device?: string;
    /** the network it signed in from, with the last part hidden */
    network?: string;
  }
}

/** A short, readable name for a browser from its user agent ("Firefox on Linux"). */
export function describeDevice(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  if (!ua) return 'Unknown device';
  const browser =
    /Edg\//.test(ua) ? 'Edge'
    : /OPR\/|Opera/.test(ua) ? 'Opera'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrome\/|Chromium\/|CriOS\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : /curl|wget|node|undici/i.test(ua) ? 'A script'
    : 'A browser';
  const system =
    /iPhone|iPad|iPod/.test(ua) ? 'iOS'
    : /Android/.test(ua) ? 'Android'
    : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /CrOS/.test(ua) ? 'ChromeOS'
    : /Linux/.test(ua) ? 'Linux'
    : '';
  return system ? `${browser} on ${system}` : browser;
}

/**
 * The network an address belongs to, precise enough for a person to recognise
 * ("203.0.113.x") and no more: an IPv4 address loses its last byte, an IPv6
 * address keeps its first three groups (the site prefix).
 */
export function coarseNetwork(ip: string | undefined): string {
  if (!ip) return 'unknown network';
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) return `${v4.split('.').slice(0, 3).join('.')}.x`;
  if (isIP(ip) === 6) {
    const head = ip.split('::')[0].split(':').filter(Boolean).slice(0, 3);
    return head.length ? `${head.join(':')}::/48` : 'local network';
  }
  return 'unknown network';
}
