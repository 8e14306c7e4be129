import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import { shopsPaths } from '../../src/shops/paths.js';
import type { TileRow } from '../../src/storefront/queries.js';
import { ListingTiles } from '../storefront/listing-tile.js';

export interface ShopListingsProps {
  slug: string;
  shopName: string;
  q: string;
  page: number;
  pages: number;
  total: number;
  tiles: TileRow[];
  covers: Map<number, ImageView>;
}

const href = (slug: string, q: string, page: number) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return `${shopsPaths.shop(slug)}${s ? `?${s}` : ''}`;
};

/** One page of a shop's listings (stable id `shop-listings`): the page, the search's htmx answer and the pager's. */
export function ShopListings(props: ShopListingsProps) {
  const { slug, q, page, pages, total } = props;
  const summary = q
    ? `${total === 1 ? '1 listing in this shop matches' : `${total} listings in this shop match`} “${q}”`
    : total === 1
      ? '1 listing for sale'
      : `${total} listings for sale`;
  return (
    <div id="shop-listings" class="shop-listings" aria-live="polite">
      <p class="meta shop-count" safe>
        {pages > 1 ? `${summary} · page ${page} of ${pages}` : summary}
      </p>
      {props.tiles.length > 0 ? (
        <ListingTiles tiles={props.tiles} covers={props.covers} label={`Listings of ${props.shopName}`} id="shop-tiles" top />
      ) : q ? (
        <p class="empty-state">
          Nothing in this shop matches. <a href={href(slug, '', 1)}>See all of its listings</a> or{' '}
          <a href={`${paths.search()}?q=${encodeURIComponent(q)}`}>search the whole market</a>.
        </p>
      ) : (
        <p class="empty-state">This shop has nothing for sale right now.</p>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label="Pages of this shop's listings">
          {page > 1 ? (
            <a href={href(slug, q, page - 1)} rel="prev" data-hx-get={href(slug, q, page - 1)} data-hx-target="#shop-listings" data-hx-swap="outerHTML show:#shop-listings:top" data-hx-push-url="true">
              Previous page
            </a>
          ) : (
            ''
          )}
          {page < pages ? (
            <a href={href(slug, q, page + 1)} rel="next" id="shop-next" data-hx-get={href(slug, q, page + 1)} data-hx-target="#shop-listings" data-hx-swap="outerHTML show:#shop-listings:top" data-hx-push-url="true">
              Next page
            </a>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}
    </div>
  );
}
