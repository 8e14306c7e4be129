/** True when this module is the program node was asked to run (`node …/main.js`). */
export function isEntry(pattern: RegExp): boolean {
  return Boolean(process.argv[1] && pattern.test(process.argv[1]));
}

/**
 * Runs a process role until SIGINT/SIGTERM, then stops it gracefully. A start
 * failure (e.g. bad configuration) prints its message and exits non-zero.
 */
export function runUntilSignal(name: string, start: () => Promise<{ stop: () => Promise<void> }>): void {
  start()
    .then(({ stop }) => {
      const shutdown = (signal: string) => {
        console.error(`${name}: ${signal}, shutting down`);
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
