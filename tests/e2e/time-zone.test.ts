import { describe, expect, it } from 'vitest';
import { person, useStage, type Person } from './browser.js';

const stage = useStage({ worker: false });

/** The tz cookie as the browser keeps it (URI-encoded), if any. */
async function tzCookie(p: Person): Promise<string | undefined> {
  return (await p.context.cookies()).find((c) => c.name === 'tz')?.value;
}

describe("the browser's time zone", () => {
  it('a browser in Berlin tells the server its zone on the first page, and asks again only once the device is in another zone', async () => {
    const p = await person(stage.browser, stage.app.baseUrl, { timezoneId: 'Europe/Berlin' });
    stage.people.push(p);
    try {
      // tz.js is deferred: it has run once the page has loaded
      await p.page.goto('/');
      expect(await tzCookie(p)).toBe(encodeURIComponent('Europe/Berlin'));
      // what it was told with is kept in a cookie too: the page never opens Web Storage for it
      expect(await p.page.evaluate(() => (globalThis as any).localStorage.length)).toBe(0);

      // a zone with the same offsets all year is not looked up again on the next pages
      await p.context.addCookies([{ name: 'tz', value: encodeURIComponent('Europe/Paris'), url: stage.app.baseUrl }]);
      await p.page.goto('/search');
      expect(await tzCookie(p)).toBe(encodeURIComponent('Europe/Paris'));

      // the device travels (its cookies and storage with it): the offsets change, so the next page tells the new zone
      const away = await person(stage.browser, stage.app.baseUrl, { timezoneId: 'America/New_York', storageState: await p.context.storageState() });
      stage.people.push(away);
      expect(await tzCookie(away)).toBe(encodeURIComponent('Europe/Paris'));
      await away.page.goto('/');
      expect(await tzCookie(away)).toBe(encodeURIComponent('America/New_York'));
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${stage.report()}`);
    }
  });

  it('a browser on UTC all year sets no cookie: UTC is what pages show without one', async () => {
    const p = await person(stage.browser, stage.app.baseUrl, { timezoneId: 'UTC' });
    stage.people.push(p);
    await p.page.goto('/');
    await p.page.goto('/search');
    expect(await tzCookie(p)).toBeUndefined();
    expect(p.logs.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });
});
