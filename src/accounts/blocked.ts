import { formatDateTime } from '../lib/locale.js';

/** How long a block lasts, in the reader's terms: "until 4 Mar 2031, 05:06 UTC" or "until further notice". */
export function blockPeriod(until: Date | null): string {
  return until ? `until ${formatDateTime(until)}` : 'until further notice';
}

/** What a blocked user is told when they try to sign in: why, and until when. */
export function blockedMessage(reason: string | null, until: Date | null): string {
  const why = reason ? ` Reason: ${reason}.`.replace(/\.\.$/, '.') : '';
  return `This account is blocked ${blockPeriod(until)}.${why} If you think this is a mistake, write to support.`;
}
