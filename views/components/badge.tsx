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
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" /></svg>
      <span class={props.count > 0 ? 'badge' : 'badge badge-empty'} data-count={String(props.count)}>
        {props.count > 99 ? '99+' : props.count}
      </span>
    </a>
  );
}
