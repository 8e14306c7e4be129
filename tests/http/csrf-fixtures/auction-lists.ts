import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the auction lists, keyed "method path" as in src/auctions/list-routes.ts. */
export const auctionListsFixtures: Record<string, Fixture> = {
  'post /admin/auctions/increments': async (db) => ({
    path: '/admin/auctions/increments?currency=CHF',
    form: { from_0: '0', step_0: '0.10', from_1: '10', step_1: '1' },
    state: async () => (await db('auction_increments').where({ currency: 'CHF' }).orderBy('from_amount').select('from_amount', 'step')).map((r) => `${r.from_amount}/${r.step}`),
  }),
};
