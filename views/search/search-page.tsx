import type { PropsWithChildren } from '@kitajs/html';
import { paths } from '../../src/paths.js';
import type { SearchResult } from '../../src/search/search.js';
import { SearchForm } from './search-form.js';
import { SearchResults, SearchStatus, type ResultsProps } from './results.js';

function Layout(props: PropsWithChildren<ResultsProps & { heading: string }>) {
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
  return <Layout {...props} heading="Search listings" />;
}

/** GET /c/:slug — the search scoped to one category, with its place in the tree. */
export function CategoryPage(props: ResultsProps) {
  const scope = props.result.scope!;
  const intro = (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <ol>
          <li>
            <a href={paths.search()}>All categories</a>
          </li>
          {scope.trail.map((c) => (
            <li>
              <a href={paths.category(c.slug)} safe>
                {c.name}
              </a>
            </li>
          ))}
          <li aria-current="page" safe>
            {scope.category.name}
          </li>
        </ol>
      </nav>
      {scope.children.length ? (
        <nav aria-label="Subcategories" class="subcategories">
          <ul>
            {scope.children.map((c) => (
              <li>
                <a href={paths.category(c.slug)} safe>
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
    </>
  );
  return (
    <Layout {...props} heading={scope.category.name}>
      {intro}
    </Layout>
  );
}
