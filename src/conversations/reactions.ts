import type { Drafts } from '../notifications/draft.js';
import type { Reactions } from '../outbox/reaction.js';
import { streams } from '../realtime/streams.js';
import { conversationsPaths as paths } from './paths.js';
import { findConversation, findMessage } from './queries.js';

const notify = { queue: 'notifications', name: 'from-event' } as const;

/** The live event an open conversation page listens to (a signal: the page re-fetches its messages, authorized again). */
export const conversationEvent = (id: number) => `conversation-${id}`;

const signals = (p: Record<string, unknown>) =>
  [Number(p.recipientId), Number(p.senderId)].flatMap((userId) => [
    // the header's unread count and the inbox of both people
    { stream: streams.user(userId), event: 'messages', data: 'changed' },
    // the thread, where it is open
    { stream: streams.user(userId), event: conversationEvent(Number(p.conversationId)), data: 'changed' },
  ]);

/** What the conversations domain's events cause: signals on the participants' own streams, notifications, the admins' queue. */
export const conversationsReactions: Reactions = {
  'conversation.message': { live: signals, jobs: [notify] },
  // read in one tab: the header of every other tab follows
  'conversation.read': { live: (p) => [{ stream: streams.user(Number(p.userId)), event: 'messages', data: 'changed' }] },
  'conversation.reported': { live: () => [{ stream: streams.admin(), event: 'conversations', data: 'changed' }] },
  'conversation.resolved': { live: () => [{ stream: streams.admin(), event: 'conversations', data: 'changed' }] },
};

const PREVIEW = 200;
const preview = (s: string) => (s.length > PREVIEW ? `${s.slice(0, PREVIEW - 1).trimEnd()}…` : s);

/**
 * The recipient's notification of a new message: the sender's display name, what
 * the conversation is about and the start of the message; never an email address.
 */
export const conversationsDrafts: Drafts = {
  'conversation.message': async (event, db) => {
    const p = event.payload;
    const [c, m] = await Promise.all([findConversation(db, Number(p.conversationId)), findMessage(db, Number(p.messageId))]);
    if (!c || !m) return [];
    const sender = Number(m.sender_id) === Number(c.buyer_id) ? c.buyer_name : c.seller_name;
    const about = c.listing_title ? `“${c.listing_title}”` : `order #${c.order_id}`;
    return [{ userId: Number(p.recipientId), kind: 'conversation.message', title: `${sender} wrote about ${about}`, body: preview(String(m.body)), link: paths.conversation(c.id) }];
  },
};
