import type { Knex } from 'knex';
import { emit } from '../outbox/outbox.js';
import { applyTransition, transitions } from './lifecycle.js';
import type { ListingRow } from './queries.js';

const DAY = 86_400_000;

/*
 * The time-bound part of the state machine: a live listing runs until
 * expires_at, then expires; a seller renews it, an admin extends it. When to
 * remind, and who may renew when, is moderation's (src/moderation/expiry.ts).
 */

export interface ExpiredRow {
  id: number;
  seller_id: number;
  title: string;
  expires_at: Date;
}

/**
 * Expires a batch of listings past their expiry. SKIP LOCKED lets several
 * sweeps share the work, and the re-checked status means a listing expires
 * once. The sweep that called it tells each seller (once per expiry period).
 */
export function expireOverdue(trx: Knex.Transaction, now: Date, limit = 500): Promise<ExpiredRow[]> {
  const from = [...transitions.expire.from];
  return trx('listings')
    .whereIn('id', trx('listings').whereIn('status', from).whereNull('deleted_at').where('expires_at', '<=', now).orderBy('expires_at').limit(limit).forUpdate().skipLocked().select('id'))
    .whereIn('status', from)
    .update({ status: transitions.expire.to, updated_at: now })
    .returning(['id', 'seller_id', 'title', 'expires_at']);
}

/** Another `days` from now, for an expired listing or an active one (the caller decides whether the moment is right). */
export async function renewFor(trx: Knex.Transaction, l: Pick<ListingRow, 'id' | 'status'>, days: number, at: Date): Promise<ListingRow | undefined> {
  const expiresAt = new Date(at.getTime() + days * DAY);
  const row = await applyTransition(trx, l.id, 'renew', { expires_at: expiresAt }, at);
  if (row) {
    await emit(trx, 'listing.renewed', { listingId: l.id, sellerId: row.seller_id, userId: row.seller_id, title: row.title, expiresAt, wasExpired: l.status === 'expired' });
  }
  return row;
}

/** An admin's extra `days` for an active listing, counted from its expiry (or from now if it has none or it passed). */
export async function extendBy(trx: Knex.Transaction, l: Pick<ListingRow, 'id' | 'expires_at'>, extension: { days: number; reason: string }, at: Date): Promise<ListingRow | undefined> {
  const from = l.expires_at && new Date(l.expires_at) > at ? new Date(l.expires_at) : at;
  const expiresAt = new Date(from.getTime() + extension.days * DAY);
  const row = await applyTransition(trx, l.id, 'extend', { expires_at: expiresAt }, at);
  if (row) {
    await emit(trx, 'listing.extended', { listingId: l.id, sellerId: row.seller_id, userId: row.seller_id, title: row.title, days: extension.days, reason: extension.reason, expiresAt });
  }
  return row;
}
