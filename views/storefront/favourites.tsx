import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import type { FavouriteRow } from '../../src/storefront/queries.js';
import { Csrf } from '../components/field.js';
import { ListingTile } from './listing-tile.js';

function RemoveFavourite(props: { listingId: number; csrf: string }) {
  return (
    <form method="post" action={paths.listingFavourite(props.listingId)} class="inline">
      <Csrf token={props.csrf} />
      <input type="hidden" name="_method" value="DELETE" />
      <input type="hidden" name="back" value={paths.favourites()} />
      <button type="submit" class="link-button">
        Remove
      </button>
    </form>
  );
}

/** A favourite whose listing is gone from public view: greyed, not linked, still removable. */
function UnavailableFavourite(props: { row: FavouriteRow; csrf: string }) {
  const r = props.row;
  return (
    <li class="tile tile-unavailable" id={`tile-${r.id}`} data-listing-id={String(r.id)} aria-disabled="true">
      <span class="tile-title" safe>
        {r.title}
      </span>
      <span class="unavailable">No longer available</span>
      <RemoveFavourite listingId={r.id} csrf={props.csrf} />
    </li>
  );
}

/** The signed-in user's watchlist. */
export function FavouritesPage(props: { rows: FavouriteRow[]; covers: Map<number, ImageView>; csrf: string }) {
  return (
    <section>
      <h1>Favourites</h1>
      {props.rows.length === 0 ? (
        <p class="empty">
          Nothing here yet. Use “Add to favourites” on a listing to keep it here. <a href={paths.home()}>Browse listings</a>
        </p>
      ) : (
        <ul class="tiles" id="favourites" aria-label="Your favourite listings">
          {props.rows.map((r) => (r.live ? (
              <ListingTile tile={r} cover={props.covers.get(r.id)}>
                <RemoveFavourite listingId={r.id} csrf={props.csrf} />
              </ListingTile>
            ) : <UnavailableFavourite row={r} csrf={props.csrf} />))}
        </ul>
      )}
    </section>
  );
}
