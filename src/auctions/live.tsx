import type { LiveContext, Reactions } from '../outbox/reaction.js';
import type { LiveMessage } from '../realtime/bus.js';
import { publishPartial, publishSignal } from '../realtime/publish.js';
import { streams } from '../realtime/streams.js';
import { clock } from '../lib/clock.js';
import { auctionEvents, AuctionEndsPart, AuctionHistoryPart, AuctionPricePart } from '../../views/auctions/live-parts.js';
import { auctionPublicOf } from './page.js';

type Part = 'price' | 'history' | 'ends';

/** Which public parts each auction event changes. */
const PARTS: Record<string, Part[]> = {
  'bid.placed': ['price', 'history', 'ends'],
  'auction.extended': ['ends'],
  'auction.closed': ['price', 'history', 'ends'],
};

/**
 * Pushes an auction's public parts after one of its events: each part is rendered
 * once, from the committed state as it is now (so a late event never shows an older
 * price), and pushed to every page on the auction's stream. The previous leader of
 * a bid that changed the lead gets a signal on their own stream, and their page
 * fetches its "you" part again; a close tells every page to fetch its box again.
 */
export async function pushAuctionParts(topic: string, payload: Record<string, unknown>, ctx: LiveContext | undefined): Promise<LiveMessage[]> {
  if (!ctx?.db) return [];
  const listingId = Number(payload.listingId);
  if (!Number.isSafeInteger(listingId) || listingId < 1) return [];
  const pub = await auctionPublicOf(ctx.db, listingId, { create: false });
  if (!pub) return [];
  const stream = streams.auction(listingId);
  const now = clock.now();
  for (const part of PARTS[topic] ?? []) {
    if (part === 'price') await publishPartial(ctx.bus, stream, auctionEvents.price, await (<AuctionPricePart box={pub.box} />));
    if (part === 'history') await publishPartial(ctx.bus, stream, auctionEvents.history, await (<AuctionHistoryPart listingId={listingId} currency={pub.box.currency} lines={pub.history} />));
    if (part === 'ends') await publishPartial(ctx.bus, stream, auctionEvents.ends, await (<AuctionEndsPart box={pub.box} now={now} />));
  }
  if (topic === 'bid.placed') {
    const previous = payload.previousLeaderId === null || payload.previousLeaderId === undefined ? null : Number(payload.previousLeaderId);
    const leader = payload.leaderId === null || payload.leaderId === undefined ? null : Number(payload.leaderId);
    if (previous !== null && previous !== leader) await publishSignal(ctx.bus, streams.user(previous), auctionEvents.you, String(listingId));
  }
  if (topic === 'auction.closed') {
    await publishSignal(ctx.bus, stream, auctionEvents.closed, String(listingId));
    // every bidder's standing changed (won, lost): their parts fetch themselves again
    const ids = Array.isArray(payload.bidderIds) ? payload.bidderIds.map(Number) : [];
    for (const id of ids) if (Number.isSafeInteger(id) && id > 0) await publishSignal(ctx.bus, streams.user(id), auctionEvents.you, String(listingId));
  }
  return [];
}

const live = (topic: string) => (payload: Record<string, unknown>, ctx?: LiveContext) => pushAuctionParts(topic, payload, ctx);

/** What every open auction page gets after a bid, an extension and the close (see pushAuctionParts). */
export const auctionLiveReactions: Reactions = {
  'bid.placed': { live: live('bid.placed') },
  'auction.extended': { live: live('auction.extended') },
  'auction.closed': { live: live('auction.closed') },
};
