import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** One buyer's right to download the file of a digital line they paid for. */
export interface EntitlementRow {
  id: number;
  order_line_id: number;
  buyer_id: number;
  listing_id: number;
  file_key: string;
  file_name: string;
  downloads_allowed: number;
  downloads_used: number;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}

/**
 * An entitlement with what a download needs: the order it came from and the
 * listing's current file (a seller's corrected file reaches earlier buyers too).
 */
export interface Entitlement extends EntitlementRow {
  order_id: number;
  seller_order_id: number;
  seller_id: number;
  title: string;
  /** the listing's file now, or null when it has none */
  current_file_key: string | null;
  current_file_name: string | null;
  current_file_bytes: number | null;
}

/** A line of a download log, as sellers and admins see it. */
export interface DownloadLogRow {
  id: number;
  entitlement_id: number;
  seller_order_id: number;
  order_id: number;
  listing_id: number;
  title: string;
  buyer_id: number;
  buyer_name: string;
  ip: string;
  bytes_sent: number;
  completed: boolean;
  created_at: Date;
}

const entitlementColumns = [
  'e.*',
  'ol.order_id',
  'ol.seller_order_id',
  'ol.seller_id',
  'ol.title',
  'l.digital_file_key as current_file_key',
  'l.digital_file_name as current_file_name',
  'l.digital_file_bytes as current_file_bytes',
];

function entitlements(db: Db) {
  return db('entitlements as e')
    .join('order_lines as ol', 'ol.id', 'e.order_line_id')
    .join('listings as l', 'l.id', 'e.listing_id')
    .select<Entitlement[]>(entitlementColumns);
}

function normalize(row: Entitlement): Entitlement {
  return { ...row, current_file_bytes: row.current_file_bytes === null ? null : Number(row.current_file_bytes) };
}

// ── granting and revoking ──────────────────────────────────────────────────

/** The digital lines of a seller order with the terms their listing gives. */
export interface GrantableLine {
  order_line_id: number;
  buyer_id: number;
  listing_id: number;
  title: string;
  file_key: string | null;
  file_name: string | null;
  download_limit: number;
  download_days: number;
}

export function grantableLines(trx: Db, sellerOrderId: number): Promise<GrantableLine[]> {
  return trx('order_lines as ol')
    .join('orders as o', 'o.id', 'ol.order_id')
    .join('listings as l', 'l.id', 'ol.listing_id')
    .where({ 'ol.seller_order_id': sellerOrderId, 'ol.kind': 'digital' })
    .orderBy('ol.id')
    .select(
      'ol.id as order_line_id',
      'o.buyer_id',
      'ol.listing_id',
      'ol.title',
      'l.digital_file_key as file_key',
      'l.digital_file_name as file_name',
      'l.download_limit',
      'l.download_days',
    );
}

/** One entitlement per order line: a second grant of the same line changes nothing. */
export async function insertEntitlement(
  trx: Db,
  row: { order_line_id: number; buyer_id: number; listing_id: number; file_key: string; file_name: string; downloads_allowed: number; expires_at: Date },
): Promise<void> {
  await trx('entitlements').insert(row).onConflict('order_line_id').ignore();
}

/** Ends the downloads of a seller order's lines; returns how many were still open. */
export function revokeForSellerOrder(trx: Db, sellerOrderId: number, at: Date): Promise<number> {
  return trx('entitlements')
    .whereNull('revoked_at')
    .whereIn('order_line_id', trx('order_lines').where({ seller_order_id: sellerOrderId }).select('id'))
    .update({ revoked_at: at });
}

// ── reading ────────────────────────────────────────────────────────────────

export async function findEntitlement(db: Db, id: number): Promise<Entitlement | undefined> {
  const row = await entitlements(db).where('e.id', id).first();
  return row ? normalize(row) : undefined;
}

/** The buyer's entitlements, newest first. */
export async function buyerEntitlements(db: Db, buyerId: number, limit = 200): Promise<Entitlement[]> {
  const rows = await entitlements(db).where('e.buyer_id', buyerId).orderBy('e.id', 'desc').limit(limit);
  return rows.map(normalize);
}

/**
 * The buyer's entitlements of one order, keyed by order line id, for the order
 * page to show a download box beside each digital line. Somebody else's order
 * gives an empty map.
 */
export async function entitlementsForOrder(db: Db, orderId: number, buyerId: number): Promise<Map<number, Entitlement>> {
  const rows = await entitlements(db).where({ 'ol.order_id': orderId, 'e.buyer_id': buyerId }).orderBy('e.id');
  return new Map(rows.map((r) => [Number(r.order_line_id), normalize(r)]));
}

// ── the download log ───────────────────────────────────────────────────────

/** A download starts: logged before the first byte, so an aborted one is on record too. */
export async function insertDownload(db: Db, row: { entitlement_id: number; user_id: number; ip: string }): Promise<number> {
  const [r] = await db('download_log').insert(row).returning('id');
  return Number(r.id);
}

/** How far a download got (whole or not). */
export async function setDownloadProgress(db: Db, id: number, bytesSent: number, completed: boolean): Promise<void> {
  await db('download_log').where({ id }).update({ bytes_sent: bytesSent, completed });
}

/**
 * Counts one download. Conditional, so the limit holds whatever runs at once;
 * returns the new count, or null when nothing was left to count.
 */
export async function countDownload(db: Db, entitlementId: number): Promise<number | null> {
  const [row] = await db('entitlements')
    .where({ id: entitlementId })
    .whereRaw('downloads_used < downloads_allowed')
    .increment('downloads_used', 1)
    .returning('downloads_used');
  return row ? Number(row.downloads_used) : null;
}

/**
 * Download log lines, newest first: of one seller's sales, of one seller order,
 * or (no filter) of everything.
 */
export async function downloadLog(db: Db, filter: { sellerId?: number; sellerOrderId?: number } = {}, limit = 500): Promise<DownloadLogRow[]> {
  const q = db('download_log as d')
    .join('entitlements as e', 'e.id', 'd.entitlement_id')
    .join('order_lines as ol', 'ol.id', 'e.order_line_id')
    .join('users as u', 'u.id', 'd.user_id')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .select(
      'd.id',
      'd.entitlement_id',
      'ol.seller_order_id',
      'ol.order_id',
      'ol.listing_id',
      'ol.title',
      'd.user_id as buyer_id',
      'u.display_name as buyer_name',
      'd.ip',
      'd.bytes_sent',
      'd.completed',
      'd.created_at',
    );
  if (filter.sellerId !== undefined) q.where('ol.seller_id', filter.sellerId);
  if (filter.sellerOrderId !== undefined) q.where('ol.seller_order_id', filter.sellerOrderId);
  const rows: DownloadLogRow[] = await q;
  return rows.map((r) => ({ ...r, bytes_sent: Number(r.bytes_sent) }));
}
