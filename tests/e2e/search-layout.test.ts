import { describe, expect, it } from 'vitest';
import { rebuildVocabulary } from '../../src/search/queries.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { hasHtmx, person, seriousViolations, useStage } from './browser.js';

const stage = useStage({ worker: false });

async function plant() {
  const seller = await createSeller(stage.app.db);
  const phones = await createCategoryRow(stage.app.db, { name: 'Phones' });
  for (let i = 0; i < 12; i++) {
    await createListing(stage.app.db, { seller_id: seller.id, category_id: phones.id, title: `iPhone ${12 + (i % 3)} ${64 * (1 + (i % 4))} GB`, price: 30000 + i * 1000 });
  }
  await rebuildVocabulary(stage.app.db, new Date(), { force: true });
}

describe('the search page on a laptop and a phone', () => {
  it('on a 1280×800 screen: filters beside the results, the first results and the empty state above the fold', async () => {
    await plant();
    const p = await person(stage.browser, stage.app.baseUrl, { viewport: { width: 1280, height: 800 } });
    try {
      await p.page.goto('/search?q=iphone');
      const form = await p.page.locator('#search-form').boundingBox();
      const first = await p.page.locator('#search-results li.result').first().boundingBox();
      expect(form && first).toBeTruthy();
      // beside: the results start to the right of the form, and the first card is wholly visible
      expect(first!.x).toBeGreaterThan(form!.x + form!.width - 1);
      expect(first!.y + first!.height).toBeLessThanOrEqual(800);
      // the filters are shown without opening anything
      expect(await p.page.getByLabel('Category', { exact: true }).isVisible()).toBe(true);
      expect(await p.page.locator('#search-filters summary').isVisible()).toBe(false);

      // a typo shows the right spelling's results, the notice and the first card in the first screen
      await p.page.goto('/search?q=ipone');
      const notice = await p.page.locator('#search-corrected').boundingBox();
      const corrected = await p.page.locator('#search-results li.result').first().boundingBox();
      expect(notice!.y + notice!.height).toBeLessThanOrEqual(800);
      expect(corrected!.y + corrected!.height).toBeLessThanOrEqual(800);
      expect(await seriousViolations(p.page)).toEqual([]);

      // the words as typed: the empty state, in the first screen
      await p.page.locator('#search-corrected a').click();
      await p.page.waitForURL(/exact=1/);
      const empty = await p.page.locator('#search-empty .did-you-mean').boundingBox();
      expect(empty!.y + empty!.height).toBeLessThanOrEqual(800);
      expect(await p.page.locator('#search-empty .did-you-mean a').textContent()).toBe('iphone');
      expect(await seriousViolations(p.page)).toEqual([]);
    } finally {
      await p.context.close();
    }
  });

  it('on a phone: the filters fold into a panel, results come first, the page does not scroll sideways', async () => {
    const p = await person(stage.browser, stage.app.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await p.page.goto('/search?q=iphone');
      expect(await p.page.getByLabel('Category', { exact: true }).isVisible()).toBe(false);
      const first = await p.page.locator('#search-results li.result').first().boundingBox();
      expect(first!.y).toBeLessThan(844);
      expect(await p.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await p.page.locator('#search-filters summary').click();
      await p.page.getByLabel('Category', { exact: true }).waitFor();
      expect(await seriousViolations(p.page)).toEqual([]);
    } finally {
      await p.context.close();
    }
  });

  it('suggests completions while typing, from a list the keyboard reaches', async () => {
    const p = await person(stage.browser, stage.app.baseUrl, { viewport: { width: 1280, height: 800 } });
    try {
      await p.page.goto('/search');
      await expect.poll(() => hasHtmx(p.page)).toBe(true);
      await p.page.getByLabel('Search for').pressSequentially('iph', { delay: 40 });
      await expect.poll(() => p.page.locator('#search-completions option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).toContain('iphone');
      // typing pushes the search's address, never the suggestions'
      await expect.poll(() => new URL(p.page.url()).pathname).toBe('/search');
    } finally {
      await p.context.close();
    }
  });
});

// the callback given to page.evaluate runs in the page
declare const document: { documentElement: { scrollWidth: number } };
