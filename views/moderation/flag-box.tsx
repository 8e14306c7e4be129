import type { CurrentUser } from '../../src/accounts/queries.js';
import type { FieldErrors } from '../../src/http/validate.js';
import { FLAG_REASONS } from '../../src/moderation/flags.js';
import { paths } from '../../src/paths.js';
import { Csrf, FormError } from '../components/field.js';
import { ReasonNoteFields } from './parts.js';

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
          <ReasonNoteFields
            reasonId={`flag-reason-${props.listingId}`}
            noteId={`flag-note-${props.listingId}`}
            reasons={FLAG_REASONS}
            reasonLabel="What is wrong?"
            choose="Choose…"
            noteLabel="Details (optional)"
            noteRows="3"
            values={props.values}
            errors={e}
          />
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
