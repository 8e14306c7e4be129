import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

export interface ConversationRow {
  id: number;
  buyer_id: number;
  seller_id: number;
  listing_id: number | null;
  seller_order_id: number | null;
  buyer_read_upto: number;
  seller_read_upto: number;
  last_message_at: Date;
  created_at: Date;
}

/** A conversation with what its page shows beside it: names (never email addresses) and what it is about. */
export interface ConversationView extends ConversationRow {
  buyer_name: string;
  seller_name: string;
  listing_title: string | null;
  listing_slug: string | null;
  order_id: number | null;
}

export interface MessageRow {
  id: number;
  conversation_id: number;
  sender_id: number;
  body: string;
  created_at: Date;
  /** joined: the sender's display name */
  sender_name: string;
}

/** One line of a user's inbox. */
export interface InboxRow extends ConversationView {
  other_id: number;
  other_name: string;
  last_body: string | null;
  last_sender_id: number | null;
  unread: number;
}

export interface ReportedRow extends ConversationView {
  reports: number;
  first_reported_at: Date;
  reasons: string[];
}

export interface ReportRow {
  id: number;
  conversation_id: number;
  reporter_id: number;
  reporter_name: string;
  reason: string;
  created_at: Date;
}

const VIEW_SELECT = `
  select c.*, b.display_name as buyer_name, s.display_name as seller_name,
         l.title as listing_title, l.slug as listing_slug, so.order_id
    from conversations c
    join users b on b.id = c.buyer_id
    join users s on s.id = c.seller_id
    left join listings l on l.id = c.listing_id
    left join seller_orders so on so.id = c.seller_order_id`;

export async function findConversation(db: Db, id: number): Promise<ConversationView | undefined> {
  const { rows } = await db.raw<{ rows: ConversationView[] }>(`${VIEW_SELECT} where c.id = ?`, [id]);
  return rows[0];
}

export async function lockConversation(trx: Knex.Transaction, id: number): Promise<ConversationRow | undefined> {
  return trx<ConversationRow>('conversations').where({ id }).forUpdate().first();
}

export async function conversationAboutListing(db: Db, listingId: number, buyerId: number): Promise<ConversationRow | undefined> {
  return db<ConversationRow>('conversations').where({ listing_id: listingId, buyer_id: buyerId }).first();
}

export async function conversationAboutSellerOrder(db: Db, sellerOrderId: number): Promise<ConversationRow | undefined> {
  return db<ConversationRow>('conversations').where({ seller_order_id: sellerOrderId }).first();
}

/** Creates the thread, or finds the one a concurrent request just created (one per listing and buyer, one per order part). */
export async function insertConversation(
  trx: Knex.Transaction,
  row: { buyer_id: number; seller_id: number; listing_id?: number | null; seller_order_id?: number | null },
): Promise<{ conversation: ConversationRow; created: boolean }> {
  const { rows } = await trx.raw<{ rows: ConversationRow[] }>(
    `insert into conversations (buyer_id, seller_id, listing_id, seller_order_id) values (?, ?, ?, ?)
     on conflict do nothing returning *`,
    [row.buyer_id, row.seller_id, row.listing_id ?? null, row.seller_order_id ?? null],
  );
  if (rows[0]) return { conversation: rows[0], created: true };
  // opened by a message sent at the same moment: continue that one
  const existing = row.listing_id ? await conversationAboutListing(trx, row.listing_id, row.buyer_id) : await conversationAboutSellerOrder(trx, row.seller_order_id!);
  return { conversation: existing!, created: false };
}

export async function insertMessage(trx: Knex.Transaction, row: { conversation_id: number; sender_id: number; body: string; created_at: Date }): Promise<{ id: number }> {
  const [m] = await trx('conversation_messages').insert(row).returning('id');
  return m;
}

/** A new message: the thread moves to the top of both inboxes, and its sender has read it. */
export async function touchConversation(trx: Knex.Transaction, id: number, side: 'buyer' | 'seller', messageId: number, at: Date): Promise<void> {
  await trx('conversations')
    .where({ id })
    .update({ last_message_at: at, [`${side}_read_upto`]: trx.raw(`greatest(${side}_read_upto, ?)`, [messageId]) });
}

/** Moves one side's read mark up to `upto`; true when it moved (there was something unread). */
export async function advanceRead(db: Db, id: number, side: 'buyer' | 'seller', upto: number): Promise<boolean> {
  const col = `${side}_read_upto`;
  const n = await db('conversations').where({ id }).andWhere(col, '<', upto).update({ [col]: upto });
  return Number(n) > 0;
}

/** The latest `limit` messages, oldest first. */
export async function messagesOf(db: Db, conversationId: number, limit = 100): Promise<MessageRow[]> {
  const { rows } = await db.raw<{ rows: MessageRow[] }>(
    `select * from (
       select m.*, u.display_name as sender_name
         from conversation_messages m join users u on u.id = m.sender_id
        where m.conversation_id = ?
        order by m.id desc limit ?
     ) latest order by id`,
    [conversationId, limit],
  );
  return rows;
}

export async function findMessage(db: Db, id: number): Promise<Pick<MessageRow, 'id' | 'conversation_id' | 'sender_id' | 'body'> | undefined> {
  return db('conversation_messages').where({ id }).first('id', 'conversation_id', 'sender_id', 'body');
}

