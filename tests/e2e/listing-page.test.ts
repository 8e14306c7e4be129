import { describe, expect, it } from 'vitest';
import { addImages } from '../../src/media/images.js';
import { LocalStore } from '../../src/media/storage.js';
import { listingPhotoSvg, renderPhoto } from '../../seeds/photos.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { person, signIn, useStage } from './browser.js';

// The functions handed to page.evaluate run inside the page.
declare const window: any;
declare const document: any;
declare const PerformanceObserver: any;

const stage = useStage({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });

const SCREENS = [
  { name: 'laptop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

/** One listing of each kind, with real photos (three on the first), from one shop. */
async function market() {
  const db = stage.app.db;
  const store = new LocalStore(stage.app.env.STORAGE_DIR!);
  const cat = await createCategoryRow(db, { name: 'Lamps' });
  const seller = await createSeller(db, { shop_name: `Lumen Workshop ${Date.now().toString(36)}` });
  const title = 'Vintage brass pendant lamp with a hand-blown opal glass shade, rewired';
  const listings = {
    fixed: await createListing(db, { seller_id: seller.id, category_id: cat.id, title, price: 18_900, stock: 2, description: 'Restored by hand.\n\nNew cloth cable.' }),
    auction: await createListing(db, { seller_id: seller.id, category_id: cat.id, kind: 'auction', title: `${title} (auction)`, price: null, stock: null, start_price: 4_000, buy_now_price: 20_000 }),
    service: await createListing(db, { seller_id: seller.id, category_id: cat.id, kind: 'service', title: 'Lamp rewiring in the workshop', price: 4_500, stock: null }),
    classified: await createListing(db, { seller_id: seller.id, category_id: cat.id, kind: 'classified', title: 'Box of lamp parts, collection only', price: 2_000, stock: null }),
    digital: await createListing(db, { seller_id: seller.id, category_id: cat.id, kind: 'digital', title: 'Lamp wiring diagrams (PDF)', price: 900, stock: null }),
  };
  for (const [kind, l] of Object.entries(listings)) {
    const n = kind === 'fixed' ? 3 : 1;
    const photos = [];
    for (let i = 0; i < n; i++) photos.push({ image: await renderPhoto(listingPhotoSvg({ slug: l.slug, title: l.title, subject: 'Lamp' }, i)), alt: `${l.title}, photo ${i + 1}` });
    await addImages(db, store, l.id, photos);
  }
  const slug = (await db('sellers').where({ user_id: seller.id }).first('slug')).slug as string;
  return { listings, shop: `/shops/${slug}` };
}

/** The main action of each kind of listing, as a buyer finds it. */
const ACTIONS: Record<string, (id: number) => string> = {
  fixed: (id) => `#add-to-cart-${id} button[type=submit]`,
  service: (id) => `#add-to-cart-${id} button[type=submit]`,
  digital: (id) => `#add-to-cart-${id} button[type=submit]`,
  auction: (id) => `#bid-box-${id} form button[type=submit]`,
  classified: () => '.listing-action',
};
const PRICES: Record<string, string> = { auction: '.bid-price' };

describe('the listing page on a laptop and on a phone', () => {
  it('shows title, price and the main action in the first screen, never scrolls sideways and does not shift as photos load', async () => {
    const { listings, shop } = await market();
    const buyer = await createUser(stage.app.db);
    for (const screen of SCREENS) {
      const { name, ...opts } = screen;
      const p = await person(stage.browser, stage.app.baseUrl, opts);
      stage.people.push(p);
      const { page } = p;
      try {
        await signIn(page, buyer.email, buyer.password);
        // layout shifts are recorded from the start of each page load
        await page.addInitScript(() => {
          window.__cls = 0;
          new PerformanceObserver((list: any) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
          }).observe({ type: 'layout-shift', buffered: true });
        });
        for (const [kind, l] of Object.entries(listings)) {
          await page.goto(`/listings/${l.id}/${l.slug}`);
          const where = `${name} ${kind}`;
          const firstScreen = async (selector: string) => {
            const el = page.locator(selector).first();
            await el.waitFor();
            const box = await el.boundingBox();
            expect(box, `${where}: ${selector} is laid out`).not.toBeNull();
            expect(box!.y, `${where}: ${selector} starts on the first screen`).toBeGreaterThanOrEqual(0);
            expect(box!.y + box!.height, `${where}: ${selector} ends on the first screen`).toBeLessThanOrEqual(screen.viewport.height);
            expect(box!.x + box!.width, `${where}: ${selector} fits across`).toBeLessThanOrEqual(screen.viewport.width);
          };
          await firstScreen('h1');
          await firstScreen(PRICES[kind] ?? '.price-box .price');
          await firstScreen(ACTIONS[kind](l.id));
          await firstScreen(`#seller-line-${l.id} a`);
          // every photo has loaded (the cover eagerly, the rest when asked), then nothing has moved
          await page.waitForFunction(() => [...document.querySelectorAll('.gallery img[loading=eager]')].every((i: any) => i.complete && i.naturalWidth > 0));
          expect(await page.evaluate(() => window.__cls), `${where}: layout shift`).toBeLessThan(0.1);
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${where}: page width`).toBeLessThanOrEqual(screen.viewport.width);
        }
        await page.goto(shop);
        await page.locator('#shop-listings .tile').first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: shop page width`).toBeLessThanOrEqual(screen.viewport.width);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
      } finally {
        await p.context.close();
      }
    }
  });

  it('changes the photo from a thumbnail with JavaScript turned off', async () => {
    const { listings } = await market();
    const p = await person(stage.browser, stage.app.baseUrl, { javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    stage.people.push(p);
    try {
      const l = listings.fixed;
      await p.page.goto(`/listings/${l.id}/${l.slug}`);
      const slides = p.page.locator(`#gallery-${l.id} .gallery-slide`);
      expect(await slides.count()).toBe(3);
      expect(await slides.nth(0).isVisible()).toBe(true);
      expect(await slides.nth(2).isVisible()).toBe(false);
      await p.page.getByRole('link', { name: /Show photo 3 of 3/ }).click();
      await expect.poll(() => slides.nth(2).isVisible()).toBe(true);
      expect(await slides.nth(0).isVisible()).toBe(false);
    } finally {
      await p.context.close();
    }
  });
});
