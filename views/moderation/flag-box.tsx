import type { CurrentUser } from '../../src/accounts/queries.js';

/** "Report this listing" for a signed-in buyer (once per listing). Stable id `flag-box-<id>`. */
export function FlagBox(props: { listingId: number; viewer: CurrentUser | null; csrf: string }) {
  return <div id={`flag-box-${props.listingId}`} data-viewer={props.viewer ? 'user' : 'visitor'} data-csrf={props.csrf} />;
}
