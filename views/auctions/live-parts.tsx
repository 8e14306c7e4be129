import type { YouState } from '../../src/auctions/page.js';
import { auctionsPaths } from '../../src/auctions/paths.js';
import type { HistoryLine } from '../../src/auctions/history.js';
import type { BidBoxState } from '../../src/auctions/view.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import { formatDateTime, localAttr } from '../../src/lib/locale.js';

/**
 * The public parts of an auction's bid box. Each renders the same for every viewer
 * (no token, nothing of one user), so one render is pushed to every open page on
 * the auction's stream: the price part replaces itself (`sse-swap`) and brings the
 * history and the end along as out-of-band swaps (`hx-swap-oob`).
 */
export const auctionEvents = {
  /** the price part, with the history and the end as out-of-band swaps: one frame per change */
  update: 'auction-update',
  /** a signal: the auction ended, each page fetches its box again */
  closed: 'auction-closed',
  /** a signal on a bidder's own stream: their "you" part fetches itself again */
  you: 'outbid',
} as const;

export const auctionPartIds = {
  price: (listingId: number) => `auction-${listingId}-price`,
  history: (listingId: number) => `auction-${listingId}-history`,
  ends: (listingId: number) => `auction-${listingId}-ends`,
  you: (listingId: number) => `auction-${listingId}-you`,
};

/** Time left as a few words ("2d 3h", "4m 05s"); the countdown script writes the same. */
export function timeLeft(ms: number): string {
  if (ms <= 0) return 'ending now';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d}d ${h}h left`;
  if (h > 0) return `${h}h ${m}m left`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s left`;
  return `${sec}s left`;
}

/** Current price, bid count, reserve state, the next minimum and buy it now while offered. */
export function AuctionPricePart(props: { box: BidBoxState }) {
  const b = props.box;
  const money = (n: number) => formatMoney(n, b.currency);
  return (
    <div
      id={auctionPartIds.price(b.listingId)}
      class="auction-price"
      sse-swap={auctionEvents.update}
      hx-swap="outerHTML"
      data-status={b.status}
      data-price={String(b.price)}
      data-bids={String(b.bidCount)}
      data-asking={b.status === 'open' ? toDecimal(b.asking) : undefined}
      data-buy-now={b.buyNowPrice !== null ? String(b.buyNowPrice) : undefined}
    >
      <p class="bid-price">
        <span class="label">{b.status !== 'open' ? (b.bidCount ? 'Final price' : 'Starting bid') : b.bidCount ? 'Current bid' : 'Starting bid'}</span> <strong safe>{money(b.price)}</strong>
      </p>
      <p class="bid-count" safe>
        {b.bidCount === 1 ? '1 bid' : `${b.bidCount} bids`}
      </p>
      {b.hasReserve ? <p class={b.reserveMet ? 'bid-reserve met' : 'bid-reserve'}>{b.reserveMet ? 'Reserve met' : 'Reserve not met'}</p> : ''}
      {b.status === 'open' ? (
        <p class="bid-asking" safe>
          {`Next minimum bid: ${money(b.asking)}`}
        </p>
      ) : (
        <p class="bid-closed" safe>
          {b.closedText}
        </p>
      )}
      {b.buyNowPrice !== null ? (
        <p class="bid-buy-now" safe>
          {`Buy it now for ${money(b.buyNowPrice)}, until ${b.hasReserve ? 'the first bid or the reserve is met' : 'the first bid'}.`}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

/**
 * When the auction ends, by the server's clock: the end and the server's time at
 * render go in data attributes, and static/auction-countdown.js ticks the time left
 * with the difference between the server's clock and the device's.
 */
export function AuctionEndsPart(props: { box: BidBoxState; now: Date; oob?: boolean }) {
  const b = props.box;
  const open = b.status === 'open';
  return (
    <p
      id={auctionPartIds.ends(b.listingId)}
      class="bid-ends"
      hx-swap-oob={props.oob ? 'true' : undefined}
      data-status={b.status}
      data-ends-at={b.endsAt.toISOString()}
      data-server-now={props.now.toISOString()}
    >
      {open ? 'Ends ' : 'Ended '}
      <time datetime={b.endsAt.toISOString()} data-local={localAttr('text')} safe>
        {formatDateTime(b.endsAt)}
      </time>
      {open ? (
        <>
          {' · '}
          <span class="countdown" role="timer" safe>
            {timeLeft(b.endsAt.getTime() - props.now.getTime())}
          </span>
        </>
      ) : (
        ''
      )}
    </p>
  );
}

/** The latest bids: price made, when, and the bidder masked ("b***r 7"). */
export function AuctionHistoryPart(props: { listingId: number; currency: string; lines: HistoryLine[]; oob?: boolean }) {
  return (
    <section id={auctionPartIds.history(props.listingId)} class="bid-history" hx-swap-oob={props.oob ? 'true' : undefined} aria-label="Bid history" data-count={String(props.lines.length)}>
      <h2>Bid history</h2>
      {props.lines.length === 0 ? (
        <p class="meta">No bids yet.</p>
      ) : (
        <ol>
          {props.lines.map((l) => (
            <li>
              <span class="bidder" safe>
                {l.bidder}
              </span>{' '}
              <strong class="amount" safe>
                {formatMoney(l.amount, props.currency)}
              </strong>{' '}
              <time datetime={l.at.toISOString()} data-local={localAttr('text')} safe>
                {formatDateTime(l.at)}
              </time>
              {l.kind === 'buy_now' ? ' (buy it now)' : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export type { YouState };

const YOU_TEXT: Record<YouState, string> = {
  leading: 'You are the highest bidder.',
  'leading-reserve': 'You are the highest bidder, but the reserve price is not met yet.',
  outbid: 'You were outbid. Bid again to lead.',
  won: 'You won this auction. Find your order under Orders.',
  lost: 'This auction has ended; another bidder won it.',
  none: '',
};

/**
 * The viewer's own standing in the auction, for a signed-in viewer only: never
 * pushed, it fetches itself again on a signal on the viewer's own stream and when
 * the live connection (re)opens, authorized on that request.
 */
export function AuctionYouPart(props: { listingId: number; state: YouState }) {
  return (
    <p
      id={auctionPartIds.you(props.listingId)}
      class={`bid-you ${props.state}`}
      data-state={props.state}
      role="status"
      hx-get={auctionsPaths.auctionYou(props.listingId)}
      hx-trigger={`sse:${auctionEvents.you}, htmx:sseOpen from:body`}
      hx-swap="outerHTML"
      safe
    >
      {YOU_TEXT[props.state]}
    </p>
  );
}
