import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/**
 * Takes the review claim on a pending listing when nobody holds it, it has run
 * out, or it is already this admin's. One conditional UPDATE: two admins opening
 * the same item at once cannot both get it. Claims leave cached searches alone.
 */
export async function takeReviewClaim(db: Db, listingId: number, adminId: number, now: Date, until: Date): Promise<boolean> {
  const rows = await db('listings')
    .where({ id: listingId, status: 'pending' })
    .whereNull('deleted_at')
    .where((q) => q.whereNull('claimed_by').orWhere('claimed_by', adminId).orWhere('claimed_until', '<=', now))
    .update({ claimed_by: adminId, claimed_until: until })
    .returning('id');
  return rows.length === 1;
}

/** Gives the claim back; false when this admin did not hold it. */
export async function dropReviewClaim(db: Db, listingId: number, adminId: number): Promise<boolean> {
  const n = await db('listings').where({ id: listingId, claimed_by: adminId }).update({ claimed_by: null, claimed_until: null });
  return n > 0;
}
