import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';

// The search cache is on (SEARCH_CACHE_SECONDS defaults to 30): a synonym edit must show on the very next search.

let app: TestApp;
let adminC: Client;
let admin: Awaited<ReturnType<typeof createAdmin>>;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000' } });
  admin = await createAdmin(app.db);
  adminC = new Client(app.baseUrl);
  await adminC.signIn(admin.email, admin.password);
  const seller = await createSeller(app.db);
  const tees = await createCategoryRow(app.db, { name: 'Tops' });
  await createListing(app.db, { seller_id: seller.id, category_id: tees.id, title: 'Organic cotton jumper', description: 'Warm.' });
  await createListing(app.db, { seller_id: seller.id, category_id: tees.id, title: 'Wool pullover, navy', description: 'Soft.' });
});
afterAll(() => app?.stop());

const PAGE = '/admin/search/synonyms';
const titles = (page: Page) => page.doc.querySelectorAll('#search-results .result-title a').map((a) => text(a));
const visitorSearch = (q: string) => new Client(app.baseUrl).get(`/search?q=${encodeURIComponent(q)}`);
const groups = (page: Page) => page.doc.querySelectorAll('.synonym-groups input[name=terms]').map((i) => i.getAttribute('value'));
const errorOf = (page: Page, id: string) => text(page.doc.querySelector(`#${id}-error`));

describe('the synonyms page', () => {
  it('is for admins only', async () => {
    expect((await new Client(app.baseUrl).get(PAGE, { follow: false })).status).toBe(303);
    const buyer = await createUser(app.db);
    const c = new Client(app.baseUrl);
    await c.signIn(buyer.email, buyer.password);
    expect((await c.get(PAGE)).status).toBe(403);
    const page = await adminC.get(PAGE);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Search synonyms');
    expect(page.doc.querySelector('#nav-search-synonyms')?.getAttribute('href')).toBe(PAGE);
  });

  it('adds a group that widens the next search at once, even one answered from the cache before', async () => {
    expect(titles(await visitorSearch('sweater'))).toEqual([]);
    expect(titles(await visitorSearch('sweater'))).toEqual([]);
    await adminC.get(PAGE);
    const done = await adminC.post(PAGE, { terms: 'Sweater, jumper,  pullover, jumper' });
    expect(done.status).toBe(200);
    expect(new URL(done.url).pathname).toBe(PAGE);
    expect(groups(done)).toContain('sweater, jumper, pullover');
    expect(titles(await visitorSearch('sweater')).sort()).toEqual(['Organic cotton jumper', 'Wool pullover, navy']);
    // a word outside the group still narrows
    expect(titles(await visitorSearch('navy sweater'))).toEqual(['Wool pullover, navy']);
    const row = await app.db('search_synonyms').whereRaw(`'sweater' = any(terms)`).first();
    const audit = await app.db('audit_log').where({ subject_type: 'search_synonyms', subject_id: row.id });
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['search.synonyms.created', admin.id]]);
  });

  it('refuses bad groups with the message beside the field, the input kept and nothing saved', async () => {
    const before = await app.db('search_synonyms').count<{ n: string }[]>('* as n');
    const cases: [string, RegExp][] = [
      ['', /at least two/],
      ['lonely', /at least two/],
      ['same, Same', /at least two different/],
      ['ok, !!!', /no letters or digits/],
      ['ok, a very long phrase of many words', /up to 4 words/],
      [`ok, ${'x'.repeat(50)}`, /40 characters/],
      [Array.from({ length: 21 }, (_, i) => `w${i}`).join(', '), /at most 20/],
      ['cardigan, jumper', /“jumper” is already in the group “sweater, jumper, pullover”/],
    ];
    for (const [terms, message] of cases) {
      await adminC.get(PAGE);
      const page = await adminC.post(PAGE, { terms });
      expect(page.status, terms).toBe(422);
      expect(errorOf(page, 'f-terms-new'), terms).toMatch(message);
      expect(page.doc.querySelector('#f-terms-new')?.getAttribute('aria-invalid')).toBe('true');
      expect(page.doc.querySelector('#f-terms-new')?.getAttribute('value')).toBe(terms);
    }
    expect(await app.db('search_synonyms').count<{ n: string }[]>('* as n')).toEqual(before);
  });

  it('edits a group in place (errors beside that group only) and removes it', async () => {
    const [g] = await app.db('search_synonyms').insert({ terms: ['hoodie', 'hooded sweatshirt'] }).returning('id');
    let page = await adminC.get(PAGE);
    expect(page.doc.querySelector(`#f-terms-${g.id}`)?.getAttribute('value')).toBe('hoodie, hooded sweatshirt');
    page = await adminC.post(`${PAGE}/${g.id}`, { terms: 'hoodie, pullover' }, { method: 'PATCH' });
    expect(page.status).toBe(422);
    expect(errorOf(page, `f-terms-${g.id}`)).toMatch(/“pullover” is already in the group/);
    expect(page.doc.querySelector('#f-terms-new-error')).toBeNull();
    page = await adminC.post(`${PAGE}/${g.id}`, { terms: 'hoodie, hoody' }, { method: 'PATCH' });
    expect(page.status).toBe(200);
    expect(groups(page)).toContain('hoodie, hoody');

    // removing the jumper group: "sweater" stops finding jumpers on the next search
    const jumper = await app.db('search_synonyms').whereRaw(`'jumper' = any(terms)`).first();
    await adminC.get(PAGE);
    page = await adminC.post(`${PAGE}/${jumper.id}`, {}, { method: 'DELETE' });
    expect(page.status).toBe(200);
    expect(groups(page)).not.toContain('sweater, jumper, pullover');
    expect(titles(await visitorSearch('sweater'))).toEqual([]);
    expect((await adminC.post(`${PAGE}/${jumper.id}`, {}, { method: 'DELETE' })).status).toBe(404);
    expect((await adminC.post(`${PAGE}/abc`, { terms: 'a, b' }, { method: 'PATCH' })).status).toBe(404);
    const actions = (await app.db('audit_log').where({ subject_type: 'search_synonyms' }).orderBy('id')).map((a) => a.action);
    expect(actions).toEqual(['search.synonyms.created', 'search.synonyms.changed', 'search.synonyms.removed']);
  });
});

