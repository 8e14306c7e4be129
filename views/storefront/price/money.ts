import { formatMoney } from '../../../src/lib/money.js';
import type { ListingPageRow, VariantRow } from '../../../src/storefront/queries.js';

/** What every kind's price partial is given. */
export interface PriceProps {
  listing: ListingPageRow;
  /** the variants that can still be bought (fixed-price listings with options) */
  variants: VariantRow[];
  /** units left of a listing without variants (null: not counted) */
  left: number | null;
  now: Date;
  /** the page shows the auction's live bid box, which carries the price, the reserve and the end */
  liveBox?: boolean;
}

const UNITS: Record<string, string> = { hour: 'hour', unit: 'unit', day: 'day', session: 'session' };

/** An amount in the listing's currency ('' for none). */
export const moneyOf = (l: Pick<ListingPageRow, 'currency'>) => (n: number | null) => (n === null ? '' : formatMoney(Number(n), l.currency));

/** "€40.00 / hour": a service's price per unit of time or work. */
export const perUnit = (money: string, unit: string | null) => `${money} / ${UNITS[unit ?? 'hour'] ?? 'hour'}`;
