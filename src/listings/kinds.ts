import type { ListingKind } from './queries.js';

/** What each listing kind has. Every rule that depends on a kind asks this table. */
export interface KindTraits {
  label: string;
  /** the seller sets a price (an auction has a starting price instead) */
  price: boolean;
  /** counts units in stock (on the listing, or on each variant) */
  stock: boolean;
  /** goes through the cart and checkout */
  checkout: boolean;
  /** needs a shipping address */
  shipping: boolean;
  /** delivers a file to download after payment */
  download: boolean;
  /** the buyer books hours or units with a preferred date; the seller accepts or declines */
  booking: boolean;
  /** sold by bidding */
  bids: boolean;
  /** buyers contact the seller instead of buying */
  contactOnly: boolean;
  /** has a physical condition (new, used, refurbished) */
  condition: boolean;
}

export const kindTraits: Record<ListingKind, KindTraits> = {
  fixed: { label: 'Fixed price', price: true, stock: true, checkout: true, shipping: true, download: false, booking: false, bids: false, contactOnly: false, condition: true },
  auction: { label: 'Auction', price: false, stock: false, checkout: false, shipping: true, download: false, booking: false, bids: true, contactOnly: false, condition: true },
  digital: { label: 'Digital download', price: true, stock: false, checkout: true, shipping: false, download: true, booking: false, bids: false, contactOnly: false, condition: false },
  service: { label: 'Service', price: true, stock: false, checkout: true, shipping: false, download: false, booking: true, bids: false, contactOnly: false, condition: false },
  classified: { label: 'Classified ad', price: true, stock: false, checkout: false, shipping: false, download: false, booking: false, bids: false, contactOnly: true, condition: true },
};

export const traitsOf = (kind: ListingKind): KindTraits => kindTraits[kind];

/** The kinds that have a trait, e.g. `kindsWith('stock')` for SQL that filters on counted kinds. */
export const kindsWith = (trait: keyof Omit<KindTraits, 'label'>): ListingKind[] => (Object.keys(kindTraits) as ListingKind[]).filter((k) => kindTraits[k][trait]);
