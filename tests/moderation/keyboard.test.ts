import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { submitListing } from '../../src/listings/lifecycle.js';
import { markPage, pageMark, person, runAxe, signIn, useStage, waitForLive } from '../e2e/browser.js';
import { createAdmin, createCategoryRow, createListing, createSeller } from '../factories.js';

const stage = useStage();

const report = () => stage.people.map((p, i) => `--- person ${i} console ---\n${p.logs.join('\n')}`).join('\n');

describe('the moderation queue in a browser', () => {
  it('shows a new submission live, and the common path works from the keyboard', async () => {
    const admin = await createAdmin(stage.app.db);
    const seller = await createSeller(stage.app.db);
    const category = await createCategoryRow(stage.app.db);
    const reviewer = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(reviewer);
    const p = reviewer.page;
    try {
      await signIn(p, admin.email, admin.password);
      await p.goto('/admin/moderation');
      await waitForLive(p);
      await markPage(p);
      await expect.poll(() => p.locator('#nav-moderation .badge').getAttribute('data-count')).toBe('0');

      // the seller submits: the item and the header count arrive without a reload
      const draft = await createListing(stage.app.db, { seller_id: seller.id, category_id: category.id, status: 'draft', title: 'Keyboard lamp' });
      const submitted = await submitListing(stage.app.db, draft.id);
      expect(submitted.ok).toBe(true);
      await expect.poll(() => p.locator(`#queue-item-${draft.id} .title`).textContent()).toBe('Keyboard lamp');
      await expect.poll(() => p.locator('#nav-moderation .badge').getAttribute('data-count')).toBe('1');
      expect(await pageMark(p)).toBeTypeOf('number');

      const axe = await runAxe(p, readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
      expect(axe.filter((v) => v.impact === 'critical' || v.impact === 'serious'), JSON.stringify(axe, null, 1)).toEqual([]);

      // ? shows the shortcuts; j moves to the item; Enter opens (claims) it
      await p.keyboard.press('?');
      await expect.poll(() => p.locator('#shortcut-help').evaluate((d: { open: boolean }) => d.open)).toBe(true);
      await p.locator('body').click({ position: { x: 1, y: 1 } });
      await p.keyboard.press('j');
      await expect.poll(() => p.evaluate(() => (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement.className)).toBe('open');
      await Promise.all([p.waitForURL((u) => u.pathname === `/admin/moderation/${draft.id}`), p.keyboard.press('Enter')]);
      expect((await stage.app.db('listings').where({ id: draft.id }).first()).claimed_by).toBe(admin.id);

      // r goes to the rejection reason; typing there does not trigger shortcuts
      await p.keyboard.press('r');
      await expect.poll(() => p.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('review-reason');
      await p.locator('#review-note').focus();
      await p.keyboard.type('a quick note');
      expect(new URL(p.url()).pathname).toBe(`/admin/moderation/${draft.id}`);
      expect((await stage.app.db('listings').where({ id: draft.id }).first()).status).toBe('pending');

      // a approves (with the focus outside any field) and returns to the queue
      await p.locator('h1').click();
      await Promise.all([p.waitForURL((u) => u.pathname === '/admin/moderation'), p.keyboard.press('a')]);
      await expect.poll(() => p.locator('#flash').textContent()).toContain('Approved “Keyboard lamp”');
      expect((await stage.app.db('listings').where({ id: draft.id }).first()).status).toBe('active');
      await expect.poll(() => p.locator('#nav-moderation .badge').getAttribute('data-count')).toBe('0');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${report()}`);
    }
  });
});
