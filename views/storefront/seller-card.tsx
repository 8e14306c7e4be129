import type { ListingPageRow } from '../../src/storefront/queries.js';
import { Time } from '../components/time.js';

/** Who sells a listing: the shop (or the seller's name), since when, and how many listings are live. */
export function SellerCard(props: { listing: ListingPageRow; live: number }) {
  const l = props.listing;
  return (
    <section class="card seller-card" id={`seller-card-${l.id}`} aria-labelledby={`seller-title-${l.id}`}>
      <h2 id={`seller-title-${l.id}`}>Seller</h2>
      <p class="shop-name">
        <strong safe>{l.shop_name ?? l.seller_name}</strong>
      </p>
      <p class="meta">
        Member since <Time at={l.seller_since} />
      </p>
      <p class="seller-live" safe>{props.live === 1 ? '1 active listing' : `${props.live} active listings`}</p>
    </section>
  );
}
