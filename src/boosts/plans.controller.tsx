import type { Request, Response } from 'express';
import { PlanPage, PlansPage, type PlanFormState } from '../../views/boosts/plans.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { paths } from '../paths.js';
import { createPlan, editPlan, planSchema, retire } from './plans.js';
import { allPlans, findPlan } from './queries.js';

const valuesOf = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== '_method') out[k] = v;
  return out;
};

async function showList(req: Request, res: Response, status = 200, state?: PlanFormState) {
  const plans = await allPlans(services(req).db);
  await render(req, res, { title: 'Boost plans', status, body: (ctx) => <PlansPage plans={plans} csrf={ctx.csrf} state={state} /> });
}

async function showPlan(req: Request, res: Response, id: number, status = 200, state?: PlanFormState) {
  const plan = await findPlan(services(req).db, id);
  if (!plan || plan.retired_at) throw notFound('That boost plan');
  await render(req, res, { title: plan.name, status, body: (ctx) => <PlanPage plan={plan} csrf={ctx.csrf} state={state} /> });
}

function planId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That boost plan');
  return id;
}

export const plansController = {
  index: (req: Request, res: Response) => showList(req, res),

  show: (req: Request, res: Response) => showPlan(req, res, planId(req)),

  async create(req: Request, res: Response) {
    const parsed = parseForm(planSchema, req.body);
    if (!parsed.ok) return showList(req, res, 422, { values: parsed.values, errors: parsed.errors });
    const result = await createPlan(services(req).db, req.user!.id, parsed.data);
    if (!result.ok) return showList(req, res, 422, { values: valuesOf(req.body), errors: { [result.field]: result.message } });
    redirect(req, res, paths.adminBoostPlans(), { kind: 'info', text: `Plan “${result.plan.name}” created.` });
  },

  async update(req: Request, res: Response) {
    const id = planId(req);
    const parsed = parseForm(planSchema, req.body);
    if (!parsed.ok) return showPlan(req, res, id, 422, { values: valuesOf(req.body), errors: parsed.errors });
    const result = await editPlan(services(req).db, req.user!.id, id, parsed.data);
    if (!result.ok) return showPlan(req, res, id, 422, { values: valuesOf(req.body), errors: { [result.field]: result.message } });
    redirect(req, res, paths.adminBoostPlans(), { kind: 'info', text: `Plan “${result.plan.name}” saved.` });
  },

  async retire(req: Request, res: Response) {
    const result = await retire(services(req).db, req.user!.id, planId(req));
    if (!result.ok) return redirect(req, res, paths.adminBoostPlans(), { kind: 'error', text: result.message });
    redirect(req, res, paths.adminBoostPlans(), { kind: 'info', text: `Plan “${result.plan.name}” retired.` });
  },
};
