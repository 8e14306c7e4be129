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
      <SearchForm action={props.action} params={r.params} sort={r.sort} messages={r.messages} facets={r.facets} categories={props.includeCategory ? r.categories : undefined} />
      <SearchStatus total={r.total} />
      <SearchResults {...props} />
    </div>
  );
}

/** GET /search */
export function SearchPage(props: ResultsProps) {
  return <SearchLayout {...props} heading="Search listings" />;
}
