import type { Request, Response } from 'express';
import { Checkout } from '../../views/orders/checkout.js';
import { listAddresses } from '../addresses/addresses.js';
import { removeCartLines } from '../carts/carts.js';
import { cartView, type CartView } from '../carts/view.js';
import { services } from '../deps.js';
import { MISSING_KEY_MESSAGE } from '../http/idempotency.js';
import { redirect, render } from '../http/render.js';
import { parseForm, type FieldErrors } from '../http/validate.js';
import { balances } from '../ledger/ledger.js';
import { gatewayFor } from '../payments/gateway.js';
import { noteWebOrigin } from '../payments/local-events.js';
import { paths } from '../paths.js';
import { CHECKOUT_KEY, checkAddress, checkoutProblems, checkoutSchema, defaultPayWith, itemsFrom, PAY_WITH, saveCheckoutAddress, seenOf } from './checkout.js';
import { startCardPayment } from './payment.js';
import { placeOrder, type PayWith } from './placement.js';
import { orderByCheckoutKey, type OrderRow } from './queries.js';
import { orderSettings } from './settings.js';

interface FormState {
  status?: number;
  values?: Record<string, string>;
  errors?: FieldErrors;
}

/** The checkout page (or, for htmx, the `#checkout` part) for the cart as it is now. */
async function showCheckout(req: Request, res: Response, state: FormState = {}, view?: CartView) {
  const s = services(req);
  const userId = req.user!.id;
  const [cart, addresses, wallet] = await Promise.all([view ?? cartView(s.db, { userId }), listAddresses(s.db, userId), balances(s.db, userId, s.config.CURRENCY)]);
  const values = state.values ?? {};
  const chosen = values.pay_with as PayWith | undefined;
  const payWith = chosen && PAY_WITH.includes(chosen) ? chosen : defaultPayWith(wallet.available, cart.total);
  res.set('Cache-Control', 'no-store');
  const body = (csrf: string) => (
    <Checkout csrf={csrf} view={cart} problems={checkoutProblems(cart, userId)} addresses={addresses} wallet={wallet} payWith={payWith} values={values} errors={state.errors ?? {}} seen={seenOf(cart)} />
  );
  await render(req, res, { title: 'Checkout', status: state.status, body: (ctx) => body(ctx.csrf) });
}

/** Where the gateway's hosted page sends the buyer back to: Stripe needs an absolute URL, the local gateway lives here. */
function returnUrl(req: Request, orderId: number): string {
  const { config } = services(req);
  const path = paths.order(orderId);
  return config.PAYMENTS === 'stripe' ? new URL(path, config.PUBLIC_URL).href : path;
}

/**
 * The answer to a placed order (first time or replayed): the gateway's hosted page
 * while the card part is due, else the order with a thank-you.
 */
async function afterPlaced(req: Request, res: Response, order: OrderRow): Promise<void> {
  const s = services(req);
  if (order.status === 'awaiting_payment' && order.card_amount > 0) {
    try {
      const { redirectUrl } = await startCardPayment(s.db, gatewayFor(s.config, s), order, returnUrl(req, order.id));
      return redirect(req, res, redirectUrl);
    } catch (err) {
      req.log?.error({ err, orderId: order.id }, 'card payment for an order could not be started');
      return redirect(req, res, paths.order(order.id), { kind: 'error', text: 'Your order is placed, but the payment service could not be reached. Nothing was charged to your card; pay from this page while the items are reserved.' });
    }
  }
  if (order.status === 'paid') return redirect(req, res, paths.order(order.id), { kind: 'info', text: `Thank you! Order #${order.id} is placed and paid.` });
  redirect(req, res, paths.order(order.id));
}

const formValues = (body: Record<string, unknown>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && !['_csrf', 'idempotency_key', 'seen'].includes(k)) out[k] = v;
  return out;
};

export const checkoutController = {
  show: (req: Request, res: Response) => showCheckout(req, res),

  /**
   * Places the order for what the checkout page showed. The form's one-time key is
   * the order's checkout key: a double submit, a retry or the back button finds the
   * order placed the first time and answers the same.
   */
  async place(req: Request, res: Response) {
    const s = services(req);
    const userId = req.user!.id;
    void noteWebOrigin(req, s.config, s.redis).catch(() => {});
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const key = body.idempotency_key;
    if (typeof key !== 'string' || !CHECKOUT_KEY.test(key)) return showCheckout(req, res, { status: 422, values, errors: { form: MISSING_KEY_MESSAGE } });
    const placed = await orderByCheckoutKey(s.db, userId, key);
    if (placed) return afterPlaced(req, res, placed);

    const view = await cartView(s.db, { userId });
    if (!view.lines.length) {
      // the first of two submissions may have just emptied the cart
      const again = await orderByCheckoutKey(s.db, userId, key);
      if (again) return afterPlaced(req, res, again);
    }
    const parsed = parseForm(checkoutSchema, body);
    const items = parsed.ok ? itemsFrom(view, parsed.data.seen) : null;
    const address = await checkAddress(s.db, userId, view.needsShipping, body);
    const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.errors), ...(address.ok ? {} : address.errors) };
    if (items && !items.ok) errors.cart = items.message;
    if (!parsed.ok && parsed.errors.seen) errors.cart = parsed.errors.seen;
    if (Object.keys(errors).length || !parsed.ok || !items?.ok || !address.ok) return showCheckout(req, res, { status: 422, values, errors }, view);

    const shipTo = 'fresh' in address ? await saveCheckoutAddress(s.db, userId, address.fresh) : address;
    if (!shipTo.ok) return showCheckout(req, res, { status: 422, values, errors: shipTo.errors }, view);
    // a new address is in the address book now: a refused order shows it as the chosen one
    if (shipTo.addressId !== null) values.address_id = String(shipTo.addressId);

    const result = await placeOrder(s.db, {
      buyerId: userId,
      checkoutKey: key,
      items: items.items,
      address: shipTo.address,
      payWith: parsed.data.pay_with,
      settings: orderSettings(s.config),
      onPlaced: async (trx) => {
        if (view.cartId !== null) await removeCartLines(trx, view.cartId, items.lineIds);
      },
    });
    if (!result.ok) return showCheckout(req, res, { status: 422, values, errors: { [result.field ?? 'form']: result.message } });
    await afterPlaced(req, res, result.order);
  },
};
