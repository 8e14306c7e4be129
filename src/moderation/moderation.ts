import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { approveListing, rejectListing } from '../listings/publication.js';
import { emit } from '../outbox/outbox.js';
import { dropReviewClaim, takeReviewClaim } from '../listings/review-claim.js';
import { findListing, lockListing, resolveFlags, type ModListingRow } from './queries.js';

/** The reasons an admin picks from when rejecting; the seller sees the label and the note. */
export const REJECTION_REASONS = {
  prohibited: 'Prohibited item',
  misleading: 'Misleading description',
  wrong_category: 'Wrong category',
  poor_photos: 'Poor photos',
  price: 'Price looks wrong',
  duplicate: 'Duplicate listing',
  other: 'Other',
} as const;
export type RejectionCode = keyof typeof REJECTION_REASONS;

// a missing reason gets the same message as an empty one (not the generic "required")
const reasonCode = z.preprocess((v) => v ?? '', z.enum(Object.keys(REJECTION_REASONS) as [RejectionCode, ...RejectionCode[]], { error: 'Choose a reason for rejecting.' }));
const note = z.string().trim().max(1000, 'Use at most 1000 characters.').default('');

export const rejectionSchema = z
  .object({ reason: reasonCode, note })
  .refine((v) => v.reason !== 'other' || v.note.length >= 3, { path: ['note'], message: 'Say what is wrong (at least 3 characters).' });

export const bulkSchema = z.object({
  ids: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.coerce.number().int().positive()).min(1, 'Select at least one listing.').max(200)),
  decision: z.enum(['approve', 'reject'], { error: 'Choose approve or reject.' }),
  reason: z.preprocess((v) => (v === '' ? undefined : v), z.enum(Object.keys(REJECTION_REASONS) as [RejectionCode, ...RejectionCode[]]).optional()),
  note,
});

/** The text stored as rejection_reason and shown to the seller. */
export function rejectionText(code: RejectionCode, text: string): string {
  return text ? `${REJECTION_REASONS[code]}: ${text}` : REJECTION_REASONS[code];
}

export interface ModerationSettings {
  LISTING_DAYS: number;
  MODERATION_CLAIM_MINUTES: number;
}

export type Outcome = { ok: true; listing: ModListingRow } | { ok: false; message: string; code: 'missing' | 'decided' | 'claimed' };

const claimedByOther = (l: ModListingRow, adminId: number, now: Date) =>
  l.claimed_by !== null && l.claimed_by !== adminId && l.claimed_until !== null && new Date(l.claimed_until) > now;

/** Why a pending-only action cannot go ahead, or null when it can. */
function refusal(l: ModListingRow | undefined, adminId: number, now: Date): Exclude<Outcome, { ok: true }> | null {
  if (!l || l.deleted_at) return { ok: false, code: 'missing', message: 'That listing no longer exists.' };
  if (l.status !== 'pending') return { ok: false, code: 'decided', message: `This listing was already decided (it is ${l.status} now).` };
  if (claimedByOther(l, adminId, now)) return { ok: false, code: 'claimed', message: 'Another admin is reviewing this.' };
  return null;
}

/** Opens an item for review: claims it for MODERATION_CLAIM_MINUTES unless another admin holds it. */
export async function claim(db: Knex, s: ModerationSettings, adminId: number, listingId: number): Promise<Outcome> {
  const now = clock.now();
  const until = new Date(now.getTime() + s.MODERATION_CLAIM_MINUTES * 60_000);
  const won = await db.transaction(async (trx) => {
    const ok = await takeReviewClaim(trx, listingId, adminId, now, until);
    if (ok) await emit(trx, 'moderation.claimed', { listingId, adminId });
    return ok;
  });
  const listing = await findListing(db, listingId);
  if (won && listing) return { ok: true, listing };
  return refusal(listing, adminId, now) ?? { ok: false, code: 'claimed', message: 'Another admin is reviewing this.' };
}

export async function release(db: Knex, adminId: number, listingId: number): Promise<boolean> {
  return db.transaction(async (trx) => {
    const ok = await dropReviewClaim(trx, listingId, adminId);
    if (ok) await emit(trx, 'moderation.claimed', { listingId, adminId: null });
    return ok;
  });
}

export type Decision = { status: 'approved' } | { status: 'rejected'; reason: string };

/**
 * Approves or rejects a pending listing. The row is locked and must still be
 * pending, so of two decisions made at once exactly one wins; an item another
 * admin holds the claim on is left to them.
 */
export async function decide(db: Knex, s: ModerationSettings, adminId: number, listingId: number, decision: Decision): Promise<Outcome> {
  return db.transaction(async (trx) => {
    const now = clock.now();
    const l = await lockListing(trx, listingId);
    const refused = refusal(l, adminId, now);
    if (refused || !l) return refused!;
    const before = { status: l.status, hidden_at: l.hidden_at, expires_at: l.expires_at, rejection_reason: l.rejection_reason };
    const updated =
      decision.status === 'approved' ? await approveListing(trx, listingId, s.LISTING_DAYS, now) : await rejectListing(trx, listingId, decision.reason, now);
    // the row is locked and was pending: the transition cannot be refused here
    if (!updated) throw new Error(`listing ${listingId} left review while locked`);
    // reports are answered by the decision either way; new ones start a new count
    const flags = await resolveFlags(trx, listingId, now);
    const reason = decision.status === 'rejected' ? decision.reason : null;
    await audit(trx, {
      actorId: adminId,
      action: decision.status === 'approved' ? 'listing.approve' : 'listing.reject',
      subjectType: 'listing',
      subjectId: listingId,
      reason,
      before,
      after: { status: updated.status, hidden_at: updated.hidden_at, expires_at: updated.expires_at, rejection_reason: updated.rejection_reason, flags_resolved: flags },
    });
    return { ok: true, listing: updated } as const;
  });
}

/** Decides several listings, each on its own (one refusal does not undo the others). */
export async function decideMany(db: Knex, s: ModerationSettings, adminId: number, ids: number[], decision: Decision): Promise<{ decided: number; skipped: number }> {
  let decided = 0;
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const r = await decide(db, s, adminId, id, decision);
    if (r.ok) decided++;
  }
  return { decided, skipped: new Set(ids).size - decided };
}
