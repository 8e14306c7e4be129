import type { Request, Response } from 'express';
import { CategoryPage, SearchPage } from '../../views/search/search-page.js';
import { SearchUpdate, type ResultsProps } from '../../views/search/results.js';
import { services } from '../deps.js';
import { render } from '../http/render.js';
import { coverImages } from '../media/queries.js';
import type { PageContext } from '../../views/layouts/page.js';
import { paths } from '../paths.js';
import type { RawQuery } from './params.js';
import { runSearch, type SearchResult } from './search.js';

export interface SaveState {
  name: string;
  error?: string;
}

/** Renders a search (the search page or a category page), or its htmx update. */
export async function showSearch(req: Request, res: Response, opts: { raw?: RawQuery; status?: number; save?: SaveState } = {}): Promise<void> {
  const db = services(req).db;
  const slug = typeof req.params.slug === 'string' ? req.params.slug : undefined;
  const result: SearchResult = await runSearch(db, opts.raw ?? (req.query as RawQuery), { categorySlug: slug });
  const covers = await coverImages(db, result.items.map((i) => i.id));
  const action = slug ? paths.category(slug) : paths.search();
  const props = (ctx: PageContext): ResultsProps => ({
    result,
    covers,
    action,
    includeCategory: !slug,
    csrf: ctx.user ? ctx.csrf : null,
    signInUrl: `${paths.signIn()}?next=${encodeURIComponent(req.originalUrl)}`,
    save: opts.save,
  });
  // a history restore (back button after htmx pushed the URL) needs the whole page, not the fragment
  if (req.htmx.historyRestore) req.htmx = { ...req.htmx, request: false };
  await render(req, res, {
    title: result.scope ? result.scope.category.name : result.params.q ? `“${result.params.q}”` : 'Search',
    status: opts.status,
    body: (ctx) => (result.scope ? <CategoryPage {...props(ctx)} /> : <SearchPage {...props(ctx)} />),
    fragment: (ctx) => <SearchUpdate {...props(ctx)} />,
  });
}

export const searchController = {
  search: (req: Request, res: Response) => showSearch(req, res),
  category: (req: Request, res: Response) => showSearch(req, res),
};
