import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
});
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

async function listing(over: Record<string, unknown> = {}) {
  const seller = await createSeller(app.db);
  const category = await createCategoryRow(app.db);
  return createListing(app.db, { seller_id: seller.id, category_id: category.id, title: 'Brass desk lamp', ...over });
}

const count = async (id: number) => Number((await app.db('listings').where({ id }).first('favourites_count')).favourites_count);
const rows = async (userId: number, id: number) => (await app.db('favourites').where({ user_id: userId, listing_id: id })).length;

describe('favourites', () => {
  it('adds and removes with plain forms, going back to the listing, and counts once', async () => {
    const l = await listing();
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const page = await c.get(`/listings/${l.id}/${l.slug}`);
    const form = page.doc.querySelector(`#favourite-${l.id} form`);
    expect(form?.getAttribute('action')).toBe(`/listings/${l.id}/favourite`);
    expect(text(form?.querySelector('button'))).toBe('Add to favourites');

    const added = await c.post(`/listings/${l.id}/favourite`, { back: `/listings/${l.id}/${l.slug}` });
    expect(added.status).toBe(200);
    expect(new URL(added.url).pathname).toBe(`/listings/${l.id}/${l.slug}`);
    expect(text(added.doc.querySelector('#flash'))).toContain('Added to your favourites');
    expect(text(added.doc.querySelector(`#favourite-${l.id} button`))).toBe('Remove from favourites');
    expect(await count(l.id)).toBe(1);

    // a second add (a double click) changes nothing
    await c.post(`/listings/${l.id}/favourite`, { back: `/listings/${l.id}/${l.slug}` });
    expect(await count(l.id)).toBe(1);

    const list = await c.get('/favourites');
    expect(list.doc.querySelectorAll('#favourites .tile').map((t) => Number(t.getAttribute('data-listing-id')))).toEqual([l.id]);
    expect(list.doc.querySelector(`#tile-${l.id} a`)?.getAttribute('href')).toBe(`/listings/${l.id}/${l.slug}`);

    const removed = await c.post(`/listings/${l.id}/favourite`, { back: '/favourites' }, { method: 'DELETE' });
    expect(new URL(removed.url).pathname).toBe('/favourites');
    expect(text(removed.doc.querySelector('#flash'))).toContain('Removed from your favourites');
    expect(removed.doc.querySelector('#favourites')).toBeNull();
    expect(await count(l.id)).toBe(0);
    await c.post(`/listings/${l.id}/favourite`, {}, { method: 'DELETE' });
    expect(await count(l.id)).toBe(0);
  });

  it('swaps just the button with htmx', async () => {
    const l = await listing();
    const user = await createUser(app.db);
    const c = await signedIn(user);
    await c.get(`/listings/${l.id}/${l.slug}`);
    const on = await c.request('POST', `/listings/${l.id}/favourite`, { htmx: true, headers: { 'x-csrf-token': c.csrf }, form: { back: `/listings/${l.id}/${l.slug}` } });
    expect(on.status).toBe(200);
    expect(on.doc.querySelector('html')).toBeNull();
    const box = on.doc.querySelector(`#favourite-${l.id}`);
    expect(box?.getAttribute('data-favourite')).toBe('yes');
    expect(text(box?.querySelector('button'))).toBe('Remove from favourites');
    expect(box?.querySelector('input[name=_method]')?.getAttribute('value')).toBe('DELETE');
    expect(await count(l.id)).toBe(1);

    const off = await c.request('DELETE', `/listings/${l.id}/favourite`, { htmx: true, headers: { 'x-csrf-token': c.csrf }, form: { back: `/listings/${l.id}/${l.slug}` } });
    expect(off.doc.querySelector(`#favourite-${l.id}`)?.getAttribute('data-favourite')).toBe('no');
    expect(await count(l.id)).toBe(0);
    expect(await rows(user.id, l.id)).toBe(0);
  });

  it('counts ten parallel adds by the same person once, and ten parallel removes once', async () => {
    const l = await listing();
    const user = await createUser(app.db);
    const other = await createUser(app.db);
    const c = await signedIn(user);
    const d = await signedIn(other);
    await c.get(`/listings/${l.id}/${l.slug}`);
    await d.get(`/listings/${l.id}/${l.slug}`);
    const add = (x: Client) => x.request('POST', `/listings/${l.id}/favourite`, { htmx: true, headers: { 'x-csrf-token': x.csrf }, form: {} });
    const results = await Promise.all([...Array.from({ length: 10 }, () => add(c)), add(d)]);
    for (const r of results) expect(r.status).toBe(200);
    expect(await count(l.id)).toBe(2);
    expect(await rows(user.id, l.id)).toBe(1);

    const remove = () => c.request('DELETE', `/listings/${l.id}/favourite`, { htmx: true, headers: { 'x-csrf-token': c.csrf }, form: {} });
    await Promise.all(Array.from({ length: 10 }, remove));
    expect(await count(l.id)).toBe(1);
  });

  it('lists listings that are no longer public greyed out and unlinked, still removable', async () => {
    const l = await listing({ title: 'Vintage radio' });
    const user = await createUser(app.db);
    const c = await signedIn(user);
    await c.get(`/listings/${l.id}/${l.slug}`);
    await c.post(`/listings/${l.id}/favourite`, {});
    await app.db('listings').where({ id: l.id }).update({ status: 'paused' });

    const page = await c.get('/favourites');
    const tile = page.doc.querySelector(`#tile-${l.id}`);
    expect(tile?.classList.contains('tile-unavailable')).toBe(true);
    expect(text(tile?.querySelector('.unavailable'))).toBe('No longer available');
    expect(text(tile?.querySelector('.tile-title'))).toBe('Vintage radio');
    expect(tile?.querySelector('a')).toBeNull();

    await c.post(`/listings/${l.id}/favourite`, { back: '/favourites' }, { method: 'DELETE' });
    expect(await count(l.id)).toBe(0);
  });

  it('refuses listings that are not public, and visitors', async () => {
    const draft = await listing({ status: 'draft' });
    const c = await signedIn(await createUser(app.db));
    await c.get('/');
    expect((await c.post(`/listings/${draft.id}/favourite`, {})).status).toBe(404);
    expect((await c.post('/listings/99999999/favourite', {})).status).toBe(404);
    expect(await count(draft.id)).toBe(0);

    const l = await listing();
    const v = new Client(app.baseUrl);
    const page = await v.get(`/listings/${l.id}/${l.slug}`);
    expect(page.doc.querySelector(`#favourite-${l.id} form`)).toBeNull();
    expect(page.doc.querySelector(`#favourite-${l.id} a`)?.getAttribute('href')).toBe(`/signin?next=${encodeURIComponent(`/listings/${l.id}/${l.slug}`)}`);
    expect((await v.post(`/listings/${l.id}/favourite`, {})).status).toBe(401);
    expect(new URL((await v.get('/favourites')).url).pathname).toBe('/signin');
    expect(await count(l.id)).toBe(0);
  });

  it('goes back only to a page of this site', async () => {
    const l = await listing();
    const c = await signedIn(await createUser(app.db));
    await c.get(`/listings/${l.id}/${l.slug}`);
    const res = await c.post(`/listings/${l.id}/favourite`, { back: '//evil.example/x' }, { follow: false });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
  });
});
