import type { ShopRating, ShopRow } from '../../src/shops/queries.js';
import { shopsPaths } from '../../src/shops/paths.js';
import { sellingFor } from '../../src/shops/terms.js';
import { SHOP_IMAGE_SIZE } from '../../src/shops/images.js';
import { Time } from '../components/time.js';

const initials = (name: string) =>
  name
    .replace(/[’']\p{L}*/gu, '')
    .split(/[\s&+-]+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

/** "4.6 out of 5 from 12 reviews" (nothing without reviews). */
export function RatingLine(props: { rating: ShopRating }) {
  const r = props.rating;
  if (r.count === 0 || r.average === null) return '';
  const stars = Math.round(r.average);
  return (
    <span class="rating" id="shop-rating">
      <span class="stars" aria-hidden="true" safe>
        {'★'.repeat(stars) + '☆'.repeat(5 - stars)}
      </span>{' '}
      <span safe>{`${r.average.toFixed(1)} out of 5 from ${r.count === 1 ? '1 review' : `${r.count} reviews`}`}</span>
    </span>
  );
}

/** The top of a shop page: banner, logo, name, how long it has sold here and its rating. Image space is reserved. */
export function ShopHeader(props: { shop: ShopRow; rating: ShopRating; now: Date }) {
  const s = props.shop;
  const banner = SHOP_IMAGE_SIZE.banner;
  const logo = SHOP_IMAGE_SIZE.logo;
  return (
    <header class="shop-header">
      {s.banner_key ? (
        <img class="shop-banner" src={shopsPaths.shopMedia(s.banner_key)} alt="" width={String(banner.width)} height={String(banner.height)} fetchpriority="high" decoding="async" />
      ) : (
        <div class="shop-banner shop-banner-empty" aria-hidden="true"></div>
      )}
      <div class="shop-identity">
        {s.logo_key ? (
          <img class="shop-logo" src={shopsPaths.shopMedia(s.logo_key)} alt={`Logo of ${s.shop_name}`} width={String(logo.width)} height={String(logo.height)} decoding="async" />
        ) : (
          <span class="shop-logo shop-logo-empty" aria-hidden="true" safe>
            {initials(s.shop_name)}
          </span>
        )}
        <div>
          <h1 safe>{s.shop_name}</h1>
          <p class="meta shop-since">
            Member since <Time at={s.approved_at} date /> <span safe>{`(selling for ${sellingFor(s.approved_at, props.now)})`}</span>
          </p>
          <p class="meta">
            <RatingLine rating={props.rating} />
          </p>
        </div>
      </div>
    </header>
  );
}
