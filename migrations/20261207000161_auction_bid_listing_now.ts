import type { Knex } from 'knex';
import { PLACE_MAX_BID_FUNCTION } from './20261207000141_auction_bid_function.js';

/**
 * A maximum bid reads its listing's status again once it holds the auction row: the join that
 * takes the lock sees the listing as it was before the bid waited, so a pause (or a moderator's
 * hiding) committed while the bid waited was not seen, and the bid was taken on a paused listing.
 */
const LISTING_CHECK = `      if r.listing_status <> 'active' or r.listing_hidden then return jsonb_build_object('ok', false, 'reason', 'not_open', 'status', 'listing'); end if;`;

const LISTING_NOW = `      -- the listing as it is now: the join above saw it as it was before this bid waited for the lock
      -- (a seller's pause or an admin's hiding committed meanwhile)
      select l.status, l.hidden_at is not null into r.listing_status, r.listing_hidden from listings l where l.id = r.listing_id;
${LISTING_CHECK}`;

export async function up(knex: Knex): Promise<void> {
  if (!PLACE_MAX_BID_FUNCTION.includes(LISTING_CHECK)) throw new Error('auction_place_max_bid: the listing check to change was not found');
  await knex.raw(PLACE_MAX_BID_FUNCTION.replace(LISTING_CHECK, LISTING_NOW));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(PLACE_MAX_BID_FUNCTION);
}
