import { unitsOnSale } from '../listings/availability.js';
import type { Request, Response } from 'express';
import { ListingPage } from '../../views/storefront/listing.js';
import type { ContactState } from '../../views/storefront/listing-contact.js';
import { EndedListingPage } from '../../views/storefront/listing-ended.js';
import { effectiveSchema } from '../catalog/categories.js';
import { services } from '../deps.js';
import { notFound } from '../http/errors.js';
import { absoluteUrl } from '../http/origin.js';
import { redirect, render } from '../http/render.js';
import { idParam, parseForm } from '../http/validate.js';
import { clock } from '../lib/clock.js';
import { coverImages, listingImages } from '../media/queries.js';
import { ensureVisitorId } from '../http/visitor.js';
import { paths } from '../paths.js';
import { attributeLines, canSeeUnpublished, countView, endedForBuyers, listensToListing, notPublicReason, type NotPublic } from './browse.js';
import {
  categoryTrail,
  findListingForPage,
  hasFlagged,
  isFavourite,
  sellerLiveCount,
  similarListings,
  type ListingPageRow,
} from './queries.js';
import { contactSchema, contactSeller, enquiryLimit } from './contact.js';
import { conversationsPaths } from '../conversations/paths.js';
import { kindTraits } from '../listings/kinds.js';
import { auctionPublicOf, youState } from '../auctions/page.js';
import { streams } from '../realtime/streams.js';

const DESCRIPTION_MAX = 160;

interface Found {
  listing: ListingPageRow;
  notPublic: NotPublic | null;
  /** a buyer or visitor at an ended listing: they get the "has ended" page */
  ended: boolean;
}

/**
 * The listing a request names, if this viewer may see it: 404 otherwise, so
 * unpublished listings are not revealed; an ended one is shown to buyers as ended.
 */
async function visibleListing(req: Request): Promise<Found> {
  const id = idParam(req.params.id);
  const listing = id ? await findListingForPage(services(req).db, id) : undefined;
  if (!listing) throw notFound('That listing');
  const notPublic = notPublicReason(listing, clock.now());
  if (notPublic && !canSeeUnpublished(req.user ?? null, listing)) {
    if (endedForBuyers(notPublic)) return { listing, notPublic, ended: true };
    throw notFound('That listing');
  }
  return { listing, notPublic, ended: false };
}

/**
 * 410 Gone: the page says the listing has ended and points at similar ones, and
 * the status tells search engines and link checkers to drop the address (a 200
 * would keep a dead offer indexed; a 404 would hide from buyers what they had
 * favourited or been sent). htmx swaps 4xx answers, so boosted links show it too.
 */
async function showEnded(req: Request, res: Response, l: ListingPageRow) {
  const { db } = services(req);
  const now = clock.now();
  const trail = await categoryTrail(db, l.category_id);
  const parent = trail.length > 1 ? trail[trail.length - 2] : null;
  const [images, sellerLive, similar] = await Promise.all([
    listingImages(db, l.id),
    sellerLiveCount(db, l.seller_id, now),
    similarListings(db, l, parent?.id ?? l.category_id, now),
  ]);
  const covers = await coverImages(
    db,
    similar.map((t) => t.id),
  );
  await render(req, res, {
    title: `${l.title} (ended)`,
    description: metaDescription(l),
    status: 410,
    body: () => <EndedListingPage listing={l} images={images} trail={trail} sellerLive={sellerLive} similar={similar} covers={covers} />,
  });
}

function metaDescription(l: ListingPageRow): string {
  if (l.seo_description) return l.seo_description;
  const text = l.description.replace(/\s+/g, ' ').trim();
  if (text.length <= DESCRIPTION_MAX) return text || l.title;
  return `${text.slice(0, DESCRIPTION_MAX - 1).trimEnd()}…`;
}

/** On PUBLIC_URL (or this machine in development), never on the Host header a client sent. */
const absolute = (req: Request, path: string): string | undefined => absoluteUrl(req, path);

