import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';

/** Watchers hear this long before the end. */
export const WATCH_NOTICE_MS = 3_600_000;

/**
 * Tells everyone who favourited an open auction that it ends within the hour, once per
 * watcher per auction (`auction_watch_notices` is keyed by both). An auction is due once
 * its end is less than an hour away; `watchers_notified_at` records the first notice.
 * Run by the one-minute sweep; safe twice and at once.
 */
export async function notifyWatchers(db: Knex, limit = 200): Promise<number> {
  const now = clock.now();
  const soon = new Date(now.getTime() + WATCH_NOTICE_MS);
  const due = await db('auctions as a')
    .join('listings as l', 'l.id', 'a.listing_id')
    .where({ 'a.status': 'open' })
    .where('a.ends_at', '<=', soon)
    .where('a.ends_at', '>', now)
    .whereExists(
      db('favourites as f')
        .whereRaw('f.listing_id = a.listing_id and f.user_id <> a.seller_id')
        .whereNotExists(db('auction_watch_notices as w').whereRaw('w.auction_id = a.id and w.user_id = f.user_id').select(db.raw('1')))
        .select(db.raw('1')),
    )
    .orderBy('a.ends_at')
    .limit(limit)
    .select('a.id', 'a.listing_id', 'a.ends_at', 'l.title');
  let told = 0;
  for (const a of due) {
    await db.transaction(async (trx) => {
      const inserted = await trx.raw(
        `insert into auction_watch_notices (auction_id, user_id, created_at)
         select ?, f.user_id, ? from favourites f join auctions a on a.id = ?
          where f.listing_id = a.listing_id and f.user_id <> a.seller_id and a.status = 'open'
         on conflict do nothing returning user_id`,
        [a.id, now, a.id],
      );
      const userIds = (inserted.rows as { user_id: string }[]).map((r) => Number(r.user_id)).sort((x, y) => x - y);
      if (!userIds.length) return;
      told += userIds.length;
      await trx('auctions').where({ id: a.id }).whereNull('watchers_notified_at').update({ watchers_notified_at: now });
      await emit(trx, 'auction.ending_soon', { auctionId: Number(a.id), listingId: Number(a.listing_id), title: String(a.title), endsAt: new Date(a.ends_at).toISOString(), userIds });
    });
  }
  return told;
}
