import type { Knex } from 'knex';
import { unresolvedOf, type Resolution } from '../disputes/queries.js';
import { lastResolvedDisputes } from './queries.js';

/** The dispute an order page points at for one seller order: the open one, else the last one resolved. */
export type PartDispute = { id: number; open: true } | { id: number; open: false; resolution: Resolution | null; refundAmount: number | null };

export async function partDisputes(db: Knex | Knex.Transaction, sellerOrderIds: readonly number[]): Promise<Map<number, PartDispute>> {
  const out = new Map<number, PartDispute>();
  const open = await Promise.all(sellerOrderIds.map((id) => unresolvedOf(db, id)));
  for (const d of open) if (d) out.set(Number(d.seller_order_id), { id: Number(d.id), open: true });
  const rest = sellerOrderIds.filter((id) => !out.has(id));
  for (const d of await lastResolvedDisputes(db, rest)) {
    out.set(Number(d.seller_order_id), { id: Number(d.id), open: false, resolution: d.resolution as Resolution | null, refundAmount: d.refund_amount === null ? null : Number(d.refund_amount) });
  }
  return out;
}
