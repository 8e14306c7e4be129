import type { CurrentUser } from '../accounts/queries.js';
import type { EntitlementRow } from './queries.js';

/**
 * Who may do what with downloads, one function per action. Somebody else's
 * entitlement is answered with 404, so its id reveals nothing.
 */
type Viewer = Pick<CurrentUser, 'id' | 'is_admin'> | null | undefined;

/** Only the buyer downloads what they bought; not the seller, not an admin. */
export const canDownload = (u: Viewer, e: Pick<EntitlementRow, 'buyer_id'>) => Boolean(u && u.id === e.buyer_id);

/** The log of all sales, or of any seller order. */
export const canSeeAllDownloadLogs = (u: Viewer) => Boolean(u?.is_admin);
