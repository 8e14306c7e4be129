import { describe, expect, it } from 'vitest';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { hasHtmx, markPage, pageMark, person, useStage } from './browser.js';

// The functions handed to page.waitForFunction run inside the page.
declare const document: any;

const stage = useStage({ worker: false });

/** A shop with two pages of listings, three of them lamps. */
async function shop(): Promise<string> {
  const db = stage.app.db;
  const cat = await createCategoryRow(db);
  const seller = await createSeller(db, { shop_name: `Search Shop ${Date.now().toString(36)}` });
  for (let i = 0; i < 23; i++) await createListing(db, { seller_id: seller.id, category_id: cat.id, title: `Print number ${i + 1}`, published_at: new Date(Date.now() - (i + 10) * 60_000) });
  for (const title of ['Brass table lamp', 'Copper pendant lamp', 'Glass lamp shade']) await createListing(db, { seller_id: seller.id, category_id: cat.id, title });
  const slug = (await db('sellers').where({ user_id: seller.id }).first('slug')).slug as string;
  return `/shops/${slug}`;
}

/** whether the line above the listings says `words` (run inside the page) */
const shows = (words: string) => document.querySelector('.shop-count')?.textContent.includes(words) ?? false;

describe('the search inside a shop', () => {
  it('a visitor’s shop page starts without htmx; reaching for the search box brings it, and the listings follow the words typed, without a new page', async () => {
    const path = await shop();
    const p = await person(stage.browser, stage.app.baseUrl, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    stage.people.push(p);
    try {
      await p.page.goto(path);
      expect(await hasHtmx(p.page)).toBe(false);
      const mark = await markPage(p.page);

      // typed at once, before htmx has arrived: sent as soon as it has
      await p.page.getByRole('searchbox', { name: 'Search this shop' }).fill('lamp');
      await p.page.waitForFunction(shows, '3 listings in this shop match “lamp”');
      expect(await hasHtmx(p.page)).toBe(true);
      expect(new URL(p.page.url()).search).toBe('?q=lamp');
      await p.page.getByRole('searchbox', { name: 'Search this shop' }).fill('brass');
      await p.page.waitForFunction(shows, '“brass”');
      expect(new URL(p.page.url()).search).toBe('?q=brass');
      expect(await pageMark(p.page)).toBe(mark);
      expect(p.logs.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    }
  });

  it('once htmx is there, the pager swaps the listings in place', async () => {
    const path = await shop();
    const p = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(p);
    try {
      await p.page.goto(path);
      await p.page.getByRole('searchbox', { name: 'Search this shop' }).focus();
      await p.page.waitForFunction(() => document.defaultView.htmx !== undefined);
      const mark = await markPage(p.page);
      await p.page.getByRole('link', { name: 'Next page' }).click();
      await p.page.waitForFunction(shows, 'page 2 of 2');
      expect(new URL(p.page.url()).search).toBe('?page=2');
      expect(await pageMark(p.page)).toBe(mark);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    }
  });

  it('works with JavaScript turned off: the search is a plain GET form', async () => {
    const path = await shop();
    const p = await person(stage.browser, stage.app.baseUrl, { javaScriptEnabled: false });
    stage.people.push(p);
    await p.page.goto(path);
    await p.page.getByRole('searchbox', { name: 'Search this shop' }).fill('copper');
    await Promise.all([p.page.waitForURL((u) => u.search === '?q=copper'), p.page.getByRole('button', { name: 'Search' }).click()]);
    expect(await p.page.locator('.shop-count').textContent()).toContain('“copper”');
    expect(await p.page.locator('#shop-listings .tile-title').allTextContents()).toEqual(['Copper pendant lamp']);
    await p.page.goto(path);
    await Promise.all([p.page.waitForURL((u) => u.search === '?page=2'), p.page.getByRole('link', { name: 'Next page' }).click()]);
    expect(await p.page.locator('.shop-count').textContent()).toContain('page 2 of 2');
  });
});
