import { describe, expect, it } from 'vitest';
import { submitListing } from '../../src/listings/lifecycle.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { person, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage();

// the callbacks given to page.evaluate run in the page
declare const document: any;
declare const window: any;

/** A seller with draft listings of these titles, on their open dashboard with its stream connected. */
async function dashboardWith(...titles: string[]) {
  const seller = await createSeller(stage.app.db);
  const category = await createCategoryRow(stage.app.db);
  const listings = [];
  for (const title of titles) listings.push(await createListing(stage.app.db, { seller_id: seller.id, category_id: category.id, title, status: 'draft' }));
  const p = await person(stage.browser, stage.app.baseUrl);
  stage.people.push(p);
  await signIn(p.page, seller.email, seller.password);
  await p.page.goto('/seller/listings');
  await waitForLive(p.page);
  return { page: p.page, listings };
}

describe('live parts', () => {
  it('a signal that arrives while the part’s refresh is on the way is not lost when that refresh replaces the part', async () => {
    const {
      page,
      listings: [first, second],
    } = await dashboardWith('Copper kettle', 'Tin lantern');
    try {
      await page.evaluate(() => {
        window.signals = 0;
        document.addEventListener('htmx:sseMessage', () => window.signals++);
      });

      // the first refresh's answer is made at once, and held back from the page until told
      let fetched!: () => void;
      const answerMade = new Promise<void>((r) => (fetched = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let held = false;
      await page.route('**/seller/listings/list**', async (route) => {
        if (held) return route.continue();
        held = true;
        const response = await route.fetch();
        fetched();
        await released;
        await route.fulfill({ response });
      });

      expect((await submitListing(stage.app.db, first.id)).ok).toBe(true);
      await answerMade;
      // while that answer (made before the second change) is on its way, the second change's signal arrives
      const before = await page.evaluate(() => window.signals);
      expect((await submitListing(stage.app.db, second.id)).ok).toBe(true);
      await expect.poll(() => page.evaluate(() => window.signals)).toBeGreaterThan(before);
      release();

      await expect.poll(() => page.locator(`#listing-row-${first.id}`).getAttribute('data-status')).toBe('pending');
      await expect.poll(() => page.locator(`#listing-row-${second.id}`).getAttribute('data-status')).toBe('pending');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    }
  });
  it('a signal that arrives after a refresh replaced the part, before the new part is set up, is not lost', async () => {
    const {
      page,
      listings: [listing],
    } = await dashboardWith('Copper kettle');
    try {
      await page.evaluate(() => {
        window.heard = 0;
        const host = document.querySelector('[sse-connect]');
        host['htmx-internal-data'].sseEventSource.addEventListener('listings', () => window.heard++);
        // htmx sets a swapped-in part up when it settles, 20 ms after the swap; here the next swap settles after seconds
        document.getElementById('seller-listings').setAttribute('hx-swap', 'outerHTML settle:5s');
        // the refresh a reconnected stream makes
        window.htmx.trigger(host, 'htmx:sseOpen');
      });
      // the refresh has replaced the part, and the new part is not set up yet
      await page.locator('#seller-listings.htmx-settling').waitFor();

      expect((await submitListing(stage.app.db, listing.id)).ok).toBe(true);
      await expect.poll(() => page.evaluate(() => window.heard)).toBe(1);
      expect(await page.locator('#seller-listings.htmx-settling').count()).toBe(1);

      await expect.poll(() => page.locator(`#listing-row-${listing.id}`).getAttribute('data-status')).toBe('pending');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    }
  });
});
