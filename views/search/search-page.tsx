import type { PropsWithChildren } from '@kitajs/html';
import type { SearchResult } from '../../src/search/search.js';
import { SearchForm } from './search-form.js';
import { SearchResults, SearchStatus, type ResultsProps } from './results.js';

/** The search form, its status line and results under a heading (the search page, and category pages around it). */
export function SearchLayout(props: PropsWithChildren<ResultsProps & { heading: string }>) {
  const r: SearchResult = props.result;
  return (
    <div class="search-page">
      <h1 safe>{props.heading}</h1>
      {props.children}
      {/* the form (words, then filters) beside the results on wide screens, above them on phones */}
      <div class="search-layout">
        <SearchForm action={props.action} params={r.params} sort={r.sort} messages={r.messages} facets={r.facets} categories={props.includeCategory ? r.categories : undefined} />
        <div class="search-main">
          <SearchStatus total={r.total} />
          <SearchResults {...props} />
        </div>
      </div>
    </div>
  );
}

/** GET /search */
export function SearchPage(props: ResultsProps) {
  return <SearchLayout {...props} heading="Search listings" />;
}
