import { formatDateTime } from '../lib/locale.js';
import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { expireOverdue, extendBy, renewFor } from '../listings/expiry.js';
import { expiringSoon, lockListing, markNotice } from './queries.js';

const HOUR = 3_600_000;

export interface ExpirySettings {
  LISTING_DAYS: number;
  /** comma-separated hours before expiry, e.g. "72,24" */
  LISTING_REMINDER_HOURS: string;
}

/** The reminder marks, largest first. */
export function reminderHours(csv: string): number[] {
  return [...new Set(csv.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => b - a);
}

/**
 * The mark a listing with `remainingMs` left is due for: the smallest mark it
 * has already passed. A sweep that first sees a listing 20 hours before expiry
 * sends the 24-hour reminder only, never a late "3 days left".
 */
export function dueMark(remainingMs: number, marks: number[]): number | null {
  const due = marks.filter((h) => remainingMs <= h * HOUR);
  return due.length ? Math.min(...due) : null;
}

/**
 * Sends expiry reminders and expires what has run out. Safe to run any number of
 * times and in several workers at once: each notice is recorded once per listing,
 * kind and expiry period, and a listing expires once.
 */
export async function sweepListings(db: Knex, s: ExpirySettings, now = clock.now()): Promise<{ reminded: number; expired: number }> {
  const marks = reminderHours(s.LISTING_REMINDER_HOURS);
  let reminded = 0;
  if (marks.length) {
    const soon = await expiringSoon(db, now, new Date(now.getTime() + marks[0] * HOUR));
    for (const l of soon) {
      const mark = dueMark(new Date(l.expires_at).getTime() - now.getTime(), marks);
      if (mark === null) continue;
      const sent = await db.transaction(async (trx) => {
        if (!(await markNotice(trx, l.id, `reminder:${mark}`, l.expires_at))) return false;
        await emit(trx, 'listing.expiring', { listingId: l.id, sellerId: l.seller_id, userId: l.seller_id, title: l.title, hours: mark, expiresAt: l.expires_at });
        return true;
      });
      if (sent) reminded++;
    }
  }
  let expired = 0;
  for (;;) {
    const batch = await db.transaction(async (trx) => {
      const rows = await expireOverdue(trx, now);
      for (const l of rows) {
        if (await markNotice(trx, l.id, 'expired', l.expires_at)) {
          await emit(trx, 'listing.expired', { listingId: l.id, sellerId: l.seller_id, userId: l.seller_id, title: l.title, expiresAt: l.expires_at });
        }
      }
      return rows.length;
    });
    expired += batch;
    if (batch < 500) break;
  }
  return { reminded, expired };
}

export type RenewResult = { ok: true; expiresAt: Date } | { ok: false; code: 'missing' | 'forbidden' | 'refused'; message: string };

/** When an active listing may be renewed: from the first reminder on. */
export function renewalOpensAt(expiresAt: Date, s: ExpirySettings): Date {
  const marks = reminderHours(s.LISTING_REMINDER_HOURS);
  return new Date(new Date(expiresAt).getTime() - (marks[0] ?? 0) * HOUR);
}

/**
 * The seller renews their listing for another LISTING_DAYS: an expired one
 * (it was approved and has not changed since, so it needs no new review) or an
 * active one inside the reminder window. Any other moment is refused with why.
 */
export async function renewListing(db: Knex, s: ExpirySettings, sellerId: number, listingId: number): Promise<RenewResult> {
  return db.transaction(async (trx) => {
    const now = clock.now();
    const l = await lockListing(trx, listingId);
    if (!l || l.deleted_at) return { ok: false, code: 'missing', message: 'That listing could not be found.' } as const;
    if (l.seller_id !== sellerId) return { ok: false, code: 'forbidden', message: 'Only the seller can renew this listing.' } as const;
    if (l.status === 'active') {
      if (!l.expires_at) return { ok: false, code: 'refused', message: 'This listing does not expire, so it needs no renewal.' } as const;
      const opens = renewalOpensAt(l.expires_at, s);
      if (now < opens) {
        return { ok: false, code: 'refused', message: `This listing runs until ${fmt(l.expires_at)}. You can renew it from ${fmt(opens)}.` } as const;
      }
    } else if (l.status !== 'expired') {
      const why: Record<string, string> = {
        pending: 'This listing is waiting for review; it can be renewed once it is live.',
        rejected: 'This listing was not approved. Edit it and submit it again.',
        draft: 'This listing is a draft. Submit it for review first.',
        paused: 'This listing is paused. Resume it first.',
        sold_out: 'This listing is sold out. Restock it first.',
      };
      return { ok: false, code: 'refused', message: why[l.status] ?? 'This listing cannot be renewed now.' } as const;
    }
    const renewed = await renewFor(trx, l, s.LISTING_DAYS, now);
    if (!renewed?.expires_at) return { ok: false, code: 'refused', message: 'This listing cannot be renewed now.' } as const;
    return { ok: true, expiresAt: renewed.expires_at } as const;
  });
}

export const extensionSchema = z.object({
  days: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter whole days.').min(1, 'Extend by at least 1 day.').max(365, 'Extend by at most 365 days.'),
  reason: z.string().trim().min(3, 'Give a reason (at least 3 characters).').max(1000, 'Use at most 1000 characters.'),
});

export type ExtendResult = { ok: true; expiresAt: Date } | { ok: false; message: string };

/** An admin gives an active listing more time, with a reason on the record. */
export async function extendListing(db: Knex, adminId: number, listingId: number, input: z.infer<typeof extensionSchema>): Promise<ExtendResult> {
  return db.transaction(async (trx) => {
    const now = clock.now();
    const l = await lockListing(trx, listingId);
    if (!l || l.deleted_at) return { ok: false, message: 'That listing no longer exists.' };
    if (l.status !== 'active') return { ok: false, message: `Only active listings can be extended (this one is ${l.status}).` };
    const extended = await extendBy(trx, l, input, now);
    if (!extended?.expires_at) return { ok: false, message: `Only active listings can be extended (this one is ${l.status}).` };
    const expiresAt = extended.expires_at;
    await audit(trx, {
      actorId: adminId,
      action: 'listing.extend',
      subjectType: 'listing',
      subjectId: listingId,
      reason: input.reason,
      before: { expires_at: l.expires_at },
      after: { expires_at: expiresAt, days: input.days },
    });
    return { ok: true, expiresAt };
  });
}

const fmt = (d: Date | string) => formatDateTime(new Date(d));
