import type { LiveContext, Reactions } from '../outbox/reaction.js';
import type { LiveMessage } from '../realtime/bus.js';
import { publishPartial } from '../realtime/publish.js';
import { streams } from '../realtime/streams.js';
import { clock } from '../lib/clock.js';
import { unitsOnSale } from '../listings/availability.js';
import { listingPriceEvent, PriceBox } from '../../views/storefront/listing-price.js';
import { notPublicReason } from './browse.js';
import { findListingForPage } from './queries.js';

/**
 * Pushes a listing's price box to its open pages after its price or stock changed
 * (an edit, units reserved by an order or given back, the last unit sold, a
 * restock): rendered once from the committed
 * state, the same for every viewer. Auctions have their own stream; a listing
 * that is not on sale pushes nothing.
 */
export async function pushListingPrice(payload: Record<string, unknown>, ctx: LiveContext | undefined): Promise<LiveMessage[]> {
  if (!ctx?.db) return [];
  const listingId = Number(payload.listingId);
  if (!Number.isSafeInteger(listingId) || listingId < 1) return [];
  const l = await findListingForPage(ctx.db, listingId);
  const now = clock.now();
  if (!l || l.kind === 'auction' || notPublicReason(l, now)) return [];
  const { left, variants } = await unitsOnSale(ctx.db, l);
  const html = await (<PriceBox listing={l} variants={variants} left={left} now={now} live />);
  await publishPartial(ctx.bus, streams.listing(listingId), listingPriceEvent, html);
  return [];
}

/** What every open page of a listing gets when its price or stock changes. */
export const storefrontLiveReactions: Reactions = Object.fromEntries(['listing.edited', 'listing.units_changed', 'listing.sold_out', 'listing.restocked'].map((t) => [t, { live: pushListingPrice }]));
