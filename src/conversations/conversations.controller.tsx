import type { Request, Response } from 'express';
import { InboxPage } from '../../views/conversations/index.js';
import { MessagesLink } from '../../views/conversations/messages-link.js';
import { NewOrderConversation } from '../../views/conversations/new.js';
import { ReplyForm, type ReplyState } from '../../views/conversations/reply-form.js';
import { otherName, ThreadPage, type SafetyState } from '../../views/conversations/show.js';
import { ThreadMessages, ThreadNews } from '../../views/conversations/thread-messages.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { redirect, render, sendFragment } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { findSellerOrder } from '../orders/queries.js';
import { displayName } from '../storefront/queries.js';
import { markRead, reply, writeAboutSellerOrder } from './conversations.js';
import { replySchema, reportSchema } from './forms.js';
import { conversationsPaths as paths } from './paths.js';
import { otherOf, sideOf } from './policy.js';
import { conversationAboutSellerOrder, findConversation, hasBlocked, inboxOf, messagesOf, openReportBy, unreadTotal, type ConversationView, type MessageRow } from './queries.js';
import { messageLimit } from './ratelimit.js';
import { blockOther, reportConversation, unblockOther } from './safety.js';

/** The conversation a request names, if the signed-in user takes part in it: 404 otherwise, so others' threads are not revealed. */
async function participantConversation(req: Request): Promise<ConversationView> {
  const id = idParam(req.params.id);
  const c = id ? await findConversation(services(req).db, id) : undefined;
  if (!c || !sideOf(c, req.user!.id)) throw notFound('That conversation');
  return c;
}

/** Why the viewer cannot write in this conversation now, if they cannot; and whether they blocked the other. */
async function standing(req: Request, c: ConversationView): Promise<{ blocking: boolean; refusal?: string }> {
  const db = services(req).db;
  const me = req.user!.id;
  const other = otherOf(c, me);
  const [blockedMe, blocking] = await Promise.all([hasBlocked(db, other, me), hasBlocked(db, me, other)]);
  const refusal = blockedMe
    ? `${sideOf(c, other) === 'seller' ? 'The seller' : 'The buyer'} is not accepting messages from you.`
    : blocking
      ? `You blocked ${otherName(c, me)}. Unblock them below to write to them again.`
      : undefined;
  return { blocking, refusal };
}

async function showThread(req: Request, res: Response, c: ConversationView, opts: { status?: number; reply?: ReplyState; report?: SafetyState } = {}) {
  const db = services(req).db;
  const me = req.user!.id;
  const [messages, { blocking, refusal }, report] = await Promise.all([messagesOf(db, c.id), standing(req, c), openReportBy(db, c.id, me)]);
  // what is on the screen has been read
  await markRead(db, c, me);
  await render(req, res, {
    title: `Conversation with ${otherName(c, me)}`,
    status: opts.status,
    body: (ctx) => (
      <ThreadPage c={c} messages={messages} viewerId={me} csrf={ctx.csrf} blocking={blocking} refusal={refusal} reportedAt={report?.created_at ?? null} reply={opts.reply} report={opts.report} />
    ),
  });
}

/** What a re-fetch brings that the page did not have: the other person's messages after `seen`, said in words for the live region. */
function newsSince(messages: MessageRow[], seen: number, me: number): string {
  const fresh = messages.filter((m) => m.id > seen && Number(m.sender_id) !== me);
  if (fresh.length === 0) return '';
  const last = fresh[fresh.length - 1];
  return fresh.length === 1 ? `New message from ${last.sender_name}: ${last.body}` : `${fresh.length} new messages from ${last.sender_name}. The latest: ${last.body}`;
}

/** A refused reply: the form with the message kept and the reason beside it (htmx swaps the form; a plain post gets the page). */
async function refuseReply(req: Request, res: Response, c: ConversationView, status: number, state: ReplyState, headers?: Record<string, string>) {
  if (headers) res.set(headers);
  if (req.htmx.request) return sendFragment(res, <ReplyForm id={c.id} csrf={services(req).csrfToken(req, res)} state={state} />, status);
  return showThread(req, res, c, { status, reply: state });
}

