import type { Knex } from 'knex';
import { z } from 'zod';
import { clock } from '../lib/clock.js';
import { hideReportedListing } from '../listings/publication.js';
import { buyerMaySee } from '../listings/visibility.js';
import { insertFlag, lockListing, openReporters } from './queries.js';

/** The reasons a listing can be reported for (the listing_flags check list). */
export const FLAG_REASONS = {
  prohibited: 'Prohibited item',
  counterfeit: 'Counterfeit or fake',
  scam: 'Looks like a scam',
  wrong_category: 'Wrong category',
  offensive: 'Offensive content',
  other: 'Something else',
} as const;
export type FlagReason = keyof typeof FLAG_REASONS;

export const flagSchema = z.object({
  reason: z.preprocess((v) => v ?? '', z.enum(Object.keys(FLAG_REASONS) as [FlagReason, ...FlagReason[]], { error: 'Choose what is wrong with this listing.' })),
  note: z.string().trim().max(1000, 'Use at most 1000 characters.').default(''),
});

export type FlagResult =
  | { ok: true; hidden: boolean }
  | { ok: false; code: 'missing' | 'own' | 'twice' | 'closed'; message: string };

/**
 * A signed-in user reports a listing, once. When the distinct people with an open
 * report reach `hideAfter`, the listing is hidden and goes back to the queue.
 * The listing row is locked, so concurrent reports are counted one after the
 * other and the listing is hidden exactly once, by the report that reaches the threshold.
 */
export async function flagListing(
  db: Knex,
  hideAfter: number,
  reporterId: number,
  listingId: number,
  input: z.infer<typeof flagSchema>,
): Promise<FlagResult> {
  return db.transaction(async (trx) => {
    const l = await lockListing(trx, listingId);
    if (!l || l.deleted_at) return { ok: false, code: 'missing', message: 'That listing could not be found.' } as const;
    if (l.seller_id === reporterId) return { ok: false, code: 'own', message: 'You cannot report your own listing.' } as const;
    const visible = buyerMaySee(l, clock.now());
    if (!visible && l.hidden_at) return { ok: false, code: 'closed', message: 'Thank you — this listing is already hidden while our moderators review it.' } as const;
    if (!visible) return { ok: false, code: 'missing', message: 'That listing could not be found.' } as const;
    try {
      await trx.transaction((sp) => insertFlag(sp, { listing_id: listingId, reporter_id: reporterId, reason: input.reason, note: input.note }));
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        return { ok: false, code: 'twice', message: 'You have already reported this listing. Thank you — our moderators will look at it.' } as const;
      }
      throw err;
    }
    const reporters = await openReporters(trx, listingId);
    if (reporters < hideAfter) return { ok: true, hidden: false } as const;
    // the row is locked and was visible, so it is still in the hide transition's `from`
    await hideReportedListing(trx, listingId, reporters, clock.now());
    return { ok: true, hidden: true } as const;
  });
}
