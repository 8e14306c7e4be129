import { conversationsPaths as paths } from '../../src/conversations/paths.js';

/**
 * The header's link to the signed-in user's conversations with how many messages
 * they have not read: what the page shows and what `/messages/count` answers.
 * Rendered without a count in the page (the inbox shows them without JavaScript).
 */
export function MessagesLink(props: { count?: number }) {
  const n = props.count;
  return (
    <a
      id="messages-link"
      class="badge-link messages-link"
      href={paths.messages()}
      data-count={n === undefined ? undefined : String(n)}
    >
      Messages
      {n ? (
        <>
          {' '}
          <span class="badge badge-count" safe>
            {n > 99 ? '99+' : String(n)}
          </span>
          <span class="visually-hidden"> unread</span>
        </>
      ) : (
        ''
      )}
    </a>
  );
}

/**
 * The link in the header, inside a box that fetches it again when the live stream
 * (re)opens and on the user's `messages` signal, so the count follows in every open
 * tab; the count is never pushed, so it is authorized on each request. The box stays
 * while its content is swapped, so a signal that comes while a fetch is on its way
 * (a message, then its reading a moment later) queues one more fetch instead of
 * being dropped.
 */
export function LiveMessagesLink() {
  return (
    <span id="messages-link-live" class="live-box" hx-get={paths.messagesCount()} hx-trigger="sse:messages, htmx:sseOpen from:closest [sse-connect]" hx-swap="innerHTML" hx-sync="this:queue last">
      <MessagesLink />
    </span>
  );
}
