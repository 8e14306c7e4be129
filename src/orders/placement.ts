import type { Knex } from 'knex';
import { commissionFor, commissionOn } from '../commissions/commissions.js';
import { balances, InsufficientFunds, ledgerCurrency, placeHold } from '../ledger/ledger.js';
import { clock } from '../lib/clock.js';
import { formatMoney } from '../lib/money.js';
import { OutOfStock, reserve } from '../listings/availability.js';
import { kindTraits } from '../listings/kinds.js';
import type { ListingKind } from '../listings/queries.js';
import { emit } from '../outbox/outbox.js';
import { shippingFor } from '../sellers/shipping.js';
import { markPaid } from './payment.js';
import { addEvent, insertLines, insertOrder, insertSellerOrder, orderByCheckoutKey, sellerShop, updateOrder, type AddressSnapshot, type OrderLineRow, type OrderRow } from './queries.js';
import type { Fulfilment } from './states.js';

/** One thing to buy, as the buyer last saw it. */
export interface PlaceItem {
  listingId: number;
  variantId: number | null;
  quantity: number;
  /** the unit price the buyer was shown; a different price now refuses the order */
  seenUnitPrice: number;
  bookingDate?: string | null;
  bookingNote?: string;
}

export type PayWith = 'wallet' | 'card' | 'wallet_then_card';

export interface OrderSettings {
  reservationMinutes: number;
  shipDays: number;
  escrowDays: number;
}

export interface PlaceInput {
  buyerId: number;
  /** one per checkout form: a double click or a retry places one order */
  checkoutKey: string;
  items: PlaceItem[];
  address: AddressSnapshot | null;
  payWith: PayWith;
  settings: OrderSettings;
  /** runs inside the order transaction, e.g. to empty the cart of what was ordered */
  onPlaced?: (trx: Knex.Transaction, order: OrderRow) => Promise<void>;
}

export type PlaceResult =
  | { ok: true; order: OrderRow; replayed: boolean; needsCard: boolean }
  | { ok: false; message: string; field?: 'address' | 'pay_with' | 'cart' };

interface ListingInfo {
  id: number;
  seller_id: number;
  category_id: number;
  kind: ListingKind;
  status: string;
  title: string;
  price: number | null;
  price_unit: string | null;
  attributes: Record<string, unknown>;
  hidden_at: Date | null;
  deleted_at: Date | null;
  expires_at: Date | null;
}

const fulfilmentOf = (kind: ListingKind): Fulfilment => (kindTraits[kind].download ? 'digital' : kindTraits[kind].booking ? 'service' : 'ship');

const refuse = (message: string, field?: 'address' | 'pay_with' | 'cart'): PlaceResult => ({ ok: false, message, field });

class Refusal extends Error {
  constructor(readonly result: PlaceResult) {
    super('refused');
  }
}

/**
 * Places one order for the buyer and one seller order per seller and kind of
 * fulfilment, with lines that freeze what was bought, stock reserved, and the
 * payment started: paid at once from the wallet, or waiting for the card (the
 * wallet part held meanwhile). All or nothing; the same checkout key twice gives
 * the same order.
 */
export async function placeOrder(db: Knex, input: PlaceInput): Promise<PlaceResult> {
  if (!input.items.length) return refuse('Your cart is empty.', 'cart');
  try {
    return await db.transaction(async (trx) => {
      // a double click waits here for the first submission, then finds its order
      await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`checkout:${input.buyerId}:${input.checkoutKey}`]);
      const existing = await orderByCheckoutKey(trx, input.buyerId, input.checkoutKey);
      if (existing) return { ok: true, order: existing, replayed: true, needsCard: existing.status === 'awaiting_payment' && existing.card_amount > 0 };
      return await place(trx, input);
    });
  } catch (err) {
    if (err instanceof Refusal) return err.result;
    if (err instanceof OutOfStock) return refuse(`${err.message} Nothing was charged; your cart is as it was.`, 'cart');
    if (err instanceof InsufficientFunds) return refuse('Your wallet balance changed meanwhile. Nothing was charged; check the amounts and place the order again.', 'pay_with');
    throw err;
  }
}

