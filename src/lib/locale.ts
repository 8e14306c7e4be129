import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';

/**
 * The viewer's terms for dates, times, numbers and money: a BCP 47 locale
 * (from Accept-Language) and an IANA time zone (from the `tz` cookie a tiny
 * script sets; UTC until then, and for viewers without JavaScript).
 */
export interface ViewerLocale {
  locale: string;
  timeZone: string;
}

export const DEFAULT_LOCALE = 'en-IE';
export const DEFAULT_TIME_ZONE = 'UTC';
/** the cookie static/tz.js sets to the browser's time zone */
export const TIME_ZONE_COOKIE = 'tz';

const fallback: ViewerLocale = { locale: DEFAULT_LOCALE, timeZone: DEFAULT_TIME_ZONE };
const storage = new AsyncLocalStorage<ViewerLocale>();

/** Runs `fn` (and everything it starts) in the viewer's terms. */
export function withLocale<T>(viewer: ViewerLocale, fn: () => T): T {
  return storage.run(viewer, fn);
}

/** The terms of the request being answered; the defaults outside one (jobs, pushed partials shared by every viewer). */
export function currentLocale(): ViewerLocale {
  return storage.getStore() ?? fallback;
}

/**
 * True while rendering outside any viewer's terms (a partial pushed alike to every
 * viewer): dates rendered then carry `data-local`, and static/tz.js writes them again
 * in the device's zone and language when they arrive.
 */
export function renderingForEveryone(): boolean {
  return storage.getStore() === undefined;
}

/** The `data-local` of a `<time>`: what tz.js rewrites in a part rendered for everyone ('text': the text is a date and time, 'date': a day, 'title': the title is). */
export function localAttr(kind: 'text' | 'date' | 'title'): string | undefined {
  return renderingForEveryone() ? kind : undefined;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

function wallClock(timeZone: string): Intl.DateTimeFormat {
  return cached(`wall|${timeZone}`, () => new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }));
}

/** How far a zone's clock is ahead of UTC at a moment, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of wallClock(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

/** A moment as a zone's wall clock reads it, the way a datetime-local field shows it ("2026-12-01T10:00"). */
export function wallTime(at: Date, timeZone: string = currentLocale().timeZone): string {
  return new Date(at.getTime() + offsetAt(at.getTime(), timeZone)).toISOString().slice(0, 16);
}

/**
 * The moment a wall-clock reading in a zone stands for ("2026-12-01T10:00" typed into a
 * datetime-local field by someone in that zone); null when it is not a date and time.
 * A reading the clocks skip (spring forward) is taken an hour on; a repeated one, the first time.
 */
export function fromWallTime(value: string, timeZone: string = currentLocale().timeZone): Date | null {
  const m = WALL.exec(value.trim());
  if (!m) return null;
  if (+m[1] < 1000 || +m[4] > 23 || +m[5] > 59 || +(m[6] ?? 0) > 59) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  const probe = new Date(asUtc);
  if (Number.isNaN(asUtc) || probe.getUTCDate() !== +m[3] || probe.getUTCMonth() !== +m[2] - 1) return null;
  // the zone's offsets a day either side (offsets reach ±14 hours): a transition in between gives two candidates
  const before = asUtc - offsetAt(asUtc - 86_400_000, timeZone);
  const after = asUtc - offsetAt(asUtc + 86_400_000, timeZone);
  const reads = (t: number) => t + offsetAt(t, timeZone) === asUtc;
  const valid = [before, after].filter(reads);
  // both: a repeated hour, the first time; neither: a skipped one, read with the offset before the jump
  return new Date(valid.length ? Math.min(...valid) : before);
}

/** How a form names the zone its times are read in: "UTC", or "Europe/Berlin time". */
export function zoneLabel(timeZone: string = currentLocale().timeZone): string {
  return timeZone === 'UTC' ? 'UTC' : `${timeZone.replace(/_/g, ' ')} time`;
}

const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
const ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;

// answers per header value or zone: bounded, since both come from the client
const supported = new LRUCache<string, string | false>({ max: 1000 });

/** The first language of an Accept-Language list (by preference) that Intl formats, else the default. */
export function resolveLocale(preferred: readonly string[]): string {
  for (const tag of preferred.slice(0, 6)) {
    if (!TAG.test(tag)) continue;
    let known = supported.get(`l:${tag}`);
    if (known === undefined) {
      known = Intl.DateTimeFormat.supportedLocalesOf([tag])[0] ?? false;
      if (known && !Intl.NumberFormat.supportedLocalesOf([known]).length) known = false;
      supported.set(`l:${tag}`, known);
    }
    if (known) return known;
  }
  return DEFAULT_LOCALE;
}

/** A time zone Intl knows (as the browser named it), else UTC. */
export function resolveTimeZone(zone: unknown): string {
  if (typeof zone !== 'string' || !ZONE.test(zone)) return DEFAULT_TIME_ZONE;
  let known = supported.get(`z:${zone}`);
  if (known === undefined) {
    try {
      known = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      known = false;
    }
    supported.set(`z:${zone}`, known);
  }
  return known || DEFAULT_TIME_ZONE;
}

const formats = new LRUCache<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>({ max: 500 });

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formats.get(key) as T | undefined;
  if (!f) {
    f = make();
    formats.set(key, f);
  }
  return f;
}

