import { paths } from '../../src/paths.js';
import type { NotificationRow } from '../../src/notifications/queries.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';

export function NotificationItem(props: { n: NotificationRow; csrf: string }) {
  const n = props.n;
  return (
    <li id={`notification-${n.id}`} class={n.read_at ? 'notification read' : 'notification unread'}>
      <p class="title">
        {n.link ? (
          <a href={n.link} safe>
            {n.title}
          </a>
        ) : (
          <strong safe>{n.title}</strong>
        )}
      </p>
      {n.body ? <p safe>{n.body}</p> : ''}
      <p class="meta">
        <Time at={n.created_at} />
        {n.read_at ? (
          ''
        ) : (
          <form method="post" action={paths.notificationRead(n.id)} hx-post={paths.notificationRead(n.id)} hx-target={`#notification-${n.id}`} hx-swap="outerHTML" class="inline">
            <Csrf token={props.csrf} />
            <button type="submit" class="link-button">
              Mark as read
            </button>
          </form>
        )}
      </p>
    </li>
  );
}

export function NotificationList(props: { items: NotificationRow[]; csrf: string; nextBefore: number | null }) {
  return (
    <div id="notification-list" hx-get={paths.notifications()} hx-trigger="sse:notifications, htmx:sseOpen from:body" hx-select="#notification-list" hx-swap="outerHTML">
      {props.items.length === 0 ? (
        <p class="empty">No notifications yet.</p>
      ) : (
        <ul class="stack">
          {props.items.map((n) => (
            <NotificationItem n={n} csrf={props.csrf} />
          ))}
        </ul>
      )}
      {props.nextBefore ? (
        <p>
          <a href={`${paths.notifications()}?before=${props.nextBefore}`}>Older notifications</a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export function NotificationsPage(props: { items: NotificationRow[]; csrf: string; nextBefore: number | null }) {
  return (
    <section>
      <h1>Notifications</h1>
      <form method="post" action={paths.notificationsReadAll()} class="inline">
        <Csrf token={props.csrf} />
        <button type="submit">Mark all as read</button>
      </form>
      <NotificationList {...props} />
    </section>
  );
}
