import { kindTraits } from '../listings/kinds.js';
import type { ListingKind } from '../listings/queries.js';
import { formatMoney } from '../lib/money.js';

/** A shop's shipping charge as the shipping settings keep it (minor units). */
export interface ShippingTerms {
  shipping_flat: number;
  shipping_free_over: number | null;
}

/** The shop's shipping charge in one sentence, from its shipping settings (what the cart will charge). */
export function shippingSentence(t: ShippingTerms, currency: string): string {
  if (t.shipping_flat === 0) return 'Free shipping on every order from this shop.';
  const flat = `${formatMoney(t.shipping_flat, currency)} shipping per order from this shop`;
  return t.shipping_free_over === null ? `${flat}.` : `${flat}; free on orders of ${formatMoney(t.shipping_free_over, currency)} or more.`;
}

/** How a listing of this kind reaches the buyer: its shipping, or why it has none. */
export function deliverySentence(kind: ListingKind, t: ShippingTerms, currency: string): string {
  const traits = kindTraits[kind];
  if (traits.download) return 'Delivered as a download right after payment: no shipping.';
  if (traits.booking) return 'A service: you agree the date with the seller when you book. No shipping.';
  if (traits.contactOnly) return 'Arrange collection or delivery with the seller.';
  return shippingSentence(t, currency);
}

/** What a shop says about returns when it has said nothing itself. */
export const DEFAULT_RETURNS =
  'Tell the seller within 14 days of delivery if you want to return an item; it must come back unused and in its original packaging. Your payment stays protected until you confirm receipt.';

/** "3 months", "2 years", "a few days": how long a shop has sold here, in words. */
export function sellingFor(since: Date | string, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / 86_400_000));
  if (days < 7) return 'a few days';
  if (days < 31) return days < 14 ? '1 week' : `${Math.floor(days / 7)} weeks`;
  const months = Math.floor(days / 30.44);
  if (months < 12) return months <= 1 ? '1 month' : `${months} months`;
  const years = Math.floor(months / 12);
  return years === 1 ? '1 year' : `${years} years`;
}
