import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../../seeds/catalog.js';
import { rebuildVocabulary } from '../../src/search/queries.js';
import { runSearch } from '../../src/search/search.js';
import { createSynonymGroup } from '../../src/search/synonyms.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin } from '../factories.js';
import { Client, text, type Page } from '../http.js';

// Recall on a known catalog: the demo market (a fixed faker seed, 300 listings) in which buyers
// searching "shoes", "t-shirt", "lesson" or "laptop" found almost nothing, and a typo nothing at all.

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_GENERAL_PER_MINUTE: '100000' } });
  await seedCatalog(app.db, { count: 300, images: false });
  const admin = await createAdmin(app.db);
  for (const group of ['t-shirt, tee, tshirt', 'laptop, notebook', 'shoes, footwear, sneakers', 'lesson, class, course, tutoring']) {
    const r = await createSynonymGroup(app.db, admin.id, group);
    expect(r.ok, group).toBe(true);
  }
  await rebuildVocabulary(app.db, new Date(), { force: true });
}, 120_000);
afterAll(() => app?.stop());

/** The ids of listed listings in a category and its subcategories. */
async function inCategory(...slugs: string[]): Promise<Set<number>> {
  const rows: { id: number }[] = await app.db('listings as l')
    .join('categories as c', 'c.id', 'l.category_id')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .where((q) => q.whereIn('c.slug', slugs).orWhereIn('p.slug', slugs))
    .where('l.status', 'active')
    .select('l.id');
  return new Set(rows.map((r) => Number(r.id)));
}

/** Every listing a search returns, following its page links as a buyer would. */
async function everyResult(q: string): Promise<{ ids: Set<number>; total: number }> {
  const ids = new Set<number>();
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < 40; page++) {
    const { result } = await runSearch(app.db, after ? { q, after } : { q });
    total = result.total;
    for (const item of result.items) ids.add(item.id);
    if (!result.next) break;
    after = result.next;
  }
  return { ids, total };
}

function recall(found: Set<number>, expected: Set<number>): number {
  let hit = 0;
  for (const id of expected) if (found.has(id)) hit++;
  return hit / expected.size;
}

async function get(path: string): Promise<Page> {
  const page = await new Client(app.baseUrl).get(path);
  expect(page.status, path).toBe(200);
  return page;
}

describe('search recall on the demo catalog', () => {
  it.each([
    ['shoes', ['shoes']],
    ['shoe', ['shoes']],
    ['t-shirt', ['t-shirts']],
    ['t-shirts', ['t-shirts']],
    ['lesson', ['lessons']],
    ['lessons', ['lessons']],
    ['laptop', ['laptops']],
    ['laptops', ['laptops']],
    ['phones', ['phones']],
    ['lamp', ['lamps']],
    ['furniture', ['furniture']],
    ['bikes', ['bikes']],
    ['prints', ['prints']],
    ['repairs', ['repairs']],
    // a parent category's name finds what is in its children
    ['clothing', ['shoes', 't-shirts']],
    ['electronics', ['phones', 'laptops']],
    ['services', ['lessons', 'repairs']],
    // synonyms an admin keeps
    ['tee', ['t-shirts']],
    ['tshirt', ['t-shirts']],
    ['notebook', ['laptops']],
    ['sneakers', ['shoes']],
    ['footwear', ['shoes']],
    ['course', ['lessons']],
  ])('"%s" finds every listing in %j', async (q, slugs) => {
    const expected = await inCategory(...slugs);
    expect(expected.size, `the catalog has listings in ${slugs.join(', ')}`).toBeGreaterThan(3);
    const { ids, total } = await everyResult(q);
    expect(recall(ids, expected), `"${q}": ${ids.size} found, ${expected.size} expected`).toBe(1);
    expect(total).toBe(ids.size);
  });

  it('ranks title matches first, then category matches: "black shoes" starts with black shoes', async () => {
    const page = await get('/search?q=black+shoes');
    const titles = page.doc.querySelectorAll('#search-results .result-title a').map(text);
    expect(titles.length).toBeGreaterThan(0);
    for (const t of titles) expect(t).toMatch(/^Black /);
  });

  it('a word and a category together narrow: "vintage lamp" finds only vintage lamps', async () => {
    const { ids } = await everyResult('vintage lamp');
    const lamps = await inCategory('lamps');
    const vintage: { id: number }[] = await app.db('listings').whereIn('id', [...lamps]).where('title', 'like', 'Vintage%').select('id');
    expect(recall(ids, new Set(vintage.map((v) => Number(v.id))))).toBe(1);
    for (const id of ids) expect(lamps.has(id) || (await app.db('listings').where({ id }).first()).title.toLowerCase().includes('vintage')).toBe(true);
  });
});

