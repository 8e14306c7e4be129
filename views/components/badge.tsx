import { paths } from '../../src/paths.js';

/** What a badge's colour says: all is well (green), needs attention (amber), went wrong (red), in progress (blue), or just a fact (neutral). */
export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';

/**
 * The tone of a status word, the same for every domain's states (listings,
 * orders, payouts, disputes, refunds, top-ups, auctions). A word not listed
 * here is neutral: a badge is never red unless something went wrong.
 */
const tones: Record<string, Tone> = {
  active: 'ok',
  open: 'ok',
  paid: 'ok',
  accepted: 'ok',
  delivered: 'ok',
  completed: 'ok',
  succeeded: 'ok',
  approved: 'ok',
  resolved: 'ok',
  shipped: 'info',
  sending: 'info',
  pending: 'warn',
  requested: 'warn',
  awaiting_payment: 'warn',
  disputed: 'warn',
  escalated: 'warn',
  paused: 'warn',
  sold_out: 'warn',
  rejected: 'danger',
  failed: 'danger',
  reversed: 'danger',
  suspended: 'danger',
};

export function statusTone(status: string): Tone {
  return tones[status] ?? 'neutral';
}

/** The classes of a badge in a tone (`badge badge-ok`). */
export function badgeClass(tone: Tone): string {
  return tone === 'neutral' ? 'badge' : `badge badge-${tone}`;
}

/** A count of things waiting: stands out when there are some, stays quiet at zero (never red). What it counts is said by the link around it. */
export function Count(props: { n: number; max?: number }) {
  return (
    <span class={props.n > 0 ? 'badge badge-count' : 'badge badge-empty'} data-count={String(props.n)}>
      {props.max !== undefined && props.n > props.max ? `${props.max}+` : props.n}
    </span>
  );
}

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
      <Count n={props.count} max={99} />
    </a>
  );
}
