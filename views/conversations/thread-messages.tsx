import { conversationsPaths as paths } from '../../src/conversations/paths.js';
import type { ConversationView, MessageRow } from '../../src/conversations/queries.js';
import { conversationEvent } from '../../src/conversations/reactions.js';
import { Time } from '../components/time.js';

const lastId = (messages: MessageRow[]) => (messages.length ? messages[messages.length - 1].id : 0);

/**
 * The messages of one conversation (stable id `conversation-<id>-messages`): the
 * same partial for the page, the htmx answer to a reply and the re-fetch on the
 * thread's signal or when the live stream (re)opens. It carries the newest message
 * it shows, so a re-fetch knows what is new to announce.
 */
export function ThreadMessages(props: { c: Pick<ConversationView, 'id'>; messages: MessageRow[]; viewerId: number; oob?: boolean }) {
  const id = props.c.id;
  return (
    <div
      id={`conversation-${id}-messages`}
      class="thread"
      hx-get={paths.conversationMessages(id, lastId(props.messages))}
      hx-trigger={`sse:${conversationEvent(id)}, htmx:sseOpen from:closest [sse-connect]`}
      hx-swap="outerHTML"
      hx-swap-oob={props.oob ? 'true' : undefined}
      data-last={String(lastId(props.messages))}
    >
      {props.messages.length === 0 ? (
        <p class="empty">No messages yet.</p>
      ) : (
        <ol class="messages" aria-label="Messages">
          {props.messages.map((m) => {
            const mine = Number(m.sender_id) === props.viewerId;
            return (
              <li id={`message-${m.id}`} class={mine ? 'message mine' : 'message theirs'}>
                <p class="meta">
                  <strong safe>{mine ? 'You' : m.sender_name}</strong> · <Time at={m.created_at} />
                </p>
                <p class="body" safe>
                  {m.body}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/**
 * A polite live region beside the thread that says what arrived since the page
 * last looked: the list itself is swapped whole, which screen readers do not
 * announce well, so the news goes here (updated out of band, the region stays).
 */
export function ThreadNews(props: { id: number; text?: string; oob?: boolean }) {
  return (
    <p id={`conversation-${props.id}-news`} class="visually-hidden" role="status" aria-live="polite" hx-swap-oob={props.oob ? 'innerHTML' : undefined} safe>
      {props.text ?? ''}
    </p>
  );
}
