import type { Request, Response } from 'express';
import { SynonymsPage, type SynonymFormState } from '../../views/search/synonyms.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { synonymGroups } from './queries.js';
import { createSynonymGroup, editSynonymGroup, removeSynonymGroup, synonymSchema } from './synonyms.js';

async function showList(req: Request, res: Response, status = 200, state?: SynonymFormState) {
  const groups = await synonymGroups(services(req).db);
  await render(req, res, { title: 'Search synonyms', status, body: (ctx) => <SynonymsPage groups={groups} csrf={ctx.csrf} state={state} /> });
}

function groupId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That synonym group');
  return id;
}

const termsOf = (body: unknown): string => {
  const v = (body as Record<string, unknown> | undefined)?.terms;
  return typeof v === 'string' ? v : '';
};

/** The admins' synonym groups: list, add, edit, remove (each change moves the search generation). */
export const synonymsController = {
  index: (req: Request, res: Response) => showList(req, res),

  async create(req: Request, res: Response) {
    const parsed = parseForm(synonymSchema, req.body);
    if (!parsed.ok) return showList(req, res, 422, { form: 'create', value: termsOf(req.body), error: parsed.errors.terms ?? Object.values(parsed.errors)[0] });
    const result = await createSynonymGroup(services(req).db, req.user!.id, parsed.data.terms);
    if (!result.ok) return showList(req, res, 422, { form: 'create', value: parsed.data.terms, error: result.message });
    redirect(req, res, paths.adminSynonyms(), { kind: 'info', text: `Synonyms “${result.group.terms.join(', ')}” added.` });
  },

  async update(req: Request, res: Response) {
    const id = groupId(req);
    const parsed = parseForm(synonymSchema, req.body);
    if (!parsed.ok) return showList(req, res, 422, { form: id, value: termsOf(req.body), error: parsed.errors.terms ?? Object.values(parsed.errors)[0] });
    const result = await editSynonymGroup(services(req).db, req.user!.id, id, parsed.data.terms);
    if (!result) throw notFound('That synonym group');
    if (!result.ok) return showList(req, res, 422, { form: id, value: parsed.data.terms, error: result.message });
    redirect(req, res, paths.adminSynonyms(), { kind: 'info', text: `Synonyms “${result.group.terms.join(', ')}” saved.` });
  },

  async destroy(req: Request, res: Response) {
    const removed = await removeSynonymGroup(services(req).db, req.user!.id, groupId(req));
    if (!removed) throw notFound('That synonym group');
    redirect(req, res, paths.adminSynonyms(), { kind: 'info', text: `Synonyms “${removed.terms.join(', ')}” removed.` });
  },
};
