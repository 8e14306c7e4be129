import type { OfferRow } from '../../src/auctions/offers.js';
import { auctionExtrasPaths as p } from '../../src/auctions/extras-paths.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';

const STATUS: Record<OfferRow['status'], string> = { pending: 'Waiting for an answer', accepted: 'Accepted', declined: 'Declined', expired: 'Expired' };

/** An offer after an auction, as its bidder sees it: the amount, the deadline, accept or decline. */
export function OfferPage(props: { offer: OfferRow; title: string; csrf: string; now: Date }) {
  const o = props.offer;
  const open = o.status === 'pending' && o.expires_at.getTime() > props.now.getTime();
  return (
    <section class="auction-offer" id={`auction-offer-${o.id}`}>
      <h1 safe>{`An offer for “${props.title}”`}</h1>
      <p safe>
        {o.kind === 'second_chance'
          ? `The winner of this auction did not pay. The seller offers you the item at your maximum bid, ${formatMoney(o.amount, o.currency)}.`
          : `The reserve price was not met. The seller offers you the item at your maximum bid, ${formatMoney(o.amount, o.currency)}.`}
      </p>
      <p>
        <span safe>{open ? 'Answer before ' : `${STATUS[o.status]}. It was open until `}</span>
        <Time at={o.expires_at} />.
      </p>
      {open ? (
        <div class="actions">
          <form method="post" action={p.auctionOfferAcceptance(o.id)}>
            <Csrf token={props.csrf} />
            <button type="submit">Accept and go to payment</button>
          </form>
          <form method="post" action={p.auctionOfferDecline(o.id)}>
            <Csrf token={props.csrf} />
            <button type="submit" class="secondary">
              Decline
            </button>
          </form>
        </div>
      ) : (
        ''
      )}
      {o.order_id ? (
        <p>
          <a href={paths.order(o.order_id)}>Your order</a>
        </p>
      ) : (
        ''
      )}
      <p>
        <a href={paths.listing(o.listing_id)}>The listing</a>
      </p>
    </section>
  );
}

export interface SellingState {
  listingId: number;
  title: string;
  status: string;
  outcome: string | null;
  bidCount: number;
  currency: string;
  canCancel: boolean;
  canOffer: boolean;
  canRelist: boolean;
  relistDays: { min: number; max: number; default: number };
  offers: OfferRow[];
}

/** The seller's page of one auction: cancel it while nobody has bid; after it ended unsold, relist it or offer it to a bidder; after an unpaid win, a second chance. */
export function OfferSellerPage(props: { s: SellingState; csrf: string; error?: string }) {
  const s = props.s;
  return (
    <section class="auction-selling">
      <h1 safe>{s.title}</h1>
      {props.error ? (
        <p class="error" role="alert" safe>
          {props.error}
        </p>
      ) : (
        ''
      )}
      <p safe>{`Status: ${s.status}${s.outcome ? ` (${s.outcome.replace(/_/g, ' ')})` : ''}; ${s.bidCount} bid${s.bidCount === 1 ? '' : 's'}.`}</p>
      {s.canCancel ? (
        <form method="post" action={p.auctionCancellation(s.listingId)}>
          <Csrf token={props.csrf} />
          <button type="submit">Cancel this auction</button>
        </form>
      ) : (
        ''
      )}
      {s.canOffer ? (
        <form method="post" action={p.auctionOffer(s.listingId)}>
          <Csrf token={props.csrf} />
          <p>Offer the item to the best remaining bidder at their maximum bid. They have 48 hours to answer.</p>
          <button type="submit">Send the offer</button>
        </form>
      ) : (
        ''
      )}
      {s.canRelist ? (
        <form method="post" action={p.auctionRelisting(s.listingId)}>
          <Csrf token={props.csrf} />
          <label>
            Relist for <input type="number" name="days" min={String(s.relistDays.min)} max={String(s.relistDays.max)} value={String(s.relistDays.default)} required /> days
          </label>
          <button type="submit">Relist with the same terms</button>
        </form>
      ) : (
        ''
      )}
      {s.offers.length ? (
        <table class="cards">
          <thead>
            <tr>
              <th>Offer</th>
              <th>Amount</th>
              <th>Status</th>
              <th>Open until</th>
            </tr>
          </thead>
          <tbody>
            {s.offers.map((o) => (
              <tr>
                <td data-label="Offer">{o.kind === 'second_chance' ? 'Second chance' : 'Reserve not met'}</td>
                <td data-label="Amount" safe>{formatMoney(o.amount, o.currency)}</td>
                <td data-label="Status" safe>{STATUS[o.status]}</td>
                <td data-label="Open until">
                  <Time at={o.expires_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
      <p>
        <a href={paths.listing(s.listingId)}>The listing</a>
      </p>
    </section>
  );
}
