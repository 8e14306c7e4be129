import { statusLabels } from '../../src/listings/lifecycle.js';
import type { ListingRow, ListingStatus } from '../../src/listings/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';
import { badgeClass, statusTone } from '../components/badge.js';

/** A listing's state as a word with a machine-readable data attribute. */
export function StatusBadge(props: { status: ListingStatus }) {
  return (
    <span class={`${badgeClass(statusTone(props.status))} status status-${props.status}`} data-status={props.status} safe>
      {statusLabels[props.status]}
    </span>
  );
}

/** Hours before expiry from which the seller is offered to renew. */
export const RENEW_WITHIN_HOURS = 72;

export function renewable(l: Pick<ListingRow, 'status' | 'expires_at'>, nowMs: number): boolean {
  if (l.status === 'expired') return true;
  return l.status === 'active' && l.expires_at !== null && new Date(l.expires_at).getTime() - nowMs <= RENEW_WITHIN_HOURS * 3600_000;
}

/** One button in its own form (CSRF and, where needed, the method override). */
export function ActionButton(props: { action: string; method?: 'DELETE'; csrf: string; label: string; danger?: boolean; name?: string }) {
  return (
    <form method="post" action={props.action} class="inline-form" data-action={props.name}>
      <Csrf token={props.csrf} />
      {props.method ? <input type="hidden" name="_method" value={props.method} /> : ''}
      <button type="submit" class={props.danger ? 'danger' : undefined} safe>
        {props.label}
      </button>
    </form>
  );
}

/** What the seller can do with the listing in its state. */
export function ListingActions(props: { listing: ListingRow; csrf: string; nowMs: number; compact?: boolean }) {
  const l = props.listing;
  const s = l.status;
  return (
    <div class="actions" data-listing={String(l.id)}>
      {props.compact ? <a href={paths.editListing(l.id)}>Edit</a> : ''}
      {s === 'draft' || s === 'rejected' ? <ActionButton action={paths.listingSubmission(l.id)} csrf={props.csrf} label="Submit for review" name="submit" /> : ''}
      {s === 'active' ? <ActionButton action={paths.listingPause(l.id)} csrf={props.csrf} label="Pause" name="pause" /> : ''}
      {s === 'paused' ? <ActionButton action={paths.listingPause(l.id)} method="DELETE" csrf={props.csrf} label="Resume" name="resume" /> : ''}
      {renewable(l, props.nowMs) ? <ActionButton action={paths.listingRenewal(l.id)} csrf={props.csrf} label="Renew" name="renew" /> : ''}
      <ActionButton action={paths.listingCopies(l.id)} csrf={props.csrf} label="Duplicate" name="duplicate" />
      <a href={paths.listingDeletion(l.id)} class="danger-link">
        Delete…
      </a>
    </div>
  );
}
