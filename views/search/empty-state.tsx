import { paths } from '../../src/paths.js';
import { toQueryString, type SearchParams } from '../../src/search/params.js';
import type { SearchSuggestions } from '../../src/search/suggestions.js';

const listings = (n: number) => (n === 1 ? '1 listing' : `${n.toLocaleString('en-GB')} listings`);

/**
 * What a search that found nothing offers: the words spelled as known listings spell them,
 * and the same search with a filter taken away, each with what it would find.
 */
export function EmptyState(props: {
  params: SearchParams;
  suggestions: SearchSuggestions | null;
  /** where the search runs (/search or a category page) */
  action: string;
  includeCategory: boolean;
}) {
  const s = props.suggestions;
  const url = (params: SearchParams) => {
    // taking the category away leaves its page for the search page
    const onSearchPage = props.includeCategory || params.category === null;
    const qs = toQueryString(params, { includeCategory: onSearchPage });
    const base = onSearchPage && !props.includeCategory ? paths.search() : props.action;
    return qs ? `${base}?${qs}` : base;
  };
  const link = (href: string, label: string) => (
    <a href={href} hx-get={href} hx-target="#search-results" hx-swap="outerHTML" hx-push-url="true" safe>
      {label}
    </a>
  );
  return (
    <div id="search-empty" class="empty-state">
      <p class="empty">No listings match this search.</p>
      {s?.didYouMean ? (
        <p class="did-you-mean">
          Did you mean {link(url(s.didYouMean.params), s.didYouMean.q)}? <span class="count" safe>{`(${listings(s.didYouMean.total)})`}</span>
        </p>
      ) : (
        ''
      )}
      {s?.relaxed.length ? (
        <>
          <p>The same search finds more with fewer filters:</p>
          <ul class="relaxed">
            {s.relaxed.map((r) => (
              <li>{link(url(r.params), `${listings(r.total)} ${r.label}`)}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {!s?.didYouMean && !s?.relaxed.length ? <p>Try other words, fewer words, or a broader category.</p> : ''}
    </div>
  );
}
