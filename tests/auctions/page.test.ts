import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeBidOn } from '../../src/auctions/bidding.js';
import { closeAuction } from '../../src/auctions/closing.js';
import { auctionOfListing } from '../../src/auctions/queries.js';
import { maskName } from '../../src/auctions/history.js';
import { removeBid, suspendAuction } from '../../src/auctions/suspend.js';
import { paths } from '../../src/paths.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { collectSseFrames } from '../sse.js';
import { auctionListing, settings } from './helpers.js';

let app: TestApp;
const aborts: AbortController[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
});
afterAll(async () => {
  for (const a of aborts) a.abort();
  await app?.stop();
});

const TOKEN = /name="_csrf"|x-csrf-token|hx-headers/i;

/** Opens /events with the given cookie (none: a visitor) and collects its events. */
async function listen(streamsParam: string, cookie?: string) {
  const ac = new AbortController();
  aborts.push(ac);
  const res = await fetch(new URL(`/events?streams=${encodeURIComponent(streamsParam)}`, app.baseUrl), { headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) }, signal: ac.signal });
  const events: { event: string; data: string; id?: string }[] = [];
  if (res.ok && res.body) {
    collectSseFrames(res.body!, events);
  }
  const next = async (match: (e: { event: string; data: string }) => boolean, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find(match);
      if (found) return found;
      if (Date.now() > end) throw new Error(`event not received; got ${JSON.stringify(events.map((e) => e.event))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { status: res.status, events, next, close: () => ac.abort() };
}

const outer = (doc: Client extends never ? never : import('node-html-parser').HTMLElement, sel: string) => doc.querySelector(sel)?.outerHTML ?? '';

describe('the auction page', () => {
  it('masks bidder names to their first and last letter', () => {
    expect(maskName('Bea Buyer')).toBe('b***r');
    expect(maskName('  Ölaf ')).toBe('ö***f');
    expect(maskName('x')).toBe('x***');
    expect(maskName('<>')).toBe('***');
  });

  it('shows price, end, masked history and a form; its public parts carry no token and are the same for everyone', async () => {
    const { listing } = await auctionListing(app.db, { reserve_price: 5000, title: 'Brass compass' });
    const bea = await createUser(app.db, { display_name: 'Bea Buyer' });
    const carl = await createUser(app.db, { display_name: 'Carl' });
    expect(await placeBidOn(app.db, { listingId: listing.id, bidderId: bea.id, kind: 'max', max: 2000 }, settings)).toMatchObject({ ok: true });
    expect(await placeBidOn(app.db, { listingId: listing.id, bidderId: carl.id, kind: 'max', max: 3000 }, settings)).toMatchObject({ ok: true });

    const url = paths.listing(listing.id, listing.slug);
    const visitor = new Client(app.baseUrl);
    const v = await visitor.get(url);
    expect(v.status).toBe(200);
    const L = listing.id;
    // the visitor's page listens to the auction's public stream only
    expect(v.doc.querySelector('body')?.getAttribute('sse-connect')).toBe(`/events?streams=${encodeURIComponent(`auction:${L}`)}`);
    expect(text(v.doc.querySelector(`#auction-${L}-price .bid-price`))).toBe('Current bid €20.50');
    expect(text(v.doc.querySelector(`#auction-${L}-price .bid-count`))).toBe('2 bids');
    expect(text(v.doc.querySelector(`#auction-${L}-price .bid-reserve`))).toBe('Reserve not met');
    expect(v.doc.querySelector(`#auction-${L}-ends`)?.getAttribute('data-ends-at')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(v.doc.querySelector(`#auction-${L}-ends`)?.getAttribute('data-server-now')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(v.doc.querySelector(`script[src^="/static/auction-countdown."]`)).not.toBeNull();
    const lines = v.doc.querySelectorAll(`#auction-${L}-history li`).map((li) => text(li.querySelector('.bidder')));
    expect(lines).toEqual(['c***l 2', 'b***r 1']);
    expect(v.html).not.toContain('Bea Buyer');
    expect(v.doc.querySelector(`#auction-${L}-you`)).toBeNull();
    expect(text(v.doc.querySelector(`#bid-box-${L}`))).toContain('Sign in to bid');

    const me = new Client(app.baseUrl);
    await me.signIn(bea.email, bea.password);
    const b = await me.get(url);
    // the bidder's page: their own stream and the auction's, the form with the next minimum, their standing
    expect(b.doc.querySelector('body')?.getAttribute('sse-connect')).toBe(`/events?streams=${encodeURIComponent(`user:${bea.id},auction:${L}`)}`);
    expect(b.doc.querySelector(`#bid-max-${L}`)?.getAttribute('value')).toBe('21.00');
    expect(text(b.doc.querySelector(`#auction-${L}-you`))).toBe('You were outbid. Bid again to lead.');

    for (const sel of [`#auction-${L}-price`, `#auction-${L}-history`, `#auction-${L}-ends`]) {
      expect(outer(v.doc, sel), sel).not.toBe('');
      expect(outer(v.doc, sel)).not.toMatch(TOKEN);
      expect(outer(b.doc, sel)).not.toMatch(TOKEN);
    }
    expect(outer(b.doc, `#auction-${L}-price`)).toBe(outer(v.doc, `#auction-${L}-price`));
    expect(outer(b.doc, `#auction-${L}-history`)).toBe(outer(v.doc, `#auction-${L}-history`));
  });

  it('pushes the new price and history to a visitor on the public stream, and signals the previous leader', async () => {
    const { listing } = await auctionListing(app.db);
    const L = listing.id;
    const bea = await createUser(app.db, { display_name: 'Bea Buyer' });
    const dan = await createUser(app.db, { display_name: 'Dan Dealer' });
    await placeBidOn(app.db, { listingId: L, bidderId: bea.id, kind: 'max', max: 1500 }, settings);

    const me = new Client(app.baseUrl);
    await me.signIn(bea.email, bea.password);
    const mine = await listen(`user:${bea.id}`, `souk.sid=${me.cookie('souk.sid')}`);
    const visitor = await listen(`auction:${L}`);
    expect(visitor.status).toBe(200);
    expect(mine.status).toBe(200);
    // wait for the first bid's pushes to pass, so what follows is the second bid's
    await app.drainOutbox();

    expect(await placeBidOn(app.db, { listingId: L, bidderId: dan.id, kind: 'max', max: 4000 }, settings)).toMatchObject({ ok: true, leading: true });
    await app.drainOutbox();
    // one frame: the price part, with the history and the end as out-of-band swaps
    const update = await visitor.next((e) => e.event === 'auction-update' && e.data.includes('€16.00'));
    const frame = parse(update.data);
    const price = frame.querySelector(`#auction-${L}-price`)!;
    expect(price.getAttribute('sse-swap')).toBe('auction-update');
    expect(price.text).toContain('2 bids');
    const history = frame.querySelector(`#auction-${L}-history`)!;
    expect(history.getAttribute('hx-swap-oob')).toBe('true');
    expect(history.text).toContain('d***r 2');
    expect(history.text).toContain('b***r 1');
    expect(frame.querySelector(`#auction-${L}-ends`)?.getAttribute('hx-swap-oob')).toBe('true');
    expect(update.data).not.toMatch(TOKEN);
    expect(update.data).not.toContain('Dan Dealer');
    expect(visitor.events.filter((e) => e.event.startsWith('auction-') && e.data.includes('€16.00'))).toHaveLength(1);

    // the previous leader: a signal on their own stream, and their part says so when fetched
    await mine.next((e) => e.event === 'outbid');
    const you = await me.get(`/auctions/${L}/you`, { htmx: true });
    expect(you.status).toBe(200);
    expect(you.doc.querySelector(`#auction-${L}-you`)?.getAttribute('data-state')).toBe('outbid');
    // a visitor asking for the personal part gets an empty one
    const nobody = await new Client(app.baseUrl).get(`/auctions/${L}/you`, { htmx: true });
    expect(nobody.doc.querySelector(`#auction-${L}-you`)?.getAttribute('data-state')).toBe('none');
    // nothing personal on the public stream: no signal, no name
    expect(visitor.events.some((e) => e.event === 'outbid')).toBe(false);
    expect(visitor.events.every((e) => !TOKEN.test(e.data) && !e.data.includes('Bea Buyer'))).toBe(true);
    visitor.close();
    mine.close();
  });

  it('pushes a moved end to every page in the soft close, and the close: final price, a signal to re-fetch the box, and each bidder’s own signal', async () => {
    const end = new Date(Date.now() + 60_000);
    const { listing } = await auctionListing(app.db, { starts_at: new Date(Date.now() - 3_600_000), ends_at: end });
    const L = listing.id;
    const [bea, dan] = [await createUser(app.db, { display_name: 'Bea Buyer' }), await createUser(app.db, { display_name: 'Dan Dealer' })];
    const me = new Client(app.baseUrl);
    await me.signIn(dan.email, dan.password);
    const visitor = await listen(`auction:${L}`);
    const mine = await listen(`user:${dan.id}`, `souk.sid=${me.cookie('souk.sid')}`);

    expect(await placeBidOn(app.db, { listingId: L, bidderId: bea.id, kind: 'max', max: 1200 }, settings)).toMatchObject({ ok: true });
    await app.drainOutbox();
    const moved = await visitor.next((e) => e.event === 'auction-update' && Date.parse(/data-ends-at="([^"]+)"/.exec(e.data)?.[1] ?? '') > end.getTime());
    expect(moved.data).toMatch(/data-server-now="\d{4}-/);
    expect(moved.data).not.toMatch(TOKEN);

    expect(await placeBidOn(app.db, { listingId: L, bidderId: dan.id, kind: 'max', max: 2000 }, settings)).toMatchObject({ ok: true, leading: true });
    const a = (await auctionOfListing(app.db, L))!;
    await app.db('auctions').where({ id: a.id }).update({ ends_at: new Date(Date.now() - 1000) });
    expect(['closed', 'done']).toContain((await closeAuction(app.db, a.id, settings)).result);
    await app.drainOutbox();
    const price = await visitor.next((e) => e.event === 'auction-update' && e.data.includes('data-status="ended"'));
    expect(price.data).toContain('Sold for €12.50.');
    await visitor.next((e) => e.event === 'auction-closed');
    await mine.next((e) => e.event === 'outbid');
    expect((await me.get(`/auctions/${L}/you`, { htmx: true })).doc.querySelector(`#auction-${L}-you`)?.getAttribute('data-state')).toBe('won');
    visitor.close();
    mine.close();
  });
});

describe('admin actions reach every open page', () => {
  it('a removed bid pushes the recomputed price and history and tells the bidders whose standing changed; a suspension tells every page to fetch its box again', async () => {
    const { listing } = await auctionListing(app.db);
    const L = listing.id;
    const admin = await createAdmin(app.db);
    const [bea, dan] = [await createUser(app.db, { display_name: 'Bea Buyer' }), await createUser(app.db, { display_name: 'Dan Dealer' })];
    await placeBidOn(app.db, { listingId: L, bidderId: bea.id, kind: 'max', max: 1500 }, settings);
    await placeBidOn(app.db, { listingId: L, bidderId: dan.id, kind: 'max', max: 4000 }, settings);
    await app.drainOutbox();
    const me = new Client(app.baseUrl);
    await me.signIn(bea.email, bea.password);
    const visitor = await listen(`auction:${L}`);
    const mine = await listen(`user:${bea.id}`, `souk.sid=${me.cookie('souk.sid')}`);

    const danBid = await app.db('bids').where({ bidder_id: dan.id, status: 'accepted' }).first('id');
    expect(await removeBid(app.db, { listingId: L, bidId: Number(danBid.id), adminId: admin.id, reason: 'Shill bidding' })).toMatchObject({ ok: true });
    await app.drainOutbox();
    // Bea leads again at the starting price: every page shows it, and her own part is told to look again
    const update = await visitor.next((e) => e.event === 'auction-update' && e.data.includes('1 bid<'));
    expect(parse(update.data).querySelector(`#auction-${L}-history`)?.text).not.toContain('d***r');
    await mine.next((e) => e.event === 'outbid');
    expect((await me.get(`/auctions/${L}/you`, { htmx: true })).doc.querySelector(`#auction-${L}-you`)?.getAttribute('data-state')).toBe('leading');

    expect(await suspendAuction(app.db, { listingId: L, adminId: admin.id, reason: 'Counterfeit' })).toMatchObject({ ok: true });
    await app.drainOutbox();
    await visitor.next((e) => e.event === 'auction-update' && e.data.includes('data-status="suspended"'));
    await visitor.next((e) => e.event === 'auction-closed');
    // the box fetched again has no bid form
    const page = await new Client(app.baseUrl).get(paths.listing(L));
    expect(page.status).toBe(200);
    expect(page.doc.querySelector(`#auction-${L}-price`)?.getAttribute('data-status')).toBe('suspended');
    expect(page.doc.querySelector(`form[action$="/bids"]`)).toBeNull();
    visitor.close();
    mine.close();
  });
});
