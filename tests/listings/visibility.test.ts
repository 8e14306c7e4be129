import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { STATUSES } from '../../src/listings/queries.js';
import { buyerMaySee, buyerMaySeeWhere, listedWhere } from '../../src/listings/visibility.js';
import { flagListing } from '../../src/moderation/flags.js';
import { favouritesOf } from '../../src/storefront/queries.js';
import { addFavourite } from '../../src/storefront/favourites.js';
import { matchSavedSearches, saveSearch } from '../../src/search/saved-searches.js';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser, type ListingOver } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(() => app?.stop());

const HOUR = 3_600_000;

/**
 * Every state a listing can be in for a buyer. `sees` and `listed` are the
 * rule written out by hand: a buyer sees active and sold-out listings that are
 * not hidden, deleted or past their expiry; lists (search, saved searches) hold
 * the active ones of those.
 */
const cases: { name: string; over: () => Partial<ListingOver>; sees: boolean; listed: boolean }[] = [
  ...STATUSES.map((status) => ({ name: status, over: () => ({ status }), sees: status === 'active' || status === 'sold_out', listed: status === 'active' })),
  { name: 'hidden after reports', over: () => ({ status: 'pending', hidden_at: clock.now() }), sees: false, listed: false },
  { name: 'active but hidden', over: () => ({ status: 'active', hidden_at: clock.now() }), sees: false, listed: false },
  { name: 'deleted', over: () => ({ status: 'active', deleted_at: clock.now() }), sees: false, listed: false },
  { name: 'past its expiry before the sweep', over: () => ({ status: 'active', expires_at: new Date(clock.nowMs() - HOUR) }), sees: false, listed: false },
  { name: 'sold out past its expiry', over: () => ({ status: 'sold_out', expires_at: new Date(clock.nowMs() - HOUR) }), sees: false, listed: false },
  { name: 'without an expiry', over: () => ({ status: 'active', expires_at: null }), sees: true, listed: true },
];

describe('what a buyer may see', () => {
  let rows: { name: string; id: number; slug: string; title: string; sees: boolean; listed: boolean }[];
  let buyer: Awaited<ReturnType<typeof createUser>>;
  let reporter: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    const seller = await createSeller(app.db);
    const cat = await createCategoryRow(app.db);
    buyer = await createUser(app.db);
    reporter = await createUser(app.db);
    rows = [];
    for (const [i, c] of cases.entries()) {
      const l = await createListing(app.db, { seller_id: seller.id, category_id: cat.id, title: `Vizcacha case ${i}`, ...c.over() });
      rows.push({ name: c.name, id: l.id, slug: l.slug, title: l.title, sees: c.sees, listed: c.listed });
    }
  });

  it('the predicate says what the rule says', async () => {
    const now = clock.now();
    for (const r of rows) {
      const row = await app.db('listings').where({ id: r.id }).first();
      expect([r.name, buyerMaySee(row, now)]).toEqual([r.name, r.sees]);
    }
  });

  it('the SQL says what the rule says', async () => {
    const ids = rows.map((r) => r.id);
    const now = clock.now();
    const seen = (await app.db('listings as l').whereIn('l.id', ids).whereRaw(buyerMaySeeWhere('l'), [now]).pluck('l.id')).map(Number);
    const listed = (await app.db('listings as l').whereIn('l.id', ids).whereRaw(listedWhere('l'), [now]).pluck('l.id')).map(Number);
    expect(rows.filter((r) => seen.includes(r.id)).map((r) => r.name)).toEqual(rows.filter((r) => r.sees).map((r) => r.name));
    expect(rows.filter((r) => listed.includes(r.id)).map((r) => r.name)).toEqual(rows.filter((r) => r.listed).map((r) => r.name));
  });

  it('search returns exactly the listed ones', async () => {
    const page = await new Client(app.baseUrl).get('/search?q=vizcacha&sort=newest');
    const found = page.doc.querySelectorAll('#search-results .result-title a').map((a) => text(a));
    expect(rows.filter((r) => found.includes(r.title)).map((r) => r.name).sort()).toEqual(rows.filter((r) => r.listed).map((r) => r.name).sort());
  });

  it('the listing page opens for a visitor exactly when a buyer may see it (an ended one says so with 410)', async () => {
    const visitor = new Client(app.baseUrl);
    const ended = (name: string) => name === 'expired' || name.includes('past its expiry');
    for (const r of rows) {
      const page = await visitor.get(`/listings/${r.id}/${r.slug}`);
      expect([r.name, page.status]).toEqual([r.name, r.sees ? 200 : ended(r.name) ? 410 : 404]);
    }
  });

  it('a favourite can be added exactly when a buyer may see it, and the favourites list agrees', async () => {
    for (const r of rows) {
      const added = await addFavourite(app.db, buyer.id, r.id);
      expect([r.name, added.ok]).toEqual([r.name, r.sees]);
    }
    // favourites kept from before a listing changed state: the list marks which are still live
    const keeper = await createUser(app.db);
    await app.db('favourites').insert(rows.map((r) => ({ user_id: keeper.id, listing_id: r.id })));
    const live = new Map((await favouritesOf(app.db, keeper.id, clock.now())).map((f) => [Number(f.id), f.live]));
    for (const r of rows) expect([r.name, live.get(r.id)]).toEqual([r.name, r.sees]);
  });

  it('a saved search is told exactly about the listed ones', async () => {
    const watcher = await createUser(app.db);
    const saved = await saveSearch(app.db, watcher.id, { name: 'Vizcachas', query: 'q=vizcacha' });
    expect(saved.ok).toBe(true);
    for (const r of rows) {
      const { notified } = await matchSavedSearches(app.db, r.id);
      expect([r.name, notified.includes(watcher.id)]).toEqual([r.name, r.listed]);
    }
  });

  it('a report is taken exactly when a buyer may see the listing', async () => {
    for (const r of rows) {
      const result = await flagListing(app.db, 100, reporter.id, r.id, { reason: 'other', note: 'Looks odd.' });
      expect([r.name, result.ok]).toEqual([r.name, r.sees]);
    }
  });
});
