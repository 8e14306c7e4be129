import type { Request, Response } from 'express';
import { BalancesPanel } from '../../views/wallets/balances.js';
import { WalletBalance } from '../../views/wallets/balance-badge.js';
import { TopupPage, TopupStatus, type GatewayPeek } from '../../views/wallets/topup.js';
import { WalletPage, type TopupFormState } from '../../views/wallets/wallet.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { CONFLICT_MESSAGE, isExpiredKey, once, replyStored } from '../http/idempotency.js';
import { render, sendFragment } from '../http/render.js';
import { parseForm } from '../http/validate.js';
import { balances } from '../ledger/ledger.js';
import { gatewayFor, GatewayError, type CreatedPayment } from '../payments/gateway.js';
import { noteWebOrigin } from '../payments/local-events.js';
import { paths } from '../paths.js';
import { historyPage, parseFilter, streamHistoryCsv } from './history.js';
import { findOwnTopup, insertTopup, recentTopups, type TopupRow } from './queries.js';
import { findTopupByReference, isTopupReference, topupReference, topupSchema } from './topups.js';

async function showWallet(req: Request, res: Response, status = 200, topup?: TopupFormState) {
  const s = services(req);
  const userId = req.user!.id;
  const { filter, values, errors } = parseFilter(req.query as Record<string, unknown>);
  const [b, topups, page] = await Promise.all([balances(s.db, userId, s.config.CURRENCY), recentTopups(s.db, userId), historyPage(s.db, userId, filter)]);
  const filterStatus = Object.keys(errors).length ? 422 : 200;
  await render(req, res, {
    title: 'Wallet',
    status: status !== 200 ? status : filterStatus,
    body: (ctx) => <WalletPage csrf={ctx.csrf} balances={b} topups={topups} history={{ ...page, filter, values, errors }} topup={topup} />,
  });
}

/** A pending top-up's gateway side, for display only: money moves on the webhook, never here. */
async function peek(req: Request, t: TopupRow): Promise<GatewayPeek | null> {
  if (t.status !== 'pending' || !t.payment_id) return null;
  const s = services(req);
  try {
    const p = await gatewayFor(s.config, s).retrievePayment(t.payment_id);
    if (!p) return null;
    return { paid: p.status === 'succeeded', failure: p.status === 'requires_payment_method' && p.failure ? p.failure.message : null };
  } catch {
    return null;
  }
}

/** Where the hosted page sends the buyer back to: Stripe needs an absolute URL, the local gateway lives here. */
function returnUrl(req: Request, reference: string): string {
  const { config } = services(req);
  const path = paths.walletTopup(reference);
  return config.PAYMENTS === 'stripe' ? new URL(path, config.PUBLIC_URL).href : path;
}

const KEY = /^[A-Za-z0-9_-]{16,100}$/;

export const walletController = {
  index: (req: Request, res: Response) => showWallet(req, res),

  async balances(req: Request, res: Response) {
    const s = services(req);
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <BalancesPanel balances={await balances(s.db, req.user!.id, s.config.CURRENCY)} />);
  },

  async balance(req: Request, res: Response) {
    const s = services(req);
    res.set('Cache-Control', 'no-store');
    const b = await balances(s.db, req.user!.id, s.config.CURRENCY);
    await sendFragment(res, <WalletBalance available={b.available} currency={b.currency} />);
  },

  /**
   * Starts a card top-up and sends the buyer to the hosted payment page. The gateway
   * payment is created (idempotently, keyed by the submission) before the local
   * transaction, so no database connection waits on the gateway; `once` then records
   * the top-up and the answer, and every replay gets the same redirect.
   */
  async create(req: Request, res: Response) {
    const s = services(req);
    const user = req.user!;
    void noteWebOrigin(req, s.config, s.redis).catch(() => {});
    const parsed = parseForm(topupSchema, req.body);
    if (!parsed.ok) return showWallet(req, res, 422, { values: parsed.values, errors: parsed.errors });
    const amount = parsed.data.amount;
    const currency = s.config.CURRENCY;
    const values = { amount: String(req.body.amount ?? '') };
    const key: unknown = req.body?.idempotency_key;
    let payment: CreatedPayment | null = null;
    let reference: string | null = null;
    // an expired form never reaches the gateway: `once` replays its record or refuses it
    if (typeof key === 'string' && KEY.test(key) && !isExpiredKey(key, s.config.IDEMPOTENCY_RETENTION_DAYS)) {
      reference = topupReference(user.id, key);
      if (!(await findTopupByReference(s.db, reference))) {
        try {
          payment = await gatewayFor(s.config, s).createPayment({
            amount,
            currency,
            userId: user.id,
            idempotencyKey: reference,
            returnUrl: returnUrl(req, reference),
            purpose: 'topup',
            metadata: { topup: reference },
            description: 'Souk wallet top-up',
          });
        } catch (err) {
          if (err instanceof GatewayError && err.code === 'idempotency_error') return showWallet(req, res, 422, { values, errors: { form: CONFLICT_MESSAGE } });
          req.log?.error({ err }, 'gateway refused a top-up');
          return showWallet(req, res, 502, { values, errors: { form: 'The payment service could not be reached. Nothing was charged; please try again in a moment.' } });
        }
      }
    }
    const stored = await once(s.db, { userId: user.id, key, scope: 'wallet.topup', params: { amount, currency }, retentionDays: s.config.IDEMPOTENCY_RETENTION_DAYS }, async (trx) => {
      // only a submission whose first attempt is still running gets here without a payment
      if (!payment || !reference) return { status: 409, flash: { kind: 'error', text: 'This top-up is already being started. Please wait a moment and reload the page.' } };
      await insertTopup(trx, { user_id: user.id, reference, amount, currency, gateway: gatewayFor(s.config, s).name, payment_id: payment.id });
      return { status: 303, redirect: payment.redirectUrl };
    });
    if (stored.status >= 400) return showWallet(req, res, stored.status, { values, errors: { form: stored.flash?.text ?? 'That did not work. Nothing was charged.' } });
    await replyStored(req, res, stored);
  },

  /** One of the viewer's own top-ups; anybody else's is "not found". */
  async topup(req: Request, res: Response) {
    const s = services(req);
    const reference = String(req.params.reference);
    const t = isTopupReference(reference) ? await findOwnTopup(s.db, req.user!.id, reference) : undefined;
    if (!t) throw notFound('That top-up');
    res.set('Cache-Control', 'no-store');
    const p = await peek(req, t);
    await render(req, res, { title: 'Top-up', body: () => <TopupPage topup={t} peek={p} />, fragment: () => <TopupStatus topup={t} peek={p} /> });
  },

  async csv(req: Request, res: Response) {
    const { filter, errors } = parseFilter(req.query as Record<string, unknown>);
    if (Object.keys(errors).length) return showWallet(req, res, 422);
    await streamHistoryCsv(services(req).db, req.user!.id, filter, res);
  },
};
