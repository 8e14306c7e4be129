import type { LiveContext, Reactions } from '../outbox/reaction.js';
import type { LiveMessage } from '../realtime/bus.js';
import { publishPartial, publishSignal } from '../realtime/publish.js';
import { streams } from '../realtime/streams.js';
import { clock } from '../lib/clock.js';
import { auctionEvents, AuctionEndsPart, AuctionHistoryPart, AuctionPricePart } from '../../views/auctions/live-parts.js';
import { auctionPublicOf } from './page.js';

const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0) : []);
const id = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Pushes an auction's public parts after an event that changed them: one message
 * per event, rendered once from the committed state as it is now (so a late event
 * never shows an older price). The price part swaps itself; the history and the
 * end ride along as out-of-band swaps, so every open page gets one frame per bid.
 *
 * Personal parts follow by signals on users' own streams, each fetched again and
 * authorized on that request: the leader a bid displaced; every bidder when the
 * auction closed or was suspended, or when a removed bid changed who leads. A close
 * or a suspension also tells every page on the stream to fetch its box again (the
 * bid form goes).
 */
export async function pushAuctionParts(topic: string, payload: Record<string, unknown>, ctx: LiveContext | undefined): Promise<LiveMessage[]> {
  if (!ctx?.db) return [];
  const listingId = Number(payload.listingId);
  if (!Number.isSafeInteger(listingId) || listingId < 1) return [];
  const pub = await auctionPublicOf(ctx.db, listingId, { create: false });
  if (!pub) return [];
  const stream = streams.auction(listingId);
  const html =
    (await (<AuctionPricePart box={pub.box} />)) +
    (await (<AuctionHistoryPart listingId={listingId} currency={pub.box.currency} lines={pub.history} oob />)) +
    (await (<AuctionEndsPart box={pub.box} now={clock.now()} oob />));
  await publishPartial(ctx.bus, stream, auctionEvents.update, html);

  const you = new Set<number>();
  if (topic === 'bid.placed') {
    const previous = id(payload.previousLeaderId);
    if (previous !== null && previous !== id(payload.leaderId)) you.add(previous);
  }
  if (topic === 'auction.bid_removed') {
    for (const b of ids(payload.removedBidderIds)) you.add(b);
    for (const b of [id(payload.previousLeaderId), id(payload.leaderId)]) if (b !== null) you.add(b);
  }
  if (topic === 'auction.closed' || topic === 'auction.suspended') {
    await publishSignal(ctx.bus, stream, auctionEvents.closed, String(listingId));
    for (const b of ids(payload.bidderIds)) you.add(b);
  }
  for (const b of you) await publishSignal(ctx.bus, streams.user(b), auctionEvents.you, String(listingId));
  return [];
}

const live = (topic: string) => (payload: Record<string, unknown>, ctx?: LiveContext) => pushAuctionParts(topic, payload, ctx);

/** What every open auction page gets after a bid, a removed bid, a suspension and the close (see pushAuctionParts). */
export const auctionLiveReactions: Reactions = Object.fromEntries(['bid.placed', 'auction.bid_removed', 'auction.suspended', 'auction.closed'].map((t) => [t, { live: live(t) }]));
