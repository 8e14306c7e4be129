import type { ConversationRow } from './queries.js';

export type Side = 'buyer' | 'seller';

/** Which side of the conversation the user is on, or null: only its two participants read or write it. */
export function sideOf(c: Pick<ConversationRow, 'buyer_id' | 'seller_id'>, userId: number): Side | null {
  if (Number(c.buyer_id) === userId) return 'buyer';
  if (Number(c.seller_id) === userId) return 'seller';
  return null;
}

/** Whether the user takes part in the conversation (admins included: they read others' threads only when reported, elsewhere). */
export function canReadConversation(user: { id: number }, c: Pick<ConversationRow, 'buyer_id' | 'seller_id'>): boolean {
  return sideOf(c, user.id) !== null;
}

/** The other participant's id. */
export function otherOf(c: Pick<ConversationRow, 'buyer_id' | 'seller_id'>, userId: number): number {
  return Number(c.buyer_id) === userId ? Number(c.seller_id) : Number(c.buyer_id);
}

/** Admins read a conversation of others only while someone's report about it is open. */
export function canAdminReadConversation(user: { is_admin: boolean }, openReports: number): boolean {
  return user.is_admin && openReports > 0;
}
