import type { Request, Response } from 'express';
import { ReconciliationPage, RunList, RunPage } from '../../views/payouts/reconciliation.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { paths } from '../paths.js';
import { findRun, mismatchesOf, recentRuns, requestRun, runSchema } from './reconciliation.js';

async function showPage(req: Request, res: Response, status = 200, form?: { values: Record<string, string>; errors: FieldErrors }) {
  const runs = await recentRuns(services(req).db);
  await render(req, res, {
    title: 'Reconciliation',
    status,
    body: (ctx) => <ReconciliationPage runs={runs} csrf={ctx.csrf} today={clock.now().toISOString().slice(0, 10)} values={form?.values} errors={form?.errors} />,
  });
}

export const reconciliationController = {
  index: (req: Request, res: Response) => showPage(req, res),

  async runs(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <RunList runs={await recentRuns(services(req).db)} />);
  },

  async run(req: Request, res: Response) {
    const db = services(req).db;
    const id = idParam(req.params.id);
    const run = id ? await findRun(db, id) : undefined;
    if (!run) throw notFound('That reconciliation run');
    const mismatches = await mismatchesOf(db, run.id);
    await render(req, res, { title: `Reconciliation run ${run.id}`, body: () => <RunPage run={run} mismatches={mismatches} /> });
  },

  async start(req: Request, res: Response) {
    const parsed = parseForm(runSchema, req.body);
    if (!parsed.ok) return showPage(req, res, 422, { values: parsed.values, errors: parsed.errors });
    const run = await requestRun(services(req).db, req.user!.id, parsed.data.day);
    redirect(req, res, paths.adminReconciliation(), { kind: 'info', text: `Run #${run.id} started; its result appears below.` });
  },
};
