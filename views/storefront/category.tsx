import { paths } from '../../src/paths.js';
import type { ResultsProps } from '../search/results.js';
import { SearchLayout } from '../search/search-page.js';

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
    <SearchLayout {...props} heading={scope.category.name}>
      {intro}
    </SearchLayout>
  );
}
