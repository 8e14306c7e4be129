import type { SchemaAttribute } from '../../src/catalog/queries.js';
import type { ReceiveQuote } from '../../src/commissions/receive.js';
import type { StockMovement } from '../../src/listings/availability.js';
import { kindTraits } from '../../src/listings/kinds.js';
import type { ListingRow, VariantRow } from '../../src/listings/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { formatDateTime } from '../../src/lib/locale.js';
import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import { BoostBox } from '../boosts/boost-box.js';
import { ReceiveNote } from '../commissions/receive-note.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';
import { DigitalFileBox } from '../media/digital-file.js';
import { ImagesEditor } from '../media/images-editor.js';
import { ListingActions, StatusBadge } from './status.js';
import { StockHistory } from './stock-history.js';

/**
 * The listing's state, its moderation outcome and what the seller can do now.
 * Re-fetched on the seller's `listings` signal, so an approval or rejection
 * shows up without a reload.
 */
export function ListingStatusBlock(props: { listing: ListingRow; csrf: string; nowMs: number; owner: boolean }) {
  const l = props.listing;
  return (
    <section id={`listing-status-${l.id}`} class="card" hx-get={paths.sellerListingStatus(l.id)} hx-trigger="sse:listings, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite" aria-labelledby={`status-title-${l.id}`}>
      <h2 id={`status-title-${l.id}`}>
        Status: <StatusBadge status={l.status} />
      </h2>
      {l.status === 'rejected' ? (
        <div class="flash flash-error rejection" role="alert" id="rejection-reason">
          <strong>Rejected by a moderator.</strong> <span safe>{l.rejection_reason ?? 'No reason was given.'}</span>
          <p>Fix what the moderator asked for, then submit it again.</p>
        </div>
      ) : (
        ''
      )}
      {l.status === 'pending' ? <p>A moderator will review it soon. You can still edit it meanwhile.</p> : ''}
      {l.status === 'draft' ? <p>Only you can see this draft. Submit it for review when it is ready.</p> : ''}
      {l.status === 'sold_out' ? <p>Nothing left in stock. Add stock to sell it again.</p> : ''}
      {l.hidden_at ? <p class="flash flash-error">Hidden after buyers reported it; a moderator is looking at it.</p> : ''}
      <dl class="meta">
        {l.submitted_at ? (
          <>
            <dt>Submitted</dt>
            <dd>
              <Time at={l.submitted_at} />
            </dd>
          </>
        ) : (
          ''
        )}
        {l.published_at ? (
          <>
            <dt>Published</dt>
            <dd>
              <Time at={l.published_at} />
            </dd>
          </>
        ) : (
          ''
        )}
        {l.expires_at ? (
          <>
            <dt>{l.status === 'expired' ? 'Expired' : 'Expires'}</dt>
            <dd id="expires-at">
              <Time at={l.expires_at} />
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {props.owner ? <ListingActions listing={l} csrf={props.csrf} nowMs={props.nowMs} /> : ''}
    </section>
  );
}

const money = (n: number | null, currency: string) => (n === null ? '—' : formatMoney(n, currency));

function Row(props: { label: string; value: string | null | undefined; id?: string }) {
  if (props.value === null || props.value === undefined || props.value === '') return '';
  return (
    <>
      <dt safe>{props.label}</dt>
      <dd id={props.id} safe>
        {props.value}
      </dd>
    </>
  );
}

export function VariantsTable(props: { listing: ListingRow; variants: VariantRow[]; schema: SchemaAttribute[] }) {
  const axes = props.listing.variant_axes.map((k) => props.schema.find((a) => a.key === k)?.label ?? k);
  return (
    <table class="cards" id="variants-table">
      <caption>Variants</caption>
      <thead>
        <tr>
          {axes.map((a) => (
            <th scope="col" safe>
              {a}
            </th>
          ))}
          <th scope="col">SKU</th>
          <th scope="col">Price</th>
          <th scope="col">Stock</th>
        </tr>
      </thead>
      <tbody>
        {props.variants.map((v) => (
          <tr data-sku={v.sku}>
            {props.listing.variant_axes.map((k, i) => (
              <td data-label={axes[i]} safe>{v.options[k] ?? ''}</td>
            ))}
            <td data-label="SKU" safe>{v.sku}</td>
            <td data-label="Price" safe>{formatMoney(v.price, props.listing.currency)}</td>
            <td data-label="Stock">{v.stock}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SellerListingPage(props: {
  listing: ListingRow;
  categoryName: string;
  schema: SchemaAttribute[];
  variants: VariantRow[];
  images: ImageView[];
  csrf: string;
  nowMs: number;
  owner: boolean;
  /** the owner's view: what they receive per sale, and the stock history of counted kinds */
  commission?: ReceiveQuote | null;
  movements?: StockMovement[] | null;
  viewerId?: number;
}) {
  const l = props.listing;
  const c = l.currency;
  const attrs = props.schema.filter((a) => l.attributes[a.key] !== undefined);
  return (
    <article id={`seller-listing-${l.id}`}>
      <p>
        <a href={paths.sellerListings()}>← My listings</a>
      </p>
      <h1 id="listing-title" safe>
        {l.title}
      </h1>
      <ListingStatusBlock listing={l} csrf={props.csrf} nowMs={props.nowMs} owner={props.owner} />
      {props.owner && props.commission ? <ReceiveNote id={`receive-note-${l.id}`} {...props.commission} /> : ''}
      {props.owner ? (
        <p class="actions">
          <a href={paths.editListing(l.id)} class="button" id="edit-listing">
            Edit
          </a>
          {kindTraits[l.kind].stock ? <a href={paths.listingVariants(l.id)}>Variants</a> : ''}
          {l.status === 'active' || l.status === 'sold_out' ? <a href={paths.listing(l.id, l.slug)}>See it as buyers do</a> : ''}
        </p>
      ) : (
        ''
      )}
      <h2>Details</h2>
      <dl id="listing-details">
        <Row label="Kind" value={kindTraits[l.kind].label} />
        <Row label="Category" value={props.categoryName} />
        {kindTraits[l.kind].bids ? (
          <>
            <Row label="Starting price" value={money(l.start_price, c)} />
            <Row label="Reserve" value={l.reserve_price === null ? 'None' : money(l.reserve_price, c)} />
            <Row label="Buy now" value={l.buy_now_price === null ? 'None' : `${money(l.buy_now_price, c)}, ${l.auction_buy_now_until === 'reserve_met' ? 'until bids reach the reserve' : 'until the first bid'}`} />
            <Row label="Late bids extend the end by" value={`${l.auction_soft_close_minutes ?? 2} minute${(l.auction_soft_close_minutes ?? 2) === 1 ? '' : 's'}`} />
            <Row label="Bidding opens" value={l.starts_at ? formatDateTime(new Date(l.starts_at)) : null} />
            <Row label="Bidding closes" value={l.ends_at ? formatDateTime(new Date(l.ends_at)) : null} />
          </>
        ) : (
          <Row label={kindTraits[l.kind].contactOnly ? 'Asking price' : 'Price'} id="listing-price" value={l.price === null ? '—' : `${props.variants.length ? 'from ' : ''}${money(l.price, c)}${l.price_unit ? ` per ${l.price_unit}` : ''}`} />
        )}
        {kindTraits[l.kind].stock ? <Row label="Stock" id="listing-stock" value={props.variants.length ? `${props.variants.reduce((n, v) => n + v.stock, 0)} across variants` : String(l.stock ?? 0)} /> : ''}
        <Row label="Condition" value={l.condition} />
        <Row label="City" value={l.city} />
        <Row label="Position" value={l.lat !== null ? `${l.lat}, ${l.lng}` : null} />
        <Row label="Address" value={paths.listing(l.id, l.slug)} />
        <Row label="Search engine title" value={l.seo_title} />
        <Row label="Search engine description" value={l.seo_description} />
        {kindTraits[l.kind].download ? <Row label="File" value={l.digital_file_name ?? 'Not uploaded yet'} /> : ''}
        <Row label="Views" value={String(l.views)} />
        <Row label="Favourites" value={String(l.favourites_count)} />
        {attrs.map((a) => {
          const v = l.attributes[a.key];
          return <Row label={a.label} value={typeof v === 'boolean' ? (v ? 'Yes' : 'No') : `${v}${a.unit ? ` ${a.unit}` : ''}`} />;
        })}
      </dl>
      <h2>Description</h2>
      <div class="description" id="listing-description" safe>
        {l.description || '(none yet)'}
      </div>
      {props.variants.length ? <VariantsTable listing={l} variants={props.variants} schema={props.schema} /> : ''}
      {props.owner && props.movements ? <StockHistory listingId={l.id} movements={props.movements} viewerId={props.viewerId ?? 0} /> : ''}
      {props.owner ? (
        <>
          <h2>Images and files</h2>
          <ImagesEditor listingId={l.id} csrf={props.csrf} images={props.images} />
          <DigitalFileBox listing={l} csrf={props.csrf} />
          {l.status === 'active' ? <BoostBox listingId={l.id} csrf={props.csrf} promotedUntil={l.promoted_until} /> : ''}
        </>
      ) : (
        <>
          <h2>Images</h2>
          <ImagesEditor listingId={l.id} csrf={props.csrf} images={props.images} readOnly />
        </>
      )}
    </article>
  );
}

/** Deleting asks first, on its own page (no script needed). */
export function DeleteConfirmPage(props: { listing: ListingRow; csrf: string }) {
  const l = props.listing;
  return (
    <section class="narrow">
      <h1>Delete this listing?</h1>
      <p>
        “<strong safe>{l.title}</strong>” will disappear from your listings and from Souk. This cannot be undone.
      </p>
      <form method="post" action={paths.sellerListing(l.id)} id="delete-form">
        <Csrf token={props.csrf} />
        <input type="hidden" name="_method" value="DELETE" />
        <div class="actions">
          <button type="submit" class="danger">
            Delete the listing
          </button>
          <a href={paths.sellerListing(l.id)}>Keep it</a>
        </div>
      </form>
    </section>
  );
}