async function place(trx: Knex.Transaction, input: PlaceInput): Promise<PlaceResult> {
  const at = clock.now();
  const currency = ledgerCurrency();
  const listingIds = [...new Set(input.items.map((i) => i.listingId))];
  const listings = new Map<number, ListingInfo>(
    (await trx('listings').whereIn('id', listingIds).select('id', 'seller_id', 'category_id', 'kind', 'status', 'title', 'price', 'price_unit', 'attributes', 'hidden_at', 'deleted_at', 'expires_at')).map((l: ListingInfo) => [
      Number(l.id),
      { ...l, id: Number(l.id), seller_id: Number(l.seller_id), category_id: Number(l.category_id), price: l.price === null ? null : Number(l.price) },
    ]),
  );
  const variantIds = input.items.map((i) => i.variantId).filter((v): v is number => v !== null);
  const variants = new Map<number, { id: number; listing_id: number; price: number; options: Record<string, string> }>(
    (variantIds.length ? await trx('listing_variants').whereIn('id', variantIds).select('id', 'listing_id', 'price', 'options') : []).map((v: { id: number; listing_id: number; price: number; options: Record<string, string> }) => [
      Number(v.id),
      { ...v, id: Number(v.id), listing_id: Number(v.listing_id), price: Number(v.price) },
    ]),
  );

  type Line = Omit<OrderLineRow, 'id' | 'order_id' | 'seller_order_id'> & { category_id: number };
  const lines: Line[] = [];
  for (const item of input.items) {
    const l = listings.get(item.listingId);
    const onSale = l && l.status === 'active' && !l.hidden_at && !l.deleted_at && (!l.expires_at || new Date(l.expires_at).getTime() > at.getTime());
    if (l && l.status === 'sold_out' && !l.deleted_at) throw new Refusal(refuse(`Someone just bought the last “${l.title}”. Nothing was charged; remove it from your cart to go on.`, 'cart'));
    if (!l || !onSale) throw new Refusal(refuse(`“${l?.title ?? 'An item'}” is no longer for sale. Nothing was charged; remove it from your cart to go on.`, 'cart'));
    const traits = kindTraits[l.kind];
    if (!traits.checkout || traits.bids) throw new Refusal(refuse(`“${l.title}” can't be bought through the cart.`, 'cart'));
    if (l.seller_id === input.buyerId) throw new Refusal(refuse(`“${l.title}” is your own listing; you can't buy it.`, 'cart'));
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 999) throw new Refusal(refuse(`Choose a quantity between 1 and 999 for “${l.title}”.`, 'cart'));
    const v = item.variantId !== null ? variants.get(item.variantId) : undefined;
    if (item.variantId !== null && (!v || v.listing_id !== l.id)) throw new Refusal(refuse(`The option you chose for “${l.title}” is no longer offered.`, 'cart'));
    const unit = v ? v.price : l.price;
    if (unit === null) throw new Refusal(refuse(`“${l.title}” has no price.`, 'cart'));
    if (unit !== item.seenUnitPrice) throw new Refusal(refuse(`The price of “${l.title}” changed to ${formatMoney(unit, currency)}. Nothing was charged; check your cart and place the order again.`, 'cart'));
    const quantity = traits.download ? 1 : item.quantity;
    lines.push({
      seller_id: l.seller_id,
      category_id: l.category_id,
      listing_id: l.id,
      variant_id: v?.id ?? null,
      kind: l.kind,
      title: l.title,
      variant_label: v ? Object.values(v.options).join(' · ') : '',
      attributes: { ...l.attributes, ...(v?.options ?? {}) },
      unit_price: unit,
      quantity,
      price_unit: l.price_unit,
      line_total: unit * quantity,
      discount_amount: 0,
      commission_rule_id: null,
      commission_rate_bp: 0,
      commission_amount: 0,
      booking_date: traits.booking ? (item.bookingDate ?? null) : null,
      booking_note: traits.booking ? (item.bookingNote ?? '') : '',
      booking_status: traits.booking ? 'requested' : null,
    });
  }
  // commission rule and amount are frozen on each line now
  const rules = new Map<string, ReturnType<typeof commissionFor>>();
  for (const line of lines) {
    const key = `${line.seller_id}:${line.category_id}:${line.kind}`;
    if (!rules.has(key)) rules.set(key, commissionFor(trx, { sellerId: line.seller_id, categoryId: line.category_id, kind: line.kind }));
    const rule = await rules.get(key)!;
    line.commission_rule_id = rule.ruleId;
    line.commission_rate_bp = rule.rateBp;
    line.commission_amount = commissionOn(rule, line.line_total);
  }

  const needsAddress = lines.some((l) => kindTraits[l.kind].shipping);
  if (needsAddress && !input.address) throw new Refusal(refuse('Choose where to ship your order.', 'address'));

  // one seller order per seller and way of fulfilment
  const groups = new Map<string, Line[]>();
  for (const line of lines) {
    const key = `${line.seller_id}:${fulfilmentOf(line.kind)}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const shops = await sellerShop(trx, [...new Set(lines.map((l) => l.seller_id))]);
  const parts = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, ls]) => {
      const fulfilment = key.split(':')[1] as Fulfilment;
      const itemsTotal = ls.reduce((s, l) => s + l.line_total, 0);
      const shop = shops.get(ls[0].seller_id);
      const needsShipping = fulfilment === 'ship';
      const shipping = shippingFor({ flat: shop?.shipping_flat ?? 0, freeOver: shop?.shipping_free_over ?? null }, itemsTotal, needsShipping);
      return { sellerId: ls[0].seller_id, fulfilment, lines: ls, itemsTotal, shipping, total: itemsTotal + shipping, commission: ls.reduce((s, l) => s + l.commission_amount, 0), needsShipping };
    });
  const itemsTotal = parts.reduce((s, p) => s + p.itemsTotal, 0);
  const shippingTotal = parts.reduce((s, p) => s + p.shipping, 0);
  const total = itemsTotal + shippingTotal;

  // how it is paid: the wallet as far as it goes (if asked), the card for the rest
  const wallet = input.payWith === 'card' ? 0 : (await balances(trx, input.buyerId, currency)).available;
  const walletAmount = input.payWith === 'card' ? 0 : Math.min(wallet, total);
  const cardAmount = total - walletAmount;
  if (input.payWith === 'wallet' && cardAmount > 0)
    throw new Refusal(refuse(`Your wallet has ${formatMoney(wallet, currency)}; this order costs ${formatMoney(total, currency)}. Pay the rest by card, or top up first.`, 'pay_with'));

  const order = await insertOrder(trx, {
    buyer_id: input.buyerId,
    currency,
    items_total: itemsTotal,
    shipping_total: shippingTotal,
    total,
    wallet_amount: walletAmount,
    card_amount: cardAmount,
    checkout_key: input.checkoutKey,
    shipping_address: needsAddress ? input.address : null,
    ship_days: input.settings.shipDays,
    escrow_days: input.settings.escrowDays,
    reserved_until: new Date(at.getTime() + input.settings.reservationMinutes * 60_000),
    created_at: at,
  });
  for (const p of parts) {
    const so = await insertSellerOrder(trx, {
      order_id: order.id,
      seller_id: p.sellerId,
      buyer_id: input.buyerId,
      currency,
      fulfilment: p.fulfilment,
      items_total: p.itemsTotal,
      shipping: p.shipping,
      total: p.total,
      commission: p.commission,
      needs_shipping: p.needsShipping,
      created_at: at,
    });
    await insertLines(
      trx,
      p.lines.map(({ category_id: _c, ...l }) => ({ ...l, order_id: order.id, seller_order_id: so.id })),
    );
  }
  await reserve(
    trx,
    lines.map((l) => ({ listingId: l.listing_id, variantId: l.variant_id, quantity: l.quantity })),
    order.id,
  );
  await addEvent(trx, { order_id: order.id, actor_id: input.buyerId, type: 'placed', message: `Order placed: ${formatMoney(total, currency)}.`, at });

  let placed = order;
  if (cardAmount === 0) {
    placed = await markPaid(trx, order, { via: 'wallet' });
  } else if (walletAmount > 0) {
    // the wallet part is set aside until the card part arrives or the order lapses
    const hold = await placeHold(trx, { idempotencyKey: `order-wallet:${order.id}`, userId: input.buyerId, amount: walletAmount, reference: { type: 'order', id: order.id }, memo: `Order #${order.id}: wallet part` });
    await updateOrder(trx, order.id, { wallet_hold_id: hold.holdId }, at);
    placed = { ...order, wallet_hold_id: hold.holdId };
  }
  await emit(trx, 'order.placed', { orderId: order.id, userId: input.buyerId, total, cardAmount });
  await input.onPlaced?.(trx, placed);
  return { ok: true, order: placed, replayed: false, needsCard: cardAmount > 0 };
}