describe('typos', () => {
  it.each([
    ['ipone', 'iphone'],
    ['labtop', 'laptop'],
    ['bicyle', 'bicycle'],
    ['ipone 13', 'iphone 13'],
  ])('"%s" shows what "%s" finds, says so, and links to the words as typed', async (typo, fixed) => {
    const page = await get(`/search?q=${encodeURIComponent(typo)}`);
    const notice = page.doc.querySelector('#search-corrected');
    expect(text(notice)).toContain(`No listings match “${typo}”. Showing results for “${fixed}”.`);
    const shown = page.doc.querySelectorAll('#search-results .result').length;
    expect(shown).toBeGreaterThan(0);
    // the same as searching the right spelling
    const right = await get(`/search?q=${encodeURIComponent(fixed)}`);
    expect(text(page.doc.querySelector('#search-status'))).toBe(text(right.doc.querySelector('#search-status')));
    expect(right.doc.querySelector('#search-corrected')).toBeNull();
    expect(page.doc.querySelector('.search-bar input[name=q]')?.getAttribute('value')).toBe(fixed);

    // the words as typed: nothing, and the empty state offers the spelling with what it finds
    const asTyped = await get(notice!.querySelector('a')!.getAttribute('href')!);
    expect(text(asTyped.doc.querySelector('#search-status'))).toBe('0 listings found');
    expect(asTyped.doc.querySelector('#search-corrected')).toBeNull();
    const link = asTyped.doc.querySelector('#search-empty .did-you-mean a');
    expect(text(link)).toBe(fixed);
    const next = await get(link!.getAttribute('href')!);
    expect(new URL(next.url).searchParams.get('q')).toBe(fixed);
    const promised = text(asTyped.doc.querySelector('#search-empty .did-you-mean .count')).replace(/\D/g, '');
    expect(text(next.doc.querySelector('#search-status'))).toBe(`${promised} listing${promised === '1' ? '' : 's'} found`);
  });

  it('keeps the filters: a typo with a filter that the right spelling cannot meet is not corrected silently', async () => {
    const page = await get('/search?q=ipone&max=0.01');
    expect(page.doc.querySelector('#search-corrected')).toBeNull();
    expect(text(page.doc.querySelector('#search-status'))).toBe('0 listings found');
  });

  it('offers nothing for words that no listing is near', async () => {
    const page = await get('/search?q=xqzvw');
    expect(page.doc.querySelector('#search-empty .did-you-mean')).toBeNull();
    expect(text(page.doc.querySelector('#search-empty'))).toContain('No listings match this search.');
  });
});

describe('relaxed filters in the empty state', () => {
  it('offers the same search without each filter that emptied it, with what each would find', async () => {
    const shoes = await inCategory('shoes');
    const page = await get('/search?q=shoes&max=1&condition=refurbished');
    expect(text(page.doc.querySelector('#search-status'))).toBe('0 listings found');
    const links = page.doc.querySelectorAll('#search-empty .relaxed a');
    const byLabel = new Map(links.map((a) => [text(a).replace(/^[\d,]+ listings? /, ''), a]));
    expect([...byLabel.keys()]).toContain('without any filters');
    const all = byLabel.get('without any filters')!;
    expect(text(all)).toBe(`${shoes.size} listings without any filters`);
    const next = await get(all.getAttribute('href')!);
    expect(text(next.doc.querySelector('#search-status'))).toBe(`${shoes.size} listings found`);
    // the condition filter alone: no refurbished shoes in the catalog, so only the price is offered
    const withoutPrice = [...byLabel.keys()].find((l) => l === 'without the price filter');
    expect(withoutPrice).toBeUndefined();
    const p2 = await get('/search?q=shoes&max=1');
    const only = p2.doc.querySelectorAll('#search-empty .relaxed a').map(text);
    expect(only).toEqual([`${shoes.size} listings without the price filter`]);
  });

  it('on a category page, offers every category', async () => {
    const page = await get('/c/lamps?q=sneakers');
    const links = page.doc.querySelectorAll('#search-empty .relaxed a');
    const every = links.find((a) => text(a).endsWith('in every category'));
    expect(every?.getAttribute('href')).toMatch(/^\/search\?q=sneakers/);
  });
});
