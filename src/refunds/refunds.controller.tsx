import type { Request, Response } from 'express';
import { AdminRefundsPage, RefundReceipt, type RefundFormState } from '../../views/refunds/refunds.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { IDEMPOTENCY_KEY_FIELD, once, replyStored } from '../http/idempotency.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { balances } from '../ledger/ledger.js';
import { formatMoney } from '../lib/money.js';
import { gatewayFor } from '../payments/gateway.js';
import { noteWebOrigin } from '../payments/local-events.js';
import { paths } from '../paths.js';
import { findUser, ownRefund, recentRefunds, refundableTopups, type RefundUser } from './queries.js';
import { issueRefund, RefundRefused, refundSchema, sendCardRefund } from './refunds.js';

const personUrl = (userId: number) => `${paths.adminRefunds()}?user=${userId}`;

const valuesOf = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && k !== '_csrf' && k !== IDEMPOTENCY_KEY_FIELD) out[k] = v;
  }
  return out;
};

async function showAdmin(req: Request, res: Response, query: string, status = 200, state?: RefundFormState) {
  const db = services(req).db;
  let person: { user: RefundUser; available: number; currency: string; topups: Awaited<ReturnType<typeof refundableTopups>> } | undefined;
  let lookupError: string | undefined;
  if (query) {
    const user = await findUser(db, query);
    if (user) {
      const [wallet, topups] = await Promise.all([balances(db, user.id), refundableTopups(db, user.id)]);
      person = { user, available: wallet.available, currency: wallet.currency, topups };
    } else {
      lookupError = 'Nobody has that email or user id.';
    }
  }
  const refunds = await recentRefunds(db, { userId: person?.user.id });
  await render(req, res, {
    title: 'Refunds',
    status,
    body: (ctx) => <AdminRefundsPage csrf={ctx.csrf} query={query} lookupError={lookupError} person={person} refunds={refunds} state={state} />,
  });
}

export const refundsController = {
  index(req: Request, res: Response) {
    const q = typeof req.query.user === 'string' ? req.query.user.trim().slice(0, 254) : '';
    return showAdmin(req, res, q);
  },

  async create(req: Request, res: Response) {
    const s = services(req);
    const values = valuesOf(req.body);
    const parsed = parseForm(refundSchema, req.body);
    if (!parsed.ok) return showAdmin(req, res, values.user_id ?? '', 422, { values, errors: parsed.errors });
    const input = parsed.data;
    if (!(await findUser(s.db, String(input.user_id)))) return showAdmin(req, res, '', 422, { values, errors: { form: 'That person no longer exists.' } });
    const adminId = req.user!.id;
    let refundId: number | null = null;
    try {
      const stored = await once(s.db, { userId: adminId, key: req.body?.[IDEMPOTENCY_KEY_FIELD], scope: 'refund.issue', params: input, retentionDays: s.config.IDEMPOTENCY_RETENTION_DAYS }, async (trx) => {
        const refund = await issueRefund(trx, adminId, input);
        refundId = refund.id;
        const amount = formatMoney(refund.amount, refund.currency);
        return {
          status: 303,
          redirect: personUrl(input.user_id),
          flash: { kind: 'info', text: refund.destination === 'card' ? `Refund of ${amount} sent back to the card.` : `Refunded ${amount} to the person’s wallet.` },
        };
      });
      if (refundId !== null && !stored.replayed && input.destination !== 'wallet') {
        // the local gateway answers by webhook too: tell it where this web process listens
        void noteWebOrigin(req, s.config, s.redis).catch(() => {});
        const sent = await sendCardRefund(s.db, gatewayFor(s.config, s), refundId).catch(() => undefined);
        if (sent?.status === 'failed') {
          return redirect(req, res, personUrl(input.user_id), { kind: 'error', text: `The gateway refused the card refund (${sent.failure_reason ?? 'no reason given'}). The money is back in the person’s wallet.` });
        }
        if (!sent || sent.status === 'pending') {
          return redirect(req, res, personUrl(input.user_id), { kind: 'info', text: 'The card refund is on its way; its status updates here when the gateway confirms it.' });
        }
      }
      await replyStored(req, res, stored);
    } catch (err) {
      if (!(err instanceof RefundRefused)) throw err;
      await showAdmin(req, res, String(input.user_id), 422, { values, errors: { [err.field]: err.message } });
    }
  },

  async receipt(req: Request, res: Response) {
    const id = idParam(req.params.id);
    const userId = req.user!.id;
    // someone else's receipt is indistinguishable from a missing one, for admins too: they have the admin page
    const refund = id ? await ownRefund(services(req).db, userId, id) : undefined;
    if (!refund) throw notFound('That receipt');
    res.set('Cache-Control', 'no-store');
    await render(req, res, { title: 'Refund receipt', body: () => <RefundReceipt refund={refund} userId={userId} /> });
  },
};