describe('autocomplete', () => {
  it('answers htmx with datalist options for queries and categories, and a page of links without it', async () => {
    await app.db.raw(`insert into search_vocabulary (word, listings) values ('jumper', 3), ('jumpsuit', 1), ('toaster', 2)`);
    const c = new Client(app.baseUrl);
    const search = await c.get('/search');
    const q = search.doc.querySelector('input[name=q]')!;
    expect(q.getAttribute('list')).toBe('search-completions');
    expect(search.doc.querySelector('datalist#search-completions')).not.toBeNull();
    expect(q.getAttribute('hx-get')).toBe('/search/completions');
    expect(q.getAttribute('hx-trigger')).toMatch(/delay:/);
    expect(q.getAttribute('hx-target')).toBe('#search-completions');
    expect(q.getAttribute('hx-push-url')).toBe('false');

    const frag = await c.get('/search/completions?q=ju', { htmx: true });
    expect(frag.status).toBe(200);
    expect(frag.doc.querySelector('html')).toBeNull();
    expect(frag.doc.querySelectorAll('option').map((o) => o.getAttribute('value'))).toEqual(['jumper', 'jumpsuit']);
    const cats = await c.get('/search/completions?q=to', { htmx: true });
    const tops = cats.doc.querySelectorAll('option').find((o) => o.getAttribute('value') === 'tops');
    expect(tops?.getAttribute('label')).toBe('Tops (category)');
    // the words before the last one are kept
    const two = await c.get('/search/completions?q=navy+jum', { htmx: true });
    expect(two.doc.querySelectorAll('option').map((o) => o.getAttribute('value'))).toEqual(['navy jumper', 'navy jumpsuit']);

    const page = await c.get('/search/completions?q=jum');
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll('main a[href^="/search?q="], .search-completions-page a').map((a) => a.getAttribute('href'))).toContain('/search?q=jumper');
    for (const odd of ['', 'j', 'x'.repeat(500), '%25_%5C', 'a&q=b']) {
      const r = await c.get(`/search/completions?q=${odd}`, { htmx: true });
      expect(r.status, odd).toBe(200);
      expect(r.doc.querySelectorAll('option').length).toBe(0);
    }
  });
});

describe('the search page layout', () => {
  it('keeps the words field outside the filters panel, which is closed until one of its fields needs fixing', async () => {
    const page = await visitorSearch('jumper');
    const panel = page.doc.querySelector('form#search-form details#search-filters')!;
    expect(panel).not.toBeNull();
    expect(panel.hasAttribute('open')).toBe(false);
    expect(text(panel.querySelector('summary'))).toBe('Filters and sort');
    expect(panel.querySelector('input[name=q]')).toBeNull();
    expect(panel.querySelector('select[name=sort]')).not.toBeNull();
    // the results come right after the form, beside it on wide screens
    expect(page.doc.querySelector('.search-layout > .search-main > #search-results')).not.toBeNull();
    const bad = await new Client(app.baseUrl).get('/search?q=jumper&min=abc');
    expect(bad.doc.querySelector('details#search-filters')?.hasAttribute('open')).toBe(true);
  });
});
