import type { CurrentUser } from '../../src/accounts/queries.js';
import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import type { AttributeLine, NotPublic } from '../../src/storefront/browse.js';
import type { CategoryCrumb, ListingPageRow, TileRow, VariantRow } from '../../src/storefront/queries.js';
import { Time } from '../components/time.js';
import { Gallery } from '../media/gallery.js';
import { FlagBox } from '../moderation/flag-box.js';
import { FavouriteButton } from './favourites-button.js';
import { ContactBox, type ContactState } from './listing-contact.js';
import { listingHref, PriceBox } from './listing-price.js';
import { ListingBreadcrumb } from './listing-breadcrumb.js';
import { ListingTiles } from './listing-tile.js';
import { SellerCard } from './seller-card.js';
import { DeliveryBox, DeliveryLine } from './listing-delivery.js';
import { SellerLine } from './listing-seller-line.js';
import { ListingAddToCart } from '../carts/add-to-cart.js';
import type { AuctionPublic, YouState } from '../../src/auctions/page.js';
import { BidBox, CountdownScript } from '../auctions/bid-box.js';
import { auctionExtrasPaths } from '../../src/auctions/extras-paths.js';

export interface ListingPageProps {
  listing: ListingPageRow;
  notPublic: NotPublic | null;
  viewer: CurrentUser | null;
  csrf: string;
  images: ImageView[];
  variants: VariantRow[];
  /** units left of a listing without variants (null: not counted) */
  left: number | null;
  trail: CategoryCrumb[];
  attributes: AttributeLine[];
  sellerLive: number;
  similar: TileRow[];
  covers: Map<number, ImageView>;
  favourite: boolean;
  flagged: boolean;
  contact?: ContactState;
  now: Date;
  /** an auction's public state and the viewer's standing in it (an auction listing on sale) */
  auction?: { pub: AuctionPublic; you?: YouState };
  /** the page listens to the listing's stream: its price box replaces itself when the price or stock changes */
  livePrice?: boolean;
}

const CONDITIONS: Record<string, string> = { new: 'New', used: 'Used', refurbished: 'Refurbished' };

const NOT_PUBLIC_TEXT: Record<NotPublic, string> = {
  draft: 'It is a draft: submit it for review to publish it.',
  pending: 'It is waiting for review by a moderator.',
  rejected: 'A moderator rejected it.',
  expired: 'Its listing period has ended.',
  paused: 'The seller paused it.',
  hidden: 'It was hidden after reports from buyers and waits for a moderator.',
  deleted: 'It was deleted.',
};

/** The description as the seller wrote it: blank lines start paragraphs, single line breaks are kept. */
function Description(props: { text: string }) {
  const paragraphs = props.text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paragraphs.length === 0) return <p class="meta">The seller did not write a description.</p>;
  return (
    <div class="description">
      {paragraphs.map((p) => (
        <p>
          {p.split('\n').map((line, i) => (
            <>
              {i > 0 ? <br /> : ''}
              <span safe>{line}</span>
            </>
          ))}
        </p>
      ))}
    </div>
  );
}

