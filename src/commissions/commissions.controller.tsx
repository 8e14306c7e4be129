import type { Request, Response } from 'express';
import { CommissionRulesPage, type RuleFormState } from '../../views/commissions/rules.js';
import { allCategories } from '../catalog/queries.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { activeRuleViews } from './queries.js';
import { createRule, retire, ruleSchema } from './rules.js';

const valuesOf = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== '_method') out[k] = v;
  return out;
};

async function showList(req: Request, res: Response, status = 200, state?: RuleFormState) {
  const db = services(req).db;
  const [rules, categories] = await Promise.all([activeRuleViews(db), allCategories(db)]);
  await render(req, res, { title: 'Commissions', status, body: (ctx) => <CommissionRulesPage rules={rules} categories={categories} csrf={ctx.csrf} state={state} /> });
}

export const commissionsController = {
  index: (req: Request, res: Response) => showList(req, res),

  async create(req: Request, res: Response) {
    const parsed = parseForm(ruleSchema, req.body);
    if (!parsed.ok) return showList(req, res, 422, { values: parsed.values, errors: parsed.errors });
    const result = await createRule(services(req).db, req.user!.id, parsed.data);
    if (!result.ok) return showList(req, res, 422, { values: valuesOf(req.body), errors: { [result.field]: result.message } });
    redirect(req, res, paths.adminCommissions(), { kind: 'info', text: 'Commission rule created. It applies to sales from now on.' });
  },

  async retire(req: Request, res: Response) {
    const id = idParam(req.params.id);
    if (!id) throw notFound('That commission rule');
    const result = await retire(services(req).db, req.user!.id, id);
    if (!result.ok && result.field === 'id') throw notFound('That commission rule');
    if (!result.ok) return redirect(req, res, paths.adminCommissions(), { kind: 'error', text: result.message });
    redirect(req, res, paths.adminCommissions(), { kind: 'info', text: 'Commission rule retired. It no longer applies to new sales.' });
  },
};
