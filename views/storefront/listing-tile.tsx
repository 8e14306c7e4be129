import type { PropsWithChildren } from '@kitajs/html';
import type { ImageView } from '../../src/media/queries.js';
import type { TileRow } from '../../src/storefront/queries.js';
import { listingHref, tilePrice } from './listing-price.js';

/**
 * One listing in a grid: its cover, title, price and place; a running promotion is labelled.
 * `eager`: the tile is in the first row a phone shows, so its cover is fetched at once rather than after layout.
 */
export function ListingTile(props: PropsWithChildren<{ tile: TileRow; cover?: ImageView; eager?: boolean }>) {
  const t = props.tile;
  return (
    <li class={t.promoted ? 'tile tile-promoted' : 'tile'} id={`tile-${t.id}`} data-listing-id={String(t.id)}>
      <a href={listingHref(t)} class="tile-link">
        {props.cover ? <img src={props.cover.thumbUrl} alt="" width={String(props.cover.width)} height={String(props.cover.height)} loading={props.eager ? 'eager' : 'lazy'} /> : ''}
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

/** How many tiles a phone shows in a grid's first row. */
export const FIRST_ROW = 2;

/** A grid of listing tiles. `top`: the grid opens the page, so the covers of its first row load at once. */
export function ListingTiles(props: { tiles: TileRow[]; covers: Map<number, ImageView>; label: string; id?: string; top?: boolean }) {
  return (
    <ul class="tiles" id={props.id} aria-label={props.label}>
      {props.tiles.map((t, i) => (
        <ListingTile tile={t} cover={props.covers.get(t.id)} eager={props.top === true && i < FIRST_ROW} />
      ))}
    </ul>
  );
}
