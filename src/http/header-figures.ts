import type { Knex } from 'knex';
import { USER_CART_COUNT_EXPR } from '../carts/queries.js';
import { fixedRows } from '../db.js';
import { USER_BALANCES_EXPR } from '../ledger/queries.js';
import { kindsWith } from '../listings/kinds.js';
import { UNREAD_COUNT_EXPR } from '../notifications/queries.js';

/**
 * The figures a signed-in page's header shows, read in one statement: each is its
 * own domain's expression (`$1` the user, `$2` the currency, `$3` the counted kinds),
 * so a page makes one round trip for them instead of three.
 */
const HEADER_FIGURES_SQL = `select ${UNREAD_COUNT_EXPR} as unread, ${USER_BALANCES_EXPR} as balances, ${USER_CART_COUNT_EXPR} as cart`;

export interface HeaderFigures {
  /** unread notifications */
  unread: number;
  /** the wallet's available balance, minor units */
  available: number;
  /** things in the cart (units of goods, one per download or booking) */
  cart: number;
}

export async function headerFigures(db: Knex, userId: number, currency: string): Promise<HeaderFigures> {
  const [row] = await fixedRows<{ unread: number; balances: Record<string, number | string>; cart: number }>(db, HEADER_FIGURES_SQL, [userId, currency, kindsWith('stock')]);
  return { unread: row?.unread ?? 0, available: Number(row?.balances?.available ?? 0), cart: row?.cart ?? 0 };
}
