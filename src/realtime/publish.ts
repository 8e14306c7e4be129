import type { LiveBus } from './bus.js';
import { isPublicStream } from './streams.js';

/** Signs of a per-user token in markup; one rendered partial is pushed to every viewer, so it may carry none. */
const PERSONAL = /name="_csrf"|x-csrf-token|hx-headers/i;

/**
 * Pushes a rendered partial on a public stream: every page on the stream swaps it
 * into its element with `sse-swap="<event>"`. The message gets an id, so a browser
 * that reconnects with Last-Event-ID is sent what it missed. The partial must be
 * the same for every viewer: no token, no name, nothing of one user (those parts
 * are re-fetched on a signal on the user's own stream, see `publishSignal`).
 */
export async function publishPartial(bus: LiveBus, stream: string, event: string, html: string): Promise<number> {
  if (!isPublicStream(stream)) throw new Error(`publishPartial: ${stream} is not a public stream`);
  if (PERSONAL.test(html)) throw new Error(`publishPartial: the ${event} partial carries a token; pushed partials are the same for every viewer`);
  return bus.publish({ stream, event, data: html });
}

/**
 * Tells the pages on a stream that something changed: parts listening with
 * `hx-trigger="sse:<event>"` fetch themselves again, authorized on that request.
 * The way private data (a balance, "you were outbid") reaches a page.
 */
export async function publishSignal(bus: LiveBus, stream: string, event: string, data = 'changed'): Promise<number> {
  return bus.publish({ stream, event, data });
}
