import type { Request, Response } from 'express';
import { AdminPayoutsPage, PayoutQueue } from '../../views/payouts/admin.js';
import { Flash } from '../../views/layouts/page.js';
import { services } from '../deps.js';
import { noteWebOrigin } from '../payments/local-events.js';
import { notFound } from '../http/errors.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm, type FieldErrors } from '../http/validate.js';
import { paths } from '../paths.js';
import { approvePayout, rejectPayout, rejectionSchema, type DecideResult } from './payouts.js';
import { payoutQueue, recentlyDecided } from './queries.js';

async function showQueue(req: Request, res: Response, status = 200, errorsFor?: { id: number; errors: FieldErrors }) {
  const db = services(req).db;
  const [waiting, decided] = await Promise.all([payoutQueue(db), recentlyDecided(db)]);
  await render(req, res, {
    title: 'Payouts',
    status,
    body: (ctx) => <AdminPayoutsPage waiting={waiting} decided={decided} csrf={ctx.csrf} errorsFor={errorsFor} />,
    fragment: (ctx) => (
      <>
        <PayoutQueue waiting={waiting} csrf={ctx.csrf} errorsFor={errorsFor} />
        {ctx.flash ? <Flash flash={ctx.flash} oob /> : ''}
      </>
    ),
  });
}

async function afterDecision(req: Request, res: Response, result: DecideResult, done: string) {
  if (!result.ok) {
    req.session.flash = { kind: 'error', text: result.message };
    if (req.htmx.request) return showQueue(req, res, 409);
    return redirect(req, res, paths.adminPayouts());
  }
  if (req.htmx.request) {
    req.session.flash = { kind: 'info', text: done };
    return showQueue(req, res);
  }
  redirect(req, res, paths.adminPayouts(), { kind: 'info', text: done });
}

function payoutId(req: Request): number {
  const id = idParam(req.params.id);
  if (!id) throw notFound('That payout');
  return id;
}

export const adminPayoutsController = {
  index: (req: Request, res: Response) => showQueue(req, res),

  async approve(req: Request, res: Response) {
    const s = services(req);
    // the local gateway answers this payout by webhook: tell it where this web process listens
    void noteWebOrigin(req, s.config, s.redis).catch(() => {});
    const result = await approvePayout(services(req).db, req.user!.id, payoutId(req));
    await afterDecision(req, res, result, 'Payout approved; it is being sent.');
  },

  async reject(req: Request, res: Response) {
    const id = payoutId(req);
    const parsed = parseForm(rejectionSchema, req.body);
    if (!parsed.ok) return showQueue(req, res, 422, { id, errors: parsed.errors });
    const result = await rejectPayout(services(req).db, req.user!.id, id, parsed.data.reason);
    await afterDecision(req, res, result, 'Payout rejected; the money is back in the person’s wallet.');
  },
};