export function ListingPage(props: ListingPageProps) {
  const l = props.listing;
  const url = listingHref(l);
  const isOwner = Boolean(props.viewer && props.viewer.id === Number(l.seller_id));
  // an auction on sale shows its live bid box (price, reserve, end), not a static price above it
  const liveBox = l.kind === 'auction' && !props.notPublic;
  return (
    <article class="listing" id={`listing-${l.id}`} data-kind={l.kind} data-status={l.status}>
      <ListingBreadcrumb trail={props.trail} title={l.title} />
      {props.notPublic ? (
        <div class="notice not-public" id="not-public" role="status">
          <p>
            <strong safe>{`Not public: ${props.notPublic}`}</strong>
          </p>
          <p safe>{`Only ${isOwner ? 'you and' : 'the seller and'} moderators can see this listing. ${NOT_PUBLIC_TEXT[props.notPublic]}`}</p>
        </div>
      ) : (
        ''
      )}
      {l.kind === 'auction' && props.viewer?.is_admin && !isOwner ? (
        <p class="notice admin-note">
          <a href={auctionExtrasPaths.adminAuction(l.id)}>Moderate this auction</a> (its bids, suspension).
        </p>
      ) : (
        ''
      )}
      {isOwner ? (
        <p class="notice owner-note">
          This is your listing. <a href={paths.sellerListing(l.id)}>Manage it in your shop</a>
          {l.kind === 'auction' && l.published_at ? (
            <>
              {' '}
              or <a href={auctionExtrasPaths.auctionSelling(l.id)}>manage the auction</a> (cancel it, offers, relist)
            </>
          ) : (
            ''
          )}
          .
        </p>
      ) : (
        ''
      )}
      {/* in the order a phone shows them, so a page painted before it is all parsed does not push the photos down; wide screens put the photos on the left */}
      <div class="listing-top">
        <header class="listing-head">
          <h1 safe>{l.title}</h1>
          <SellerLine listing={l} />
        </header>
        <section class="card buy" aria-label="Price">
          <PriceBox listing={l} variants={props.variants} left={props.left} now={props.now} liveBox={liveBox} live={props.livePrice} />
          {liveBox ? (
            props.auction ? (
              <>
                <BidBox box={props.auction.pub.box} history={props.auction.pub.history} now={props.now} csrf={props.csrf} viewerId={props.viewer?.id ?? null} you={props.auction.you} />
                <CountdownScript />
              </>
            ) : (
              <div id={`bid-box-${l.id}`} hx-get={`/auctions/${l.id}/bid-box`} hx-trigger="load" hx-swap="outerHTML">
                <a href={`/auctions/${l.id}/bid-box`}>Bid on this auction</a>
              </div>
            )
          ) : (
            ''
          )}
          <ListingAddToCart listing={l} variants={props.variants} left={props.left} viewerId={props.viewer?.id ?? null} csrf={props.csrf} notPublic={Boolean(props.notPublic)} today={props.now.toISOString().slice(0, 10)} />
          <DeliveryLine listing={l} />
          {props.notPublic ? '' : <FavouriteButton listingId={l.id} viewer={props.viewer} favourite={props.favourite} csrf={props.csrf} back={url} />}
        </section>
        <div class="listing-gallery">
          <Gallery listingId={l.id} title={l.title} images={props.images} />
        </div>
      </div>
      <dl class="facts">
        {l.condition ? (
          <>
            <dt>Condition</dt>
            <dd safe>{CONDITIONS[l.condition] ?? l.condition}</dd>
          </>
        ) : (
          ''
        )}
        {l.city ? (
          <>
            <dt>Location</dt>
            <dd>
              <span safe>{l.city}</span>
              {l.lat !== null ? <span class="meta"> (approximate location)</span> : ''}
            </dd>
          </>
        ) : (
          ''
        )}
        {l.published_at ? (
          <>
            <dt>Listed</dt>
            <dd>
              <Time at={l.published_at} />
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {props.attributes.length > 0 ? (
        <section aria-labelledby={`details-${l.id}`}>
          <h2 id={`details-${l.id}`}>Details</h2>
          <table class="attributes">
            <tbody>
              {props.attributes.map((a) => (
                <tr data-key={a.key}>
                  <th scope="row" safe>
                    {a.label}
                  </th>
                  <td safe>{a.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby={`description-${l.id}`}>
        <h2 id={`description-${l.id}`}>Description</h2>
        <Description text={l.description} />
      </section>
      <DeliveryBox listing={l} />
      <SellerCard listing={l} live={props.sellerLive} />
      {props.notPublic ? '' : <ContactBox listingId={l.id} listingUrl={url} viewer={props.viewer} isOwner={isOwner} csrf={props.csrf} state={props.contact} />}
      {props.notPublic ? '' : <FlagBox listingId={l.id} viewer={props.viewer} csrf={props.csrf} alreadyFlagged={props.flagged} own={isOwner} />}
      {props.similar.length > 0 ? (
        <section aria-labelledby={`similar-${l.id}`}>
          <h2 id={`similar-${l.id}`}>Similar listings</h2>
          <ListingTiles tiles={props.similar} covers={props.covers} label="Similar listings" id="similar" />
        </section>
      ) : (
        ''
      )}
    </article>
  );
}
