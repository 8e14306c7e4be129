import { formatDateTime } from '../lib/locale.js';
import type { Draft, Drafts } from '../notifications/draft.js';
import type { OutboxEvent } from '../outbox/outbox.js';
import { paths } from '../paths.js';

type P = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const when = (v: unknown) => (v ? formatDateTime(new Date(str(v) || (v as Date))) : '');

function toSeller(e: OutboxEvent, kind: string, title: (p: P) => string, body: (p: P) => string): Draft[] {
  const p = e.payload as P;
  return [{ userId: Number(p.userId), kind, title: title(p), body: body(p), link: paths.sellerListing(Number(p.listingId)) }];
}

/** The notifications the moderation domain's events create (all to the listing's seller). */
export const moderationDrafts: Drafts = {
  'listing.approved': (e) =>
    toSeller(e, 'listing.approved', (p) => `“${str(p.title)}” is live`, (p) => `Your listing was approved and runs until ${when(p.expiresAt)}.`),
  'listing.rejected': (e) =>
    toSeller(e, 'listing.rejected', (p) => `“${str(p.title)}” was not approved`, (p) => `Reason: ${str(p.reason)}. Edit the listing and submit it again.`),
  'listing.hidden': (e) =>
    toSeller(
      e,
      'listing.hidden',
      (p) => `“${str(p.title)}” is hidden while we review it`,
      () => 'Several people reported this listing. It is hidden from buyers until a moderator has looked at it.',
    ),
  'listing.expiring': (e) =>
    toSeller(
      e,
      'listing.expiring',
      (p) => `“${str(p.title)}” expires in ${Number(p.hours) >= 48 ? `${Math.round(Number(p.hours) / 24)} days` : `${Number(p.hours)} hours`}`,
      (p) => `It runs until ${when(p.expiresAt)}. Renew it in one click to keep it listed.`,
    ),
  'listing.expired': (e) =>
    toSeller(e, 'listing.expired', (p) => `“${str(p.title)}” has expired`, () => 'It no longer shows in search. Renew it in one click to list it again.'),
  'listing.extended': (e) =>
    toSeller(
      e,
      'listing.extended',
      (p) => `“${str(p.title)}” was extended by ${Number(p.days)} day${Number(p.days) === 1 ? '' : 's'}`,
      (p) => `It now runs until ${when(p.expiresAt)}. ${str(p.reason)}`,
    ),
};
