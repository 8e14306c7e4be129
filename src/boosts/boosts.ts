import type { Knex } from 'knex';
import { z } from 'zod';
import { balances, InsufficientFunds, transfer } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { formatDateTime } from '../lib/locale.js';
import { formatMoney } from '../lib/money.js';
import { emit } from '../outbox/outbox.js';
import { promote } from '../listings/promotion.js';
import { durationText } from './plans.js';
import {
  activePlan,
  dueBoosts,
  findBoost,
  insertBoost,
  lockListing,
  markEnded,
  unfinishedBoosts,
  type BoostRow,
} from './queries.js';

const HOUR = 3_600_000;

export const buySchema = z.object({
  plan_id: z
    .string({ message: 'Choose a plan.' })
    .regex(/^\d{1,15}$/, 'Choose a plan.')
    .transform(Number),
});

/**
 * The stacking rule (docs/decisions/013-boosts.md): a boost bought while the listing is
 * promoted starts when the current promotion ends, so the promotion is extended by the
 * plan's duration; the listing ranks with the highest weight among the boosts that make
 * up its promotion. Pure: the same inputs always give the same window.
 */
export function stackBoost(now: Date, promotedUntil: Date | null, unfinishedWeights: number[], plan: { duration_hours: number; weight: number }) {
  const startsAt = promotedUntil && promotedUntil.getTime() > now.getTime() ? promotedUntil : now;
  const endsAt = new Date(startsAt.getTime() + plan.duration_hours * HOUR);
  return { startsAt, endsAt, promotedUntil: endsAt, weight: Math.max(plan.weight, ...unfinishedWeights) };
}

/** "31 Jan 2026, 18:00 UTC": how refusals name a moment, in the viewer's locale and time zone (the same as the purchase's flash). */
export function utcText(at: Date): string {
  return formatDateTime(at);
}

/**
 * Why a boost window cannot be sold for a listing expiring at `expiresAt`, or null when it
 * fits. A promotion never runs past the listing's expiry: a seller must not pay for days
 * the listing is not shown, so a plan longer than the time left is refused rather than
 * sold in full (renewing the listing first makes room for it).
 */
export function expiryRefusal(window: { startsAt: Date; endsAt: Date }, expiresAt: Date | null, plan: { name: string; duration_hours: number }): string | null {
  if (!expiresAt) return null;
  const expiry = utcText(expiresAt);
  if (window.startsAt.getTime() >= expiresAt.getTime()) {
    return `This listing expires on ${expiry} and is already promoted until then. Renew the listing first to promote it for longer.`;
  }
  if (window.endsAt.getTime() > expiresAt.getTime()) {
    return `“${plan.name}” (${durationText(plan.duration_hours)}) would run past ${expiry}, when this listing expires. Renew the listing first, or choose a shorter plan.`;
  }
  return null;
}

/** A listing's promotion from the boosts not yet over at `now`: none left clears it. */
export function promotionOf(now: Date, boosts: Pick<BoostRow, 'ends_at' | 'weight'>[]): { until: Date | null; weight: number } {
  const live = boosts.filter((b) => b.ends_at.getTime() > now.getTime());
  if (live.length === 0) return { until: null, weight: 0 };
  return { until: new Date(Math.max(...live.map((b) => b.ends_at.getTime()))), weight: Math.max(...live.map((b) => b.weight)) };
}

