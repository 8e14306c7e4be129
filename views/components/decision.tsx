import { Csrf } from './field.js';

/**
 * An admin's approve / reject-with-a-reason pair for one queued item. Both forms
 * post plainly without JavaScript; with htmx they replace `target` (the queue).
 */
export function DecisionActions(props: { approve: string; reject: string; target: string; approveLabel: string; reasonId: string; csrf: string; error?: string }) {
  const { reasonId, error } = props;
  return (
    <div class="actions">
      <form method="post" action={props.approve} hx-post={props.approve} hx-target={props.target} hx-swap="outerHTML">
        <Csrf token={props.csrf} />
        <button type="submit" class="approve" safe>
          {props.approveLabel}
        </button>
      </form>
      <form method="post" action={props.reject} hx-post={props.reject} hx-target={props.target} hx-swap="outerHTML" class="reject">
        <Csrf token={props.csrf} />
        <label for={reasonId}>Reason for rejecting</label>
        <input id={reasonId} name="reason" required maxlength={1000} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${reasonId}-error` : undefined} />
        {error ? (
          <p class="error" id={`${reasonId}-error`} safe>
            {error}
          </p>
        ) : (
          ''
        )}
        <button type="submit" class="danger">
          Reject
        </button>
      </form>
    </div>
  );
}
