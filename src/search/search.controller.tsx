import type { Request, Response } from 'express';
import { SearchPage } from '../../views/search/search-page.js';
import { SearchUpdate, type ResultsProps } from '../../views/search/results.js';
import { services } from '../deps.js';
import { render, type RenderedHtml } from '../http/render.js';
import type { PageContext } from '../../views/layouts/page.js';
import { paths } from '../paths.js';
import { toQueryString, type RawQuery } from './params.js';
import { visitorPageKey } from './kept-pages.js';
import { autoCorrection, loadCatalog, runSearch } from './search.js';
import { completions } from './suggestions.js';
import { CompletionOptions, CompletionsPage } from '../../views/search/completions.js';

export interface SaveState {
  name: string;
  error?: string;
}

/** A search scoped to one category, shown by the page that owns the category's URL (the storefront's category page). */
export interface CategoryScopePage {
  slug: string;
  /** the category's URL, where the search form submits */
  action: string;
  page: (props: ResultsProps) => JSX.Element;
}

/** Renders a search (the search page, or a category's page when `category` is given), or its htmx update. */
export async function showSearch(
  req: Request,
  res: Response,
  opts: { raw?: RawQuery; status?: number; save?: SaveState; category?: CategoryScopePage } = {},
): Promise<void> {
  const s = services(req);
  const cache = s.searchCache.enabled ? s.searchCache : null;
  const slug = opts.category?.slug;
  // a history restore (back button after htmx pushed the URL) needs the whole page, not the fragment
  if (req.htmx.historyRestore) req.htmx = { ...req.htmx, request: false };
  // what a visitor without a session sees depends only on the data and the URL (signed in, the
  // results carry the user's CSRF token; a replayed form carries its input): such pages are kept
  const shared = cache !== null && !req.user && !opts.save && !opts.raw && req.method === 'GET' && req.originalUrl.length <= 2000;
  const pageKey = visitorPageKey(req);
  const generation = cache ? await cache.generation() : undefined;
  const kept = shared && generation !== undefined ? cache.page(generation, pageKey) : undefined;
  if (kept) {
    await render(req, res, { title: kept.title, tag: kept.tag, body: () => kept.html });
    return;
  }

  const raw = opts.raw ?? (req.query as RawQuery);
  const action = opts.category?.action ?? paths.search();
  let { result, covers, freshness } = await runSearch(s.db, raw, { categorySlug: slug, cache, generation });
  // words that find nothing, but spelled as listings spell them do: that search is shown, with the way back
  let corrected: ResultsProps['corrected'] = null;
  const fix = autoCorrection(result, raw);
  if (fix) {
    // the query as it came (repeated filter values kept), with the words corrected
    const again = await runSearch(s.db, { ...raw, q: fix.q }, { categorySlug: slug, cache, generation });
    if (again.result.total > 0) {
      const qs = toQueryString(result.params, { includeCategory: !slug, extra: { exact: '1' } });
      corrected = { typed: result.params.q, href: `${action}?${qs}` };
      ({ result, covers, freshness } = again);
    }
  }
  const props = (ctx: PageContext): ResultsProps => ({
    result,
    covers,
    action,
    includeCategory: !slug,
    csrf: ctx.user ? ctx.csrf : null,
    signInUrl: `${paths.signIn()}?next=${encodeURIComponent(req.originalUrl)}`,
    save: opts.save,
    corrected,
  });
  const title = result.scope ? result.scope.category.name : result.params.q ? `“${result.params.q}”` : 'Search';
  const keep = (view: JSX.Element): JSX.Element | RenderedHtml => {
    if (!shared || !freshness || typeof view !== 'string') return view;
    // kept as bytes: sent as they are, never built into a string again
    const html = Buffer.from(view, 'utf8');
    cache.keepPage(pageKey, freshness, { title, html });
    return html;
  };
  await render(req, res, {
    title,
    status: opts.status,
    body: (ctx) => keep(opts.category && result.scope ? opts.category.page(props(ctx)) : <SearchPage {...props(ctx)} />),
    fragment: (ctx) => keep(<SearchUpdate {...props(ctx)} />),
  });
}

export const searchController = {
  search: (req: Request, res: Response) => showSearch(req, res),

  /** GET /search/completions?q=…: the datalist's options for htmx, a page of links otherwise. */
  async completions(req: Request, res: Response) {
    const s = services(req);
    const raw = Array.isArray(req.query.q) ? req.query.q[0] : req.query.q;
    const q = typeof raw === 'string' ? raw.slice(0, 200) : '';
    const cache = s.searchCache.enabled ? s.searchCache : null;
    const generation = cache ? await cache.generation() : 0;
    const load = async () => {
      const catalog = cache ? await cache.catalog(generation, () => loadCatalog(s.db)) : await loadCatalog(s.db);
      return { items: await completions(s.db, q, catalog.options), validUntil: Infinity };
    };
    const { items } = cache ? await cache.get(generation, `completions\n${q.toLowerCase()}`, load) : await load();
    await render(req, res, {
      title: 'Suggestions',
      body: () => <CompletionsPage q={q} items={items} />,
      fragment: () => <CompletionOptions items={items} />,
    });
  },
};
