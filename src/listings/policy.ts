import type { CurrentUser } from '../accounts/queries.js';
import type { ListingRow } from './queries.js';

/**
 * Who may do what with a listing, one function per action. Controllers call
 * these; a listing the viewer may not see is answered with 404, so its
 * existence is not revealed.
 */
type Viewer = Pick<CurrentUser, 'id' | 'is_admin' | 'is_seller'> | null | undefined;
type Owned = Pick<ListingRow, 'seller_id' | 'deleted_at'>;

const owns = (u: Viewer, l: Owned) => Boolean(u && l.seller_id === u.id && !l.deleted_at);

/** Only approved sellers list things. */
export const canCreateListing = (u: Viewer) => Boolean(u?.is_seller);
/** The owner sees every state; admins see any listing (to moderate). */
export const canViewListing = (u: Viewer, l: Owned) => owns(u, l) || Boolean(u?.is_admin);
export const canEditListing = (u: Viewer, l: Owned) => owns(u, l) && Boolean(u?.is_seller);
export const canSubmitListing = canEditListing;
export const canPauseListing = canEditListing;
export const canResumeListing = canEditListing;
export const canDeleteListing = (u: Viewer, l: Owned) => owns(u, l);
export const canDuplicateListing = (u: Viewer, l: Owned) => canEditListing(u, l) && canCreateListing(u);
