import type { Request, Response } from 'express';
import { SavedSearchesPage } from '../../views/search/saved-searches.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { deleteSavedSearch, savedSearchesOf } from './queries.js';
import { rawFromQuery, saveSearch, saveSearchSchema, savedSearchUrl } from './saved-searches.js';
import { showSearch } from './search.controller.js';

export const savedSearchesController = {
  async index(req: Request, res: Response) {
    const items = await savedSearchesOf(services(req).db, req.user!.id);
    await render(req, res, { title: 'Saved searches', body: (ctx) => <SavedSearchesPage items={items} csrf={ctx.csrf} /> });
  },

  /** Saves the search shown on the page; a refusal re-renders that search with the message beside the name. */
  async create(req: Request, res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const raw = rawFromQuery(typeof body.query === 'string' ? body.query.slice(0, 2000) : '');
    const name = typeof body.name === 'string' ? body.name : '';
    const parsed = parseForm(saveSearchSchema, body);
    if (!parsed.ok) return showSearch(req, res, { raw, status: 422, save: { name, error: parsed.errors.name ?? parsed.errors.query } });
    const result = await saveSearch(services(req).db, req.user!.id, parsed.data);
    if (!result.ok) return showSearch(req, res, { raw, status: 422, save: { name, error: result.message } });
    redirect(req, res, savedSearchUrl(result.saved), { kind: 'info', text: `Search saved as “${result.saved.name}”. We will tell you about new listings that match.` });
  },

  async destroy(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id || (await deleteSavedSearch(services(req).db, req.user!.id, id)) === 0) throw notFound('That saved search');
    redirect(req, res, paths.savedSearches(), { kind: 'info', text: 'Saved search deleted.' });
  },
};
