import { paths } from '../../src/paths.js';

/**
 * The unread-notification badge. A signal on the user's stream (or a reconnect)
 * makes it fetch itself again; the count is never pushed, so it is always
 * authorized on that request.
 */
export function NotificationBadge(props: { count: number }) {
  const label = props.count === 1 ? '1 unread notification' : `${props.count} unread notifications`;
  return (
    <a
      id="notification-badge"
      class="badge-link"
      href={paths.notifications()}
      hx-get={paths.notificationBadge()}
      hx-trigger="sse:notifications, notifications-changed from:body, htmx:sseOpen from:closest [sse-connect]"
      hx-swap="outerHTML"
      aria-label={`Notifications: ${label}`}
    >
      <span aria-hidden="true">🔔</span>
      <span class={props.count > 0 ? 'badge' : 'badge badge-empty'} data-count={String(props.count)}>
        {props.count > 99 ? '99+' : props.count}
      </span>
    </a>
  );
}
