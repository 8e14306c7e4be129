import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import { toQueryString } from '../../src/search/params.js';
import type { SearchResult } from '../../src/search/search.js';
import { Csrf } from '../components/field.js';
import { EmptyState } from './empty-state.js';
import { Facets } from './facets.js';
import { ResultCard } from './result-card.js';
import { FIRST_ROW } from '../storefront/listing-tile.js';

export interface ResultsProps {
  result: SearchResult;
  covers: Map<number, ImageView>;
  /** the page the search runs on (/search or a category page) */
  action: string;
  /** the search page carries the category in its query; a category page in its path */
  includeCategory: boolean;
  /** null for visitors: they are asked to sign in to save */
  csrf: string | null;
  signInUrl: string;
  /** the save form's name and error after a refused save */
  save?: { name: string; error?: string };
  /** the words as typed found nothing, and these results are for them spelled right: the typed words and their search */
  corrected?: { typed: string; href: string } | null;
}

export function countText(total: number): string {
  return total === 1 ? '1 listing found' : `${total.toLocaleString('en-GB')} listings found`;
}

/** The announced result count; outside the swapped results so screen readers hear each change. */
export function SearchStatus(props: { total: number; oob?: boolean }) {
  return (
    <p id="search-status" class="search-status" role="status" aria-live="polite" hx-swap-oob={props.oob ? 'true' : undefined} safe>
      {countText(props.total)}
    </p>
  );
}

function pageUrl(props: ResultsProps, extra: Record<string, string>): string {
  const qs = toQueryString(props.result.params, { includeCategory: props.includeCategory, extra });
  return qs ? `${props.action}?${qs}` : props.action;
}

function SaveSearch(props: ResultsProps) {
  const r = props.result;
  const query = toQueryString({ ...r.params, sort: null }, { includeCategory: true });
  if (!props.csrf) {
    return (
      <p class="meta">
        <a href={props.signInUrl}>Sign in</a> to save this search and hear about new matches.
      </p>
    );
  }
  const suggested = props.save?.name ?? (r.params.q || r.scope?.category.name || 'My search').slice(0, 80);
  const error = props.save?.error;
  return (
    <form method="post" action={paths.savedSearches()} class="inline-form save-search">
      <Csrf token={props.csrf} />
      <input type="hidden" name="query" value={query} />
      <div class="field">
        <label for="save-search-name">Save this search as</label>
        <input
          id="save-search-name"
          name="name"
          value={suggested}
          maxlength="80"
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'save-search-name-error' : undefined}
        />
        {error ? (
          <p class="error" id="save-search-name-error" safe>
            {error}
          </p>
        ) : (
          ''
        )}
      </div>
      <button type="submit">Save search</button>
    </form>
  );
}

/** Results, notices and page links: the partial htmx swaps as the search changes. */
export function SearchResults(props: ResultsProps) {
  const r = props.result;
  const notices = Object.values(r.messages);
  const link = (token: string, rel: 'prev' | 'next', label: string) => {
    const url = pageUrl(props, { [rel === 'next' ? 'after' : 'before']: token });
    return (
      <a href={url} rel={rel} hx-get={url} hx-target="#search-results" hx-swap="outerHTML show:#search-results:top" hx-push-url="true" safe>
        {label}
      </a>
    );
  };
  return (
    <section id="search-results" class="search-results" aria-labelledby="search-results-heading">
      <h2 id="search-results-heading" class="visually-hidden">
        Results
      </h2>
      {notices.length ? (
        <div class="notice">
          <p>Some of this search could not be used:</p>
          <ul>
            {notices.map((n) => (
              <li safe>{n}</li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {props.corrected ? (
        <p id="search-corrected" class="notice corrected">
          No listings match “<span safe>{props.corrected.typed}</span>”. Showing results for “<strong safe>{r.params.q}</strong>”.{' '}
          <a href={props.corrected.href} hx-get={props.corrected.href} hx-target="#search-results" hx-swap="outerHTML" hx-push-url="true">
            Search for “<span safe>{props.corrected.typed}</span>” only
          </a>
        </p>
      ) : (
        ''
      )}
      <SaveSearch {...props} />
      {r.items.length === 0 ? (
        <EmptyState params={r.params} suggestions={r.suggestions} action={props.action} includeCategory={props.includeCategory} />
      ) : (
        <ul class="tiles results">
          {r.items.map((item, i) => (
            <ResultCard r={item} cover={props.covers.get(item.id)} eager={i < FIRST_ROW} />
          ))}
        </ul>
      )}
      {r.prev || r.next ? (
        <nav class="pager" aria-label="Result pages">
          {r.prev ? link(r.prev, 'prev', '← Previous') : ''} {r.next ? link(r.next, 'next', 'Next →') : ''}
        </nav>
      ) : (
        ''
      )}
    </section>
  );
}

/** What an htmx search request gets: the results, plus the facets and the count out of band. */
export function SearchUpdate(props: ResultsProps) {
  return (
    <>
      <SearchResults {...props} />
      <Facets facets={props.result.facets} messages={props.result.messages} oob />
      <SearchStatus total={props.result.total} oob />
    </>
  );
}
