import { REPORT_REASON_MAX } from '../../src/conversations/forms.js';
import { conversationsPaths as cpaths } from '../../src/conversations/paths.js';
import type { ConversationView, MessageRow } from '../../src/conversations/queries.js';
import { sideOf } from '../../src/conversations/policy.js';
import { paths } from '../../src/paths.js';
import { Csrf, TextArea } from '../components/field.js';
import { Time } from '../components/time.js';
import { ReplyForm, type ReplyState } from './reply-form.js';
import { ThreadMessages, ThreadNews } from './thread-messages.js';

/** Who the viewer is talking to. */
export function otherName(c: ConversationView, viewerId: number): string {
  return Number(c.buyer_id) === viewerId ? c.seller_name : c.buyer_name;
}

/** What the conversation is about, linked for the viewer (the listing, or the viewer's side of the order). */
export function Subject(props: { c: ConversationView; viewerId: number | null }) {
  const c = props.c;
  if (c.listing_id) {
    return (
      <>
        About <a href={paths.listing(c.listing_id, c.listing_slug ?? undefined)} safe>{c.listing_title ?? 'a listing'}</a>
      </>
    );
  }
  const side = props.viewerId === null ? null : sideOf(c, props.viewerId);
  const href = side === 'buyer' ? paths.order(c.order_id!) : side === 'seller' ? paths.sellerOrder(c.seller_order_id!) : null;
  const label = `order #${c.order_id}`;
  return <>About {href ? <a href={href} safe>{label}</a> : <span safe>{label}</span>}</>;
}

export interface SafetyState {
  reason?: string;
  error?: string;
}

/** Block or unblock the other person, and report the conversation. */
function Safety(props: { c: ConversationView; viewerId: number; csrf: string; blocking: boolean; reportedAt: Date | null; report?: SafetyState }) {
  const { c } = props;
  const other = otherName(c, props.viewerId);
  return (
    <section class="card conversation-safety" aria-labelledby="safety-title">
      <h2 id="safety-title">Safety</h2>
      <form method="post" action={cpaths.conversationBlock(c.id)} class="inline">
        <Csrf token={props.csrf} />
        {props.blocking ? (
          <>
            <input type="hidden" name="_method" value="DELETE" />
            <p safe>{`You blocked ${other}: they cannot write to you.`}</p>
            <button type="submit" safe>{`Unblock ${other}`}</button>
          </>
        ) : (
          <>
            <p safe>{`Blocking stops ${other} from writing to you, here and in any other conversation.`}</p>
            <button type="submit" safe>{`Block ${other}`}</button>
          </>
        )}
      </form>
      {props.reportedAt ? (
        <p id="report-state">
          You reported this conversation on <Time at={props.reportedAt} />. An admin will read it.
        </p>
      ) : (
        <form method="post" action={cpaths.conversationReport(c.id)} id="report-form">
          <Csrf token={props.csrf} />
          <TextArea
            label="Report this conversation (optional reason)"
            name="reason"
            rows={2}
            maxlength={REPORT_REASON_MAX}
            value={props.report?.reason}
            error={props.report?.error}
            hint="An admin will be able to read this conversation to decide what to do."
          />
          <button type="submit">Report to Souk</button>
        </form>
      )}
    </section>
  );
}

export interface ThreadPageProps {
  c: ConversationView;
  messages: MessageRow[];
  viewerId: number;
  csrf: string;
  /** the viewer blocked the other person */
  blocking: boolean;
  /** why the viewer may not write here, shown instead of the form */
  refusal?: string;
  reportedAt: Date | null;
  reply?: ReplyState;
  report?: SafetyState;
}

/** One conversation, for one of its two participants. */
export function ThreadPage(props: ThreadPageProps) {
  const { c } = props;
  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <p>
        <a href={cpaths.messages()}>← All messages</a>
      </p>
      <h1 id="conversation-title" safe>{`Conversation with ${otherName(c, props.viewerId)}`}</h1>
      <p class="meta">
        <Subject c={c} viewerId={props.viewerId} />
      </p>
      <ThreadMessages c={c} messages={props.messages} viewerId={props.viewerId} />
      <ThreadNews id={c.id} />
      <ReplyForm id={c.id} csrf={props.csrf} state={props.reply} refusal={props.refusal} />
      <Safety c={c} viewerId={props.viewerId} csrf={props.csrf} blocking={props.blocking} reportedAt={props.reportedAt} report={props.report} />
    </section>
  );
}
