import { shopsPaths } from '../../src/shops/paths.js';
import type { ListingPageRow } from '../../src/storefront/queries.js';

/** The shop's name linked to its page, and its rating once buyers have reviewed it. */
export function ShopLink(props: { listing: ListingPageRow; class?: string }) {
  const l = props.listing;
  const name = l.shop_name ?? l.seller_name;
  return l.shop_slug ? (
    <a href={shopsPaths.shop(l.shop_slug)} class={props.class} safe>
      {name}
    </a>
  ) : (
    <span class={props.class} safe>
      {name}
    </span>
  );
}

/** "4.6 ★ (12 reviews)", or nothing without reviews. */
export function ReviewSummary(props: { listing: ListingPageRow }) {
  const { review_count: n, review_average: avg } = props.listing;
  if (!n || avg === null) return '';
  return (
    <span class="rating" safe>
      {`${Number(avg).toFixed(1)} ★ (${n === 1 ? '1 review' : `${n} reviews`})`}
    </span>
  );
}

/** Who sells it, right under the title (stable id `seller-line-<id>`). */
export function SellerLine(props: { listing: ListingPageRow }) {
  return (
    <p class="seller-line meta" id={`seller-line-${props.listing.id}`}>
      Sold by <ShopLink listing={props.listing} /> <ReviewSummary listing={props.listing} />
    </p>
  );
}
