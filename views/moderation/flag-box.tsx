import type { CurrentUser } from '../../src/accounts/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { FLAG_REASONS } from '../../src/moderation/flags.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError } from '../components/field.js';

/**
 * "Report this listing" for a signed-in buyer (once per listing). Stable id `flag-box-<id>`.
 * The same component answers the form's htmx post, so errors and the thank-you
 * replace the box in place; without JavaScript the form posts and redirects.
 */
export function FlagBox(props: {
  listingId: number;
  viewer: CurrentUser | null;
  csrf: string;
  alreadyFlagged?: boolean;
  /** the viewer is the listing's seller: nothing to report */
  own?: boolean;
  errors?: FieldErrors;
  values?: Record<string, string>;
  message?: string;
}) {
  const id = `flag-box-${props.listingId}`;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  const rid = `flag-reason-${props.listingId}`;
  const nid = `flag-note-${props.listingId}`;
  let inner: JSX.Element;
  if (!props.viewer) {
    inner = (
      <p>
        <a href={`${paths.signIn()}?next=${encodeURIComponent(paths.listing(props.listingId))}`}>Sign in</a> to report this listing.
      </p>
    );
  } else if (props.own) {
    inner = '';
  } else if (props.alreadyFlagged) {
    inner = (
      <p class="notice" data-flagged="true" role="status">
        {props.message ? <span safe>{props.message}</span> : 'You reported this listing. Thank you — our moderators will look at it.'}
      </p>
    );
  } else {
    const open = Boolean(props.message || Object.keys(e).length);
    inner = (
      <details open={open}>
        <summary>Report this listing</summary>
        <form method="post" action={paths.listingFlags(props.listingId)} hx-post={paths.listingFlags(props.listingId)} hx-target={`#${id}`} hx-swap="outerHTML" novalidate>
          <Csrf token={props.csrf} />
          <FormError message={props.message} />
          <div class={e.reason ? 'field field-invalid' : 'field'}>
            <label for={rid}>What is wrong?</label>
            <select id={rid} name="reason" aria-invalid={e.reason ? 'true' : undefined} aria-describedby={e.reason ? `${rid}-error` : undefined}>
              <option value="">Choose…</option>
              {Object.entries(FLAG_REASONS).map(([code, label]) => (
                <option value={code} selected={v.reason === code}>
                  {label}
                </option>
              ))}
            </select>
            {e.reason ? (
              <p class="error" id={`${rid}-error`} safe>
                {e.reason}
              </p>
            ) : (
              ''
            )}
          </div>
          <div class={e.note ? 'field field-invalid' : 'field'}>
            <label for={nid}>Details (optional)</label>
            <textarea id={nid} name="note" rows="3" maxlength={1000} aria-invalid={e.note ? 'true' : undefined} aria-describedby={e.note ? `${nid}-error` : undefined} safe>
              {v.note ?? ''}
            </textarea>
            {e.note ? (
              <p class="error" id={`${nid}-error`} safe>
                {e.note}
              </p>
            ) : (
              ''
            )}
          </div>
          <button type="submit" class="danger">
            Send report
          </button>
        </form>
      </details>
    );
  }
  return (
    <section id={id} class="flag-box" aria-label="Report this listing" data-viewer={props.viewer ? 'user' : 'visitor'}>
      {inner}
    </section>
  );
}
