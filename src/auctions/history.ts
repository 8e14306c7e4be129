import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** One line of an auction's public bid history: the price it made, when, and who, masked. */
export interface HistoryLine {
  amount: number;
  at: Date;
  /** the bidder's name masked, with their number in this auction ("b***r 7") */
  bidder: string;
  kind: 'max' | 'buy_now';
}

/**
 * A display name as the public sees it on a bid: its first and last letter around
 * three stars ("Bea Buyer" → "b***r"), so bidders can follow each other without
 * being named.
 */
export function maskName(name: string): string {
  const letters = [...name.trim().toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c));
  if (letters.length === 0) return '***';
  if (letters.length === 1) return `${letters[0]}***`;
  return `${letters[0]}***${letters[letters.length - 1]}`;
}

/**
 * The latest accepted bids of an auction, newest first. Each bidder keeps one number
 * for the whole auction: the order of their first bid on it (removed bids still
 * count, so nobody's number changes).
 */
export async function bidHistory(db: Db, auctionId: number, limit = 20): Promise<HistoryLine[]> {
  const rows: { amount: string; created_at: Date; display_name: string; n: string; kind: 'max' | 'buy_now' }[] = await db
    .with('numbers', (q) =>
      q
        .from('bids')
        .where({ auction_id: auctionId })
        .whereIn('status', ['accepted', 'voided'])
        .groupBy('bidder_id')
        .select('bidder_id', db.raw('row_number() over (order by min(seq)) as n')),
    )
    .from('bids as b')
    .join('users as u', 'u.id', 'b.bidder_id')
    .join('numbers as nb', 'nb.bidder_id', 'b.bidder_id')
    .where({ 'b.auction_id': auctionId, 'b.status': 'accepted' })
    .orderBy('b.seq', 'desc')
    .limit(limit)
    .select('b.amount', 'b.created_at', 'u.display_name', 'nb.n', 'b.kind');
  return rows.map((r) => ({ amount: Number(r.amount), at: new Date(r.created_at), bidder: `${maskName(r.display_name ?? '')} ${Number(r.n)}`, kind: r.kind }));
}
