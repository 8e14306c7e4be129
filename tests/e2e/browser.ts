import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from '../app.js';

// The functions handed to page.evaluate/waitForFunction run inside the page.
declare const window: any;
declare const document: any;

/** Debian's Chromium, headless, with nothing that phones home. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** what the page printed to its console and any uncaught errors, for failure messages */
  logs: string[];
}

/** A separate browser context (own cookies, own storage) with one open page: one person. */
export async function person(browser: Browser, baseURL: string, opts: BrowserContextOptions = {}): Promise<Person> {
  const context = await browser.newContext({ baseURL, ...opts });
  // a limit for a stuck page, not a pace: every wait is for a condition, and on a loaded
  // 2-core machine a live update can take well over ten seconds to arrive
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const logs: string[] = [];
  page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  return { context, page, logs };
}

/**
 * Resolves once htmx has loaded, the page's live stream (if any) is open, and the
 * catch-up re-fetches its opening triggers have finished: from then on every change is
 * pushed to the page, and no catch-up swap is still on its way to overwrite what a test
 * does next.
 */
export async function waitForLive(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const header = document.querySelector('[sse-connect]');
    if (!window.htmx) return false;
    if (!header) return true;
    // htmx-ext-sse keeps the page's EventSource in htmx's internal data of the [sse-connect] element
    const src = header['htmx-internal-data']?.sseEventSource;
    if (!src || src.readyState !== 1) return false; // not OPEN yet
    // the catch-up requests are sent as the stream opens; #progress is every request's indicator,
    // and a part they replaced listens again once it has settled
    return !document.getElementById('progress')?.classList.contains('htmx-request') && !document.querySelector('.htmx-settling');
  });
}

/** Signs in through the form on /signin and waits for the home page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/signin'), page.getByRole('button', { name: 'Sign in' }).click()]);
}

/** Whether htmx has loaded (scripts on and served). */
/**
 * Waits until htmx has finished swapping and settling: new content is wired up
 * (its triggers listen) only when it settles, so acting on it earlier can be missed.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added'));
}

export function hasHtmx(page: Page): Promise<boolean> {
  return page.evaluate(() => 'htmx' in window);
}

/** Leaves a mark in the page's window; the same mark later proves the page was never reloaded. */
export function markPage(page: Page): Promise<number> {
  return page.evaluate(() => (window.__souk_mark = Math.random()));
}
export function pageMark(page: Page): Promise<number | undefined> {
  return page.evaluate(() => window.__souk_mark);
}

/**
 * Resolves, once the page's next htmx request is sent, with whether the
 * #progress indicator carried the htmx-request class at that moment.
 */
export async function progressDuringNextRequest(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    window.__souk_progress = new Promise<boolean>((resolve) => {
      document.body.addEventListener('htmx:beforeSend', () => resolve(document.getElementById('progress').classList.contains('htmx-request')), { once: true });
    });
  });
  return () => page.evaluate(() => window.__souk_progress);
}

/** Loads axe-core into the page (through the automation channel: the CSP allows no inline script) and runs it. */
export async function runAxe(page: Page, axeSource: string): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

let axeScript: Promise<string> | undefined;

/** Runs axe on the page as it is and returns its serious and critical findings, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeScript ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const violations = await runAxe(page, await axeScript);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}

/** A test file's app and browser, and the people it opened (for console reports on failure). */
export interface Stage {
  app: TestApp;
  browser: Browser;
  people: Person[];
  /** every person's browser console, for a failing assertion's message */
  report(): string;
}

/** Starts the app and a browser before the file's tests and closes both after them. */
export function useStage(options?: Parameters<typeof startTestApp>[0]): Stage {
  const stage = { people: [] as Person[] } as Stage;
  stage.report = () => stage.people.map((p, i) => `--- person ${i} console ---\n${p.logs.join('\n')}`).join('\n');
  beforeAll(async () => {
    [stage.app, stage.browser] = await Promise.all([startTestApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.app?.stop();
  });
  return stage;
}
