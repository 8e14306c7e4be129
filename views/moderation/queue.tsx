import type { FieldErrors } from '../../src/http/validate.js';
import type { QueueRow } from '../../src/moderation/queries.js';
import { FLAG_REASONS, type FlagReason } from '../../src/moderation/flags.js';
import { paths } from '../../src/paths.js';
import { asset } from '../../src/http/assets.js';
import { Csrf } from '../components/field.js';
import { activeClaim, age, priceText, RejectFields, Shortcuts } from './parts.js';

export interface QueueState {
  values?: Record<string, string>;
  selected?: number[];
  errors?: FieldErrors;
}

/** One pending listing in the queue. */
export function QueueItem(props: { item: QueueRow; now: Date; viewerId: number; selected: boolean }) {
  const l = props.item;
  const claimed = activeClaim(l, props.now);
  const mine = claimed && l.claimed_by === props.viewerId;
  return (
    <li id={`queue-item-${l.id}`} class={`card queue-item${claimed && !mine ? ' claimed' : ''}`} data-id={String(l.id)} data-risk={String(l.risk_score)}>
      <div class="queue-select">
        <input type="checkbox" id={`select-${l.id}`} name="ids" value={String(l.id)} checked={props.selected} hx-preserve="true" disabled={claimed && !mine} />
        <label for={`select-${l.id}`} class="visually-hidden">
          {'Select '}
          <span safe>{l.title}</span>
        </label>
      </div>
      <div class="queue-body">
        <h3 class="title" safe>
          {l.title}
        </h3>
        <p class="meta">
          <span class="seller" safe>
            {l.shop_name ?? l.seller_name}
          </span>
          {' · '}
          <span class="category" safe>
            {l.category_name}
          </span>
          {' · '}
          <span class="price" safe>
            {priceText(l)}
          </span>
          {' · '}
          <span class="age" safe>{`waiting ${age(l.submitted_at, props.now)}`}</span>
        </p>
        <div class="risk">
          <span class={`risk-score${l.risk_score >= 50 ? ' high' : ''}`} data-score={String(l.risk_score)}>
            Risk {l.risk_score}
          </span>
          {l.risk_reasons.length ? (
            <ul class="risk-reasons">
              {l.risk_reasons.map((r) => (
                <li safe>{r}</li>
              ))}
            </ul>
          ) : (
            <span class="hint"> nothing unusual</span>
          )}
        </div>
        {l.open_flags > 0 || l.hidden_at ? (
          <p class="flags" data-flags={String(l.open_flags)}>
            {l.hidden_at ? 'Hidden after reports: ' : 'Reports: '}
            {l.open_flags} open
            {l.flag_reasons.length ? ` (${l.flag_reasons.map((r) => FLAG_REASONS[r as FlagReason] ?? r).join(', ')})` : ''}
          </p>
        ) : (
          ''
        )}
        {claimed ? (
          <p class="claim" data-claimed-by={String(l.claimed_by)}>
            {mine ? 'You are reviewing this' : 'Being reviewed by '}
            {mine ? '' : <span safe>{l.claimer_name ?? 'another admin'}</span>}
          </p>
        ) : (
          ''
        )}
      </div>
      <div class="queue-actions">
        <button type="submit" class="open" formaction={paths.adminModerationClaim(l.id)} formnovalidate>
          {mine ? 'Continue review' : 'Open'}
        </button>
      </div>
    </li>
  );
}

/** The live queue with its bulk actions: re-fetched whenever a listing arrives, is claimed or decided. */
export function ModerationQueue(props: { items: QueueRow[]; now: Date; viewerId: number; csrf: string; state?: QueueState }) {
  const st = props.state ?? {};
  const selected = new Set(st.selected ?? []);
  return (
    <section
      id="moderation-queue"
      hx-get={paths.adminModerationList()}
      hx-trigger="sse:moderation, htmx:sseOpen from:body"
      hx-swap="outerHTML"
      aria-labelledby="queue-heading"
    >
      <h2 id="queue-heading">
        Waiting for review <span class="count">({props.items.length})</span>
      </h2>
      {props.items.length === 0 ? (
        <p class="empty">No listings are waiting. New submissions appear here as they arrive.</p>
      ) : (
        <form id="bulk-form" method="post" action={paths.adminModerationDecisions()}>
          <Csrf token={props.csrf} />
          {/* Enter in a field must not decide anything: the form's default button is this disabled one */}
          <button type="submit" disabled hidden aria-hidden="true" tabindex="-1"></button>
          <fieldset class="bulk">
            <legend>Selected listings</legend>
            {st.errors?.ids ? (
              <p class="error" id="bulk-ids-error" safe>
                {st.errors.ids}
              </p>
            ) : (
              ''
            )}
            <button type="submit" name="decision" value="approve" class="approve">
              Approve selected
            </button>
            <RejectFields idPrefix="bulk" values={st.values} errors={st.errors} />
            <button type="submit" name="decision" value="reject" class="danger">
              Reject selected
            </button>
            <p class="hint">Items another admin is reviewing are left to them.</p>
          </fieldset>
          <ol class="stack queue" aria-live="polite">
            {props.items.map((item) => (
              <QueueItem item={item} now={props.now} viewerId={props.viewerId} selected={selected.has(item.id)} />
            ))}
          </ol>
        </form>
      )}
    </section>
  );
}

export function QueuePage(props: { items: QueueRow[]; now: Date; viewerId: number; csrf: string; state?: QueueState }) {
  return (
    <section class="moderation" data-page="moderation-queue">
      <h1>Listing moderation</h1>
      <p class="hint">Riskiest first, then oldest. Opening an item claims it, so no one else reviews it at the same time.</p>
      <Shortcuts
        keys={[
          ['j', 'next item'],
          ['k', 'previous item'],
          ['Enter', 'open the item'],
          ['x', 'select the item for a bulk decision'],
          ['?', 'show these shortcuts'],
        ]}
      />
      <ModerationQueue {...props} />
      <script src={asset('moderation.js')} defer></script>
    </section>
  );
}
