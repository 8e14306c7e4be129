import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { emit } from '../../src/outbox/outbox.js';
import { bullPrefix } from '../../src/queue.js';
import { createRedis } from '../../src/redis.js';
import { matchSavedSearches } from '../../src/search/saved-searches.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
let seller: Awaited<ReturnType<typeof createSeller>>;
let buyer: Awaited<ReturnType<typeof createUser>>;
let lighting: Awaited<ReturnType<typeof createCategoryRow>>;

beforeAll(async () => {
  app = await startTestApp();
  seller = await createSeller(app.db);
  buyer = await createUser(app.db);
  lighting = await createCategoryRow(app.db, {
    name: 'Lighting',
    attributes: [{ key: 'colour', label: 'Colour', type: 'enum', options: ['Red', 'Blue'], filterable: true }],
  });
});
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }) {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

const notificationsOf = (userId: number) => app.db('notifications').where({ user_id: userId, kind: 'saved_search.match' }).orderBy('id');

describe('saving searches', () => {
  it('saves the current search from the search page, lists it with a link back, and deletes it', async () => {
    const c = await signedIn(buyer);
    const page = await c.get(`/search?q=pangolin&category=${lighting.slug}&a.colour=Blue&sort=price_asc`);
    const form = page.doc.querySelector('form.save-search')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('/saved-searches');
    const query = form.querySelector('input[name=query]')!.getAttribute('value')!;
    expect(query).toBe(`q=pangolin&category=${lighting.slug}&a.colour=Blue`);

    const saved = await c.post('/saved-searches', { name: 'Blue pangolin lamps', query });
    expect(saved.status).toBe(200);
    expect(new URL(saved.url).pathname).toBe('/search');
    expect(text(saved.doc.querySelector('#flash'))).toContain('Search saved as “Blue pangolin lamps”');

    const list = await c.get('/saved-searches');
    const link = list.doc.querySelector('.saved-search-name a')!;
    expect(text(link)).toBe('Blue pangolin lamps');
    expect(link.getAttribute('href')).toBe(`/search?${query}`);

    // the same search again is refused beside the name, with the search still shown
    const again = await c.post('/saved-searches', { name: 'Twice', query });
    expect(again.status).toBe(422);
    expect(text(again.doc.querySelector('#save-search-name-error'))).toBe('You already saved this search as “Blue pangolin lamps”.');
    expect(again.doc.querySelector('#save-search-name')?.getAttribute('value')).toBe('Twice');

    const id = (await app.db('saved_searches').where({ user_id: buyer.id }).first()).id;
    const other = await signedIn(await createUser(app.db));
    await other.get('/saved-searches');
    expect((await other.post(`/saved-searches/${id}`, {}, { method: 'DELETE' })).status).toBe(404);
    const deleted = await c.post(`/saved-searches/${id}`, {}, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.doc.querySelector('.saved-search-name')).toBeNull();
    expect(await app.db('saved_searches').where({ id })).toHaveLength(0);
  });

  it('refuses a search with no words or filters, and an empty name', async () => {
    const c = await signedIn(buyer);
    await c.get('/search');
    const empty = await c.post('/saved-searches', { name: 'Everything', query: '' });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector('#save-search-name-error'))).toContain('Add search words or a filter');
    const noName = await c.post('/saved-searches', { name: '  ', query: 'q=lamp' });
    expect(noName.status).toBe(422);
    expect(text(noName.doc.querySelector('#save-search-name-error'))).toBe('Give the search a name.');
    expect(noName.doc.querySelector('input[name=q]')?.getAttribute('value')).toBe('lamp');
  });

  it('asks visitors to sign in instead of showing the save form; the list needs a signed-in user', async () => {
    const c = new Client(app.baseUrl);
    const page = await c.get('/search?q=lamp');
    expect(page.doc.querySelector('form.save-search')).toBeNull();
    expect(page.doc.querySelector('#search-results a[href^="/signin"]')).not.toBeNull();
    const list = await c.get('/saved-searches', { follow: false });
    expect(list.status).toBe(303);
  });
});

