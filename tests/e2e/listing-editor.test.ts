import { describe, expect, it } from 'vitest';
import { createCategoryRow, createSeller } from '../factories.js';
import { markPage, pageMark, person, settled, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage();

const report = () => stage.people.map((p, i) => `--- person ${i} console ---\n${p.logs.join('\n')}`).join('\n');

describe('a seller lists an item in the browser', () => {
  it('switches category in place, saves, edits stock inline and sees the dashboard follow live', async () => {
    const seller = await createSeller(stage.app.db);
    const shoes = await createCategoryRow(stage.app.db, { name: 'Shoes', attributes: [{ key: 'shoe_size', label: 'Shoe size', type: 'enum', options: ['40', '41', '42'], required: true }] });
    await createCategoryRow(stage.app.db, { name: 'Books', attributes: [{ key: 'author', label: 'Author', type: 'text', required: true }] });
    const p = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(p);
    const page = p.page;
    try {
      await signIn(page, seller.email, seller.password);
      await page.goto('/seller/listings/new');
      await waitForLive(page);
      const mark = await markPage(page);
      await page.getByLabel('Title', { exact: true }).fill('Leather boots');
      // choosing a category brings its attributes without a reload, keeping what was typed
      await page.getByLabel('Category', { exact: true }).selectOption({ label: 'Shoes' });
      await page.getByLabel('Shoe size').waitFor();
      await settled(page);
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Leather boots');
      expect(await pageMark(page)).toBe(mark);
      await page.getByLabel('Kind', { exact: true }).selectOption('service');
      await page.getByLabel('Priced per').waitFor();
      await settled(page);
      await page.getByLabel('Kind', { exact: true }).selectOption('fixed');
      await page.getByLabel('Condition', { exact: true }).waitFor();
      await settled(page);

      await page.getByLabel('Shoe size').selectOption('41');
      await page.getByLabel('Condition', { exact: true }).selectOption('used');
      await page.getByLabel('Price', { exact: true }).fill('12.345');
      await page.getByLabel('Stock', { exact: true }).fill('2');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.locator('#f-price-error').waitFor();
      await page.getByLabel('Price', { exact: true }).fill('45');
      await page.getByLabel('Description', { exact: true }).fill('Brown leather boots, resoled last winter.');
      await Promise.all([page.waitForURL(/\/seller\/listings\/\d+$/), page.getByRole('button', { name: 'Save draft' }).click()]);
      const id = Number(/\/seller\/listings\/(\d+)$/.exec(page.url())![1]);

      // the dashboard: the inline stock edit swaps just the row (then the live refresh follows)
      await page.goto('/seller/listings');
      await waitForLive(page);
      const dash = await markPage(page);
      await page.locator(`#stock-${id}`).fill('0');
      await page.locator(`#row-form-${id} button[type=submit]`).click();
      await expect.poll(async () => (await stage.app.db('listings').where({ id }).first()).stock).toBe(0);
      await expect.poll(() => page.locator(`#stock-${id}`).inputValue()).toBe('0');
      expect(await pageMark(page)).toBe(dash);

      // a submission made elsewhere (another tab) reaches this dashboard over SSE
      await stage.app.db('listings').where({ id }).update({ stock: 3 });
      const { submitListing } = await import('../../src/listings/lifecycle.js');
      expect((await submitListing(stage.app.db, id)).ok).toBe(true);
      await expect.poll(() => page.locator(`#listing-row-${id}`).getAttribute('data-status')).toBe('pending');
      expect(await page.locator('a[data-tab=pending] .badge').getAttribute('data-count')).toBe('1');
      expect(await pageMark(page)).toBe(dash);
    } catch (err) {
      console.error(report());
      throw err;
    }
  }, 120_000);
});
