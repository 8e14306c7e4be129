import type { Request, Response } from 'express';
import { AuthenticationPage, HostedPaymentPage, PaymentClosedPage, type CardValues } from '../../views/payments/hosted-page.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { render } from '../http/render.js';
import { clock } from '../lib/clock.js';
import { cardErrors, type CardErrors, type CardInput } from './cards.js';
import { gatewayFor } from './gateway.js';
import { LocalGateway } from './local-gateway.js';
import { noteWebOrigin } from './local-events.js';
import type { PaymentRow } from './local-objects.js';

/**
 * The local test gateway's hosted payment page. Like Stripe's, it is reached by the
 * payment's unguessable id alone, and sends the buyer back to the payment's return URL.
 */
function localGateway(req: Request): LocalGateway {
  const s = services(req);
  const g = gatewayFor(s.config, s);
  // with Stripe configured, the hosted page is Stripe's and this one does not exist
  if (!(g instanceof LocalGateway)) throw notFound('That payment');
  return g;
}

async function paymentOf(req: Request): Promise<{ g: LocalGateway; payment: PaymentRow }> {
  const g = localGateway(req);
  const payment = await g.findPayment(String(req.params.id));
  if (!payment) throw notFound('That payment');
  void noteWebOrigin(req, services(req).config, services(req).redis).catch(() => {});
  return { g, payment };
}

const title = 'Pay · Souk Pay (test mode)';

async function show(req: Request, res: Response, payment: PaymentRow, extra: { status?: number; values?: CardValues; errors?: CardErrors; declined?: string } = {}) {
  res.set('Cache-Control', 'no-store');
  res.set('X-Robots-Tag', 'noindex');
  if (payment.status === 'requires_action') {
    return render(req, res, { title, status: extra.status, body: (ctx) => <AuthenticationPage payment={payment} csrf={ctx.csrf} /> });
  }
  if (payment.status !== 'requires_payment_method') return render(req, res, { title, status: extra.status, body: () => <PaymentClosedPage payment={payment} /> });
  const declined = extra.declined ?? (extra.errors ? undefined : (payment.last_error_message ?? undefined));
  return render(req, res, {
    title,
    status: extra.status,
    body: (ctx) => <HostedPaymentPage payment={payment} csrf={ctx.csrf} values={extra.values} errors={extra.errors} declined={declined} />,
  });
}

const field = (body: unknown, k: string) => {
  const v = (body as Record<string, unknown> | undefined)?.[k];
  return typeof v === 'string' ? v.slice(0, 200) : '';
};

export const hostedController = {
  async show(req: Request, res: Response) {
    const { payment } = await paymentOf(req);
    await show(req, res, payment);
  },

  /** Pay: field errors re-render the form (422), a decline says why (402), a success goes back to Souk. */
  async pay(req: Request, res: Response) {
    const { g, payment } = await paymentOf(req);
    const card: CardInput = { number: field(req.body, 'number'), expiry: field(req.body, 'expiry'), cvc: field(req.body, 'cvc'), name: field(req.body, 'name') };
    // the card number and CVC are never echoed back into the page
    const values: CardValues = { expiry: card.expiry, name: card.name };
    if (payment.status !== 'requires_payment_method') return show(req, res, payment, { status: 409 });
    const errors = cardErrors(card, clock.now());
    if (Object.keys(errors).length) return show(req, res, payment, { status: 422, values, errors });
    const result = await g.confirm(payment.id, card);
    if (result.kind === 'succeeded') return res.redirect(303, result.payment.return_url);
    if (result.kind === 'requires_action') return res.redirect(303, req.originalUrl);
    if (result.kind === 'declined') return show(req, res, result.payment, { status: 402, values, declined: result.message });
    return show(req, res, result.payment, { status: 409 });
  },

  /** The extra confirmation step: Complete pays, Fail declines. */
  async authenticate(req: Request, res: Response) {
    const { g, payment } = await paymentOf(req);
    const decision = field(req.body, 'decision');
    if (decision !== 'complete' && decision !== 'fail') return show(req, res, payment, { status: 422 });
    const result = await g.authenticate(payment.id, decision === 'complete');
    if (result.kind === 'succeeded') return res.redirect(303, result.payment.return_url);
    if (result.kind === 'declined') return show(req, res, result.payment, { status: 402, declined: result.message });
    return show(req, res, result.payment, { status: 409 });
  },
};
