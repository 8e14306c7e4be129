import { describe, expect, it } from 'vitest';
import { submitListing } from '../../src/listings/lifecycle.js';
import { createAdmin, createApplication, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { person, type Person, seriousViolations, signIn, useStage } from './browser.js';

// these names exist in the page, where the callbacks given to page.evaluate run
declare const document: any;
declare const getComputedStyle: any;

const stage = useStage({ worker: false });
async function check(p: Person, path: string, ready: string): Promise<string[]> {
  const response = await p.page.goto(path);
  // an error page would pass axe too: only the page asked for counts
  if (response?.status() !== 200) return [`${path}: answered ${response?.status()}`];
  await p.page.locator(ready).first().waitFor();
  return (await seriousViolations(p.page)).map((v) => `${path}: ${v}`);
}

describe('accessibility (axe: no serious or critical findings)', () => {
  it('public pages: home, sign in, sign up, and a sign-up form with errors', async () => {
    const visitor = await person(stage.browser, stage.app.baseUrl);
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
    const u = await createUser(stage.app.db);
    const buyer = await person(stage.browser, stage.app.baseUrl);
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
    const admin = await createAdmin(stage.app.db);
    const applicant = await createUser(stage.app.db);
    await createApplication(stage.app.db, applicant.id, { shop_name: 'Quiet Quilts' });
    const reviewer = await person(stage.browser, stage.app.baseUrl);
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

  it('selling: the new-listing form (also with errors), the dashboard, a listing’s page', async () => {
    const s = await createSeller(stage.app.db);
    const category = await createCategoryRow(stage.app.db, { name: 'Clocks', attributes: [{ key: 'material', label: 'Material', type: 'enum', options: ['oak', 'pine'], filterable: true }] });
    const draft = await createListing(stage.app.db, { seller_id: s.id, category_id: category.id, status: 'draft', title: 'Oak mantel clock', attributes: { material: 'oak' } });
    const active = await createListing(stage.app.db, { seller_id: s.id, category_id: category.id, title: 'Pine wall clock', attributes: { material: 'pine' } });
    const seller = await person(stage.browser, stage.app.baseUrl);
    try {
      await signIn(seller.page, s.email, s.password);
      const found = [
        ...(await check(seller, '/seller/listings/new', '#listing-form')),
        ...(await check(seller, '/seller/listings', 'main h1')),
        ...(await check(seller, `/seller/listings/${draft.id}`, `#listing-status-${draft.id}`)),
        ...(await check(seller, `/seller/listings/${active.id}`, `#listing-status-${active.id}`)),
        ...(await check(seller, `/seller/listings/${draft.id}/edit`, '#listing-form')),
      ];
      // the form as it comes back with field errors
      await seller.page.goto('/seller/listings/new');
      await seller.page.getByRole('button', { name: 'Save draft' }).click();
      await seller.page.locator('#listing-form .field-invalid').first().waitFor();
      found.push(...(await seriousViolations(seller.page)).map((v) => `/seller/listings/new with errors: ${v}`));
      expect(found).toEqual([]);
    } finally {
      await seller.context.close();
    }
  });

  it('the new-listing form shows where the keyboard focus is on every control it reaches', async () => {
    const s = await createSeller(stage.app.db);
    const seller = await person(stage.browser, stage.app.baseUrl);
    try {
      await signIn(seller.page, s.email, s.password);
      await seller.page.goto('/seller/listings/new');
      await seller.page.locator('#listing-form').waitFor();
      await seller.page.getByLabel('Category', { exact: true }).focus();
      const seen: string[] = [];
      const unmarked: string[] = [];
      for (let i = 0; i < 40; i++) {
        const focus = await seller.page.evaluate(() => {
          const el = document.activeElement;
          if (!el || !el.closest('#listing-form')) return null;
          const style = getComputedStyle(el);
          const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
          return { name: `${el.tagName.toLowerCase()}#${el.id || el.getAttribute('name') || el.textContent?.trim()}`, marked: outlined || style.boxShadow !== 'none' };
        });
        if (!focus) break;
        seen.push(focus.name);
        if (!focus.marked) unmarked.push(focus.name);
        await seller.page.keyboard.press('Tab');
      }
      expect(seen).toEqual(expect.arrayContaining(['select#f-category_id', 'input#f-title', 'textarea#f-description', 'input#f-price', 'select#f-condition']));
      expect(unmarked).toEqual([]);
    } finally {
      await seller.context.close();
    }
  });

  it('moderating and money admin: the queue with one waiting, a review, payouts, finance, boost plans', async () => {
    const admin = await createAdmin(stage.app.db);
    const s = await createSeller(stage.app.db);
    const category = await createCategoryRow(stage.app.db);
    const draft = await createListing(stage.app.db, { seller_id: s.id, category_id: category.id, status: 'draft', title: 'Brass candlestick' });
    expect((await submitListing(stage.app.db, draft.id)).ok).toBe(true);
    const reviewer = await person(stage.browser, stage.app.baseUrl);
    try {
      await signIn(reviewer.page, admin.email, admin.password);
      const found = [
        ...(await check(reviewer, '/admin/moderation', `#queue-item-${draft.id}`)),
        ...(await check(reviewer, `/admin/moderation/${draft.id}`, '#claim-status')),
        ...(await check(reviewer, '/admin/payouts', 'main h1')),
        ...(await check(reviewer, '/admin/finance', 'main h1')),
        ...(await check(reviewer, '/admin/boost-plans', 'main h1')),
      ];
      // the review as its claimer sees it, with the decision forms
      await reviewer.page.goto('/admin/moderation');
      await reviewer.page.locator(`#queue-item-${draft.id}`).getByRole('button', { name: 'Open' }).click();
      await reviewer.page.locator('#decision').waitFor();
      found.push(...(await seriousViolations(reviewer.page)).map((v) => `/admin/moderation/${draft.id} claimed: ${v}`));
      expect(found).toEqual([]);
    } finally {
      await reviewer.context.close();
    }
  });

  it('buying: search with results and filters, a listing, home, favourites, saved searches, wallet, payouts, the hosted payment page', async () => {
    const s = await createSeller(stage.app.db);
    const category = await createCategoryRow(stage.app.db, { name: 'Vases', attributes: [{ key: 'material', label: 'Material', type: 'enum', options: ['clay', 'glass'], filterable: true }] });
    const vase = await createListing(stage.app.db, { seller_id: s.id, category_id: category.id, title: 'Clay vase', description: 'A hand-thrown clay vase, glazed blue.', attributes: { material: 'clay' } });
    await createListing(stage.app.db, { seller_id: s.id, category_id: category.id, title: 'Glass vase', description: 'A clear glass vase.', attributes: { material: 'glass' } });
    const u = await createUser(stage.app.db);
    await stage.app.db('favourites').insert({ user_id: u.id, listing_id: vase.id });
    await stage.app.db('saved_searches').insert({ user_id: u.id, name: 'Vases', query: `q=vase&category=${category.slug}`, params: JSON.stringify({ q: 'vase', category: category.slug }) });
    const buyer = await person(stage.browser, stage.app.baseUrl);
    try {
      await signIn(buyer.page, u.email, u.password);
      const found = [
        ...(await check(buyer, `/search?q=vase&category=${category.slug}`, `#result-${vase.id}`)),
      ];
      // the results and facets as htmx swaps them after a filter changes
      await buyer.page.getByRole('checkbox', { name: /clay/ }).check();
      await expect.poll(() => new URL(buyer.page.url()).searchParams.getAll('a.material')).toEqual(['clay']);
      await expect.poll(() => buyer.page.locator('#search-results li.result').count()).toBe(1);
      found.push(...(await seriousViolations(buyer.page)).map((v) => `/search filtered by htmx: ${v}`));
      found.push(
        ...(await check(buyer, `/listings/${vase.id}/${vase.slug}`, `#listing-${vase.id}`)),
        ...(await check(buyer, '/', 'main h1')),
        ...(await check(buyer, '/favourites', 'main h1')),
        ...(await check(buyer, '/saved-searches', 'main h1')),
        ...(await check(buyer, '/wallet', '#balance-available')),
        ...(await check(buyer, '/wallet/payouts', 'main h1')),
      );
      // the local gateway's hosted page, reached the way a top-up reaches it
      await buyer.page.goto('/wallet');
      await buyer.page.getByLabel(/Amount/).fill('25');
      await buyer.page.getByRole('button', { name: 'Continue to payment' }).click();
      await buyer.page.waitForURL((url) => url.pathname.startsWith('/gateway/pay/'));
      await buyer.page.getByLabel('Card number').waitFor();
      found.push(...(await seriousViolations(buyer.page)).map((v) => `/gateway/pay/…: ${v}`));
      // and as it comes back after a declined card
      await buyer.page.getByLabel('Card number').fill('4000 0000 0000 0002');
      await buyer.page.getByLabel(/Expiry date/).fill('12 / 34');
      await buyer.page.getByLabel(/Security code/).fill('123');
      await buyer.page.getByLabel('Name on card').fill('Ada Buyer');
      await buyer.page.getByRole('button', { name: /^Pay / }).click();
      await expect.poll(() => buyer.page.getByRole('alert').first().textContent()).toContain('declined');
      found.push(...(await seriousViolations(buyer.page)).map((v) => `/gateway/pay/… declined: ${v}`));
      expect(found).toEqual([]);
    } finally {
      await buyer.context.close();
    }
  });
});
