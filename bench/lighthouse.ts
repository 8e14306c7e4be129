/**
 * Lighthouse (mobile, a visitor, simulated throttling) on the pages a buyer
 * lands on: home, search, a listing and a shop. Starts its own web process in
 * production mode on a scratch database with the demo data, and drives
 * Debian's Chromium through chrome-launcher (nothing is downloaded).
 *
 *   npm run bench:lighthouse
 *   LIGHTHOUSE_RUNS=3 npm run bench:lighthouse        # the median of 3 runs per page
 *   DEMO_LISTINGS=60 npm run bench:lighthouse          # size of the demo catalog (default 60 here)
 *   LIGHTHOUSE_REPORTS=/tmp/lh npm run bench:lighthouse # also keep each full report (JSON) there
 *
 * Targets: performance ≥ 90 and accessibility 100 on every page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { Cleanup, createScratch, log, machineLine, startWebChild, table } from './lib.js';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 1);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** a folder to keep each run's full report in (JSON, opens in the Lighthouse viewer) */
const REPORTS = process.env.LIGHTHOUSE_REPORTS;

interface Scores {
  page: string;
  url: string;
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  bytes: number;
  /** Lighthouse's measure of this machine's CPU speed during the run (a loaded machine scores low; ≥ 1000 is what its mobile throttling assumes) */
  cpuIndex: number;
  /** failed accessibility audits and the performance audits that cost the most */
  findings: string[];
}

type LhResult = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function findings(lhr: LhResult): string[] {
  const out: string[] = [];
  for (const ref of lhr.categories.accessibility?.auditRefs ?? []) {
    const a = lhr.audits[ref.id];
    if (ref.weight > 0 && a.score !== null && a.score < 1) out.push(`a11y: ${a.title}`);
  }
  for (const a of Object.values(lhr.audits)) {
    const details = a.details as { type?: string; overallSavingsMs?: number } | undefined;
    if (details?.type === 'opportunity' && a.score !== null && a.score < 0.9 && (details.overallSavingsMs ?? 0) >= 100) out.push(`perf: ${a.title} (~${Math.round(details.overallSavingsMs!)} ms)`);
  }
  for (const id of ['uses-long-cache-ttl', 'uses-text-compression', 'unsized-images', 'render-blocking-resources', 'layout-shifts']) {
    const a = lhr.audits[id];
    if (a && a.score !== null && a.score < 1 && !out.some((f) => f.includes(a.title))) out.push(`perf: ${a.title}`);
  }
  return out;
}

async function audit(port: number, page: string, url: string): Promise<Scores> {
  const runs: Scores[] = [];
  for (let i = 0; i < RUNS; i++) {
    log(`lighthouse ${page}: ${url}${RUNS > 1 ? ` (run ${i + 1}/${RUNS})` : ''}`);
    let lhr: LhResult | undefined;
    // on a loaded machine Lighthouse now and then fails to record its trace (NO_NAVSTART and
    // the like): such a run measured nothing, so it is run again, at most twice
    for (let attempt = 1; ; attempt++) {
      const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
      if (!result) throw new Error(`lighthouse gave no result for ${url}`);
      lhr = result.lhr;
      if (!lhr.runtimeError) break;
      if (attempt === 3) throw new Error(`lighthouse ${url}: ${lhr.runtimeError.message}`);
      log(`lighthouse ${page}: ${lhr.runtimeError.code}, running it again`);
    }
    if (REPORTS) {
      mkdirSync(REPORTS, { recursive: true });
      writeFileSync(path.join(REPORTS, `${page}-${i + 1}.json`), JSON.stringify(lhr));
    }
    const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    runs.push({
      page,
      url,
      performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility.score ?? 0) * 100),
      fcp: num('first-contentful-paint'),
      lcp: num('largest-contentful-paint'),
      tbt: num('total-blocking-time'),
      cls: num('cumulative-layout-shift'),
      bytes: num('total-byte-weight'),
      cpuIndex: Math.round(lhr.environment.benchmarkIndex),
      findings: findings(lhr),
    });
  }
  runs.sort((a, b) => a.performance - b.performance);
  return runs[Math.floor(runs.length / 2)];
}

async function main() {
  const cleanup = new Cleanup();
  cleanup.watchdog(600_000);
  try {
    const scratch = await createScratch(cleanup, 'lighthouse');
    const files = mkdtempSync(path.join(os.tmpdir(), 'souk-lighthouse-'));
    cleanup.add('remove demo files', () => rmSync(files, { recursive: true, force: true }));
    // the demo data (with its generated photos) goes to this run's own file store
    process.env.STORAGE_DIR = files;
    process.env.DEMO_LISTINGS ??= '60';
    log(`demo data (${process.env.DEMO_LISTINGS} listings)`);
    const { seedDemo } = await import('../seeds/demo.js');
    await seedDemo(scratch.db);
    await scratch.db.raw('analyze');

    const web = await startWebChild(cleanup, 'web', scratch, { STORAGE_DIR: files, PUBLIC_URL: 'http://127.0.0.1' });
    const listing = await scratch.db('listings').where({ status: 'active' }).orderBy('id').first('id');
    const shop = await scratch.db('sellers').whereNotNull('slug').orderBy('user_id').first('slug').catch(() => undefined);
    const pages: [string, string][] = [
      ['home', '/'],
      ['search', '/search?q=lamp'],
      // the listing's canonical address (the bare id redirects to it)
      ['listing', new URL((await fetch(`${web.baseUrl}/listings/${listing.id}`, { signal: AbortSignal.timeout(10_000) })).url).pathname],
    ];
    if (shop?.slug) pages.push(['shop', `/shops/${shop.slug}`]);
    else log('no shop pages in this build: shop not audited');

    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      logLevel: 'silent',
    });
    cleanup.add('stop chromium', async () => {
      chrome.kill();
    });

    const results: Scores[] = [];
    for (const [page, pathname] of pages) results.push(await audit(chrome.port, page, `${web.baseUrl}${pathname}`));

    console.log(`\nLighthouse ${RUNS > 1 ? `(median of ${RUNS} runs) ` : ''}mobile, visitor, simulated throttling\n${machineLine()}\n`);
    console.log(
      table(
        ['page', 'performance', 'accessibility', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'KiB', 'CPU index'],
        results.map((r) => [`${r.page} (${new URL(r.url).pathname}${new URL(r.url).search})`, r.performance, r.accessibility, r.fcp.toFixed(0), r.lcp.toFixed(0), r.tbt.toFixed(0), r.cls.toFixed(3), (r.bytes / 1024).toFixed(0), r.cpuIndex]),
      ),
    );
    for (const r of results) if (r.findings.length) console.log(`\n${r.page}:\n  ${r.findings.join('\n  ')}`);
    const missed = results.filter((r) => r.performance < 90 || r.accessibility < 100);
    console.log(missed.length ? `\nbelow target (performance ≥ 90, accessibility 100): ${missed.map((r) => r.page).join(', ')}` : '\nevery page meets the targets (performance ≥ 90, accessibility 100)');
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:lighthouse failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
    process.exit(1);
  },
);
