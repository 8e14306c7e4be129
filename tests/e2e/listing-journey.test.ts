import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAdmin, createCategoryRow, createListing, createSeller } from '../factories.js';
import { hasHtmx, markPage, pageMark, person, signIn, useStage, waitForLive } from './browser.js';

// these names exist in the page, where the callbacks given to page.evaluate run
declare const window: any;
declare const document: any;

const stage = useStage();

/** Runs `action` and resolves once the htmx swap it causes has settled, so nothing typed meanwhile is swapped away. */
async function settled(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => {
    window.__souk_settled = new Promise<void>((resolve) => document.body.addEventListener('htmx:afterSettle', () => resolve(), { once: true }));
  });
  await action();
  await page.evaluate(() => window.__souk_settled);
}

describe('a listing from the seller’s form to a buyer’s search, live', () => {
  it('is created and submitted, approved from the open queue, goes active on the seller’s open page, and is found with filters', async () => {
    const admin = await createAdmin(stage.app.db);
    const seller = await createSeller(stage.app.db, { shop_name: 'Brass & Glass' });
    const lamps = await createCategoryRow(stage.app.db, {
      name: 'Lamps',
      attributes: [{ key: 'material', label: 'Material', type: 'enum', options: ['brass', 'glass'], filterable: true }],
    });
    // other lamps the filters must leave out: one of glass, one of brass above the buyer's budget
    const other = await createSeller(stage.app.db);
    const glass = await createListing(stage.app.db, { seller_id: other.id, category_id: lamps.id, title: 'Glass desk lamp', description: 'A frosted glass desk lamp.', price: 3000, attributes: { material: 'glass' } });
    const dear = await createListing(stage.app.db, { seller_id: other.id, category_id: lamps.id, title: 'Grand brass floor lamp', description: 'A tall brass floor lamp.', price: 90000, attributes: { material: 'brass' } });

    const sellerP = await person(stage.browser, stage.app.baseUrl);
    const adminP = await person(stage.browser, stage.app.baseUrl);
    const buyerP = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(sellerP, adminP, buyerP);
    const sp = sellerP.page;
    const ap = adminP.page;
    const bp = buyerP.page;
    try {
      // the admin opens the moderation queue first and leaves it open
      await signIn(ap, admin.email, admin.password);
      await ap.goto('/admin/moderation');
      await waitForLive(ap);
      await expect.poll(() => ap.locator('#nav-moderation .badge').getAttribute('data-count')).toBe('0');
      const adminMark = await markPage(ap);

      // the seller fills the form; choosing the category brings its attributes in place
      await signIn(sp, seller.email, seller.password);
      await sp.goto('/seller/listings/new');
      await waitForLive(sp);
      await sp.getByLabel('Title', { exact: true }).fill('Brass reading lamp');
      await settled(sp, () => sp.getByLabel('Category', { exact: true }).selectOption({ label: 'Lamps' }));
      await sp.getByLabel(/^Material/).waitFor();
      expect(await sp.getByLabel('Title', { exact: true }).inputValue()).toBe('Brass reading lamp');
      expect(await sp.getByLabel('Kind', { exact: true }).inputValue()).toBe('fixed');
      await sp.getByLabel('Description', { exact: true }).fill('A solid brass reading lamp with a green shade, rewired and tested.');
      await sp.getByLabel('Price', { exact: true }).fill('45.50');
      await sp.getByLabel('Stock', { exact: true }).fill('2');
      await sp.getByLabel('Condition', { exact: true }).selectOption('used');
      await sp.getByLabel(/^City/).fill('Porto');
      await sp.getByLabel(/^Material/).selectOption('brass');
      await Promise.all([sp.waitForURL(/\/seller\/listings\/\d+$/), sp.getByRole('button', { name: 'Save draft' }).click()]);
      const id = Number(/\/seller\/listings\/(\d+)$/.exec(sp.url())![1]);
      const status = sp.locator(`#listing-status-${id} .badge`);
      expect(await status.getAttribute('data-status')).toBe('draft');
      expect(await sp.locator('#listing-price').textContent()).toContain('45.50');
      const saved = await stage.app.db('listings').where({ id }).first();
      expect(saved).toMatchObject({ seller_id: seller.id, category_id: lamps.id, kind: 'fixed', price: 4550, stock: 2, condition: 'used', city: 'Porto', status: 'draft' });
      expect(saved.attributes).toEqual({ material: 'brass' });

      // … and submits it for review
      await sp.getByRole('button', { name: 'Submit for review' }).click();
      await expect.poll(() => status.getAttribute('data-status')).toBe('pending');
      await waitForLive(sp);
      const sellerMark = await markPage(sp);

      // the admin's open queue shows it, and the header count follows, without a reload
      const item = ap.locator(`#queue-item-${id}`);
      await expect.poll(() => item.locator('.title').textContent()).toBe('Brass reading lamp');
      await expect.poll(() => ap.locator('#nav-moderation .badge').getAttribute('data-count')).toBe('1');
      expect(await pageMark(ap)).toBe(adminMark);

      // the admin opens (claims) it and approves it
      await Promise.all([ap.waitForURL((u) => u.pathname === `/admin/moderation/${id}`), item.getByRole('button', { name: 'Open' }).click()]);
      expect((await stage.app.db('listings').where({ id }).first()).claimed_by).toBe(admin.id);
      await expect.poll(() => ap.locator('#listing-details').textContent()).toContain('brass');
      await Promise.all([ap.waitForURL((u) => u.pathname === '/admin/moderation'), ap.getByRole('button', { name: /^Approve/ }).click()]);
      await expect.poll(() => ap.locator('#flash').textContent()).toContain('Approved “Brass reading lamp”');
      await expect.poll(() => ap.locator('#nav-moderation .badge').getAttribute('data-count')).toBe('0');

      // the seller's page, never reloaded, shows it active
      await expect.poll(() => status.getAttribute('data-status')).toBe('active');
      expect((await status.textContent())?.trim()).toMatch(/active/i);
      expect(await pageMark(sp)).toBe(sellerMark);

      // a buyer searches as they type: the address follows
      await bp.goto('/search');
      await bp.locator('#search-form').waitFor();
      await expect.poll(() => hasHtmx(bp)).toBe(true);
      const searchMark = await markPage(bp);
      await bp.getByLabel('Search for').pressSequentially('lamp', { delay: 40 });
      await expect.poll(() => new URL(bp.url()).searchParams.get('q')).toBe('lamp');
      await bp.locator(`#result-${id}`).waitFor();
      await bp.locator(`#result-${glass.id}`).waitFor();
      await expect.poll(() => bp.locator('#search-status').textContent()).toBe('3 listings found');
      expect(await bp.getByLabel('Search for').evaluate((el) => el === document.activeElement)).toBe(true);

      // narrowing to the category brings its filters with their counts
      await bp.getByLabel('Category', { exact: true }).selectOption({ label: 'Lamps' });
      await expect.poll(() => new URL(bp.url()).searchParams.get('category')).toBe(lamps.slug);
      const brass = bp.locator('#search-facets label', { hasText: 'brass' });
      await expect.poll(() => brass.locator('.count').textContent()).toBe('(2)');
      expect(await bp.locator('#search-facets label', { hasText: 'glass' }).locator('.count').textContent()).toBe('(1)');

      // the material filter and a highest price
      await bp.getByRole('checkbox', { name: /brass/ }).check();
      await expect.poll(() => new URL(bp.url()).searchParams.getAll('a.material')).toEqual(['brass']);
      await expect.poll(() => bp.locator(`#result-${glass.id}`).count()).toBe(0);
      await bp.getByLabel('Highest', { exact: true }).fill('100');
      await bp.getByLabel('Highest', { exact: true }).press('Tab');
      await expect.poll(() => new URL(bp.url()).searchParams.get('max')).toBe('100');
      await expect.poll(() => bp.locator(`#result-${dear.id}`).count()).toBe(0);
      await expect.poll(() => bp.locator('#search-status').textContent()).toBe('1 listing found');
      await expect.poll(() => bp.locator('#search-results li.result').count()).toBe(1);
      const card = bp.locator(`#result-${id}`);
      expect(await card.locator('.result-title').textContent()).toBe('Brass reading lamp');
      expect(await card.locator('.price').textContent()).toContain('45.50');
      // the brass count now counts only what is under the budget
      await expect.poll(() => brass.locator('.count').textContent()).toBe('(1)');
      expect(await bp.getByRole('checkbox', { name: /brass/ }).isChecked()).toBe(true);
      expect(await pageMark(bp)).toBe(searchMark);

      // the address reproduces the same search without scripts' help
      const searchUrl = bp.url();
      const direct = await buyerP.context.newPage();
      await direct.goto(searchUrl);
      expect(await direct.locator('#search-results li.result').count()).toBe(1);
      expect(await direct.locator(`#result-${id}`).count()).toBe(1);
      await direct.close();

      // the buyer opens it and sees the public listing page
      await Promise.all([bp.waitForURL((u) => u.pathname.startsWith(`/listings/${id}`)), card.getByRole('link', { name: 'Brass reading lamp' }).click()]);
      await expect.poll(() => bp.locator('main h1').textContent()).toBe('Brass reading lamp');
      const page = bp.locator(`#listing-${id}`);
      expect(await page.getAttribute('data-status')).toBe('active');
      expect(await page.textContent()).toContain('45.50');
      expect(await page.textContent()).toContain('A solid brass reading lamp');
      expect(await page.textContent()).toContain('Brass & Glass');
      expect(await bp.locator('#not-public').count()).toBe(0);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await sellerP.context.close();
      await adminP.context.close();
      await buyerP.context.close();
    }
  });
});
