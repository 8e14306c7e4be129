import { parse, type HTMLElement } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { asset } from '../../src/http/assets.js';
import { streams } from '../../src/realtime/streams.js';
import { Layout, usesHtmx, type PageContext } from '../../views/layouts/page.js';

const user = { id: 7, is_admin: false, display_name: 'Ada', email: 'ada@example.test' } as unknown as NonNullable<PageContext['user']>;
const render = (ctx: Partial<PageContext>, names?: string[]) => {
  const html = (<Layout title="t" ctx={{ user: null, csrf: 'tok-123', unread: 0, ...ctx }} streams={names}>
    <p>x</p>
  </Layout>) as string;
  return parse(html).querySelector('body')!;
};
const connectOf = (body: HTMLElement) => {
  const url = body.getAttribute('sse-connect');
  return url === undefined ? null : new URL(url, 'http://x').searchParams.get('streams');
};

describe('a page declares its streams', () => {
  it('a visitor on a page without public streams opens no stream', () => {
    const doc = render({});
    expect(doc.hasAttribute('sse-connect')).toBe(false);
    expect(doc.hasAttribute('hx-ext')).toBe(false);
  });

  it("a visitor hears the page's public streams only; a private one declared by mistake is left out", () => {
    const doc = render({}, [streams.auction(5), streams.user(3)]);
    expect(connectOf(doc)).toBe('auction:5');
    expect(doc.getAttribute('hx-ext')).toBe('sse');
  });

  it("a signed-in user hears their own stream and the page's", () => {
    const doc = render({ user }, [streams.listing(9)]);
    expect(connectOf(doc)).toBe('user:7,listing:9');
    // one connection, on <body> itself: partials anywhere subscribe to their own events; no relays in the layout
    expect(doc.querySelectorAll('[sse-connect]')).toHaveLength(0);
    expect(doc.querySelectorAll('span[hidden][hx-trigger^="sse:"]').map((s) => s.getAttribute('hx-trigger'))).toEqual(['sse:session-ended']);
  });

  it('htmx requests carry the CSRF token as a header from <body>', () => {
    const doc = render({ user });
    expect(JSON.parse(doc.getAttribute('hx-headers')!)).toEqual({ 'x-csrf-token': 'tok-123' });
  });
});

describe('a page is sent the scripts it uses', () => {
  const scriptsOf = (ctx: Partial<PageContext>, names?: string[], htmx?: boolean) =>
    parse(
      (<Layout title="t" ctx={{ user: null, csrf: 'tok-123', unread: 0, ...ctx }} streams={names} htmx={htmx}>
        <p>x</p>
      </Layout>) as string,
    )
      .querySelectorAll('script[src]')
      .map((s) => s.getAttribute('src'));

  it('whether a body uses htmx is read from its htmx and SSE attributes', () => {
    expect(usesHtmx('<p>Help</p><form method="get" action="/search"><input name="q"></form>')).toBe(false);
    expect(usesHtmx('<form hx-get="/search" hx-target="#r"></form>')).toBe(true);
    expect(usesHtmx(Buffer.from('<div sse-swap="update"></div>'))).toBe(true);
  });

  it('a visitor page with nothing for htmx to do gets neither htmx nor its SSE extension', () => {
    expect(scriptsOf({}, undefined, false)).toEqual([asset('tz.js')]);
  });

  it('a visitor page that uses htmx gets htmx, without the SSE extension while it opens no stream', () => {
    expect(scriptsOf({})).toEqual([asset('vendor/htmx.min.js'), asset('tz.js')]);
  });

  it('a page with a stream gets htmx and the SSE extension, and so does every page of a signed-in user', () => {
    const all = [asset('vendor/htmx.min.js'), asset('vendor/htmx-ext-sse.js'), asset('live.js'), asset('tz.js')];
    expect(scriptsOf({}, [streams.auction(5)], false)).toEqual(all);
    expect(scriptsOf({ user }, undefined, false)).toEqual(all);
  });
});
