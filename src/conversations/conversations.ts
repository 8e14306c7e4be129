import type { Knex } from 'knex';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { otherOf, sideOf, type Side } from './policy.js';
import {
  advanceRead,
  conversationAboutListing,
  conversationAboutSellerOrder,
  hasBlocked,
  insertConversation,
  insertMessage,
  lastMessageId,
  touchConversation,
  type ConversationRow,
} from './queries.js';

export type SendResult =
  | { ok: true; conversationId: number; messageId: number; created: boolean }
  | { ok: false; reason: 'blocked' | 'blocking'; message: string };

const sideName = (side: Side) => (side === 'seller' ? 'The seller' : 'The buyer');

/**
 * Why the sender may not write to the other person, if they may not: the other
 * blocked them (told plainly, so they stop trying), or they blocked the other.
 */
async function refusal(db: Knex | Knex.Transaction, senderId: number, otherId: number, otherSide: Side): Promise<Extract<SendResult, { ok: false }> | null> {
  if (await hasBlocked(db, otherId, senderId)) return { ok: false, reason: 'blocked', message: `${sideName(otherSide)} is not accepting messages from you.` };
  if (await hasBlocked(db, senderId, otherId)) return { ok: false, reason: 'blocking', message: 'You blocked this person. Unblock them to write to them again.' };
  return null;
}

/** Adds the message, moves the thread up both inboxes and records the event that notifies the other side and updates open pages. */
async function deliver(trx: Knex.Transaction, c: ConversationRow, senderId: number, body: string, created: boolean): Promise<SendResult> {
  const side = sideOf(c, senderId)!;
  const recipientId = otherOf(c, senderId);
  const no = await refusal(trx, senderId, recipientId, side === 'buyer' ? 'seller' : 'buyer');
  if (no) return no;
  const at = clock.now();
  const m = await insertMessage(trx, { conversation_id: c.id, sender_id: senderId, body, created_at: at });
  await touchConversation(trx, c.id, side, m.id, at);
  await emit(trx, 'conversation.message', { conversationId: c.id, messageId: m.id, senderId, recipientId });
  return { ok: true, conversationId: c.id, messageId: m.id, created };
}

/**
 * A buyer writes to the seller about a listing: the first message opens their
 * conversation about it, later ones continue it. The caller has checked that the
 * listing is public and not the buyer's own.
 */
export async function writeAboutListing(db: Knex, input: { buyerId: number; sellerId: number; listingId: number }, body: string): Promise<SendResult> {
  return db.transaction(async (trx) => {
    const existing = await conversationAboutListing(trx, input.listingId, input.buyerId);
    if (existing) return deliver(trx, existing, input.buyerId, body, false);
    // no empty thread for a message that may not be sent
    const no = await refusal(trx, input.buyerId, input.sellerId, 'seller');
    if (no) return no;
    const c = await insertConversation(trx, { buyer_id: input.buyerId, seller_id: input.sellerId, listing_id: input.listingId });
    return deliver(trx, c.conversation, input.buyerId, body, c.created);
  });
}

/** The buyer or the seller of one order part writes about it: one conversation per part, opened by whoever writes first. */
export async function writeAboutSellerOrder(db: Knex, part: { id: number; buyer_id: number; seller_id: number }, senderId: number, body: string): Promise<SendResult> {
  return db.transaction(async (trx) => {
    const existing = await conversationAboutSellerOrder(trx, part.id);
    if (existing) return deliver(trx, existing, senderId, body, false);
    const pair = { buyer_id: Number(part.buyer_id), seller_id: Number(part.seller_id) };
    const no = await refusal(trx, senderId, otherOf(pair, senderId), sideOf(pair, senderId) === 'buyer' ? 'seller' : 'buyer');
    if (no) return no;
    const c = await insertConversation(trx, { ...pair, seller_order_id: part.id });
    return deliver(trx, c.conversation, senderId, body, c.created);
  });
}

/** A reply by one of the two participants (the caller has checked which). */
export async function reply(db: Knex, c: ConversationRow, senderId: number, body: string): Promise<SendResult> {
  return db.transaction((trx) => deliver(trx, c, senderId, body, false));
}

/**
 * The participant has seen the thread up to its newest message. When that read
 * something new, their open pages hear of it (the header's unread count).
 */
export async function markRead(db: Knex, c: ConversationRow, userId: number): Promise<void> {
  const side = sideOf(c, userId);
  if (!side) return;
  const upto = await lastMessageId(db, c.id);
  if (upto <= Number(side === 'buyer' ? c.buyer_read_upto : c.seller_read_upto)) return;
  await db.transaction(async (trx) => {
    if (await advanceRead(trx, c.id, side, upto)) await emit(trx, 'conversation.read', { conversationId: c.id, userId });
  });
}
