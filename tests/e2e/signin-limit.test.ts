import { describe, expect, it } from 'vitest';
import { createUser } from '../factories.js';
import { person, useStage, waitForLive } from './browser.js';

const stage = useStage({ worker: false, env: { RATE_SIGNIN_PER_ACCOUNT: '3' } });

describe('too many wrong passwords', () => {
  it('tells the person to wait, and then refuses even the right password', async () => {
    const u = await createUser(stage.app.db);
    const { context, page, logs } = await person(stage.browser, stage.app.baseUrl);
    try {
      await page.goto('/signin');
      await waitForLive(page);
      const errorText = () => page.locator('#signin-form .form-error').textContent();

      let attempts = 0;
      let message = '';
      while (attempts < 6) {
        attempts++;
        const before = await page.locator('#signin-form').elementHandle();
        await page.getByLabel('Email').fill(u.email);
        await page.getByLabel('Password').fill(`wrong password ${attempts}`);
        await page.getByRole('button', { name: 'Sign in' }).click();
        // the form is swapped for the server's answer
        await page.waitForFunction((el) => !el?.isConnected, before);
        await page.locator('#signin-form .form-error').waitFor();
        message = (await errorText()) ?? '';
        if (message.includes('Too many')) break;
        expect(message).toContain('do not match');
      }
      expect(attempts).toBe(4);
      expect(message).toMatch(/Too many sign-in attempts .*Try again in \d+ (second|minute)s?\./);
      expect(new URL(page.url()).pathname).toBe('/signin');
      // the email is kept for the person
      expect(await page.getByLabel('Email').inputValue()).toBe(u.email);

      // the right password does not get through while the lock lasts
      const before = await page.locator('#signin-form').elementHandle();
      await page.getByLabel('Password').fill(u.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForFunction((el) => !el?.isConnected, before);
      expect(await errorText()).toMatch(/Too many sign-in attempts .*Try again in/);
      expect(new URL(page.url()).pathname).toBe('/signin');
      expect(await page.locator('.who').count()).toBe(0);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${logs.join('\n')}`, { cause: err });
    } finally {
      await context.close();
    }
  });
});
