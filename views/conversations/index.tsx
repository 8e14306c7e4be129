import { conversationsPaths as paths } from '../../src/conversations/paths.js';
import type { InboxRow } from '../../src/conversations/queries.js';
import { Time } from '../components/time.js';
import { Subject } from './show.js';

/**
 * The user's conversations (stable id `conversation-list`), newest first, each
 * with the other person's display name, the last message and the unread count.
 * Re-fetches itself on the user's `messages` signal.
 */
export function InboxList(props: { rows: InboxRow[]; viewerId: number }) {
  return (
    <div id="conversation-list" hx-get={paths.messages()} hx-select="#conversation-list" hx-trigger="sse:messages" hx-swap="outerHTML">
      {props.rows.length === 0 ? (
        <p class="empty">No conversations yet. Write to a seller from a listing page, or about an order from the order’s page.</p>
      ) : (
        <ul class="stack conversations">
          {props.rows.map((r) => (
            <li id={`conversation-${r.id}`} class={r.unread > 0 ? 'conversation-item unread' : 'conversation-item'} data-unread={String(r.unread)}>
              <p class="title">
                <a href={paths.conversation(r.id)} safe>
                  {r.other_name}
                </a>
                {r.unread > 0 ? (
                  <span class="badge badge-count">
                    <span safe>{String(r.unread)}</span>
                    <span class="visually-hidden"> unread</span>
                  </span>
                ) : (
                  ''
                )}
              </p>
              <p class="meta">
                <Subject c={r} viewerId={props.viewerId} /> · <Time at={r.last_message_at} />
              </p>
              {r.last_body !== null ? (
                <p class="last" safe>
                  {`${Number(r.last_sender_id) === props.viewerId ? 'You: ' : ''}${r.last_body.length > 140 ? `${r.last_body.slice(0, 139)}…` : r.last_body}`}
                </p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function InboxPage(props: { rows: InboxRow[]; viewerId: number }) {
  return (
    <section aria-labelledby="messages-title">
      <h1 id="messages-title">Messages</h1>
      <InboxList {...props} />
    </section>
  );
}
