import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createApplication, createUser } from '../factories.js';
import { launchBrowser, person, runAxe, signIn, type Person } from './browser.js';

let app: TestApp;
let browser: Browser;
let axeSource: string;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  [app, browser] = await Promise.all([startTestApp({ worker: false }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Runs axe on the page as it is and returns its serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  const violations = await runAxe(page, axeSource);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}

async function check(p: Person, path: string, ready: string): Promise<string[]> {
  await p.page.goto(path);
  await p.page.locator(ready).first().waitFor();
  return (await seriousViolations(p.page)).map((v) => `${path}: ${v}`);
}

describe('accessibility (axe: no serious or critical findings)', () => {
  it('public pages: home, sign in, sign up, and a sign-up form with errors', async () => {
    const visitor = await person(browser, app.baseUrl);
    try {
      const found = [
        ...(await check(visitor, '/', 'main h1')),
        ...(await check(visitor, '/signin', '#signin-form')),
        ...(await check(visitor, '/signup', '#signup-form')),
      ];
      // the form as it comes back with field errors
      await visitor.page.getByLabel('Email').fill('nope');
      await visitor.page.getByLabel('Password').fill('short');
      await visitor.page.getByRole('button', { name: 'Create account' }).click();
      await visitor.page.locator('#f-email-error').waitFor();
      found.push(...(await seriousViolations(visitor.page)).map((v) => `/signup with errors: ${v}`));
      expect(found).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });

  it('signed-in pages: home, notifications, seller application', async () => {
    const u = await createUser(app.db);
    const buyer = await person(browser, app.baseUrl);
    try {
      await signIn(buyer.page, u.email, u.password);
      const found = [
        ...(await check(buyer, '/', '#notification-badge')),
        ...(await check(buyer, '/notifications', 'main h1')),
        ...(await check(buyer, '/seller/application', '#seller-application-form')),
      ];
      expect(found).toEqual([]);
    } finally {
      await buyer.context.close();
    }
  });

  it('admin pages: seller applications with one waiting, a user page', async () => {
    const admin = await createAdmin(app.db);
    const applicant = await createUser(app.db);
    await createApplication(app.db, applicant.id, { shop_name: 'Quiet Quilts' });
    const reviewer = await person(browser, app.baseUrl);
    try {
      await signIn(reviewer.page, admin.email, admin.password);
      const found = [
        ...(await check(reviewer, '/admin/seller-applications', '#application-queue li.application')),
        ...(await check(reviewer, `/admin/users/${applicant.id}`, '#block-form')),
      ];
      expect(found).toEqual([]);
    } finally {
      await reviewer.context.close();
    }
  });
});
