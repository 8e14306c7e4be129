import { shopsPaths } from '../../src/shops/paths.js';
import type { ListingPageRow } from '../../src/storefront/queries.js';
import { Time } from '../components/time.js';
import { ReviewSummary, ShopLink } from './listing-seller-line.js';

/** Who sells a listing: the shop (linked to its page), since when, its rating and how many listings are live. */
export function SellerCard(props: { listing: ListingPageRow; live: number }) {
  const l = props.listing;
  return (
    <section class="card seller-card" id={`seller-card-${l.id}`} aria-labelledby={`seller-title-${l.id}`}>
      <h2 id={`seller-title-${l.id}`}>Seller</h2>
      <p class="shop-name">
        <strong>
          <ShopLink listing={l} />
        </strong>
      </p>
      <p class="meta">
        Member since <Time at={l.seller_since} date /> <ReviewSummary listing={l} />
      </p>
      <p class="seller-live" safe>{props.live === 1 ? '1 active listing' : `${props.live} active listings`}</p>
      {l.shop_slug ? (
        <p>
          <a href={shopsPaths.shop(l.shop_slug)} class="shop-visit">
            Visit the shop<span class="visually-hidden" safe>{` ${l.shop_name ?? l.seller_name}`}</span>
          </a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
