import { describe, expect, it } from 'vitest';
import { syncStockStatus } from '../../src/listings/lifecycle.js';
import { createCategoryRow, createListing, createSeller, createUser, DEFAULT_PASSWORD } from '../factories.js';
import { person, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage();

describe('a listing page, live', () => {
  it('a signed-in buyer looking at a listing sees it sell out and come back without reloading', async () => {
    const seller = await createSeller(stage.app.db);
    const category = await createCategoryRow(stage.app.db);
    const l = await createListing(stage.app.db, { seller_id: seller.id, category_id: category.id, title: 'Brass compass', stock: 1 });
    const buyer = await createUser(stage.app.db);
    const p = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(p);
    const page = p.page;
    const setStock = (stock: number) =>
      stage.app.db.transaction(async (trx) => {
        await trx('listings').where({ id: l.id }).update({ stock });
        await syncStockStatus(trx, l.id);
      });
    try {
      await signIn(page, buyer.email, DEFAULT_PASSWORD);
      await page.goto(`/listings/${l.id}/${l.slug}`);
      await waitForLive(page);
      const box = page.locator(`#listing-${l.id}-price`);
      await expect.poll(() => box.textContent()).toContain('1 left');

      // the last unit goes elsewhere (a checkout does this in its transaction)
      await setStock(0);
      await expect.poll(() => box.textContent()).toContain('Sold out');

      await setStock(2);
      await expect.poll(() => box.textContent()).toContain('2 left');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    }
  });
});