describe('notifying saved searches about new listings', () => {
  async function saved(userId: number, name: string, query: string) {
    const [row] = await app.db('saved_searches').insert({ user_id: userId, name, query }).returning('*');
    return row as { id: number };
  }

  it('notifies each matching owner once per listing, not non-matching ones nor the seller', async () => {
    const other = await createUser(app.db);
    await saved(buyer.id, 'Blue lamps', `q=lamps&category=${lighting.slug}&a.colour=Blue`);
    await saved(buyer.id, 'Any capybara', 'q=capybara');
    await saved(other.id, 'Red lamps', `q=lamps&category=${lighting.slug}&a.colour=Red`);
    await saved(other.id, 'Cheap', 'q=capybara&max=5');
    await saved(seller.id, 'My own', 'q=capybara');
    const l = await createListing(app.db, { seller_id: seller.id, category_id: lighting.id, title: 'Capybara lamp', price: 2000, attributes: { colour: 'Blue' } });

    const first = await matchSavedSearches(app.db, l.id, { eventId: 900001 });
    expect(first.notified).toEqual([buyer.id]);
    const rows = await notificationsOf(buyer.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toContain('“Blue lamps”, “Any capybara”');
    expect(rows[0].link).toBe(`/listings/${l.id}/${l.slug}`);
    expect(await notificationsOf(other.id)).toHaveLength(0);
    expect(await notificationsOf(seller.id)).toHaveLength(0);

    // a retry, or the listing approved again later, tells nobody twice
    expect((await matchSavedSearches(app.db, l.id, { eventId: 900001 })).notified).toEqual([]);
    expect((await matchSavedSearches(app.db, l.id, { eventId: 900002 })).notified).toEqual([]);
    expect(await notificationsOf(buyer.id)).toHaveLength(1);
    expect(await app.db('outbox').where({ topic: 'notification.created' }).whereRaw(`(payload->>'userId')::bigint = ?`, [buyer.id])).toHaveLength(1);
  });

  it('ignores listings that are not public', async () => {
    const fan = await createUser(app.db);
    await saved(fan.id, 'Quolls', 'q=quoll');
    const draft = await createListing(app.db, { seller_id: seller.id, category_id: lighting.id, title: 'Quoll lamp', status: 'pending' });
    expect((await matchSavedSearches(app.db, draft.id)).notified).toEqual([]);
  });

  it('runs in the worker when a listing is approved, and the bell count rises', async () => {
    const fan = await createUser(app.db);
    await saved(fan.id, 'Numbats', 'q=numbat');
    const c = await signedIn(fan);
    const before = await c.get('/notifications/badge');
    expect(text(before.doc.querySelector('.badge'))).toBe('0');
    const l = await createListing(app.db, { seller_id: seller.id, category_id: lighting.id, title: 'Numbat figurine' });
    await app.db.transaction((trx) => emit(trx, 'listing.approved', { listingId: l.id, sellerId: seller.id, userId: seller.id, title: l.title }));
    await app.drainOutbox();
    await eventually(async () => (await notificationsOf(fan.id)).length === 1);
    const after = await c.get('/notifications/badge');
    expect(text(after.doc.querySelector('.badge'))).toBe('1');
    // the listing approved again (a new event): the job runs to completion and tells nobody twice
    await app.db.transaction((trx) => emit(trx, 'listing.approved', { listingId: l.id, sellerId: seller.id, userId: seller.id, title: l.title }));
    const { id: eventId } = await app.db('outbox').where({ topic: 'listing.approved' }).orderBy('id', 'desc').first('id');
    await app.drainOutbox();
    const redis = createRedis(app.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('listings', { connection: redis, prefix: bullPrefix(app.redisPrefix) });
    try {
      await eventually(async () => (await queue.getJob(`match-saved-searches-${eventId}`))?.isCompleted());
    } finally {
      await queue.close();
      redis.disconnect();
    }
    expect(await notificationsOf(fan.id)).toHaveLength(1);
  });
});
