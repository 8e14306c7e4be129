import { auctionListPaths } from '../../src/auctions/list-paths.js';
import { MY_BIDS_TABS, type MyBidRow, type MyBidsTab } from '../../src/auctions/my-bids.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { TabBar } from '../components/tabs.js';
import { Time } from '../components/time.js';
import { timeLeft } from './time-left.js';

export interface MyBidsProps {
  tab: MyBidsTab;
  counts: Record<MyBidsTab, number>;
  rows: MyBidRow[];
  now: Date;
}

const TAB_LABELS: Record<MyBidsTab, string> = { active: 'Active', won: 'Won', lost: 'Lost' };
const EMPTY: Record<MyBidsTab, string> = {
  active: 'You have no bids on running auctions.',
  won: 'You have not won an auction yet.',
  lost: 'No lost auctions.',
};
const LOST_WHY: Record<string, string> = {
  sold: 'Another bidder won',
  bought_now: 'Bought with buy it now',
  reserve_not_met: 'Reserve not met: no sale',
  no_bids: 'Ended without a sale',
};

const tabQuery = (tab: MyBidsTab) => (tab === 'active' ? '' : `?tab=${tab}`);
const priceOf = (r: MyBidRow) => formatMoney(r.price ?? r.start_price, r.currency);

function Standing(props: { row: MyBidRow }) {
  const r = props.row;
  if (r.status === 'open')
    return r.leading ? (
      <span class="badge badge-ok" data-standing="leading">
        You are the highest bidder
      </span>
    ) : (
      <span class="badge badge-warn" data-standing="outbid">
        Outbid
      </span>
    );
  if (r.won)
    return (
      <span class="badge badge-ok" data-standing="won">
        Won
      </span>
    );
  const why = r.status === 'cancelled' ? 'Cancelled by the seller' : r.status === 'suspended' ? 'Suspended' : (LOST_WHY[r.outcome ?? ''] ?? 'Ended');
  return (
    <span class="badge" data-standing="lost" safe>
      {why}
    </span>
  );
}

/** Tabs, counts and the table; re-fetched as a whole on the user's `auctions` signal and when the live stream (re)opens. */
export function MyBidsList(props: MyBidsProps) {
  return (
    <div id="my-bids" hx-get={`${auctionListPaths.myBidsList()}${tabQuery(props.tab)}`} hx-trigger="sse:auctions, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
      <TabBar label="Auction states" current={props.tab} tabs={MY_BIDS_TABS.map((t) => ({ key: t, label: TAB_LABELS[t], href: `${auctionListPaths.myBids()}${tabQuery(t)}`, count: props.counts[t] }))} />
      {props.rows.length === 0 ? (
        <p class="empty" id="no-bids" safe>
          {EMPTY[props.tab]}
        </p>
      ) : (
        <table class="cards" id="my-bids-table">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">{props.tab === 'active' ? 'Current price' : 'Final price'}</th>
              <th scope="col">Your maximum</th>
              <th scope="col">Bids</th>
              <th scope="col">{props.tab === 'active' ? 'Time left' : 'Ended'}</th>
              <th scope="col">Standing</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`my-bid-${r.auction_id}`} data-listing={String(r.listing_id)}>
                <th scope="row">
                  <a href={paths.listing(r.listing_id, r.slug)} safe>
                    {r.title}
                  </a>
                </th>
                <td data-label={props.tab === 'active' ? 'Current price' : 'Final price'} class="price" safe>
                  {priceOf(r)}
                </td>
                <td data-label="Your maximum" class="my-max" safe>
                  {formatMoney(r.my_max, r.currency)}
                </td>
                <td data-label="Bids" class="bid-count" safe>
                  {String(r.bid_count)}
                </td>
                <td data-label={props.tab === 'active' ? 'Time left' : 'Ended'} class="ends">
                  {r.status === 'open' ? (
                    <span class="time-left" safe>
                      {timeLeft(r.ends_at, props.now)}
                    </span>
                  ) : (
                    <Time at={r.ends_at} />
                  )}
                </td>
                <td data-label="Standing">
                  <Standing row={r} />
                  {r.won && r.order_id !== null ? (
                    <>
                      {' '}
                      <a class="order-link" href={paths.order(r.order_id)} safe>
                        {`Order #${r.order_id}`}
                      </a>
                    </>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function MyBidsPage(props: MyBidsProps) {
  return (
    <section>
      <h1>My bids</h1>
      <MyBidsList {...props} />
    </section>
  );
}
