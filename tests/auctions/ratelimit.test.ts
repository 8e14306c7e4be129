import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAuction } from '../../src/auctions/queries.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { auctionListing } from './helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_BIDS_PER_MINUTE: '3', RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterAll(() => app?.stop());

describe('the bid rate limit', () => {
  it('refuses a bidder’s bids beyond the limit with a message in the bid box, takes nothing, and leaves other bidders alone', async () => {
    const { listing } = await auctionListing(app.db);
    await ensureAuction(app.db, listing.id);
    const [eager, calm] = await Promise.all([createUser(app.db), createUser(app.db)]);
    const e = new Client(app.baseUrl);
    await e.signIn(eager.email, eager.password);
    await e.get(`/listings/${listing.id}`);
    // three bids go through (each above the last), the fourth is refused
    for (const max of ['20.00', '30.00', '40.00']) expect((await e.post(`/auctions/${listing.id}/bids`, { max }, { follow: false })).status).toBe(303);
    const refused = await e.post(`/auctions/${listing.id}/bids`, { max: '50.00' }, { follow: false });
    expect(refused.status).toBe(429);
    expect(text(refused.doc.querySelector('.form-error'))).toMatch(/^Too many bids\. Try again in \d+ seconds?\.$/);
    const row = await app.db('auctions').where({ listing_id: listing.id }).first();
    expect(Number(row.leader_max)).toBe(4000);
    expect(Number(row.bid_count)).toBe(3);

    const c = new Client(app.baseUrl);
    await c.signIn(calm.email, calm.password);
    await c.get(`/listings/${listing.id}`);
    expect((await c.post(`/auctions/${listing.id}/bids`, { max: '60.00' }, { follow: false })).status).toBe(303);
  });
});
