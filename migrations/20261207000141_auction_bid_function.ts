import type { Knex } from 'knex';

/**
 * A maximum bid in one statement: `auction_place_max_bid` checks the bidder,
 * locks the auction row (`FOR UPDATE`), applies the proxy-bidding rules of
 * src/auctions/engine.ts and writes the new state, the bid and its outbox events,
 * so the row stays locked for this statement and its commit only
 * (docs/decisions/036-bids-in-one-statement.md). The rules are the engine's, line
 * for line; tests/auctions/bid-function.test.ts runs random sequences through
 * both and requires the same outcome after every bid.
 */
/** `auction_place_max_bid` as this migration creates it (a later migration changes one step of it). */
export const PLACE_MAX_BID_FUNCTION = `
    create or replace function auction_place_max_bid(p_listing bigint, p_bidder bigint, p_max bigint, p_at timestamptz, p_available bigint, p_default jsonb)
    returns jsonb language plpgsql as $$
    declare
      u record;
      r record;
      v_asking bigint;
      v_refusal text;
      v_seq integer;
      v_prev bigint;
      l_id bigint; l_max bigint; l_at timestamptz; l_seq integer;
      ru_id bigint; ru_max bigint; ru_at timestamptz; ru_seq integer;
      v_price bigint;
      v_ends timestamptz;
      v_changed boolean;
      v_met boolean;
      v_row jsonb;
    begin
      select blocked_at, blocked_until into u from users where id = p_bidder;
      if not found then return jsonb_build_object('ok', false, 'reason', 'no_user'); end if;
      if u.blocked_at is not null and (u.blocked_until is null or u.blocked_until > p_at) then
        return jsonb_build_object('ok', false, 'reason', 'blocked');
      end if;

      select a.*, l.status as listing_status, l.hidden_at is not null as listing_hidden, l.title into r
        from auctions a join listings l on l.id = a.listing_id
       where a.listing_id = p_listing and l.deleted_at is null
         for update of a;
      if not found then return jsonb_build_object('ok', false, 'reason', 'no_auction'); end if;
      if r.status <> 'open' then return jsonb_build_object('ok', false, 'reason', 'not_open', 'status', r.status); end if;
      if r.listing_status <> 'active' or r.listing_hidden then return jsonb_build_object('ok', false, 'reason', 'not_open', 'status', 'listing'); end if;
      if r.starts_at > p_at then return jsonb_build_object('ok', false, 'reason', 'not_started', 'startsAt', auction_iso(r.starts_at)); end if;
      if r.seller_id = p_bidder then return jsonb_build_object('ok', false, 'reason', 'seller'); end if;

      v_asking := case when r.price is null then r.start_price else r.price + auction_increment(r.currency, r.price, p_default) end;
      if p_available is not null and p_available < p_max then
        return jsonb_build_object('ok', false, 'reason', 'funds', 'asking', v_asking, 'currency', r.currency);
      end if;

      -- the engine's refusals write a refused bid with the asking price. A refusal changes no state: its
      -- record need not wait for the disk, so the row is free again sooner (a crash may lose the record only)
      v_refusal := case
        when p_at >= r.ends_at then 'ended'
        when r.leader_id = p_bidder and p_max <= r.leader_max then 'not_above_own'
        when p_max < v_asking then 'too_low'
      end;
      if v_refusal is not null then
        perform set_config('synchronous_commit', 'off', true);
        insert into bids (auction_id, bidder_id, kind, max_amount, amount, status, reason, created_at) values (r.id, p_bidder, 'max', p_max, v_asking, 'refused', v_refusal, p_at);
        return jsonb_build_object('ok', false, 'reason', v_refusal, 'asking', v_asking);
      end if;

      v_seq := r.last_seq + 1;
      v_prev := r.leader_id;
      l_id := r.leader_id; l_max := r.leader_max; l_at := r.leader_at; l_seq := r.leader_seq;
      ru_id := r.runner_up_id; ru_max := r.runner_up_max; ru_at := r.runner_up_at; ru_seq := r.runner_up_seq;

      if r.leader_id = p_bidder then
        -- the leader raises their own maximum: the price stays, unless the reserve is now covered
        l_max := p_max; l_at := p_at; l_seq := v_seq;
        v_price := r.price;
      elsif r.leader_id is null then
        l_id := p_bidder; l_max := p_max; l_at := p_at; l_seq := v_seq;
        v_price := r.start_price;
      else
        if auction_beats(p_max, p_at, v_seq, r.leader_max, r.leader_at, r.leader_seq) then
          ru_id := r.leader_id; ru_max := r.leader_max; ru_at := r.leader_at; ru_seq := r.leader_seq;
          l_id := p_bidder; l_max := p_max; l_at := p_at; l_seq := v_seq;
        elsif ru_id is null or ru_id = p_bidder or auction_beats(p_max, p_at, v_seq, ru_max, ru_at, ru_seq) then
          ru_id := p_bidder; ru_max := p_max; ru_at := p_at; ru_seq := v_seq;
        end if;
        v_price := least(l_max, ru_max + auction_increment(r.currency, ru_max, p_default));
      end if;
      if r.reserve_price is not null and v_price < r.reserve_price and l_max >= r.reserve_price then
        v_price := r.reserve_price;
      end if;

      v_met := r.reserve_price is null or v_price >= r.reserve_price;
      v_changed := l_id is distinct from v_prev;
      v_ends := r.ends_at;
      if v_changed and p_at + make_interval(secs => r.soft_close_seconds) > r.ends_at then
        v_ends := p_at + make_interval(secs => r.soft_close_seconds);
      end if;

      update auctions
         set price = v_price, leader_id = l_id, leader_max = l_max, leader_at = l_at, leader_seq = l_seq,
             runner_up_id = ru_id, runner_up_max = ru_max, runner_up_at = ru_at, runner_up_seq = ru_seq,
             bid_count = bid_count + 1, ends_at = v_ends, last_seq = v_seq, updated_at = p_at
       where id = r.id
       returning to_jsonb(auctions.*) into v_row;
      insert into bids (auction_id, bidder_id, kind, max_amount, amount, status, seq, created_at) values (r.id, p_bidder, 'max', p_max, v_price, 'accepted', v_seq, p_at);
      insert into outbox (topic, payload)
      select e.topic, e.payload from (values
        ('bid.placed', jsonb_build_object('auctionId', r.id, 'listingId', r.listing_id, 'sellerId', r.seller_id, 'bidderId', p_bidder, 'price', v_price,
          'leaderId', l_id, 'previousLeaderId', v_prev, 'bidCount', r.bid_count + 1, 'endsAt', auction_iso(v_ends), 'reserveMet', v_met), true),
        ('bid.outbid', jsonb_build_object('auctionId', r.id, 'listingId', r.listing_id, 'userId', v_prev, 'price', v_price, 'title', r.title), v_changed and v_prev is not null),
        ('auction.extended', jsonb_build_object('auctionId', r.id, 'listingId', r.listing_id, 'endsAt', auction_iso(v_ends)), v_ends <> r.ends_at)
      ) e(topic, payload, wanted)
      where e.wanted;

      return jsonb_build_object('ok', true, 'auction', v_row, 'currency', r.currency, 'leading', l_id = p_bidder, 'price', v_price, 'reserveMet', v_met);
    end
    $$;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- the step of the last band at or below the amount; the currency's table, else the default bands given
    -- (plpgsql, not sql: its statements' plans are kept for the session instead of made on every call)
    create function auction_increment(p_currency text, p_amount bigint, p_default jsonb) returns bigint
    language plpgsql stable as $$
    declare
      v bigint;
    begin
      select step into v from auction_increments where currency = p_currency and from_amount <= p_amount order by from_amount desc limit 1;
      if found then return v; end if;
      select step into v from auction_increments where currency = p_currency order by from_amount limit 1;
      if found then return v; end if;
      select (b->>'step')::bigint into v from jsonb_array_elements(p_default) b where (b->>'from')::bigint <= p_amount order by (b->>'from')::bigint desc limit 1;
      if found then return v; end if;
      select (b->>'step')::bigint into v from jsonb_array_elements(p_default) b order by (b->>'from')::bigint limit 1;
      return v;
    end
    $$;

    -- whether maximum (max, at, seq) a beats b: higher, or the same given earlier
    create function auction_beats(a_max bigint, a_at timestamptz, a_seq integer, b_max bigint, b_at timestamptz, b_seq integer) returns boolean
    language sql immutable as $$
      select case when a_max <> b_max then a_max > b_max when a_at <> b_at then a_at < b_at else a_seq < b_seq end
    $$;

    -- ISO 8601 in UTC with milliseconds, as JavaScript's toISOString writes it
    create function auction_iso(t timestamptz) returns text
    language sql immutable as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

    ${PLACE_MAX_BID_FUNCTION}
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop function if exists auction_place_max_bid(bigint, bigint, bigint, timestamptz, bigint, jsonb);
    drop function if exists auction_iso(timestamptz);
    drop function if exists auction_beats(bigint, timestamptz, integer, bigint, timestamptz, integer);
    drop function if exists auction_increment(text, bigint, jsonb);
  `);
}
