import type { Knex } from 'knex';
import { formatDate } from '../lib/locale.js';
import { cleanFileName } from '../media/digital.js';
import { isValidKey } from '../media/storage.js';
import { emit } from '../outbox/outbox.js';
import {
  countDownload,
  grantableLines,
  insertDownload,
  insertEntitlement,
  revokeForSellerOrder,
  setDownloadProgress,
  type Entitlement,
  type EntitlementRow,
} from './queries.js';

const DAY = 86_400_000;

/**
 * Gives the buyer downloads for every digital line of a paid seller order, in
 * the payment's transaction: the listing's download limit, for its number of
 * days from `at`. Safe to call again (one entitlement per line, the first wins).
 */
export async function grantEntitlements(trx: Knex.Transaction, sellerOrderId: number, at: Date): Promise<void> {
  for (const line of await grantableLines(trx, sellerOrderId)) {
    await insertEntitlement(trx, {
      order_line_id: line.order_line_id,
      buyer_id: line.buyer_id,
      listing_id: line.listing_id,
      // downloads always send the listing's current file; these record what was sold
      file_key: line.file_key ?? '',
      file_name: line.file_name ?? line.title,
      downloads_allowed: line.download_limit,
      expires_at: new Date(at.getTime() + line.download_days * DAY),
    });
  }
}

/** Ends the downloads of a seller order (a refund), in the refund's transaction. Safe to call again. */
export async function revokeEntitlements(trx: Knex.Transaction, sellerOrderId: number, at: Date): Promise<void> {
  await revokeForSellerOrder(trx, sellerOrderId, at);
}

/** Why an entitlement cannot be downloaded right now (null: it can). */
export type Unavailable = 'revoked' | 'expired' | 'used_up' | 'no_file';

type Terms = Pick<EntitlementRow, 'revoked_at' | 'expires_at' | 'downloads_used' | 'downloads_allowed' | 'file_key'> & Partial<Pick<Entitlement, 'current_file_key'>>;

export function unavailability(e: Terms, nowMs: number): Unavailable | null {
  if (e.revoked_at) return 'revoked';
  if (new Date(e.expires_at).getTime() <= nowMs) return 'expired';
  if (e.downloads_used >= e.downloads_allowed) return 'used_up';
  if (!fileKeyOf(e)) return 'no_file';
  return null;
}

/** "12 Jan 2027" in the viewer's locale and time zone, how download boxes name a day. */
export function dayText(at: Date | string): string {
  return formatDate(new Date(at));
}

/** What the buyer is told when a download is refused. */
export function unavailableMessage(reason: Unavailable, e: Terms): string {
  switch (reason) {
    case 'revoked':
      return 'This purchase was refunded, so its downloads have ended.';
    case 'expired':
      return `The downloads of this purchase ended on ${dayText(e.expires_at)}.`;
    case 'used_up':
      return `All ${e.downloads_allowed} downloads of this purchase have been used.`;
    case 'no_file':
      return 'The seller has not provided the file yet. Please contact them.';
  }
}

/** The file a download sends: the listing's current one, else the one recorded at purchase. */
export function fileKeyOf(e: Pick<EntitlementRow, 'file_key'> & Partial<Pick<Entitlement, 'current_file_key'>>): string | null {
  const key = e.current_file_key || e.file_key;
  return key && isValidKey(key) ? key : null;
}

export function fileNameOf(e: Pick<EntitlementRow, 'file_name'> & Partial<Pick<Entitlement, 'current_file_name'>>): string {
  // only ever sent in a Content-Disposition header; cleaned like a seller's upload name
  return cleanFileName(e.current_file_name || e.file_name) || 'download';
}

/** A download begins: on record before the first byte, not counted yet. */
export function startDownload(db: Knex, e: Pick<EntitlementRow, 'id'>, userId: number, ip: string): Promise<number> {
  return insertDownload(db, { entitlement_id: e.id, user_id: userId, ip: ip.slice(0, 100) });
}

/**
 * A download ended. Only a whole file counts (a broken-off transfer is logged,
 * not counted), and only while downloads are left. The first counted download
 * of an entitlement emits `download.completed` in the same transaction: the
 * order learns that the buyer has the file.
 */
export async function finishDownload(
  db: Knex,
  input: { logId: number; entitlement: Pick<Entitlement, 'id' | 'order_line_id' | 'seller_order_id' | 'buyer_id'>; bytesSent: number; complete: boolean },
): Promise<{ counted: boolean }> {
  return db.transaction(async (trx) => {
    await setDownloadProgress(trx, input.logId, input.bytesSent, input.complete);
    if (!input.complete) return { counted: false };
    const used = await countDownload(trx, input.entitlement.id);
    if (used === 1) {
      await emit(trx, 'download.completed', {
        entitlementId: input.entitlement.id,
        orderLineId: input.entitlement.order_line_id,
        sellerOrderId: input.entitlement.seller_order_id,
        userId: input.entitlement.buyer_id,
      });
    }
    return { counted: used !== null };
  });
}
