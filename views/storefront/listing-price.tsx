import type { ListingKind } from '../../src/listings/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import type { TileRow } from '../../src/storefront/queries.js';
import { AuctionPrice } from './price/auction.js';
import { ClassifiedPrice } from './price/classified.js';
import { DigitalPrice } from './price/digital.js';
import { FixedPrice } from './price/fixed.js';
import { perUnit, type PriceProps } from './price/money.js';
import { ServicePrice } from './price/service.js';

/** The one-line price of a result tile, worded per kind. */
export function tilePrice(t: Pick<TileRow, 'kind' | 'price' | 'price_unit' | 'currency'>): string {
  if (t.price === null) return '';
  const money = formatMoney(Number(t.price), t.currency);
  const words: Record<ListingKind, string> = {
    auction: `Bids from ${money}`,
    service: perUnit(money, t.price_unit),
    classified: `Asking ${money}`,
    fixed: money,
    digital: money,
  };
  return words[t.kind];
}

/** Each kind's price partial: what it costs and how it is bought (buying itself is the add-to-cart box's). */
const PRICE_PARTS: Record<ListingKind, (props: PriceProps) => JSX.Element> = {
  fixed: FixedPrice,
  auction: AuctionPrice,
  digital: DigitalPrice,
  service: ServicePrice,
  classified: ClassifiedPrice,
};

/** The event a listing's price box is pushed under on the listing's public stream. */
export const listingPriceEvent = 'listing-price';

/** The stable id of a listing's price box. */
export const listingPriceId = (listingId: number) => `listing-${listingId}-price`;

/**
 * The price area of the listing page. `live`: it replaces itself with the box pushed
 * on the listing's stream when its price or stock changes (the same for every
 * viewer: nothing in it is personal).
 */
export function PriceBox(props: PriceProps & { live?: boolean }) {
  // a live auction's price is its bid box's (pushed as bids come in): no second, static one above it
  if (props.listing.kind === 'auction' && props.liveBox) return '';
  const Part = PRICE_PARTS[props.listing.kind];
  return (
    <div
      class="price-box"
      id={listingPriceId(Number(props.listing.id))}
      data-kind={props.listing.kind}
      sse-swap={props.live ? listingPriceEvent : undefined}
      hx-swap={props.live ? 'outerHTML' : undefined}
    >
      <Part {...props} />
    </div>
  );
}

/** Where a listing's public page is. */
export const listingHref = (l: { id: number; slug: string }) => paths.listing(l.id, l.slug);
