import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { digitalListing } from '../downloads/helpers.js';
import { topUp } from '../ledger/helpers.js';
import { hasHtmx, markPage, pageMark, person, type Person, seriousViolations, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage({ env: { RATE_GENERAL_PER_MINUTE: '100000' } });

/** A new person on the stage, signed in. */
async function signedIn(user: { email: string; password: string }, opts: Parameters<typeof person>[2] = {}): Promise<Person> {
  const p = await person(stage.browser, stage.app.baseUrl, opts);
  stage.people.push(p);
  await signIn(p.page, user.email, user.password);
  return p;
}

/** Opens the listing's public page and presses its Add to cart (or Buy) button: the box says it was added. */
async function addToCart(page: Page, listing: { id: number; slug: string; title: string }, button = 'Add to cart'): Promise<void> {
  await page.goto(`/listings/${listing.id}/${listing.slug}`);
  await waitForLive(page);
  const box = page.locator(`#add-to-cart-${listing.id}`);
  await box.getByRole('button', { name: button }).click();
  await expect.poll(() => box.locator('.added').textContent()).toContain(`Added “${listing.title}” to your cart.`);
}

/** Fills the checkout's new-address fields. */
async function fillAddress(page: Page): Promise<void> {
  await page.getByLabel('Full name').fill('Bea Buyer');
  await page.getByLabel('Street and number').fill('Rua Augusta 1');
  await page.getByLabel('Postal code').fill('1100-048');
  await page.getByLabel('City', { exact: true }).fill('Lisboa');
  await page.getByLabel('Country', { exact: true }).selectOption('PT');
}

/** Pays on the local gateway's hosted page with the test card that always succeeds. */
async function payByCard(page: Page, name: string): Promise<void> {
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel(/Expiry date/).fill('12 / 34');
  await page.getByLabel(/Security code/).fill('123');
  await page.getByLabel('Name on card').fill(name);
  await page.getByRole('button', { name: /^Pay / }).click();
}

const orderIdOf = (page: Page) => Number(/^\/orders\/(\d+)$/.exec(new URL(page.url()).pathname)![1]);
const partOf = async (orderId: number, sellerId: number) => stage.app.db('seller_orders').where({ order_id: orderId, seller_id: sellerId }).first();

describe('buying, from the cart to the money', () => {
  it('goods from two shops paid by card: both shops’ open inboxes show the order, one ships, the buyer confirms receipt and that seller’s balance follows', async () => {
    const category = await createCategoryRow(stage.app.db);
    const sellerA = await createSeller(stage.app.db, { shop_name: 'Cork & Co' });
    const sellerB = await createSeller(stage.app.db, { shop_name: 'Tin Toys' });
    const buyer = await createUser(stage.app.db, { display_name: 'Bea Buyer' });
    const coaster = await createListing(stage.app.db, { seller_id: sellerA.id, category_id: category.id, title: 'Cork coaster set', price: 2500 });
    const robot = await createListing(stage.app.db, { seller_id: sellerB.id, category_id: category.id, title: 'Tin wind-up robot', price: 1800 });

    const a = await signedIn(sellerA);
    const b = await signedIn(sellerB);
    const me = await signedIn(buyer);
    const bp = me.page;
    try {
      // both shops have their inbox open before anything is bought
      for (const s of [a, b]) {
        await s.page.goto('/seller/orders');
        await waitForLive(s.page);
        await s.page.locator('#no-orders').waitFor();
      }
      expect(await a.page.locator('#wallet-balance').getAttribute('data-available')).toBe('0');
      const marks = [await markPage(a.page), await markPage(b.page)];

      // one thing from each shop, added from the listing pages
      await addToCart(bp, coaster);
      await addToCart(bp, robot);
      await expect.poll(() => bp.locator('#cart-count').getAttribute('data-count')).toBe('2');
      await bp.goto('/cart');
      await bp.locator(`#cart-group-${sellerA.id}`).waitFor();
      expect(await bp.locator(`#cart-group-${sellerB.id}`).count()).toBe(1);
      expect(await bp.locator('#cart').getAttribute('data-can-checkout')).toBe('true');
      const a11y = (await seriousViolations(bp)).map((v) => `/cart: ${v}`);

      // checkout: a new address and a card
      await Promise.all([bp.waitForURL((u) => u.pathname === '/checkout'), bp.locator('#checkout-link').click()]);
      await bp.locator('#checkout-form').waitFor();
      a11y.push(...(await seriousViolations(bp)).map((v) => `/checkout: ${v}`));
      await fillAddress(bp);
      await bp.getByRole('radio', { name: /^A card/ }).check();
      await Promise.all([bp.waitForURL((u) => u.pathname.startsWith('/gateway/pay/')), bp.getByRole('button', { name: 'Place order' }).click()]);
      await payByCard(bp, 'Bea Buyer');
      await bp.waitForURL((u) => /^\/orders\/\d+$/.test(u.pathname));
      const orderId = orderIdOf(bp);

      // the order page shows it paid once the gateway's webhook has arrived
      await bp.locator(`#order-${orderId}-summary[data-status="paid"]`).waitFor();
      expect(await bp.locator(`#order-${orderId}-total`).getAttribute('data-amount')).toBe('4300');
      expect(await bp.locator(`#order-${orderId}-paid-with`).textContent()).toContain('by card');
      const partA = await partOf(orderId, sellerA.id);
      const partB = await partOf(orderId, sellerB.id);
      expect(partA.status).toBe('paid');
      expect(partB.status).toBe('paid');
      await waitForLive(bp);
      a11y.push(...(await seriousViolations(bp)).map((v) => `/orders/${orderId}: ${v}`));
      expect(a11y).toEqual([]);

      // each shop's open inbox shows its own part, without a reload
      await a.page.locator(`#seller-order-row-${partA.id}[data-status="paid"]`).waitFor();
      await b.page.locator(`#seller-order-row-${partB.id}[data-status="paid"]`).waitFor();
      expect(await a.page.locator(`#seller-order-row-${partA.id} .items`).textContent()).toContain('Cork coaster set');
      expect(await b.page.locator(`#seller-order-row-${partB.id} .items`).textContent()).toContain('Tin wind-up robot');
      expect(await a.page.locator(`#seller-order-row-${partB.id}`).count()).toBe(0);
      expect(await pageMark(a.page)).toBe(marks[0]);
      expect(await pageMark(b.page)).toBe(marks[1]);

      // the first shop ships it from the order's page, opened in another tab
      const ship = await a.context.newPage();
      await ship.goto(`/seller/orders/${partA.id}`);
      await waitForLive(ship);
      await ship.getByLabel('Carrier').fill('CTT');
      await ship.getByLabel('Tracking number').fill('RR123456789PT');
      await ship.getByRole('button', { name: 'Mark as shipped' }).click();
      await ship.locator(`#seller-order-${partA.id}[data-status="shipped"]`).waitFor();
      expect(await ship.locator('#shipment').textContent()).toBe('Shipped with CTT, tracking number RR123456789PT');

      // the buyer's open order page follows, and the buyer confirms receipt there
      const buyerPart = bp.locator(`#seller-order-${partA.id}`);
      await bp.locator(`#seller-order-${partA.id}[data-status="shipped"]`).waitFor();
      expect(await buyerPart.locator('.tracking').textContent()).toContain('RR123456789PT');
      await waitForLive(bp);
      await buyerPart.getByRole('button', { name: 'Confirm receipt' }).click();
      await bp.locator(`#seller-order-${partA.id}[data-status="completed"]`).waitFor();
      expect(await bp.locator(`#seller-order-${partB.id}`).getAttribute('data-status')).toBe('paid');

      // the shop is paid its total less the commission: the balance in its inbox tab follows
      const done = await partOf(orderId, sellerA.id);
      expect(done.status).toBe('completed');
      const receive = Number(done.total) - Number(done.commission);
      expect(receive).toBeGreaterThan(0);
      expect(receive).toBeLessThan(2500);
      await expect.poll(() => a.page.locator('#wallet-balance').getAttribute('data-available')).toBe(String(receive));
      expect(await pageMark(a.page)).toBe(marks[0]);
      expect(await b.page.locator('#wallet-balance').getAttribute('data-available')).toBe('0');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await Promise.all([a.context.close(), b.context.close(), me.context.close()]);
    }
  });

  it('with JavaScript off: added to the cart and paid from the wallet through plain forms and redirects', async () => {
    const category = await createCategoryRow(stage.app.db);
    const seller = await createSeller(stage.app.db, { shop_name: 'Plain Pottery' });
    const buyer = await createUser(stage.app.db, { display_name: 'Nico No-Script' });
    const bowl = await createListing(stage.app.db, { seller_id: seller.id, category_id: category.id, title: 'Stoneware bowl', price: 3200 });
    await topUp(stage.app.db, buyer.id, 5000);

    const me = await signedIn(buyer, { javaScriptEnabled: false });
    const page = me.page;
    try {
      await page.goto(`/listings/${bowl.id}/${bowl.slug}`);
      expect(await hasHtmx(page)).toBe(false);
      await Promise.all([page.waitForURL((u) => u.pathname === '/cart'), page.locator(`#add-to-cart-${bowl.id}`).getByRole('button', { name: 'Add to cart' }).click()]);
      expect(await page.locator('#flash').textContent()).toContain('Added “Stoneware bowl” to your cart.');
      expect(await page.locator(`#cart-group-${seller.id} .cart-line`).count()).toBe(1);
      expect(await page.locator('#cart-total').getAttribute('data-amount')).toBe('3200');

      await Promise.all([page.waitForURL((u) => u.pathname === '/checkout'), page.locator('#checkout-link').click()]);
      await fillAddress(page);
      await page.getByRole('radio', { name: /^My wallet \(balance/ }).check();
      await Promise.all([page.waitForURL((u) => /^\/orders\/\d+$/.test(u.pathname)), page.getByRole('button', { name: 'Place order' }).click()]);
      const orderId = orderIdOf(page);
      expect(await page.locator('#flash').textContent()).toContain(`Thank you! Order #${orderId} is placed and paid.`);
      expect(await page.locator(`#order-${orderId}-summary`).getAttribute('data-status')).toBe('paid');
      expect(await page.locator(`#order-${orderId}-paid-with`).textContent()).toBe('€32.00 from your wallet');
      expect(await page.locator('#wallet-balance').getAttribute('data-available')).toBe('1800');
      const part = await partOf(orderId, seller.id);
      expect(await page.locator(`#seller-order-${part.id}`).getAttribute('data-status')).toBe('paid');
      expect(await page.locator('#cart-count').getAttribute('data-count')).toBe('0');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await me.context.close();
    }
  });

  it('a digital purchase: bought from the wallet, downloaded from the order page with the right name and bytes, one download fewer left', async () => {
    const category = await createCategoryRow(stage.app.db);
    const seller = await createSeller(stage.app.db, { shop_name: 'Pattern Press' });
    const buyer = await createUser(stage.app.db, { display_name: 'Dora Download' });
    const { listing, data } = await digitalListing(stage.app.db, stage.app.env.STORAGE_DIR!, {
      sellerId: seller.id,
      categoryId: category.id,
      title: 'Fox mittens pattern',
      fileName: 'fox-mittens.pdf',
      bytes: 120_000,
      over: { price: 900 },
    });
    await topUp(stage.app.db, buyer.id, 2000);

    const me = await signedIn(buyer, { acceptDownloads: true });
    const page = me.page;
    try {
      await addToCart(page, listing, 'Buy');
      await page.goto('/checkout');
      await page.locator('#checkout-no-shipping').waitFor();
      await page.getByRole('radio', { name: /^My wallet \(balance/ }).check();
      await Promise.all([page.waitForURL((u) => /^\/orders\/\d+$/.test(u.pathname)), page.getByRole('button', { name: 'Place order' }).click()]);
      const orderId = orderIdOf(page);
      await page.locator(`#order-${orderId}-summary[data-status="paid"]`).waitFor();

      const entitlement = await stage.app.db('entitlements').where({ buyer_id: buyer.id }).first();
      const box = page.locator(`#download-${entitlement.id}`);
      await box.waitFor();
      expect(await box.getAttribute('data-state')).toBe('available');
      expect(await box.locator('.download-file').textContent()).toBe('fox-mittens.pdf');
      const left = async () => /^(\d+) of (\d+)/.exec(((await box.locator('.download-left').textContent()) ?? '').trim());
      const before = await left();
      expect(before).not.toBeNull();
      const [allowed, leftBefore] = [Number(before![2]), Number(before![1])];
      expect(leftBefore).toBe(allowed);

      const [download] = await Promise.all([page.waitForEvent('download'), box.getByRole('button', { name: 'Download' }).click()]);
      expect(download.suggestedFilename()).toBe('fox-mittens.pdf');
      expect(await download.failure()).toBeNull();
      const got = await readFile((await download.path())!);
      expect(got.length).toBe(data.length);
      expect(got.equals(data)).toBe(true);

      // the download is counted once every byte has gone out; the order page and My downloads say so
      await expect
        .poll(async () => {
          await page.goto(`/orders/${orderId}`);
          return (await left())?.[1];
        })
        .toBe(String(leftBefore - 1));
      await page.goto('/downloads');
      expect((await page.locator(`#download-${entitlement.id} .download-left`).textContent())?.trim()).toMatch(new RegExp(`^${leftBefore - 1} of ${allowed}`));
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await me.context.close();
    }
  });
});
