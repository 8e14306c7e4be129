import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncStockStatus } from '../../src/listings/lifecycle.js';
import { streams } from '../../src/realtime/streams.js';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser, DEFAULT_PASSWORD } from '../factories.js';
import { Client, text } from '../http.js';
import { collectSseFrames } from '../sse.js';
import { placePaidOrder, sellerListing } from '../orders/helpers.js';

let app: TestApp;
const open: AbortController[] = [];
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(async () => {
  for (const ac of open) ac.abort();
  await app?.stop();
});

async function listingOnSale(stock: number) {
  const seller = await createSeller(app.db);
  const category = await createCategoryRow(app.db);
  return createListing(app.db, { seller_id: seller.id, category_id: category.id, stock });
}

/** Opens the listing's public stream as a visitor and collects what arrives. */
async function watch(listingId: number) {
  const ac = new AbortController();
  open.push(ac);
  const res = await fetch(new URL(`/events?streams=${encodeURIComponent(streams.listing(listingId))}`, app.baseUrl), { headers: { accept: 'text/event-stream' }, signal: ac.signal });
  expect(res.status).toBe(200);
  const frames: { event: string; data: string }[] = [];
  collectSseFrames(res.body!, frames);
  return frames;
}

async function until<T>(what: string, f: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not arrive`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sets the listing's stock the way an edit or a checkout does: in a transaction that brings its status in line. */
const setStock = (listingId: number, stock: number) =>
  app.db.transaction(async (trx) => {
    await trx('listings').where({ id: listingId }).update({ stock });
    await syncStockStatus(trx, listingId);
  });

describe("a listing's price box, live on its open pages", () => {
  it("a signed-in viewer's page listens to the listing's stream; a visitor's page has no live connection", async () => {
    const l = await listingOnSale(3);
    const buyer = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(buyer.email, DEFAULT_PASSWORD);
    const page = await c.get(`/listings/${l.id}/${l.slug}`);
    expect(page.doc.querySelector('body')?.getAttribute('sse-connect')).toContain(encodeURIComponent(streams.listing(l.id)));
    const box = page.doc.querySelector(`#listing-${l.id}-price`);
    expect(box?.getAttribute('sse-swap')).toBe('listing-price');
    expect(text(box)).toContain('3 left');

    const visitor = await new Client(app.baseUrl).get(`/listings/${l.id}/${l.slug}`);
    expect(visitor.doc.querySelector('body')?.getAttribute('sse-connect')).toBeFalsy();
    expect(visitor.doc.querySelector(`#listing-${l.id}-price`)?.getAttribute('sse-swap')).toBeFalsy();
  });

  it('the last unit sold pushes "Sold out" to every open page, and a restock pushes the units left, with nothing personal in them', async () => {
    const l = await listingOnSale(2);
    const frames = await watch(l.id);

    await setStock(l.id, 0);
    const soldOut = await until('the sold-out box', () => frames.find((f) => f.event === 'listing-price' && f.data.includes('Sold out')));
    expect(soldOut.data).toContain(`id="listing-${l.id}-price"`);
    expect(soldOut.data).toContain('sse-swap="listing-price"');
    expect(soldOut.data).not.toMatch(/_csrf|csrf-token/);

    await setStock(l.id, 4);
    const restocked = await until('the restocked box', () => frames.find((f) => f.event === 'listing-price' && f.data.includes('4 left')));
    expect(restocked.data).not.toContain('Sold out');
  });

  it('an order reserving some of the units pushes the units left to every open page', async () => {
    const seller = await createSeller(app.db);
    const l = await sellerListing(app.db, seller.id, { stock: 5, price: 2500 });
    const frames = await watch(l.id);
    await placePaidOrder(app.db, { seller, listing: l, quantity: 2, payWith: 'card' });
    const box = await until('the box after the order', () => frames.find((f) => f.event === 'listing-price' && f.data.includes('3 left')));
    expect(box.data).not.toMatch(/_csrf|csrf-token/);
  });

  it('a listing taken off sale pushes nothing', async () => {
    const l = await listingOnSale(2);
    const frames = await watch(l.id);
    await app.db('listings').where({ id: l.id }).update({ hidden_at: new Date() });
    await setStock(l.id, 0);
    // the next listing's push shows the relay has handled the event before it
    const other = await listingOnSale(1);
    const otherFrames = await watch(other.id);
    await setStock(other.id, 0);
    await until("the other listing's box", () => otherFrames.find((f) => f.event === 'listing-price'));
    expect(frames.filter((f) => f.event === 'listing-price')).toEqual([]);
  });
});
