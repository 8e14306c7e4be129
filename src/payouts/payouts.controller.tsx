import type { Request, Response } from 'express';
import { PayoutList, PayoutsPage, type FormState } from '../../views/payouts/payouts.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { IDEMPOTENCY_KEY_FIELD, once, replyStored } from '../http/idempotency.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { balances } from '../ledger/ledger.js';
import { formatMoney } from '../lib/money.js';
import { paths } from '../paths.js';
import { addMethod, methodSchema, removeMethod } from './methods.js';
import { limitsFrom, PayoutRefused, payoutRequestSchema, requestPayout } from './payouts.js';
import { activeMethods, payoutsOf } from './queries.js';

async function showPage(req: Request, res: Response, status = 200, state?: FormState) {
  const { db, config } = services(req);
  const userId = req.user!.id;
  const [wallet, methods, payouts] = await Promise.all([balances(db, userId), activeMethods(db, userId), payoutsOf(db, userId)]);
  await render(req, res, {
    title: 'Payouts',
    status,
    body: (ctx) => <PayoutsPage userId={userId} csrf={ctx.csrf} wallet={wallet} methods={methods} payouts={payouts} limits={limitsFrom(config)} state={state} />,
  });
}

const valuesOf = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && k !== '_csrf' && k !== '_method' && k !== IDEMPOTENCY_KEY_FIELD) out[k] = v;
  }
  return out;
};

/** The person's own payouts and bank accounts; every query is scoped to the signed-in user. */
export const payoutsController = {
  index: (req: Request, res: Response) => showPage(req, res),

  async list(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    const userId = req.user!.id;
    await sendFragment(res, <PayoutList userId={userId} payouts={await payoutsOf(services(req).db, userId)} />);
  },

  async request(req: Request, res: Response) {
    const { db, config } = services(req);
    const parsed = parseForm(payoutRequestSchema, req.body);
    if (!parsed.ok) return showPage(req, res, 422, { form: 'payout', values: valuesOf(req.body), errors: parsed.errors });
    const userId = req.user!.id;
    try {
      const stored = await once(db, { userId, key: req.body?.[IDEMPOTENCY_KEY_FIELD], scope: 'payout.request', params: parsed.data, retentionDays: config.IDEMPOTENCY_RETENTION_DAYS }, async (trx) => {
        const payout = await requestPayout(trx, limitsFrom(config), userId, { methodId: parsed.data.method_id, amount: parsed.data.amount });
        return {
          status: 303,
          redirect: paths.payouts(),
          flash: { kind: 'info', text: `Payout of ${formatMoney(payout.amount, payout.currency)} requested. An admin will review it shortly.` },
        };
      });
      await replyStored(req, res, stored);
    } catch (err) {
      if (!(err instanceof PayoutRefused)) throw err;
      await showPage(req, res, 422, { form: 'payout', values: valuesOf(req.body), errors: { [err.field]: err.message } });
    }
  },

  async addMethod(req: Request, res: Response) {
    const parsed = parseForm(methodSchema, req.body);
    if (!parsed.ok) return showPage(req, res, 422, { form: 'method', values: valuesOf(req.body), errors: parsed.errors });
    const result = await addMethod(services(req).db, req.user!.id, parsed.data);
    if (!result.ok) return showPage(req, res, 422, { form: 'method', values: valuesOf(req.body), errors: { [result.field]: result.message } });
    redirect(req, res, paths.payouts(), { kind: 'info', text: 'Bank account saved.' });
  },

  async removeMethod(req: Request, res: Response) {
    const id = idParam(req.params.id);
    // another person's account is indistinguishable from a missing one
    if (!id || !(await removeMethod(services(req).db, req.user!.id, id))) throw notFound('That bank account');
    redirect(req, res, paths.payouts(), { kind: 'info', text: 'Bank account removed.' });
  },
};
