import { describe, expect, it } from 'vitest';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { markPage, pageMark, person, type Person, seriousViolations, settled, signIn, useStage, waitForLive } from './browser.js';

const stage = useStage({ env: { RATE_GENERAL_PER_MINUTE: '100000' } });

async function newPerson(user: { email: string; password: string }): Promise<Person> {
  const p = await person(stage.browser, stage.app.baseUrl);
  stage.people.push(p);
  await signIn(p.page, user.email, user.password);
  return p;
}

describe('a conversation in two browsers', () => {
  it('a buyer writes to a seller from the listing, the seller’s header counts it live, the seller replies and the buyer sees the reply without a reload', async () => {
    const db = stage.app.db;
    const seller = await createSeller(db, { display_name: 'Sam Seller' });
    const category = await createCategoryRow(db);
    const listing = await createListing(db, { seller_id: seller.id, category_id: category.id, kind: 'classified', title: 'Oak writing desk', price: 45_000 });
    const buyer = await createUser(db, { display_name: 'Bea Buyer' });
    const s = await newPerson(seller);
    const b = await newPerson(buyer);
    try {
      // the seller is somewhere else on Souk, live
      await s.page.goto('/');
      await waitForLive(s.page);
      const sellerMark = await markPage(s.page);
      expect(await s.page.locator('#messages-link').getAttribute('data-count')).toBe('0');

      // the buyer writes from the listing page and lands in the conversation
      await b.page.goto(`/listings/${listing.id}/${listing.slug}`);
      await b.page.getByLabel('Your message').fill('Hello! Does the desk have any scratches?');
      await Promise.all([b.page.waitForURL((u) => /^\/messages\/\d+$/.test(u.pathname)), b.page.locator(`#contact-${listing.id}`).getByRole('button', { name: 'Send message' }).click()]);
      const id = Number(new URL(b.page.url()).pathname.split('/')[2]);
      await b.page.locator(`#conversation-${id}-messages .message.mine`).waitFor();
      expect(await b.page.locator('h1').textContent()).toBe('Conversation with Sam Seller');

      // the seller's header counts the unread message without a reload
      await s.page.locator('#messages-link[data-count="1"]').waitFor();
      expect(await pageMark(s.page)).toBe(sellerMark);

      // the seller opens the inbox and the conversation
      await s.page.locator('#messages-link').click();
      await s.page.waitForURL((u) => u.pathname === '/messages');
      expect(await s.page.locator(`#conversation-${id}`).getAttribute('data-unread')).toBe('1');
      expect(await seriousViolations(s.page)).toEqual([]);
      await Promise.all([s.page.waitForURL((u) => u.pathname === `/messages/${id}`), s.page.locator(`#conversation-${id} .title a`).click()]);
      await waitForLive(s.page);
      expect(await s.page.locator(`#conversation-${id}-messages .message.theirs .body`).textContent()).toBe('Hello! Does the desk have any scratches?');
      expect(await seriousViolations(s.page)).toEqual([]);
      // read now: the header follows
      await s.page.locator('#messages-link[data-count="0"]').waitFor();

      // the buyer keeps the conversation open
      await waitForLive(b.page);
      const buyerMark = await markPage(b.page);

      // the seller replies; the form clears and the reply shows in the seller's thread
      await s.page.getByLabel('Your reply').fill('None at all, it was restored last spring.');
      await s.page.getByRole('button', { name: 'Send', exact: true }).click();
      await s.page.locator(`#conversation-${id}-messages .message.mine`).waitFor();
      await settled(s.page);
      expect(await s.page.getByLabel('Your reply').inputValue()).toBe('');

      // the buyer sees it arrive, announced in the live region, without a reload
      const reply = b.page.locator(`#conversation-${id}-messages .message.theirs`);
      await reply.waitFor();
      expect(await reply.locator('.body').textContent()).toBe('None at all, it was restored last spring.');
      expect(await reply.locator('strong').textContent()).toBe('Sam Seller');
      await expect.poll(() => b.page.locator(`#conversation-${id}-news`).textContent()).toBe('New message from Sam Seller: None at all, it was restored last spring.');
      expect(await b.page.locator(`#conversation-${id}-news`).getAttribute('role')).toBe('status');
      expect(await pageMark(b.page)).toBe(buyerMark);
      // seen in the open thread, so nothing is left unread in the buyer's header
      await b.page.locator('#messages-link[data-count="0"]').waitFor();
      // neither page shows the other's email address
      expect(await b.page.content()).not.toContain(seller.email);
      expect(await s.page.content()).not.toContain(buyer.email);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`, { cause: err });
    } finally {
      await Promise.all([s, b].map((p) => p.context.close()));
    }
  });
});
