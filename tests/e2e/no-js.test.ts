import { describe, expect, it } from 'vitest';
import { hasHtmx, person, useStage } from './browser.js';

const stage = useStage({ worker: false });

describe('with JavaScript turned off', () => {
  it('signs up (after fixing a mistake), signs out and signs in with plain forms', async () => {
    const { context, page, logs } = await person(stage.browser, stage.app.baseUrl, { javaScriptEnabled: false });
    try {
      await page.goto('/');
      expect(await hasHtmx(page)).toBe(false);
      await Promise.all([page.waitForURL((u) => u.pathname === '/signup'), page.getByRole('link', { name: 'Sign up' }).first().click()]);

      // a bad email and a short password come back with messages beside the fields, input kept
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel('Display name').fill('Nour No-Script');
      await page.getByLabel('Password').fill('short');
      await Promise.all([page.waitForURL((u) => u.pathname === '/users'), page.getByRole('button', { name: 'Create account' }).click()]);
      expect(await page.locator('#f-email-error').textContent()).toContain('valid email');
      expect(await page.locator('#f-password-error').textContent()).toContain('10 characters');
      expect(await page.getByLabel('Display name').inputValue()).toBe('Nour No-Script');
      expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('.who').count()).toBe(0);

      // fixed, it lands on home signed in
      await page.getByLabel('Email').fill('nour@example.test');
      await page.getByLabel('Password').fill('no scripts needed here');
      await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Create account' }).click()]);
      expect(await page.locator('.who').textContent()).toBe('Nour No-Script');
      expect(await page.locator('#flash').textContent()).toContain('Welcome to Souk, Nour No-Script!');
      expect(await page.locator('main h2').textContent()).toBe('Hello, Nour No-Script');

      // sign out
      await Promise.all([page.waitForURL((u) => u.pathname === '/signin'), page.getByRole('button', { name: 'Sign out' }).click()]);
      expect(await page.locator('main .notice').textContent()).toContain('You have been signed out');
      expect(await page.locator('.who').count()).toBe(0);
      await page.goto('/notifications');
      expect(new URL(page.url()).pathname).toBe('/signin');

      // a wrong password is refused, then the right one signs in and returns to where they were going
      await page.getByLabel('Email').fill('nour@example.test');
      await page.getByLabel('Password').fill('not my password');
      await Promise.all([page.waitForURL((u) => u.pathname === '/session'), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(await page.locator('#signin-form .form-error').textContent()).toContain('do not match');
      expect(await page.getByLabel('Email').inputValue()).toBe('nour@example.test');
      await page.getByLabel('Password').fill('no scripts needed here');
      await Promise.all([page.waitForURL((u) => u.pathname === '/notifications'), page.getByRole('button', { name: 'Sign in' }).click()]);
      expect(await page.locator('.who').textContent()).toBe('Nour No-Script');
      await page.goto('/');
      expect(await page.locator('main h2').textContent()).toBe('Hello, Nour No-Script');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${logs.join('\n')}`, { cause: err });
    } finally {
      await context.close();
    }
  });
});
