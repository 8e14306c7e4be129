import type { PropsWithChildren } from '@kitajs/html';
import type { ImageView } from '../../src/media/queries.js';
import type { TileRow } from '../../src/storefront/queries.js';
import { listingHref, tilePrice } from './listing-price.js';

/** One listing in a grid: its cover, title, price and place; a running promotion is labelled. */
export function ListingTile(props: PropsWithChildren<{ tile: TileRow; cover?: ImageView }>) {
  const t = props.tile;
  return (
    <li class={t.promoted ? 'tile tile-promoted' : 'tile'} id={`tile-${t.id}`} data-listing-id={String(t.id)}>
      <a href={listingHref(t)} class="tile-link">
        {props.cover ? <img src={props.cover.thumbUrl} alt="" width={String(props.cover.width)} height={String(props.cover.height)} loading="lazy" /> : ''}
        <span class="tile-title" safe>
          {t.title}
        </span>
      </a>
      {t.promoted ? <span class="promoted-badge">Promoted</span> : ''}
      <span class="tile-price" safe>
        {tilePrice(t)}
      </span>
      {t.city ? (
        <span class="meta tile-city" safe>
          {t.city}
        </span>
      ) : (
        ''
      )}
      {props.children}
    </li>
  );
}

/** A grid of listing tiles. */
export function ListingTiles(props: { tiles: TileRow[]; covers: Map<number, ImageView>; label: string; id?: string }) {
  return (
    <ul class="tiles" id={props.id} aria-label={props.label}>
      {props.tiles.map((t) => (
        <ListingTile tile={t} cover={props.covers.get(t.id)} />
      ))}
    </ul>
  );
}
