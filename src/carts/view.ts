import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { DEFAULT_CURRENCY, formatMoney } from '../lib/money.js';
import { availableUnits, skuKey } from '../listings/availability.js';
import { kindTraits } from '../listings/kinds.js';
import type { ListingKind, PriceUnit } from '../listings/queries.js';
import { shippingFor } from '../sellers/shipping.js';
import { cartLineDetails, findCart, type CartLineDetail, type CartOwner } from './queries.js';

/** One line of the cart as it stands now. */
export interface CartLineView {
  id: number;
  listingId: number;
  variantId: number | null;
  sellerId: number;
  kind: ListingKind;
  title: string;
  slug: string;
  /** "M · Red"; '' without variants */
  variantLabel: string;
  quantity: number;
  priceUnit: PriceUnit | null;
  currency: string;
  /** the unit price now (0 when the listing has no price any more) */
  unitPrice: number;
  /** the unit price when the buyer last added it */
  unitPriceSeen: number;
  lineTotal: number;
  /** units left to buy, or null when not counted (downloads, services) */
  available: number | null;
  bookingDate: string | null;
  bookingNote: string;
  needsShipping: boolean;
  /** worth knowing, does not stop checkout ("Price changed from €12.00 to €14.00") */
  warnings: string[];
  /** stops checkout until the buyer fixes it (lowers the quantity or removes the line) */
  problem: string | null;
  /** the listing can no longer be bought at all (gone, paused, ended, sold out): left out of the totals */
  unavailable: boolean;
}

/** One seller's part of the cart: it becomes one seller order at checkout. */
export interface CartGroupView {
  sellerId: number;
  shopName: string;
  currency: string;
  lines: CartLineView[];
  subtotal: number;
  shipping: number;
  total: number;
  needsShipping: boolean;
  shippingFlat: number;
  freeOver: number | null;
}

export interface CartView {
  cartId: number | null;
  currency: string;
  groups: CartGroupView[];
  /** every line, in the order they were added */
  lines: CartLineView[];
  /** units of goods plus one per download or booking: the header's count */
  count: number;
  itemsTotal: number;
  shippingTotal: number;
  total: number;
  needsShipping: boolean;
  /** at least one line must be fixed before checkout */
  blocked: boolean;
  canCheckout: boolean;
}

/** "Size M · Red" needs the axis labels; the values in the listing's axis order read well on their own. */
export function variantLabelOf(options: Record<string, string> | null, axes: string[]): string {
  if (!options) return '';
  const keys = axes.length ? axes.filter((k) => k in options) : Object.keys(options);
  return keys
    .map((k) => options[k])
    .filter((v) => v !== undefined && v !== '')
    .join(' · ');
}

/** Why a line's listing cannot be bought any more, or null. */
function goneReason(r: CartLineDetail, now: Date): string | null {
  if (r.deleted_at || r.hidden_at || r.status === 'draft' || r.status === 'pending' || r.status === 'rejected') return 'This listing is no longer available.';
  if (!kindTraits[r.kind].checkout) return 'This listing can no longer be bought online.';
  if (r.status === 'paused') return 'The seller has paused this listing.';
  if (r.status === 'expired' || (r.expires_at && new Date(r.expires_at).getTime() <= now.getTime())) return 'This listing has ended.';
  if (r.status === 'sold_out') return 'Sold out.';
  if (r.has_variants && (r.variant_id === null || !r.variant_exists)) return 'This option is no longer offered.';
  if ((r.variant_price ?? r.listing_price) === null) return 'This listing can no longer be bought.';
  return null;
}

