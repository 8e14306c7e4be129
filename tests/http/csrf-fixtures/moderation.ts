import type { Knex } from 'knex';
import { createCategoryRow, createListing, createSeller, type ListingOver } from '../../factories.js';
import type { Fixture } from './types.js';

async function plant(db: Knex, over: Partial<ListingOver> = {}) {
  const seller = over.seller_id ? { id: over.seller_id } : await createSeller(db);
  const category = await createCategoryRow(db);
  return createListing(db, { status: 'pending', ...over, seller_id: seller.id, category_id: category.id });
}

const status = (db: Knex, id: number) => async () => (await db('listings').where({ id }).first()).status;

/** CSRF fixtures for the unsafe routes of the moderation domain, keyed "method path" as in src/moderation/routes.ts. */
export const moderationFixtures: Record<string, Fixture> = {
  'post /admin/moderation/decisions': async (db) => {
    const l = await plant(db);
    return { path: '/admin/moderation/decisions', form: { ids: String(l.id), decision: 'approve' }, state: status(db, l.id) };
  },
  'post /admin/moderation/:id/claim': async (db) => {
    const l = await plant(db);
    return { path: `/admin/moderation/${l.id}/claim`, form: {}, state: async () => (await db('listings').where({ id: l.id }).first()).claimed_by };
  },
  'delete /admin/moderation/:id/claim': async (db, _c, { admin }) => {
    const l = await plant(db, { claimed_by: admin.id, claimed_until: new Date(Date.now() + 3_600_000) });
    return { path: `/admin/moderation/${l.id}/claim`, form: {}, state: async () => (await db('listings').where({ id: l.id }).first()).claimed_by };
  },
  'post /admin/moderation/:id/approval': async (db) => {
    const l = await plant(db);
    return { path: `/admin/moderation/${l.id}/approval`, form: {}, state: status(db, l.id) };
  },
  'post /admin/moderation/:id/rejection': async (db) => {
    const l = await plant(db);
    return { path: `/admin/moderation/${l.id}/rejection`, form: { reason: 'duplicate', note: '' }, state: status(db, l.id) };
  },
  'post /admin/moderation/:id/extension': async (db) => {
    const l = await plant(db, { status: 'active' });
    return {
      path: `/admin/moderation/${l.id}/extension`,
      form: { days: '3', reason: 'Planted extension' },
      state: async () => new Date((await db('listings').where({ id: l.id }).first()).expires_at).getTime(),
    };
  },
  'post /listings/:id/flags': async (db, _c, { admin }) => {
    const l = await plant(db, { status: 'active' });
    return {
      path: `/listings/${l.id}/flags`,
      form: { reason: 'scam', note: 'Planted report' },
      state: async () => Boolean(await db('listing_flags').where({ listing_id: l.id, reporter_id: admin.id }).first()),
    };
  },
  'post /seller/listings/:id/renewal': async (db, _c, { admin }) => {
    const l = await plant(db, { status: 'expired', seller_id: admin.id, expires_at: new Date(Date.now() - 3_600_000) });
    return { path: `/seller/listings/${l.id}/renewal`, form: {}, state: status(db, l.id) };
  },
};
