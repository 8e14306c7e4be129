import { createCategoryRow, createSeller } from '../../factories.js';
import { digitalListing, fetchBytes, grant, paidDigitalOrder } from '../../downloads/helpers.js';
import type { Fixture } from './types.js';

/** CSRF fixtures for the unsafe routes of the downloads domain, keyed "method path" as in src/downloads/routes.ts. */
export const downloadsFixtures: Record<string, Fixture> = {
  // minting changes nothing by itself: what a forged press would do is spend one of the buyer's downloads
  'post /downloads/:id/links': async (db, c, { app, admin }) => {
    const seller = await createSeller(db);
    const category = await createCategoryRow(db);
    const { listing } = await digitalListing(db, app.env.STORAGE_DIR!, { sellerId: seller.id, categoryId: category.id, bytes: 1000 });
    const order = await paidDigitalOrder(db, { buyerId: admin.id, listing });
    const entitlement = await grant(db, order);
    const used = async () => Number((await db('entitlements').where({ id: entitlement.id }).first()).downloads_used);
    return {
      path: `/downloads/${entitlement.id}/links`,
      form: {},
      state: used,
      async after(accepted) {
        const file = await fetchBytes(c, accepted.headers.get('location')!);
        if (file.status !== 200) throw new Error(`the minted link answered ${file.status}`);
        // counted once the response has finished
        for (let i = 0; i < 100 && (await used()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      },
    };
  },
};
