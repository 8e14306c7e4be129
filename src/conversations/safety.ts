import type { Knex } from 'knex';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { emit } from '../outbox/outbox.js';
import { otherOf } from './policy.js';
import { deleteBlock, insertBlock, insertReport, resolveReports, type ConversationRow } from './queries.js';

/** The participant stops the other from writing to them, in this and every other conversation. */
export async function blockOther(db: Knex, c: ConversationRow, userId: number): Promise<void> {
  await insertBlock(db, userId, otherOf(c, userId));
}

/** Lifts the participant's block of the other. */
export async function unblockOther(db: Knex, c: ConversationRow, userId: number): Promise<void> {
  await deleteBlock(db, userId, otherOf(c, userId));
}

/**
 * A participant reports the conversation: it joins the admins' queue, where an
 * admin may read it until the report is resolved. Reporting twice while the first
 * report is open changes nothing.
 */
export async function reportConversation(db: Knex, c: ConversationRow, userId: number, reason: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const added = await insertReport(trx, { conversation_id: c.id, reporter_id: userId, reason });
    if (added) await emit(trx, 'conversation.reported', { conversationId: c.id, reporterId: userId });
    return added;
  });
}

/** An admin closes the open reports of a conversation (audited); false when none was open. */
export async function resolveConversationReports(db: Knex, adminId: number, conversationId: number, note: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const n = await resolveReports(trx, conversationId, adminId, note, clock.now());
    if (n === 0) return false;
    await audit(trx, { actorId: adminId, action: 'conversation.reports.resolve', subjectType: 'conversation', subjectId: conversationId, reason: note, before: { openReports: n }, after: { openReports: 0 } });
    await emit(trx, 'conversation.resolved', { conversationId });
    return true;
  });
}