/** A purchase the rules refuse; thrown inside the transaction so nothing of it is kept. */
export class BoostRefused extends Error {
  constructor(
    readonly field: 'plan_id' | 'form',
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

/**
 * A seller pays for a boost from their wallet, inside the caller's transaction: the debit
 * (available → platform revenue), the boost row and the listing's promotion commit together.
 * The listing row is locked, so two purchases for one listing stack in order.
 */
export async function buyBoost(trx: Knex.Transaction, input: { sellerId: number; listingId: number; planId: number; requestKey: string }): Promise<BoostRow> {
  const listing = await lockListing(trx, input.listingId);
  // someone else's listing reads as missing
  if (!listing || listing.deleted_at || listing.seller_id !== input.sellerId) throw new BoostRefused('form', 'That listing could not be found.', 404);
  if (listing.status !== 'active') throw new BoostRefused('form', 'Only active listings can be promoted. Publish or resume it first.');
  const plan = await activePlan(trx, input.planId);
  if (!plan) throw new BoostRefused('plan_id', 'That plan is no longer offered. Choose another.');
  const now = clock.now();
  const unfinished = await unfinishedBoosts(trx, listing.id, now);
  const stacked = stackBoost(
    now,
    listing.promoted_until,
    unfinished.map((b) => b.weight),
    plan,
  );
  // the listing row is locked above, so a concurrent purchase stacks after this one and sees its end
  const pastExpiry = expiryRefusal(stacked, listing.expires_at, plan);
  if (pastExpiry) throw new BoostRefused('plan_id', pastExpiry);
  const wallet = await balances(trx, input.sellerId);
  const boost = await insertBoost(trx, {
    listing_id: listing.id,
    seller_id: input.sellerId,
    plan_id: plan.id,
    plan_name: plan.name,
    price: plan.price,
    currency: wallet.currency,
    weight: plan.weight,
    starts_at: stacked.startsAt,
    ends_at: stacked.endsAt,
  });
  const short = () =>
    new BoostRefused(
      'form',
      `Your available balance (${formatMoney(wallet.available, wallet.currency)}) does not cover this boost (${formatMoney(plan.price, wallet.currency)}). Top up your wallet first.`,
      402,
    );
  if (wallet.available < plan.price) throw short();
  try {
    const moved = await transfer(trx, {
      idempotencyKey: `boost:${input.sellerId}:${input.requestKey}`,
      kind: 'boost',
      reference: { type: 'listing_boost', id: boost.id },
      currency: wallet.currency,
      memo: `${plan.name} for listing ${listing.id}`,
      legs: [
        { account: { userId: input.sellerId, type: 'available' }, amount: -plan.price },
        { account: { platform: 'revenue' }, amount: plan.price },
      ],
    });
    // the same form already paid for a boost: keep that one, add nothing
    if (moved.replayed) throw new BoostRefused('form', 'This purchase was already made.', 409);
  } catch (err) {
    if (err instanceof InsufficientFunds) throw short();
    throw err;
  }
  await promote(trx, listing.id, stacked.promotedUntil, stacked.weight);
  await emit(trx, 'boost.purchased', {
    boostId: boost.id,
    listingId: listing.id,
    userId: input.sellerId,
    planName: plan.name,
    endsAt: boost.ends_at.toISOString(),
    promotedUntil: stacked.promotedUntil.toISOString(),
  });
  return boost;
}

/**
 * Applies the end of one boost once it is due (by `clock.now()`): the listing's promotion
 * is recomputed from the boosts still running, and the seller is told when none is left.
 * Safe to run any number of times and in any order with the sweep.
 */
export async function endBoost(db: Knex, boostId: number): Promise<'ended' | 'not-due' | 'done'> {
  const first = await findBoost(db, boostId);
  if (!first || first.ended_at) return 'done';
  return db.transaction(async (trx) => {
    const listing = await lockListing(trx, first.listing_id);
    const boost = await findBoost(trx, boostId);
    if (!listing || !boost || boost.ended_at) return 'done' as const;
    const now = clock.now();
    if (boost.ends_at.getTime() > now.getTime()) return 'not-due' as const;
    if (!(await markEnded(trx, boost.id, now))) return 'done' as const;
    const rest = await unfinishedBoosts(trx, listing.id, now);
    const promotion = promotionOf(now, rest);
    await promote(trx, listing.id, promotion.until, promotion.weight);
    if (!promotion.until) {
      await emit(trx, 'boost.ended', { boostId: boost.id, listingId: listing.id, userId: listing.seller_id, title: listing.title });
    }
    return 'ended' as const;
  });
}

/** The safety net behind the delayed jobs: ends every boost whose time has passed. */
export async function sweepBoosts(db: Knex): Promise<number> {
  let ended = 0;
  for (const b of await dueBoosts(db, clock.now())) if ((await endBoost(db, b.id)) === 'ended') ended++;
  return ended;
}

/** How long until a boost's end, for its delayed job (never negative). */
export function delayUntil(endsAt: Date): number {
  return Math.max(0, endsAt.getTime() - clock.nowMs());
}
