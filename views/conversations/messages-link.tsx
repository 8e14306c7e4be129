import { conversationsPaths as paths } from '../../src/conversations/paths.js';

/**
 * The header's link to the signed-in user's conversations with how many messages
 * they have not read. It fetches itself when the live stream (re)opens and on the
 * user's `messages` signal, so the count follows in every open tab; the count is
 * never pushed, so it is authorized on each request. Rendered without a count in
 * the page (the inbox shows them without JavaScript).
 */
export function MessagesLink(props: { count?: number }) {
  const n = props.count;
  const label = n === undefined ? 'Messages' : n === 0 ? 'Messages: none unread' : `Messages: ${n} unread`;
  return (
    <a
      id="messages-link"
      class="badge-link messages-link"
      href={paths.messages()}
      hx-get={paths.messagesCount()}
      hx-trigger="sse:messages, htmx:sseOpen from:closest [sse-connect]"
      hx-swap="outerHTML"
      aria-label={label}
      data-count={n === undefined ? undefined : String(n)}
    >
      Messages
      {n ? <span class="badge badge-count">{n > 99 ? '99+' : String(n)}</span> : ''}
    </a>
  );
}
