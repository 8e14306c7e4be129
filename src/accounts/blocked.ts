const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** What a blocked user is told when they try to sign in: why, and until when. */
export function blockedMessage(reason: string | null, until: Date | null): string {
  const period = until ? `until ${when.format(until)} UTC` : 'until further notice';
  const why = reason ? ` Reason: ${reason}.`.replace(/\.\.$/, '.') : '';
  return `This account is blocked ${period}.${why} If you think this is a mistake, write to support.`;
}
