import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDate, formatDateTime, formatRelative, fromWallTime, resolveLocale, resolveTimeZone, wallTime } from '../../src/lib/locale.js';
import { formatMoney } from '../../src/lib/money.js';
import { startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller } from '../factories.js';
import { Client, text } from '../http.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('times typed into a form, in the typist’s zone (lib/locale)', () => {
  it('reads a wall-clock time in its zone, across summer time, a skipped hour and a repeated one', () => {
    expect(fromWallTime('2026-12-01T10:00', 'Europe/Berlin')?.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(fromWallTime('2026-07-01T10:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(fromWallTime('2026-12-01T10:00', 'Asia/Kolkata')?.toISOString()).toBe('2026-12-01T04:30:00.000Z');
    expect(fromWallTime('2026-12-01T10:00', 'UTC')?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    // 02:30 does not happen on the spring-forward night: an hour on
    expect(fromWallTime('2026-03-08T02:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 02:30 happens twice on the fall-back night: the first time
    expect(fromWallTime('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    for (const bad of ['2026-02-30T10:00', '2026-13-01T10:00', '2026-12-01T10:99', '2026-12-01T24:00', '0099-12-01T10:00', 'tomorrow', '', '2026-12-01']) expect(fromWallTime(bad, 'UTC'), bad).toBeNull();
  });

  it('shows a moment back as the same wall-clock time it was typed as (property)', () => {
    // Chatham and Kiritimati are more than twelve hours ahead of UTC
    expect(wallTime(fromWallTime('2021-04-04T02:00', 'Pacific/Chatham')!, 'Pacific/Chatham')).toBe('2021-04-04T02:00');
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Apia', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2060, 0, 1) / 60_000 }), fc.constantFrom(...zones), (minute, zone) => {
        const at = new Date(minute * 60_000);
        const shown = wallTime(at, zone);
        const read = fromWallTime(shown, zone)!;
        // the same reading; the same moment unless the reading happens twice (then the first of the two)
        expect(wallTime(read, zone)).toBe(shown);
        expect(read.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime() - read.getTime()).toBeLessThanOrEqual(3_600_000);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates and money in the viewer’s terms (lib/locale)', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const en = { locale: 'en-IE', timeZone: 'UTC' };

  it('says a moment within a week relatively, counted down, and nothing further away', () => {
    expect(formatRelative(new Date(now.getTime() + 3 * DAY + HOUR), now, en)).toBe('in 3 days');
    expect(formatRelative(new Date(now.getTime() - 2 * HOUR - 60_000), now, en)).toBe('2 hours ago');
    expect(formatRelative(new Date(now.getTime() + 30 * DAY), now, en)).toBeNull();
    expect(formatRelative(new Date(now.getTime() + 10_000), now, en)).toBe('now');
    expect(formatRelative(new Date(now.getTime() + 3 * DAY), now, { locale: 'de-DE', timeZone: 'UTC' })).toBe('in 3 Tagen');
  });

  it('writes dates and times in the viewer’s locale and time zone, naming the zone', () => {
    expect(formatDateTime(now, en)).toBe('10 Mar 2026, 12:00 UTC');
    expect(formatDateTime(now, { locale: 'en-US', timeZone: 'America/New_York' })).toBe('Mar 10, 2026, 08:00 AM EDT');
    expect(formatDate(new Date('2026-03-10T23:30:00Z'), { locale: 'en-IE', timeZone: 'Asia/Tokyo' })).toBe('11 Mar 2026');
  });

  it('writes every moment as Intl does, in each viewer’s terms, however often and in whatever order it is asked (property)', () => {
    const viewers = [en, { locale: 'en-US', timeZone: 'America/New_York' }, { locale: 'de-DE', timeZone: 'Europe/Berlin' }, { locale: 'ja-JP', timeZone: 'Asia/Tokyo' }];
    const intl = (v: { locale: string; timeZone: string }, at: Date) => ({
      dateTime: new Intl.DateTimeFormat(v.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: v.timeZone, timeZoneName: 'short' }).format(at),
      date: new Intl.DateTimeFormat(v.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: v.timeZone }).format(at),
      utcDate: new Intl.DateTimeFormat(v.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(at),
    });
    // a few moments asked again and again (remembered) among thousands of others (more than are kept)
    const moment = fc.oneof(fc.constantFrom(0, 1, 2, 3).map((i) => now.getTime() + i * 61_000), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }));
    fc.assert(
      fc.property(fc.array(fc.tuple(moment, fc.constantFrom(...viewers)), { minLength: 1, maxLength: 400 }), (asks) => {
        for (const [ms, v] of asks) {
          const at = new Date(ms);
          const want = intl(v, at);
          expect(formatDateTime(at, { ...v })).toBe(want.dateTime);
          expect(formatDate(at, { ...v })).toBe(want.date);
          expect(formatDate(at, { ...v }, 'UTC')).toBe(want.utcDate);
        }
      }),
      { numRuns: 60 },
    );
    // relative wording per locale, including a locale asked after another with the same numbers
    expect(formatRelative(new Date(now.getTime() - 5 * HOUR), now, en)).toBe('5 hours ago');
    expect(formatRelative(new Date(now.getTime() - 5 * HOUR), now, { locale: 'de-DE', timeZone: 'UTC' })).toBe('vor 5 Stunden');
    expect(formatRelative(new Date(now.getTime() + 5 * HOUR), now, en)).toBe('in 5 hours');
    expect(formatRelative(new Date(now.getTime() - 5 * 60_000), now, en)).toBe('5 minutes ago');
  });

  it('takes the first language Intl knows and a real time zone, else the defaults', () => {
    expect(resolveLocale(['de-DE', 'en'])).toBe('de-DE');
    expect(resolveLocale(['*', '<script>', 'pt-PT'])).toBe('pt-PT');
    expect(resolveLocale([])).toBe('en-IE');
    expect(resolveTimeZone('Europe/Lisbon')).toBe('Europe/Lisbon');
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(resolveTimeZone('"><script>')).toBe('UTC');
    expect(resolveTimeZone(undefined)).toBe('UTC');
  });

  it('formats minor units as the same amount in every locale', () => {
    expect(formatMoney(123450, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(-5, 'EUR')).toBe('-€0.05');
  });
});

describe('pages in the viewer’s terms', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app?.stop());

  it('a listing page shows its price and dates by Accept-Language and the tz cookie, UTC and the default locale without them', async () => {
    const s = await createSeller(app.db);
    const category = await createCategoryRow(app.db, { name: 'Clocks' });
    const published = new Date('2026-01-15T12:00:00Z');
    const l = await createListing(app.db, { seller_id: s.id, category_id: category.id, title: 'Oak clock', price: 123450, published_at: published });

    const plain = await new Client(app.baseUrl).get(`/listings/${l.id}/${l.slug}`);
    const time = (p: typeof plain) => p.doc.querySelectorAll('main time').find((t) => t.getAttribute('datetime') === published.toISOString());
    expect(text(time(plain))).toBe('15 Jan 2026, 12:00 UTC');
    expect(plain.html).toContain('€1,234.50');
    // what the reader sees has no raw ISO or UTC strings (the datetime attributes do)
    expect(text(plain.doc.querySelector('main'))).not.toMatch(/\d{4}-\d{2}-\d{2}|GMT/);

    const german = new Client(app.baseUrl);
    const de = await german.get(`/listings/${l.id}/${l.slug}`, { headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8', cookie: 'tz=Europe/Berlin' } });
    expect(text(time(de))).toBe(formatDateTime(published, { locale: 'de-DE', timeZone: 'Europe/Berlin' }));
    expect(text(time(de))).toContain('13:00');
    expect(de.html).toContain('1.234,50\u00a0€');

    const odd = await new Client(app.baseUrl).get(`/listings/${l.id}/${l.slug}`, { headers: { 'accept-language': 'xx-invalid-tag-that-is-long', cookie: 'tz=Nowhere/Special' } });
    expect(odd.status).toBe(200);
    expect(text(time(odd))).toBe('15 Jan 2026, 12:00 UTC');
  });

  it('a search page kept for visitors is kept per locale: an auction ends “in 3 days” in English and „in 3 Tagen“ in German', async () => {
    const s = await createSeller(app.db);
    const category = await createCategoryRow(app.db, { name: 'Barometers' });
    await createListing(app.db, { seller_id: s.id, category_id: category.id, title: 'Brass barometer', kind: 'auction', stock: null, price: null, ends_at: new Date(Date.now() + 3 * DAY + 2 * HOUR) });
    const url = '/search?q=barometer';
    const ends = (p: Awaited<ReturnType<Client['get']>>) => text(p.doc.querySelector('#search-results .result time'));
    for (let i = 0; i < 2; i++) {
      expect(ends(await new Client(app.baseUrl).get(url, { headers: { 'accept-language': 'en-GB' } }))).toBe('in 3 days');
      expect(ends(await new Client(app.baseUrl).get(url, { headers: { 'accept-language': 'de' } }))).toBe('in 3 Tagen');
    }
  });
});
