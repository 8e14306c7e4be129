import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { startSmtpCatcher, type SmtpCatcher } from '../mail.js';
import { launchBrowser, person, type Person, seriousViolations, signIn, waitForLive } from './browser.js';

// the app sends its email over SMTP to a real server in this process
let smtp: SmtpCatcher;
let app: TestApp;
let browser: Browser;
const people: Person[] = [];
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  [app, browser] = await Promise.all([startTestApp({ env: { SMTP_URL: smtp.url } }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.stop();
});

describe('password reset through email', () => {
  it('a user who forgot their password gets a link by email, sets a new one, and every old session ends', async () => {
    const u = await createUser(app.db, { display_name: 'Rania Forgetful' });
    const laptop = await person(browser, app.baseUrl);
    const phone = await person(browser, app.baseUrl);
    people.push(laptop, phone);
    const lp = laptop.page;
    const pp = phone.page;
    try {
      // still signed in on the laptop, a page open
      await signIn(lp, u.email, u.password);
      await waitForLive(lp);

      // on the phone they forgot the password
      await pp.goto('/signin');
      await pp.getByRole('link', { name: 'Forgot your password?' }).click();
      await pp.waitForURL((url) => url.pathname === '/password-reset');
      await pp.getByLabel('Email').fill(u.email);
      expect(await seriousViolations(pp)).toEqual([]);
      await pp.getByRole('button', { name: 'Send reset link' }).click();
      await pp.getByRole('heading', { name: 'Check your email' }).waitFor();

      // the email arrives over SMTP, in plain text and HTML, with a link to this site
      const mail = await smtp.waitFor((m) => m.to.includes(u.email) && m.subject === 'Reset your Souk password');
      expect(mail.text).toContain('Hello Rania Forgetful,');
      expect(mail.html).toContain('Choose a new password');
      const link = /https?:\/\/\S+\/password-reset\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
      expect(link, mail.text).toBeTruthy();
      expect(new URL(link!).origin).toBe(app.baseUrl);

      await pp.goto(link!);
      await pp.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      expect(await seriousViolations(pp)).toEqual([]);
      await pp.getByLabel('New password', { exact: true }).fill('a fresh strong password');
      await pp.getByLabel('New password again').fill('a fresh strong passwrod');
      await pp.getByRole('button', { name: 'Set new password' }).click();
      await pp.locator('#reset-form .error', { hasText: 'not the same' }).waitFor();
      await pp.getByLabel('New password', { exact: true }).fill('a fresh strong password');
      await pp.getByLabel('New password again').fill('a fresh strong password');
      await Promise.all([pp.waitForURL((url) => url.pathname === '/signin'), pp.getByRole('button', { name: 'Set new password' }).click()]);
      await expect.poll(() => pp.locator('main .notice').textContent()).toContain('Your password was changed');

      // the laptop's open page learns its session is over and goes to sign-in by itself
      await lp.waitForURL((url) => url.pathname === '/signin');
      expect(await lp.locator('.who').count()).toBe(0);

      // the user is told by email too
      await smtp.waitFor((m) => m.to.includes(u.email) && m.subject === 'Your Souk password was changed');

      // the old password is refused, the new one works
      await pp.getByLabel('Email').fill(u.email);
      await pp.getByLabel('Password').fill(u.password);
      await pp.getByRole('button', { name: 'Sign in' }).click();
      await pp.locator('#signin-form .form-error', { hasText: 'do not match' }).waitFor();
      await signIn(pp, u.email, 'a fresh strong password');
      expect(await pp.locator('.who').textContent()).toBe('Rania Forgetful');

      // the settings list this one session, and the page has no serious accessibility findings
      await pp.getByRole('link', { name: 'Settings', exact: true }).click();
      await pp.getByRole('heading', { name: 'Account settings' }).waitFor();
      expect(await pp.locator('#sessions li.session').count()).toBe(1);
      expect(await seriousViolations(pp)).toEqual([]);

      // the link does not work a second time
      await pp.goto(link!);
      await pp.getByRole('heading', { name: 'This link no longer works' }).waitFor();
      expect(await pp.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/password-reset');
    } catch (err) {
      const logs = people.map((p, i) => `--- person ${i} console ---\n${p.logs.join('\n')}`).join('\n');
      throw new Error(`${(err as Error).message}\n${logs}`, { cause: err });
    } finally {
      await laptop.context.close();
      await phone.context.close();
    }
  });
});