export const conversationsController = {
  /** The signed-in user's conversations. */
  async index(req: Request, res: Response) {
    const me = req.user!.id;
    const rows = await inboxOf(services(req).db, me);
    await render(req, res, { title: 'Messages', body: () => <InboxPage rows={rows} viewerId={me} /> });
  },

  /** The header's link with the unread count. */
  async count(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store');
    await sendFragment(res, <MessagesLink count={await unreadTotal(services(req).db, req.user!.id)} />);
  },

  async show(req: Request, res: Response) {
    await showThread(req, res, await participantConversation(req));
  },

  /** The messages alone, for the live re-fetch, with what is new announced out of band; marks them read. */
  async list(req: Request, res: Response) {
    const c = await participantConversation(req);
    if (!req.htmx.request) return redirect(req, res, paths.conversation(c.id));
    const db = services(req).db;
    const me = req.user!.id;
    const messages = await messagesOf(db, c.id);
    await markRead(db, c, me);
    const news = newsSince(messages, idParam(req.query.seen) ?? Number.MAX_SAFE_INTEGER, me);
    res.set('Cache-Control', 'no-store');
    await sendFragment(
      res,
      <>
        <ThreadMessages c={c} messages={messages} viewerId={me} />
        {news ? <ThreadNews id={c.id} text={news} oob /> : ''}
      </>,
    );
  },

  async reply(req: Request, res: Response) {
    const s = services(req);
    const c = await participantConversation(req);
    const me = req.user!.id;
    const parsed = parseForm(replySchema, req.body);
    if (!parsed.ok) return refuseReply(req, res, c, 422, { value: parsed.values.body, error: parsed.errors.body });
    const limited = await messageLimit(s, me);
    if (limited) return refuseReply(req, res, c, 429, { value: parsed.data.body, formError: limited.message }, limited.headers);
    const sent = await reply(s.db, c, me, parsed.data.body);
    if (!sent.ok) return refuseReply(req, res, c, 403, { value: parsed.data.body, formError: sent.message });
    if (!req.htmx.request) return redirect(req, res, `${paths.conversation(c.id)}#message-${sent.messageId}`);
    const messages = await messagesOf(s.db, c.id);
    await sendFragment(
      res,
      <>
        <ReplyForm id={c.id} csrf={s.csrfToken(req, res)} />
        <ThreadMessages c={c} messages={messages} viewerId={me} oob />
      </>,
    );
  },

  /** The viewer stops the other participant from writing to them. */
  async block(req: Request, res: Response) {
    const c = await participantConversation(req);
    await blockOther(services(req).db, c, req.user!.id);
    const name = otherName(c, req.user!.id);
    redirect(req, res, paths.conversation(c.id), { kind: 'info', text: `You blocked ${name}. They can no longer write to you.` });
  },

  async unblock(req: Request, res: Response) {
    const c = await participantConversation(req);
    await unblockOther(services(req).db, c, req.user!.id);
    const name = otherName(c, req.user!.id);
    redirect(req, res, paths.conversation(c.id), { kind: 'info', text: `You unblocked ${name}. They can write to you again.` });
  },

  async report(req: Request, res: Response) {
    const c = await participantConversation(req);
    const parsed = parseForm(reportSchema, req.body);
    if (!parsed.ok) return showThread(req, res, c, { status: 422, report: { reason: parsed.values.reason, error: parsed.errors.reason } });
    await reportConversation(services(req).db, c, req.user!.id, parsed.data.reason);
    redirect(req, res, paths.conversation(c.id), { kind: 'info', text: 'Thank you. You reported this conversation; an admin will read it.' });
  },

  /** The conversation about one order part: its page if it exists, else the form to start it (for the part's buyer and seller only). */
  async orderConversation(req: Request, res: Response) {
    const { part, me } = await orderPart(req);
    const existing = await conversationAboutSellerOrder(services(req).db, part.id);
    if (existing) return res.redirect(303, paths.conversation(existing.id));
    await showNewOrderConversation(req, res, part, me);
  },

  async startOrderConversation(req: Request, res: Response) {
    const s = services(req);
    const { part, me } = await orderPart(req);
    const parsed = parseForm(replySchema, req.body);
    if (!parsed.ok) return showNewOrderConversation(req, res, part, me, 422, { value: parsed.values.body, error: parsed.errors.body });
    const limited = await messageLimit(s, me);
    if (limited) {
      res.set(limited.headers);
      return showNewOrderConversation(req, res, part, me, 429, { value: parsed.data.body, formError: limited.message });
    }
    const sent = await writeAboutSellerOrder(s.db, part, me, parsed.data.body);
    if (!sent.ok) return showNewOrderConversation(req, res, part, me, 403, { value: parsed.data.body, formError: sent.message });
    redirect(req, res, `${paths.conversation(sent.conversationId)}#message-${sent.messageId}`, { kind: 'info', text: 'Your message was sent.' });
  },
};

type Part = { id: number; order_id: number; buyer_id: number; seller_id: number };

/** The order part a request names, if the signed-in user is its buyer or its seller: 404 otherwise. */
async function orderPart(req: Request): Promise<{ part: Part; me: number }> {
  const id = idParam(req.params.id);
  const part = id ? await findSellerOrder(services(req).db, id) : undefined;
  const me = req.user!.id;
  if (!part || (Number(part.buyer_id) !== me && Number(part.seller_id) !== me)) throw notFound('That order');
  return { part, me };
}

async function showNewOrderConversation(req: Request, res: Response, part: Part, me: number, status?: number, state?: ReplyState) {
  const viewerIsBuyer = Number(part.buyer_id) === me;
  const other = await displayName(services(req).db, viewerIsBuyer ? Number(part.seller_id) : Number(part.buyer_id));
  await render(req, res, {
    title: `Message about order #${part.order_id}`,
    status,
    body: (ctx) => (
      <NewOrderConversation
        sellerOrderId={part.id}
        orderId={Number(part.order_id)}
        viewerIsBuyer={viewerIsBuyer}
        otherName={other?.display_name ?? (viewerIsBuyer ? 'the seller' : 'the buyer')}
        csrf={ctx.csrf}
        state={state}
      />
    ),
  });
}
