import type { ReviewRow, ShopRating, ShopRow } from '../../src/shops/queries.js';
import { asset } from '../../src/http/assets.js';
import { shopsPaths } from '../../src/shops/paths.js';
import { SHOP_QUERY_MAX } from '../../src/shops/shops.js';
import { Time } from '../components/time.js';
import { ShopHeader } from './shop-header.js';
import { ShopListings, type ShopListingsProps } from './shop-listings.js';
import { Paragraphs, ShopPolicies } from './shop-policies.js';

export interface ShopPageProps {
  shop: ShopRow;
  rating: ShopRating;
  reviews: ReviewRow[];
  listings: ShopListingsProps;
  currency: string;
  now: Date;
  /** the viewer owns this shop: a link to edit it */
  own: boolean;
}

/** A shop's public page: who they are, what they sell (searchable, paged), their terms and what buyers said. */
export function ShopPage(props: ShopPageProps) {
  const s = props.shop;
  return (
    <article class="shop" id={`shop-${s.user_id}`}>
      <ShopHeader shop={s} rating={props.rating} now={props.now} />
      {props.own ? (
        <p class="notice owner-note">
          This is your shop. <a href={shopsPaths.sellerShop()}>Edit your shop</a>.
        </p>
      ) : (
        ''
      )}
      <section class="shop-about" aria-labelledby="shop-about-title">
        <h2 id="shop-about-title" class="visually-hidden">
          About the shop
        </h2>
        <Paragraphs text={s.description} />
      </section>
      <section class="shop-catalog" aria-labelledby="shop-catalog-title">
        <h2 id="shop-catalog-title">For sale</h2>
        {/* a plain GET form; htmx (data-hx-*) makes it search as the visitor types, loaded once they reach for it */}
        <form
          class="shop-search"
          method="get"
          action={shopsPaths.shop(s.slug)}
          role="search"
          aria-label="Search this shop"
          data-hx-get={shopsPaths.shop(s.slug)}
          data-hx-trigger="submit, input changed delay:300ms from:input[name=q]"
          data-hx-target="#shop-listings"
          data-hx-swap="outerHTML"
          data-hx-push-url="true"
          data-hx-sync="this:replace"
        >
          <label for="shop-q">Search this shop</label>
          <input id="shop-q" name="q" type="search" value={props.listings.q} maxlength={SHOP_QUERY_MAX} autocomplete="off" />
          <button type="submit">Search</button>
        </form>
        <ShopListings {...props.listings} />
        <script src={asset('htmx-on-intent.js')} data-src={asset('vendor/htmx.min.js')} defer></script>
      </section>
      <ShopPolicies terms={s} currency={props.currency} shippingPolicy={s.shipping_policy} returnsPolicy={s.returns_policy} />
      {props.reviews.length > 0 ? (
        <section class="shop-reviews" id="shop-reviews" aria-labelledby="shop-reviews-title">
          <h2 id="shop-reviews-title">What buyers say</h2>
          <ul class="reviews">
            {props.reviews.map((r) => (
              <li class="review">
                <p class="review-head">
                  <span class="stars" role="img" aria-label={`${r.rating} out of 5`} safe>
                    {'★'.repeat(r.rating) + '☆'.repeat(5 - r.rating)}
                  </span>{' '}
                  <strong safe>{r.buyer_name}</strong> <span class="meta">· <Time at={r.created_at} /></span>
                </p>
                {r.body ? <p safe>{r.body}</p> : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </article>
  );
}