/**
 * A string per value, remembered: the same moment is written the same way every
 * time (a listing's end on every viewer's page, a notification on every visit),
 * and a date format costs microseconds where a lookup costs nanoseconds. Bounded:
 * past `max` values it starts again empty. Not an LRUCache (used elsewhere here):
 * that allocates its arrays for `max` entries up front, for each of three memos per
 * locale and zone, and reorders entries on every hit of a page's hot path.
 */
class Memo<K> {
  private readonly values = new Map<K, string>();
  constructor(private readonly max: number) {}
  get(key: K, make: () => string): string {
    let v = this.values.get(key);
    if (v === undefined) {
      if (this.values.size >= this.max) this.values.clear();
      v = make();
      this.values.set(key, v);
    }
    return v;
  }
}

/** The date formats of one locale and time zone, each with what it wrote recently. */
class DateFormats {
  private dateTimeFormat?: Intl.DateTimeFormat;
  private readonly dateFormats = new Map<string, Intl.DateTimeFormat>();
  private relativeFormat?: Intl.RelativeTimeFormat;
  private nowFormat?: Intl.RelativeTimeFormat;
  readonly dateTimes = new Memo<number>(MOMENTS_KEPT);
  readonly dates = new Memo<string>(MOMENTS_KEPT);
  readonly relatives = new Memo<number>(1000);
  constructor(private readonly v: ViewerLocale) {}

  dateTime(at: Date): string {
    return this.dateTimes.get(at.getTime(), () => {
      this.dateTimeFormat ??= new Intl.DateTimeFormat(this.v.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: this.v.timeZone, timeZoneName: 'short' });
      return this.dateTimeFormat.format(at);
    });
  }

  date(at: Date, timeZone: string): string {
    return this.dates.get(timeZone === this.v.timeZone ? String(at.getTime()) : `${at.getTime()}|${timeZone}`, () => {
      let f = this.dateFormats.get(timeZone);
      if (!f) this.dateFormats.set(timeZone, (f = new Intl.DateTimeFormat(this.v.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone })));
      return f.format(at);
    });
  }

  /** `value` whole units of UNITS[unit] (negative: ago); unit -1: now */
  relative(value: number, unit: number): string {
    return this.relatives.get(value * 8 + unit + 1, () => {
      if (unit < 0) return (this.nowFormat ??= new Intl.RelativeTimeFormat(this.v.locale, { numeric: 'auto' })).format(0, 'second');
      return (this.relativeFormat ??= new Intl.RelativeTimeFormat(this.v.locale, { numeric: 'always' })).format(value, UNITS[unit][0]);
    });
  }
}

/** moments each locale and zone keeps written (a few hundred KB at most for each) */
const MOMENTS_KEPT = 2000;
const dateFormatsByViewer = new WeakMap<ViewerLocale, DateFormats>();
const dateFormatsByName = new LRUCache<string, DateFormats>({ max: 100 });

/** The viewer's date formats: looked up by name once per viewer object (once per request), then by the object. */
function dateFormats(v: ViewerLocale): DateFormats {
  let f = dateFormatsByViewer.get(v);
  if (!f) {
    const name = `${v.locale}|${v.timeZone}`;
    f = dateFormatsByName.get(name);
    if (!f) dateFormatsByName.set(name, (f = new DateFormats({ locale: v.locale, timeZone: v.timeZone })));
    dateFormatsByViewer.set(v, f);
  }
  return f;
}

/** "2 Jan 2030, 10:00 UTC" in the viewer's locale and time zone. */
export function formatDateTime(at: Date, v: ViewerLocale = currentLocale()): string {
  return dateFormats(v).dateTime(at);
}

/** "2 Jan 2030" in the viewer's locale; `timeZone` for a day that belongs to one zone (a UTC business day). */
export function formatDate(at: Date, v: ViewerLocale = currentLocale(), timeZone = v.timeZone): string {
  return dateFormats(v).date(at, timeZone);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/**
 * "in 3 days", "2 hours ago", "now" in the viewer's locale, or null when
 * the moment is a week or more away (then a date says more).
 */
export function formatRelative(at: Date, now: Date, v: ViewerLocale = currentLocale()): string | null {
  let value = (at.getTime() - now.getTime()) / 1000;
  if (Math.abs(value) < 45) return dateFormats(v).relative(0, -1);
  for (let unit = 0; unit < UNITS.length; unit++) {
    if (Math.abs(value) < UNITS[unit][1]) {
      // counted down, not rounded: "in 2 days" until a full two days are left; never "tomorrow" for 30 hours away
      return dateFormats(v).relative(Math.trunc(value), unit);
    }
    value /= UNITS[unit][1];
  }
  return null;
}

/** "1,234" in the viewer's locale. */
export function formatNumber(n: number, v: ViewerLocale = currentLocale()): string {
  return cached(`n|${v.locale}`, () => new Intl.NumberFormat(v.locale)).format(n);
}

/** "€1,234.50" in the viewer's locale, from a decimal amount in major units (see lib/money.ts for minor units). */
export function formatCurrency(major: number, currency: string, v: ViewerLocale = currentLocale()): string {
  return cached(`c|${v.locale}|${currency}`, () => new Intl.NumberFormat(v.locale, { style: 'currency', currency })).format(major);
}
