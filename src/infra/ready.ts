/**
 * Resolves once `url` answers 200, polling every `everyMs`; rejects when
 * `gaveUp()` turns true (the process that should answer has exited) or after
 * `timeoutMs`. Used so `npm start` says "running" only when a browser would
 * get a page.
 */
export async function waitForHttp(url: string, opts: { timeoutMs: number; everyMs?: number; gaveUp?: () => boolean }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.gaveUp?.()) throw new Error(`stopped before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(2000, Math.max(100, deadline - Date.now()))) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() >= deadline) throw new Error(`${url} did not answer within ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 200));
  }
}