export async function lastMessageId(db: Db, conversationId: number): Promise<number> {
  const row = await db('conversation_messages').where({ conversation_id: conversationId }).max('id as id').first();
  return Number(row?.id ?? 0);
}

/** The user's conversations, most recent first, each with the other person's name, the last message and how many are unread. */
export async function inboxOf(db: Db, userId: number, limit = 50): Promise<InboxRow[]> {
  const { rows } = await db.raw<{ rows: InboxRow[] }>(
    `select v.*,
            case when v.buyer_id = :u then v.seller_id else v.buyer_id end as other_id,
            case when v.buyer_id = :u then v.seller_name else v.buyer_name end as other_name,
            lm.body as last_body, lm.sender_id as last_sender_id,
            (select count(*) from conversation_messages m
              where m.conversation_id = v.id and m.sender_id <> :u
                and m.id > case when v.buyer_id = :u then v.buyer_read_upto else v.seller_read_upto end)::int as unread
       from (${VIEW_SELECT} where c.buyer_id = :u or c.seller_id = :u) v
       left join lateral (select body, sender_id from conversation_messages m where m.conversation_id = v.id order by m.id desc limit 1) lm on true
      order by v.last_message_at desc, v.id desc
      limit :limit`,
    { u: userId, limit },
  );
  return rows;
}

/** Messages from others the user has not read yet, over all their conversations. */
export async function unreadTotal(db: Db, userId: number): Promise<number> {
  const { rows } = await db.raw<{ rows: { n: number }[] }>(
    `select (select count(*) from conversations c join conversation_messages m on m.conversation_id = c.id and m.id > c.buyer_read_upto
              where c.buyer_id = :u and m.sender_id <> :u)
          + (select count(*) from conversations c join conversation_messages m on m.conversation_id = c.id and m.id > c.seller_read_upto
              where c.seller_id = :u and m.sender_id <> :u) as n`,
    { u: userId },
  );
  return Number(rows[0]?.n ?? 0);
}

// ── blocks ───────────────────────────────────────────────────────────────────

export async function hasBlocked(db: Db, blockerId: number, blockedId: number): Promise<boolean> {
  return Boolean(await db('conversation_blocks').where({ blocker_id: blockerId, blocked_id: blockedId }).first());
}

export async function insertBlock(db: Db, blockerId: number, blockedId: number): Promise<boolean> {
  const rows = await db('conversation_blocks').insert({ blocker_id: blockerId, blocked_id: blockedId }).onConflict(['blocker_id', 'blocked_id']).ignore().returning('blocker_id');
  return rows.length > 0;
}

export async function deleteBlock(db: Db, blockerId: number, blockedId: number): Promise<boolean> {
  return Number(await db('conversation_blocks').where({ blocker_id: blockerId, blocked_id: blockedId }).delete()) > 0;
}

// ── reports ──────────────────────────────────────────────────────────────────

export async function openReportBy(db: Db, conversationId: number, reporterId: number): Promise<{ id: number; created_at: Date } | undefined> {
  return db('conversation_reports').where({ conversation_id: conversationId, reporter_id: reporterId }).whereNull('resolved_at').first('id', 'created_at');
}

export async function insertReport(trx: Knex.Transaction, row: { conversation_id: number; reporter_id: number; reason: string }): Promise<boolean> {
  const { rows } = await trx.raw<{ rows: { id: number }[] }>(
    `insert into conversation_reports (conversation_id, reporter_id, reason) values (?, ?, ?)
     on conflict (conversation_id, reporter_id) where resolved_at is null do nothing returning id`,
    [row.conversation_id, row.reporter_id, row.reason],
  );
  return rows.length > 0;
}

export async function openReportsOf(db: Db, conversationId: number): Promise<ReportRow[]> {
  return db('conversation_reports as r')
    .join('users as u', 'u.id', 'r.reporter_id')
    .where({ 'r.conversation_id': conversationId })
    .whereNull('r.resolved_at')
    .orderBy('r.id')
    .select('r.id', 'r.conversation_id', 'r.reporter_id', 'u.display_name as reporter_name', 'r.reason', 'r.created_at');
}

/** Conversations with an open report, the longest waiting first. */
export async function reportedConversations(db: Db, limit = 100): Promise<ReportedRow[]> {
  const { rows } = await db.raw<{ rows: ReportedRow[] }>(
    `select v.*, r.reports, r.first_reported_at, r.reasons
       from (select conversation_id, count(*)::int as reports, min(created_at) as first_reported_at,
                    array_agg(reason order by id) filter (where reason <> '') as reasons
               from conversation_reports where resolved_at is null group by conversation_id) r
       join (${VIEW_SELECT}) v on v.id = r.conversation_id
      order by r.first_reported_at, v.id
      limit ?`,
    [limit],
  );
  return rows.map((r) => ({ ...r, reasons: r.reasons ?? [] }));
}

export async function resolveReports(trx: Knex.Transaction, conversationId: number, adminId: number, note: string, at: Date): Promise<number> {
  return Number(
    await trx('conversation_reports').where({ conversation_id: conversationId }).whereNull('resolved_at').update({ resolved_at: at, resolved_by: adminId, resolution_note: note }),
  );
}
