import { describe, expect, it } from 'vitest';
import { createAdmin } from '../factories.js';
import { markPage, pageMark, person, progressDuringNextRequest, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage();

describe('a newcomer becomes a seller, live', () => {
  it('signs up, applies, and sees the approval arrive without reloading', async () => {
    const admin = await createAdmin(stage.app.db);
    const newcomer = await person(stage.browser, stage.app.baseUrl);
    const reviewer = await person(stage.browser, stage.app.baseUrl);
    stage.people.push(newcomer, reviewer);
    const np = newcomer.page;
    const ap = reviewer.page;
    try {
      // the newcomer signs up in the browser
      await np.goto('/');
      await np.getByRole('link', { name: 'Sign up' }).first().click();
      await np.getByLabel('Email').fill('lamps@example.test');
      await np.getByLabel('Display name').fill('Layla Lamps');
      await np.getByLabel('Password').fill('bright lamps 2024');
      await Promise.all([np.waitForURL((u) => u.pathname === '/'), np.getByRole('button', { name: 'Create account' }).click()]);
      await expect.poll(() => np.locator('.who').textContent()).toBe('Layla Lamps');
      await expect.poll(() => np.locator('#nav').getAttribute('data-role')).toBe('buyer');

      // the admin opens the queue in another context, before the application exists
      await signIn(ap, admin.email, admin.password);
      await ap.goto('/admin/seller-applications');
      await waitForLive(ap);
      await ap.locator('#application-queue .empty').waitFor();
      const adminMarker = await markPage(ap);

      // the newcomer applies
      await np.getByRole('link', { name: 'Sell on Souk' }).click();
      await np.waitForURL((u) => u.pathname === '/seller/application');
      await np.getByLabel('Shop name').fill('Layla’s Lamps');
      await np.getByLabel('About your shop').fill('Restored brass lamps, rewired and tested by hand.');
      await np.getByRole('button', { name: 'Apply to sell' }).click();
      await np.locator('#application-status[data-status="pending"]').waitFor();
      await expect.poll(() => np.locator('#application-status').textContent()).toContain('Layla’s Lamps');

      // the admin's open queue shows it without a reload
      const item = ap.locator('#application-queue li.application', { hasText: 'Layla’s Lamps' });
      await item.waitFor();
      expect(await item.textContent()).toContain('lamps@example.test');
      await expect.poll(() => ap.locator('#nav-applications .badge').textContent()).toBe('1');
      expect(await pageMark(ap)).toBe(adminMarker);

      // the applicant's page stays open, never reloaded, and listens
      await waitForLive(np);
      const marker = await markPage(np);
      expect(await np.locator('#notification-badge .badge').getAttribute('data-count')).toBe('0');
      expect(await np.locator('#nav #nav-shop').count()).toBe(0);

      // the admin approves; the htmx progress indicator shows during the request
      await ap.locator('#progress').waitFor({ state: 'attached' });
      const sawProgress = await progressDuringNextRequest(ap);
      await item.getByRole('button', { name: 'Approve' }).click();
      expect(await sawProgress()).toBe(true);
      await ap.locator('#application-queue .empty').waitFor();
      await expect.poll(() => ap.locator('#progress').getAttribute('class')).not.toContain('htmx-request');
      await expect.poll(() => ap.locator('#nav-applications .badge').textContent()).toBe('0');

      // the applicant's page updates live: nav switches to the shop, the badge counts one notification
      await np.locator('#nav[data-role="seller"]').waitFor();
      await expect.poll(() => np.locator('#nav #nav-shop').textContent()).toBe('My shop');
      expect(await np.locator('#nav #nav-sell').count()).toBe(0);
      await np.locator('#notification-badge .badge[data-count="1"]').waitFor();
      expect((await np.locator('#notification-badge .badge').textContent())?.trim()).toBe('1');
      expect(await np.locator('#notification-badge').getAttribute('aria-label')).toBe('Notifications: 1 unread notification');
      expect(await pageMark(np)).toBe(marker);

      // and the notification says what happened
      await np.locator('#notification-badge').click();
      await np.waitForURL((u) => u.pathname === '/notifications');
      await expect.poll(() => np.locator('main').textContent()).toMatch(/approved/i);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await newcomer.context.close();
      await reviewer.context.close();
    }
  });
});
