import { writeAboutListing } from '../../src/conversations/conversations.js';
import { ensureAuction } from '../../src/auctions/queries.js';
import { describe, expect, it } from 'vitest';
import { submitListing } from '../../src/listings/lifecycle.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { placePaidOrder } from '../orders/helpers.js';
import { person, type Person, signIn, useStage } from './browser.js';

// these names exist in the page, where the callbacks given to page.evaluate run
declare const document: any;
declare const getComputedStyle: any;

/** A phone held upright (an iPhone 12 to 15 in CSS pixels). */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const stage = useStage({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000' } });

/** How wide the page is: more than the screen means it scrolls sideways. */
const pageWidth = (p: Person) => p.page.evaluate(() => document.scrollingElement.scrollWidth as number);

/** Opens each page and names those wider than the phone, with their width and the widest element. */
async function widePages(p: Person, paths: string[]): Promise<string[]> {
  const wide: string[] = [];
  for (const path of paths) {
    const response = await p.page.goto(path);
    if (response?.status() !== 200) {
      wide.push(`${path}: answered ${response?.status()}`);
      continue;
    }
    await p.page.locator('main').waitFor();
    const width = await pageWidth(p);
    if (width > 390) {
      const culprit = await p.page.evaluate(() => {
        let worst = '';
        let right = 0;
        for (const el of document.querySelectorAll('main *, header *')) {
          const r = el.getBoundingClientRect();
          if (r.right > right && r.width > 0) {
            right = r.right;
            worst = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''}`;
          }
        }
        return `${worst} reaches ${Math.round(right)}px`;
      });
      wide.push(`${path}: ${width}px wide (${culprit})`);
    }
  }
  return wide;
}

describe('on a phone (390×844)', () => {
  it('a visitor opens the menu, searches, filters and opens a listing, and no page scrolls sideways', async () => {
    const s = await createSeller(stage.app.db, { shop_name: 'Lamp Loft' });
    const lamps = await createCategoryRow(stage.app.db, { name: 'Lamps' });
    await createListing(stage.app.db, { seller_id: s.id, category_id: lamps.id, title: 'Brass reading lamp', city: 'Porto' });
    await createListing(stage.app.db, { seller_id: s.id, category_id: lamps.id, title: 'Glass table lamp', city: 'Lisbon' });
    const visitor = await person(stage.browser, stage.app.baseUrl, PHONE);
    stage.people.push(visitor);
    const { page } = visitor;
    try {
      await page.goto('/');
      const widths = [await pageWidth(visitor)];
      // the links hide behind one Menu button, which the keyboard opens too
      const search = page.locator('#nav').getByRole('link', { name: 'Search', exact: true });
      await expect.poll(() => search.isVisible()).toBe(false);
      const menu = page.locator('#nav summary', { hasText: 'Menu' });
      await menu.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => search.isVisible()).toBe(true);
      await Promise.all([page.waitForURL((u) => u.pathname === '/search'), search.click()]);
      widths.push(await pageWidth(visitor));

      await page.getByLabel('Search for').fill('lamp');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === 'lamp'), page.getByLabel('Search for').press('Enter')]);
      await expect.poll(() => page.locator('#search-results .result').count()).toBe(2);
      widths.push(await pageWidth(visitor));

      // the filters: in a panel that opens on a phone
      const city = page.getByLabel('City');
      if (!(await city.isVisible())) await page.locator('summary', { hasText: /filter/i }).first().click();
      await city.fill('Porto');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('city') === 'Porto'), city.press('Enter')]);
      await expect.poll(() => page.locator('#search-results .result').count()).toBe(1);
      widths.push(await pageWidth(visitor));

      await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/listings/')), page.locator('#search-results').getByRole('link', { name: 'Brass reading lamp' }).first().click()]);
      await expect.poll(() => page.locator('main h1').textContent()).toContain('Brass reading lamp');
      widths.push(await pageWidth(visitor));

      expect(widths.filter((w) => w > 390), stage.report()).toEqual([]);
    } finally {
      await visitor.context.close();
    }
  });

  it('no visited page scrolls sideways: visitor, buyer, seller dashboard, finance and admin pages', async () => {
    const db = stage.app.db;
    const category = await createCategoryRow(db, { name: 'Clocks' });
    const s = await createSeller(db, { shop_name: 'The Extraordinarily Long-Named Clockmakers’ Cooperative' });
    const listing = await createListing(db, { seller_id: s.id, category_id: category.id, title: 'Oak mantel clock with a long and descriptive title that wraps' });
    const auction = await createListing(db, { seller_id: s.id, category_id: category.id, title: 'Walnut wall clock', kind: 'auction', stock: null, price: null });
    await ensureAuction(db, auction.id);
    const pending = await createListing(db, { seller_id: s.id, category_id: category.id, title: 'Pine cuckoo clock', status: 'draft' });
    expect((await submitListing(db, pending.id)).ok).toBe(true);
    const buyer = await createUser(db, { display_name: 'Bea Buyer' });
    const placed = await placePaidOrder(db, { buyer, seller: s, listing });
    const admin = await createAdmin(db);
    const talk = await writeAboutListing(db, { buyerId: buyer.id, sellerId: s.id, listingId: listing.id }, 'Does the chime still ring on the hour, every hour, without fail?');
    if (!talk.ok) throw new Error('the conversation was not opened');
    const found: string[] = [];

    const visitor = await person(stage.browser, stage.app.baseUrl, PHONE);
    try {
      found.push(...(await widePages(visitor, ['/', '/search?q=clock', `/c/${category.slug}`, `/listings/${listing.id}`, '/cart', '/signin', '/signup', '/password-reset', '/help', '/terms', '/privacy'])));
    } finally {
      await visitor.context.close();
    }

    const b = await person(stage.browser, stage.app.baseUrl, PHONE);
    try {
      await signIn(b.page, buyer.email, buyer.password);
      found.push(...(await widePages(b, ['/', '/orders', `/orders/${placed.order.id}`, '/wallet', '/favourites', '/saved-searches', '/notifications', '/account/bids', '/account/settings', '/account/notifications', '/messages', `/messages/${talk.conversationId}`])));
    } finally {
      await b.context.close();
    }

    const seller = await person(stage.browser, stage.app.baseUrl, PHONE);
    try {
      await signIn(seller.page, s.email, s.password);
      found.push(...(await widePages(seller, ['/seller/listings', '/seller/listings/new', `/seller/listings/${listing.id}`, '/seller/orders', `/seller/orders/${placed.sellerOrder.id}`, '/seller/auctions', '/wallet', '/wallet/payouts', '/seller/shop', `/auctions/${auction.id}/selling`])));
      // the dashboard's table reads as one card per listing, each value named beside it
      await seller.page.goto('/seller/listings');
      const row = seller.page.locator(`#listing-row-${listing.id}`);
      // (the list re-fetches itself when the page's stream opens: read the row as it is once that settled)
      await expect.poll(() => row.evaluate((el) => getComputedStyle(el).display).catch(() => '')).toBe('block');
      await expect.poll(() => row.locator('td.stock').evaluate((el) => getComputedStyle(el, '::before').content).catch(() => '')).toBe('"Stock"');
    } finally {
      await seller.context.close();
    }

    const a = await person(stage.browser, stage.app.baseUrl, PHONE);
    try {
      await signIn(a.page, admin.email, admin.password);
      found.push(
        ...(await widePages(a, [
          '/admin',
          '/admin/emails',
          '/admin/search/synonyms',
          '/admin/conversations/reported',
          `/admin/auctions/${auction.id}`,
          '/admin/moderation',
          `/admin/moderation/${pending.id}`,
          '/admin/seller-applications',
          '/admin/users',
          `/admin/users/${buyer.id}`,
          '/admin/categories',
          '/admin/finance',
          '/admin/boost-plans',
          '/admin/commissions',
          '/admin/auctions/increments',
          '/admin/orders',
          '/admin/disputes',
          '/admin/payouts',
          '/admin/payouts/reconciliation',
          '/admin/refunds',
          '/admin/downloads',
        ])),
      );
    } finally {
      await a.context.close();
    }
    expect(found).toEqual([]);
  });
});
