import type { SellerOrderRow } from '../orders/queries.js';
import { canMove } from '../orders/states.js';
import type { DisputeRow } from './queries.js';

/** Who is looking: the signed-in user's id and whether they are an admin. */
export interface Viewer {
  id: number;
  is_admin: boolean;
}

export type Party = 'buyer' | 'seller' | 'admin';

/**
 * The viewer's part in a dispute, or null for anybody else (who is answered
 * "not found"). A party is a party even when also an admin: a seller who is an
 * admin does not get to decide their own case.
 */
export function partyOf(viewer: Viewer, d: Pick<DisputeRow, 'buyer_id' | 'seller_id'>): Party | null {
  if (viewer.id === d.buyer_id) return 'buyer';
  if (viewer.id === d.seller_id) return 'seller';
  return viewer.is_admin ? 'admin' : null;
}

/** The page, its thread and photos: the two parties and admins. */
export const canViewDispute = (viewer: Viewer, d: Pick<DisputeRow, 'buyer_id' | 'seller_id'>): boolean => partyOf(viewer, d) !== null;

/** A new message: the parties and admins, while it is not resolved. */
export const canPostMessage = (viewer: Viewer, d: Pick<DisputeRow, 'buyer_id' | 'seller_id' | 'status'>): boolean => canViewDispute(viewer, d) && d.status !== 'resolved';

/** The seller's refund: the seller only, while unresolved. */
export const canRefund = (viewer: Viewer, d: Pick<DisputeRow, 'buyer_id' | 'seller_id' | 'status'>): boolean => partyOf(viewer, d) === 'seller' && d.status !== 'resolved';

/** The buyer's withdrawal: the buyer only, while unresolved. */
export const canWithdraw = (viewer: Viewer, d: Pick<DisputeRow, 'buyer_id' | 'seller_id' | 'status'>): boolean => partyOf(viewer, d) === 'buyer' && d.status !== 'resolved';

/** An admin decision: an admin who is not one of the parties, while unresolved. */
export const canDecide = (viewer: Viewer, d: Pick<DisputeRow, 'buyer_id' | 'seller_id' | 'status'>): boolean => partyOf(viewer, d) === 'admin' && d.status !== 'resolved';

/** Whether the seller order is the viewer's to open a dispute on (anyone else's reads as missing). */
export const ownsPurchase = (viewer: Viewer, so: Pick<SellerOrderRow, 'buyer_id'>): boolean => viewer.id === so.buyer_id;

/** Whether a dispute can be opened now: after it went out and until the escrow releases. */
export const disputable = (so: Pick<SellerOrderRow, 'status'>): boolean => canMove('dispute', so.status);