async function showListing(req: Request, res: Response, found: Found, opts: { status?: number; contact?: ContactState } = {}) {
  const s = services(req);
  const { db } = s;
  const { listing: l, notPublic } = found;
  const viewer = req.user ?? null;
  const now = clock.now();
  const trail = await categoryTrail(db, l.category_id);
  const parent = trail.length > 1 ? trail[trail.length - 2] : null;
  const [images, { left, variants }, schema, sellerLive, similar, favourite, flagged] = await Promise.all([
    listingImages(db, l.id),
    unitsOnSale(db, l),
    effectiveSchema(db, l.category_id),
    sellerLiveCount(db, l.seller_id, now),
    similarListings(db, l, parent?.id ?? l.category_id, now),
    viewer ? isFavourite(db, viewer.id, l.id) : Promise.resolve(false),
    viewer ? hasFlagged(db, viewer.id, l.id) : Promise.resolve(false),
  ]);
  const covers = await coverImages(
    db,
    similar.map((t) => t.id),
  );
  // an auction on sale: its live box (price, end, bids) on the page, and the page on the auction's stream
  const auctionPub = l.kind === 'auction' && !notPublic ? await auctionPublicOf(db, l.id) : undefined;
  const auction = auctionPub ? { pub: auctionPub, you: viewer ? await youState(db, l.id, viewer.id) : undefined } : undefined;
  if (req.method === 'GET' && !notPublic) {
    await countView(db, s.redis, {
      prefix: s.config.REDIS_PREFIX,
      // a signed-in user's views count once per session, a visitor's once per browser
      sessionId: viewer ? req.sessionID : `v:${ensureVisitorId(req, res, s.config)}`,
      listingId: l.id,
      sellerId: l.seller_id,
      viewerId: viewer?.id ?? null,
      ttlSeconds: Math.ceil(s.config.SESSION_ABSOLUTE_HOURS * 3600),
    });
  }
  const livePrice = listensToListing(l, notPublic, viewer);
  await render(req, res, {
    title: l.seo_title ?? l.title,
    description: metaDescription(l),
    canonical: absolute(req, paths.listing(l.id, l.slug)),
    status: opts.status,
    streams: auction ? [streams.auction(l.id)] : livePrice ? [streams.listing(l.id)] : undefined,
    body: (ctx) => (
      <ListingPage
        listing={l}
        notPublic={notPublic}
        viewer={ctx.user}
        csrf={ctx.csrf}
        images={images}
        variants={variants}
        left={left}
        trail={trail}
        attributes={attributeLines(schema, l.attributes ?? {})}
        sellerLive={sellerLive}
        similar={similar}
        covers={covers}
        favourite={favourite}
        flagged={flagged}
        contact={opts.contact}
        now={now}
        auction={auction}
        livePrice={livePrice}
      />
    ),
  });
}

export const listingController = {
  /** The public page; any other spelling of the slug is sent to the canonical address. */
  async show(req: Request, res: Response) {
    const found = await visibleListing(req);
    const canonical = paths.listing(found.listing.id, found.listing.slug);
    if (req.params.slug !== found.listing.slug) {
      res.redirect(301, canonical);
      return;
    }
    if (found.ended) return showEnded(req, res, found.listing);
    await showListing(req, res, found);
  },

  /** A buyer's message to the seller; the page again with the message kept when it cannot be sent. */
  async contact(req: Request, res: Response) {
    const s = services(req);
    const found = await visibleListing(req);
    if (found.notPublic) throw notFound('That listing');
    const parsed = parseForm(contactSchema, req.body);
    if (!parsed.ok) return showListing(req, res, found, { status: 422, contact: { value: parsed.values.message, error: parsed.errors.message } });
    const limited = await enquiryLimit(s, req.user!.id, found.listing.id);
    if (limited) res.set(limited.headers);
    if (limited) return showListing(req, res, found, { status: 429, contact: { value: parsed.data.message, formError: limited.message } });
    const result = await contactSeller(s.db, req.user!.id, found.listing.id, parsed.data.message);
    if (!result.ok && result.reason === 'own_listing') return showListing(req, res, found, { status: 422, contact: { value: parsed.data.message, formError: result.message } });
    // the seller blocked this buyer (or the buyer the seller): said plainly, the message kept
    if (!result.ok && result.reason !== 'not_found') return showListing(req, res, found, { status: 403, contact: { value: parsed.data.message, formError: result.message } });
    if (!result.ok) throw notFound('That listing');
    redirect(req, res, `${conversationsPaths.conversation(result.conversationId)}#message-${result.messageId}`, { kind: 'info', text: 'Your message was sent to the seller.' });
  },
};
