/** What Node reports when the other end goes away mid-answer (a cancelled download, a closed tab). */
const ABORT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED']);

/**
 * True when an error only says the client stopped listening (a cancelled
 * download, a closed tab): logged as info, never as a server error. A source
 * that fails mid-answer keeps its own error, so it is still reported.
 */
export function isClientAbort(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && ABORT_CODES.has(e.code)) return true;
  return Boolean(e && e.message === 'aborted');
}
