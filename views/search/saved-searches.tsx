import { paths } from '../../src/paths.js';
import type { SavedSearchRow } from '../../src/search/queries.js';
import { savedSearchUrl } from '../../src/search/saved-searches.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';

/** GET /saved-searches: the buyer's saved searches, each linking back to its results. */
export function SavedSearchesPage(props: { items: SavedSearchRow[]; csrf: string }) {
  return (
    <div class="saved-searches">
      <h1>Saved searches</h1>
      <p class="meta">We notify you when a new listing matches one of these searches.</p>
      {props.items.length === 0 ? (
        <p class="empty">
          No saved searches yet. Run a <a href={paths.search()}>search</a> and save it from the results.
        </p>
      ) : (
        <ul class="stack">
          {props.items.map((s) => (
            <li class="card" id={`saved-search-${s.id}`}>
              <h2 class="saved-search-name">
                <a href={savedSearchUrl(s)} safe>
                  {s.name}
                </a>
              </h2>
              <p class="meta">
                Saved <Time at={s.created_at} />
              </p>
              <form method="post" action={paths.savedSearch(s.id)} class="inline">
                <Csrf token={props.csrf} />
                <input type="hidden" name="_method" value="DELETE" />
                <button type="submit" class="link-button" aria-label={`Delete saved search ${s.name}`}>
                  Delete
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
