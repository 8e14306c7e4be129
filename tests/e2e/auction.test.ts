import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closeAuction } from '../../src/auctions/closing.js';
import { auctionOfListing } from '../../src/auctions/queries.js';
import { createUser } from '../factories.js';
import { auctionListing, settings } from '../auctions/helpers.js';
import { hasHtmx, markPage, pageMark, person, type Person, seriousViolations, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage({ env: { RATE_GENERAL_PER_MINUTE: '100000' } });

async function newPerson(user?: { email: string; password: string }, opts: Parameters<typeof person>[2] = {}): Promise<Person> {
  const p = await person(stage.browser, stage.app.baseUrl, opts);
  stage.people.push(p);
  if (user) await signIn(p.page, user.email, user.password);
  return p;
}

const endsAt = async (page: Page, id: number) => Date.parse((await page.locator(`#auction-${id}-ends`).getAttribute('data-ends-at')) ?? '');

describe('a live auction in three browsers', () => {
  it('a bid reaches every open page without a reload, the outbid bidder is told, a late bid extends every countdown, and the winner finds the order', async () => {
    // ending in 90 s: inside the default two-minute soft close, so a bid that takes the lead extends it
    const { listing } = await auctionListing(stage.app.db, { title: 'Brass ship’s compass', starts_at: new Date(Date.now() - 3_600_000), ends_at: new Date(Date.now() + 90_000) });
    const L = listing.id;
    const alma = await createUser(stage.app.db, { display_name: 'Alma Archer' });
    const bruno = await createUser(stage.app.db, { display_name: 'Bruno Baker' });
    const a = await newPerson(alma);
    const b = await newPerson(bruno);
    // the visitor's device is in New York: pushed dates are written in its zone, as the page was
    const v = await newPerson(undefined, { timezoneId: 'America/New_York', locale: 'en-US' });
    const all = [a, b, v];
    try {
      for (const p of all) {
        await p.page.goto(`/listings/${L}/${listing.slug}`);
        await waitForLive(p.page);
        await p.page.locator(`#auction-${L}-price[data-bids="0"]`).waitFor();
      }
      const a11y = [...(await seriousViolations(v.page)).map((x) => `visitor: ${x}`), ...(await seriousViolations(a.page)).map((x) => `bidder: ${x}`)];
      expect(a11y).toEqual([]);
      const marks = await Promise.all(all.map((p) => markPage(p.page)));
      const firstEnd = await endsAt(v.page, L);
      // the countdown ticks on the server's clock
      await expect.poll(() => v.page.locator(`#auction-${L}-ends .countdown`).textContent()).toMatch(/^1m \d\ds left$|^\d+s left$/);
      expect(await v.page.locator(`#auction-${L}-you`).count()).toBe(0);

      // Alma bids: everyone sees the bid, and the end moves for everyone
      await a.page.locator(`#bid-max-${L}`).fill('20.00');
      await a.page.locator(`#bid-box-${L}`).getByRole('button', { name: 'Place bid' }).click();
      await a.page.locator(`#bid-box-${L} .notice`).waitFor();
      expect(await a.page.locator(`#bid-box-${L} .notice`).textContent()).toContain('You are the highest bidder');
      await a.page.locator(`#auction-${L}-you[data-state="leading"]`).waitFor();
      for (const p of [b, v]) {
        await p.page.locator(`#auction-${L}-price[data-bids="1"]`).waitFor();
        await p.page.locator(`#auction-${L}-history li`).first().waitFor();
        expect(await p.page.locator(`#auction-${L}-history li .bidder`).first().textContent()).toBe('a***r 1');
      }
      for (const p of all) await expect.poll(() => endsAt(p.page, L)).toBeGreaterThan(firstEnd);
      const extended = await endsAt(v.page, L);
      await expect.poll(() => v.page.locator(`#auction-${L}-ends time`).textContent()).toMatch(/EST|GMT-5/);
      await expect.poll(() => v.page.locator(`#auction-${L}-history li time`).first().textContent()).toMatch(/EST|GMT-5/);
      expect(await v.page.locator(`#auction-${L}-ends time[data-local]`).count()).toBe(0);
      // a bid in the last two minutes: the end is about two minutes from the bid
      expect(extended - firstEnd).toBeGreaterThan(10_000);
      for (const p of all) await expect.poll(() => p.page.locator(`#auction-${L}-ends .countdown`).textContent()).toMatch(/^(2m|1m) \d\ds left$/);

      // Bruno bids higher: Alma sees she was outbid, the visitor sees the new price and history
      await waitForLive(b.page);
      await b.page.locator(`#bid-max-${L}`).fill('30.00');
      await b.page.locator(`#bid-box-${L}`).getByRole('button', { name: 'Place bid' }).click();
      await b.page.locator(`#auction-${L}-you[data-state="leading"]`).waitFor();
      await a.page.locator(`#auction-${L}-you[data-state="outbid"]`).waitFor();
      expect(await a.page.locator(`#auction-${L}-you`).textContent()).toContain('You were outbid');
      await v.page.locator(`#auction-${L}-price[data-bids="2"]`).waitFor();
      expect(await v.page.locator(`#auction-${L}-price .bid-price strong`).textContent()).toBe('€20.50');
      expect(await v.page.locator(`#auction-${L}-history li .bidder`).allTextContents()).toEqual(['b***r 2', 'a***r 1']);
      // Alma's bid field follows the new minimum
      await expect.poll(() => a.page.locator(`#bid-max-${L}`).inputValue()).toBe('21.00');
      expect(await Promise.all(all.map((p) => pageMark(p.page)))).toEqual(marks);

      // the end comes: moved there in the database, closed as the worker would
      const auction = (await auctionOfListing(stage.app.db, L))!;
      await stage.app.db('auctions').where({ id: auction.id }).update({ ends_at: new Date(Date.now() - 1000) });
      const closed = await closeAuction(stage.app.db, auction.id, settings);
      expect(['closed', 'done']).toContain(closed.result);
      const after = (await auctionOfListing(stage.app.db, L))!;
      expect(after.winner_id).toBe(bruno.id);
      expect(after.order_id).not.toBeNull();

      await v.page.locator(`#auction-${L}-price[data-status="ended"]`).waitFor();
      expect(await v.page.locator(`#auction-${L}-price .bid-closed`).textContent()).toContain('Sold for €20.50');
      await b.page.locator(`#auction-${L}-you[data-state="won"]`).waitFor();
      await a.page.locator(`#auction-${L}-you[data-state="lost"]`).waitFor();
      expect(await a.page.locator(`#bid-max-${L}`).count()).toBe(0);
      expect(await Promise.all(all.map((p) => pageMark(p.page)))).toEqual(marks);

      // the winner finds the order among theirs
      await b.page.goto('/orders');
      await b.page.locator(`a[href="/orders/${after.order_id}"]`).waitFor();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await Promise.all(all.map((p) => p.context.close()));
    }
  });

  it('with JavaScript off: the page shows the auction as it is at load time, and the plain form places a bid', async () => {
    const { listing } = await auctionListing(stage.app.db, { title: 'Pewter tankard' });
    const L = listing.id;
    const nina = await createUser(stage.app.db, { display_name: 'Nina Noscript' });
    const me = await newPerson(nina, { javaScriptEnabled: false });
    const page = me.page;
    try {
      await page.goto(`/listings/${L}/${listing.slug}`);
      expect(await hasHtmx(page)).toBe(false);
      expect(await page.locator(`#auction-${L}-price .bid-price strong`).textContent()).toBe('€10.00');
      expect(await page.locator(`#auction-${L}-ends .countdown`).textContent()).toMatch(/^6d \d+h left$|^7d 0h left$/);
      await page.locator(`#bid-max-${L}`).fill('15.00');
      await Promise.all([page.waitForURL((u) => u.pathname === `/listings/${L}/${listing.slug}`), page.locator(`#bid-box-${L}`).getByRole('button', { name: 'Place bid' }).click()]);
      expect(await page.locator('#flash').textContent()).toContain('You are the highest bidder at €10.00.');
      expect(await page.locator(`#auction-${L}-price`).getAttribute('data-bids')).toBe('1');
      expect(await page.locator(`#auction-${L}-you`).getAttribute('data-state')).toBe('leading');
      expect(await page.locator(`#auction-${L}-history li .bidder`).allTextContents()).toEqual(['n***t 1']);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await me.context.close();
    }
  });
});
