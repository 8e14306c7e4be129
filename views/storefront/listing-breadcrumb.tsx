import { paths } from '../../src/paths.js';
import type { CategoryCrumb } from '../../src/storefront/queries.js';

/** Home, the listing's category and its ancestors, then the listing. */
export function ListingBreadcrumb(props: { trail: CategoryCrumb[]; title: string }) {
  return (
    <nav aria-label="Breadcrumb" class="breadcrumb">
      <ol>
        <li>
          <a href={paths.home()}>Home</a>
        </li>
        {props.trail.map((c) => (
          <li>
            <a href={paths.category(c.slug)} safe>
              {c.name}
            </a>
          </li>
        ))}
        <li aria-current="page" safe>
          {props.title}
        </li>
      </ol>
    </nav>
  );
}
