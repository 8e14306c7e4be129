import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import type { CategoryCrumb, ListingPageRow, TileRow } from '../../src/storefront/queries.js';
import { Time } from '../components/time.js';
import { Gallery } from '../media/gallery.js';
import { ListingBreadcrumb } from './listing-breadcrumb.js';
import { ListingTiles } from './listing-tile.js';
import { SellerCard } from './seller-card.js';

export interface EndedListingProps {
  listing: ListingPageRow;
  images: ImageView[];
  trail: CategoryCrumb[];
  sellerLive: number;
  similar: TileRow[];
  covers: Map<number, ImageView>;
}

/**
 * What a buyer sees at the address of a listing whose listing period is over:
 * what it was and who sold it, nothing to buy, ask or report, and where to look
 * instead (similar listings and its category).
 */
export function EndedListingPage(props: EndedListingProps) {
  const l = props.listing;
  const category = props.trail[props.trail.length - 1];
  return (
    <article class="listing listing-ended" id={`listing-${l.id}`} data-kind={l.kind} data-status="ended">
      <ListingBreadcrumb trail={props.trail} title={l.title} />
      <div class="notice ended" id="listing-ended" role="status">
        <p>
          <strong>This listing has ended.</strong>
        </p>
        <p>
          {l.expires_at ? (
            <>
              It ended <Time at={l.expires_at} /> and can no longer be bought.{' '}
            </>
          ) : (
            'It can no longer be bought. '
          )}
          {category ? (
            <>
              Browse <a href={paths.category(category.slug)} safe>{category.name}</a> or <a href={paths.search()}>search</a> for something like it.
            </>
          ) : (
            <a href={paths.search()}>Search for something like it.</a>
          )}
        </p>
      </div>
      <h1 safe>{l.title}</h1>
      <Gallery listingId={l.id} title={l.title} images={props.images} />
      <SellerCard listing={l} live={props.sellerLive} />
      {props.similar.length > 0 ? (
        <section aria-labelledby={`similar-${l.id}`}>
          <h2 id={`similar-${l.id}`}>Similar listings</h2>
          <ListingTiles tiles={props.similar} covers={props.covers} label="Similar listings" id="similar" />
        </section>
      ) : (
        ''
      )}
    </article>
  );
}
