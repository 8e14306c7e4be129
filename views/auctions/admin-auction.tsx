import { auctionExtrasPaths as p } from '../../src/auctions/extras-paths.js';
import type { AuctionRow, BidRow } from '../../src/auctions/queries.js';
import type { StrikeRow } from '../../src/auctions/strikes.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';

export type AdminBid = BidRow & { bidder_name: string };

/** An auction as an admin sees it: its state, every bid (accepted ones can be removed), and the suspension form. */
export function AdminAuctionPage(props: { auction: AuctionRow; title: string; bids: AdminBid[]; csrf: string; error?: string }) {
  const a = props.auction;
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, a.currency));
  const open = a.status === 'open';
  return (
    <section class="admin-auction">
      <h1 safe>{`Auction: ${props.title}`}</h1>
      {props.error ? (
        <p class="error" role="alert" safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
      <p safe>{`Status: ${a.status}; price ${money(a.price)}; ${a.bid_count} accepted bid${a.bid_count === 1 ? '' : 's'}.`}</p>
      {a.status === 'suspended' ? <p safe>{`Suspended: ${(a as AuctionRow & { suspend_reason?: string }).suspend_reason ?? ''}`}</p> : ''}
      <p>
        <span>Ends </span>
        <Time at={a.ends_at} />
      </p>
      <table class="cards">
        <thead>
          <tr>
            <th>#</th>
            <th>Bidder</th>
            <th>Maximum</th>
            <th>Status</th>
            <th>At</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {props.bids.map((b) => (
            <tr>
              <td data-label="#" safe>{String(b.id)}</td>
              <td data-label="Bidder" safe>{b.bidder_name}</td>
              <td data-label="Maximum" safe>{money(b.max_amount)}</td>
              <td data-label="Status">{b.status}</td>
              <td data-label="At">
                <Time at={b.created_at} />
              </td>
              <td>
                {open && b.status === 'accepted' ? (
                  <form method="post" action={p.adminAuctionBidRemoval(a.listing_id, b.id)}>
                    <Csrf token={props.csrf} />
                    <label>
                      Reason <input name="reason" required maxlength="500" />
                    </label>
                    <button type="submit">Remove this bid</button>
                  </form>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? (
        <form method="post" action={p.adminAuctionSuspension(a.listing_id)}>
          <Csrf token={props.csrf} />
          <label>
            Reason for the suspension <textarea name="reason" required maxlength="1000"></textarea>
          </label>
          <button type="submit">Suspend the auction and void every bid</button>
        </form>
      ) : (
        ''
      )}
      <p>
        <a href={paths.listing(a.listing_id)}>The listing</a>
      </p>
    </section>
  );
}

/** Unpaid strikes: auction wins the user did not pay for. */
export function AdminStrikes(props: { strikes: StrikeRow[] }) {
  if (!props.strikes.length) return <p>No unpaid strikes.</p>;
  return (
    <ul class="auction-strikes">
      {props.strikes.map((s) => (
        <li>
          <span safe>{`Unpaid auction win: “${s.title}”, order #${s.order_id}, `}</span>
          <Time at={s.created_at} />
        </li>
      ))}
    </ul>
  );
}
