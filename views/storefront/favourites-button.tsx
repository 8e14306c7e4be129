import type { CurrentUser } from '../../src/accounts/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';

/**
 * The viewer's favourite toggle for one listing (stable id `favourite-<id>`).
 * A plain form that redirects back to `back`; htmx swaps just this box.
 */
export function FavouriteButton(props: { listingId: number; viewer: CurrentUser | null; favourite: boolean; csrf: string; back: string }) {
  const id = props.listingId;
  if (!props.viewer) {
    return (
      <div id={`favourite-${id}`} class="favourite">
        <a href={`${paths.signIn()}?next=${encodeURIComponent(props.back)}`}>Sign in to save this listing to your favourites</a>
      </div>
    );
  }
  const action = paths.listingFavourite(id);
  return (
    <div id={`favourite-${id}`} class="favourite" data-favourite={props.favourite ? 'yes' : 'no'}>
      <form method="post" action={action} hx-post={action} hx-target={`#favourite-${id}`} hx-swap="outerHTML" class="inline">
        <Csrf token={props.csrf} />
        {props.favourite ? <input type="hidden" name="_method" value="DELETE" /> : ''}
        <input type="hidden" name="back" value={props.back} />
        <button type="submit" id={`favourite-button-${id}`}>
          {props.favourite ? 'Remove from favourites' : 'Add to favourites'}
        </button>
      </form>
      {props.favourite ? (
        <span class="meta">
          {' '}
          In your <a href={paths.favourites()}>favourites</a>.
        </span>
      ) : (
        ''
      )}
    </div>
  );
}