function lineView(r: CartLineDetail, available: number | null, now: Date): CartLineView {
  const unitPrice = Number(r.variant_price ?? r.listing_price ?? 0);
  const seen = Number(r.unit_price_seen);
  const gone = goneReason(r, now);
  const warnings: string[] = [];
  let problem = gone;
  let unavailable = gone !== null;
  if (!gone && available !== null) {
    if (available <= 0) {
      problem = 'Sold out.';
      unavailable = true;
    } else if (r.quantity > available) {
      problem = `Only ${available} left. Lower the quantity to ${available} to check out.`;
    }
  }
  if (!unavailable && unitPrice !== seen) warnings.push(`Price changed from ${formatMoney(seen, r.currency)} to ${formatMoney(unitPrice, r.currency)}`);
  return {
    id: Number(r.id),
    listingId: Number(r.listing_id),
    variantId: r.variant_id === null ? null : Number(r.variant_id),
    sellerId: Number(r.seller_id),
    kind: r.kind,
    title: r.title,
    slug: r.slug,
    variantLabel: variantLabelOf(r.variant_options, r.variant_axes ?? []),
    quantity: r.quantity,
    priceUnit: r.price_unit,
    currency: r.currency,
    unitPrice,
    unitPriceSeen: seen,
    lineTotal: unitPrice * r.quantity,
    available,
    bookingDate: r.booking_date,
    bookingNote: r.booking_note,
    needsShipping: kindTraits[r.kind].shipping,
    warnings,
    problem,
    unavailable,
  };
}

const emptyView = (cartId: number | null): CartView => ({
  cartId,
  currency: DEFAULT_CURRENCY,
  groups: [],
  lines: [],
  count: 0,
  itemsTotal: 0,
  shippingTotal: 0,
  total: 0,
  needsShipping: false,
  blocked: false,
  canCheckout: false,
});

/**
 * The owner's cart as it stands now: lines with today's titles, prices and
 * availability, grouped by seller with each seller's shipping, and what (if
 * anything) must be fixed before checkout. Reads only; it changes nothing.
 */
export async function cartView(db: Knex | Knex.Transaction, owner: { userId?: number; visitorId?: string }): Promise<CartView> {
  const who: CartOwner | null = owner.userId !== undefined ? { userId: owner.userId } : owner.visitorId ? { visitorId: owner.visitorId } : null;
  const cart = who ? await findCart(db, who) : undefined;
  if (!cart) return emptyView(null);
  const rows = await cartLineDetails(db, cart.id);
  if (rows.length === 0) return emptyView(Number(cart.id));
  const skus = rows.map((r) => ({ listingId: Number(r.listing_id), variantId: r.variant_id === null ? null : Number(r.variant_id) }));
  const units = await availableUnits(db, skus);
  const now = clock.now();
  const lines = rows.map((r, i) => lineView(r, units.get(skuKey(skus[i])) ?? null, now));

  const groups = new Map<number, CartGroupView>();
  for (const [i, line] of lines.entries()) {
    const r = rows[i];
    let g = groups.get(line.sellerId);
    if (!g) {
      g = {
        sellerId: line.sellerId,
        shopName: r.shop_name ?? r.seller_name,
        currency: line.currency,
        lines: [],
        subtotal: 0,
        shipping: 0,
        total: 0,
        needsShipping: false,
        shippingFlat: Number(r.shipping_flat ?? 0),
        freeOver: r.shipping_free_over === null ? null : Number(r.shipping_free_over),
      };
      groups.set(line.sellerId, g);
    }
    g.lines.push(line);
    if (line.unavailable) continue;
    g.subtotal += line.lineTotal;
    g.needsShipping ||= line.needsShipping;
  }
  for (const g of groups.values()) {
    g.shipping = shippingFor({ flat: g.shippingFlat, freeOver: g.freeOver }, g.subtotal, g.needsShipping);
    g.total = g.subtotal + g.shipping;
  }
  const list = [...groups.values()];
  const itemsTotal = list.reduce((n, g) => n + g.subtotal, 0);
  const shippingTotal = list.reduce((n, g) => n + g.shipping, 0);
  const blocked = lines.some((l) => l.problem !== null);
  return {
    cartId: Number(cart.id),
    currency: lines[0].currency,
    groups: list,
    lines,
    count: lines.reduce((n, l) => n + (kindTraits[l.kind].stock ? l.quantity : 1), 0),
    itemsTotal,
    shippingTotal,
    total: itemsTotal + shippingTotal,
    needsShipping: list.some((g) => g.needsShipping),
    blocked,
    canCheckout: !blocked && lines.length > 0,
  };
}
