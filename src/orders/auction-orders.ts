import type { Knex } from 'knex';
import { commissionFor, commissionOn } from '../commissions/commissions.js';
import { balances } from '../ledger/ledger.js';
import { formatMoney } from '../lib/money.js';
import type { ListingKind } from '../listings/queries.js';
import { emit } from '../outbox/outbox.js';
import { shippingFor } from '../sellers/shipping.js';
import { markPaid } from './payment.js';
import { addEvent, insertLines, insertOrder, insertSellerOrder, orderByCheckoutKey, sellerShop, type AddressSnapshot, type OrderRow } from './queries.js';

const DAY = 86_400_000;

export interface AuctionOrderInput {
  auctionId: number;
  listingId: number;
  buyerId: number;
  sellerId: number;
  /** the winning price (or the buy-it-now price) */
  price: number;
  currency: string;
  /** 'won': the auction ended with this buyer leading; 'bought_now': they used buy it now */
  via: 'won' | 'bought_now';
  /** the buyer has this many days to pay */
  paymentDays: number;
  shipDays: number;
  escrowDays: number;
  at: Date;
  /**
   * The winning maximum was guaranteed by wallet funds (docs/decisions/023): the
   * order is paid from the wallet at once when the balance still covers it and
   * there is an address to ship to; otherwise it awaits payment like any win.
   */
  payFromWallet?: boolean;
}

/** The buyer's newest address, copied onto the order (they can only be asked once they come to pay). */
async function latestAddress(trx: Knex.Transaction, buyerId: number): Promise<AddressSnapshot | null> {
  const a = await trx('addresses').where({ user_id: buyerId }).whereNull('deleted_at').orderBy('id', 'desc').first('name', 'line1', 'line2', 'postal_code', 'city', 'country', 'phone');
  return a ? { name: a.name, line1: a.line1, line2: a.line2, postal_code: a.postal_code, city: a.city, country: a.country, phone: a.phone } : null;
}

/**
 * The order a won auction (or a buy-it-now) becomes, inside the closing transaction:
 * one order, one seller order and one line of kind 'auction' at the final price, the
 * commission and shipping of the day frozen on it, paid from the wallet when the
 * win was guaranteed by it and still is, else awaiting payment until the
 * deadline (`reserved_until`, so an unpaid win lapses like any unpaid order). The
 * order's key is the auction's, so closing twice finds the first order.
 */
export async function orderFromAuction(trx: Knex.Transaction, input: AuctionOrderInput): Promise<OrderRow> {
  const checkoutKey = `auction:${input.auctionId}`;
  const existing = await orderByCheckoutKey(trx, input.buyerId, checkoutKey);
  if (existing) return existing;

  const l = await trx('listings').where({ id: input.listingId }).first('id', 'seller_id', 'category_id', 'kind', 'title', 'attributes');
  if (!l) throw new Error(`listing ${input.listingId} of auction ${input.auctionId} does not exist`);
  const kind = l.kind as ListingKind;
  const rule = await commissionFor(trx, { sellerId: input.sellerId, categoryId: Number(l.category_id), kind });
  const commission = commissionOn(rule, input.price);
  const shop = (await sellerShop(trx, [input.sellerId])).get(input.sellerId);
  const shipping = shippingFor({ flat: shop?.shipping_flat ?? 0, freeOver: shop?.shipping_free_over ?? null }, input.price, true);
  const total = input.price + shipping;
  const address = await latestAddress(trx, input.buyerId);
  const walletPays = Boolean(input.payFromWallet && address && (await balances(trx, input.buyerId, input.currency)).available >= total);

  const order = await insertOrder(trx, {
    buyer_id: input.buyerId,
    currency: input.currency,
    items_total: input.price,
    shipping_total: shipping,
    total,
    wallet_amount: walletPays ? total : 0,
    card_amount: walletPays ? 0 : total,
    checkout_key: checkoutKey,
    shipping_address: address,
    ship_days: input.shipDays,
    escrow_days: input.escrowDays,
    reserved_until: new Date(input.at.getTime() + input.paymentDays * DAY),
    created_at: input.at,
  });
  const so = await insertSellerOrder(trx, {
    order_id: order.id,
    seller_id: input.sellerId,
    buyer_id: input.buyerId,
    currency: input.currency,
    fulfilment: 'ship',
    items_total: input.price,
    shipping,
    total,
    commission,
    needs_shipping: true,
    created_at: input.at,
  });
  await insertLines(trx, [
    {
      order_id: order.id,
      seller_order_id: so.id,
      seller_id: input.sellerId,
      listing_id: input.listingId,
      variant_id: null,
      kind: 'auction',
      title: String(l.title),
      variant_label: '',
      attributes: (l.attributes ?? {}) as Record<string, unknown>,
      unit_price: input.price,
      quantity: 1,
      price_unit: null,
      line_total: input.price,
      discount_amount: 0,
      commission_rule_id: rule.ruleId,
      commission_rate_bp: rule.rateBp,
      commission_amount: commission,
      booking_date: null,
      booking_note: '',
      booking_status: null,
    },
  ]);
  const how = input.via === 'bought_now' ? 'Bought with buy it now' : 'Auction won';
  const payWithin = walletPays ? '' : ` Pay within ${input.paymentDays} day${input.paymentDays === 1 ? '' : 's'}.`;
  await addEvent(trx, { order_id: order.id, actor_id: input.buyerId, type: 'placed', message: `${how}: ${formatMoney(total, input.currency)}.${payWithin}`, at: input.at });
  const placed = walletPays ? await markPaid(trx, order, { via: 'wallet' }) : order;
  await emit(trx, 'order.placed', { orderId: order.id, userId: input.buyerId, total, cardAmount: walletPays ? 0 : total });
  return placed;
}
