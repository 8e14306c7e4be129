import type { AppServices } from '../deps.js';
import { emit } from '../outbox/outbox.js';

/**
 * Ends the user's sessions on every device but `keepSid` (null: all of them),
 * then tells their open pages: the `account.sessions-ended` event makes each page
 * ask whether its own session still exists (those ended go to sign-in) and closes
 * the user's live streams, which only a still-valid session can reopen. The event
 * is written after the sessions are gone, so no page asks too early.
 */
export async function endSessions(s: Pick<AppServices, 'db' | 'sessions'>, userId: number, keepSid: string | null): Promise<number> {
  const ended = keepSid ? await s.sessions.destroyOthers(userId, keepSid) : await s.sessions.destroyAll(userId);
  if (ended > 0) await emit(s.db, 'account.sessions-ended', { userId });
  return ended;
}
