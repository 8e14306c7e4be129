import { defineConfig } from 'vitest/config';

/**
 * Two groups, run one after the other. First every request and domain test, two files at a
 * time. Then the browser journeys, one file at a time: each starts a web process, a worker
 * and Chromium, and next to other files on a 2-core machine they starve each other.
 * Browser journeys wait for conditions (Playwright's auto-wait, expect.poll), never for
 * fixed times, so their generous limits only matter on a slow machine.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**'],
          // files of one worker share its modules (the app is imported once per worker, not once per file);
          // each file has its own database, and tests/setup-file.ts puts the clock back before it
          isolate: false,
          setupFiles: ['tests/setup-file.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // the default (1 s) is far too short for a live update on a loaded machine
          expect: { poll: { timeout: 30_000, interval: 100 } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
