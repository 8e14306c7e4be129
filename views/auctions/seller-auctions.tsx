import { auctionExtrasPaths } from '../../src/auctions/extras-paths.js';
import { auctionListPaths } from '../../src/auctions/list-paths.js';
import type { ReserveState, SellerAuctionRow } from '../../src/auctions/seller-auctions.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Time } from '../components/time.js';
import { timeLeft } from './time-left.js';

export interface SellerAuctionsProps {
  rows: SellerAuctionRow[];
  now: Date;
}

const RESERVE: Record<ReserveState, string> = { none: 'No reserve', met: 'Reserve met', not_met: 'Reserve not met' };
const OUTCOME: Record<string, string> = {
  sold: 'Sold',
  bought_now: 'Bought with buy it now',
  reserve_not_met: 'Reserve not met: no sale',
  no_bids: 'No bids: no sale',
};

function Outcome(props: { row: SellerAuctionRow; now: Date }) {
  const r = props.row;
  if (r.status === 'open') {
    const left = timeLeft(r.ends_at, props.now);
    return (
      <span data-outcome="open" safe>
        {left === 'Ended' ? 'Closing' : `Running, ${left} left`}
      </span>
    );
  }
  if (r.status === 'cancelled') return <span data-outcome="cancelled">Cancelled</span>;
  if (r.status === 'suspended') return <span data-outcome="suspended">Suspended</span>;
  return (
    <>
      <span data-outcome={r.outcome ?? 'ended'} safe>
        {OUTCOME[r.outcome ?? ''] ?? 'Ended'}
      </span>
      {r.order_id !== null ? (
        <>
          {' '}
          <a class="order-link" href={paths.sellerOrders()}>
            See orders
          </a>
        </>
      ) : (
        ''
      )}
    </>
  );
}

/** The table of the seller's auctions; re-fetched as a whole on the seller's `auctions` signal and when the live stream (re)opens. */
export function SellerAuctionsList(props: SellerAuctionsProps) {
  return (
    <div id="seller-auctions" hx-get={auctionListPaths.sellerAuctionsList()} hx-trigger="sse:auctions, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
      {props.rows.length === 0 ? (
        <p class="empty" id="no-auctions">
          You have no auctions yet. An auction listing gets its auction once it is published.
        </p>
      ) : (
        <table class="cards" id="seller-auctions-table">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Current price</th>
              <th scope="col">Bids</th>
              <th scope="col">Reserve</th>
              <th scope="col">Ends</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`seller-auction-${r.id}`} data-status={r.status} data-listing={String(r.listing_id)}>
                <th scope="row">
                  <a href={paths.listing(r.listing_id, r.slug)} safe>
                    {r.title}
                  </a>{' '}
                  <a href={auctionExtrasPaths.auctionSelling(r.listing_id)} class="manage">
                    Manage<span class="visually-hidden" safe>{` the auction of ${r.title}`}</span>
                  </a>
                </th>
                <td data-label="Current price" class="price" safe>
                  {r.price === null ? `${formatMoney(r.start_price, r.currency)} (starting)` : formatMoney(r.price, r.currency)}
                </td>
                <td data-label="Bids" class="bid-count" safe>
                  {String(r.bid_count)}
                </td>
                <td data-label="Reserve" class="reserve" data-reserve={r.reserve} safe>
                  {RESERVE[r.reserve]}
                </td>
                <td data-label="Ends" class="ends">
                  <Time at={r.ends_at} />
                </td>
                <td data-label="Outcome" class="outcome">
                  <Outcome row={r} now={props.now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function SellerAuctionsPage(props: SellerAuctionsProps) {
  return (
    <section>
      <h1>Your auctions</h1>
      <SellerAuctionsList {...props} />
    </section>
  );
}
