import { statusLabels } from '../../src/listings/lifecycle.js';
import { kindTraits } from '../../src/listings/kinds.js';
import { STATUSES, type ListingRow, type ListingStatus, type Tab } from '../../src/listings/queries.js';
import { formatMoney, toDecimal } from '../../src/lib/money.js';
import type { ImageView } from '../../src/media/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf } from '../components/field.js';
import { TabBar } from '../components/tabs.js';
import { Time } from '../components/time.js';
import { ListingActions, StatusBadge } from './status.js';

export interface DashboardRow {
  listing: ListingRow;
  cover?: ImageView;
  /** variants: how many and their total stock */
  variants?: { count: number; stock: number; minPrice: number | null };
}

export interface DashboardProps {
  tab: Tab;
  q: string;
  counts: Record<ListingStatus, number>;
  rows: DashboardRow[];
  csrf: string;
  nowMs: number;
  /** the row that failed an inline edit, with its input and messages */
  rowState?: { id: number; values: Record<string, string>; errors: Record<string, string> };
}

export const query = (tab: Tab, q: string) => {
  const p = new URLSearchParams();
  if (tab !== 'all') p.set('status', tab);
  if (q) p.set('q', q);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/**
 * One listing in the dashboard. Price and stock are edited in place: the inputs
 * belong to the row's form (the `form` attribute), which htmx posts and answers
 * with this row again; without scripts the same form posts and redirects back.
 */
export function ListingRowView(props: { row: DashboardRow; csrf: string; nowMs: number; values?: Record<string, string>; errors?: Record<string, string>; saved?: boolean }) {
  const l = props.row.listing;
  const v = props.values ?? {};
  const e = props.errors ?? {};
  const formId = `row-form-${l.id}`;
  const variants = props.row.variants && props.row.variants.count > 0 ? props.row.variants : null;
  const priceEditable = kindTraits[l.kind].price && !variants;
  const stockEditable = kindTraits[l.kind].stock && !variants;
  const input = (name: 'price' | 'stock', value: string, label: string) => {
    const id = `${name}-${l.id}`;
    return (
      <>
        <input
          id={id}
          aria-label={`${label} of ${l.title}`}
          name={name}
          form={formId}
          value={v[name] ?? value}
          inputmode={name === 'price' ? 'decimal' : 'numeric'}
          size={name === 'price' ? '8' : '4'}
          aria-invalid={e[name] ? 'true' : undefined}
          aria-describedby={e[name] ? `${id}-error` : undefined}
        />
        {e[name] ? (
          <p class="error" id={`${id}-error`} safe>
            {e[name]}
          </p>
        ) : (
          ''
        )}
      </>
    );
  };
  return (
    <tr id={`listing-row-${l.id}`} data-status={l.status}>
      <td data-label="Image">
        {props.row.cover ? <img src={props.row.cover.thumbUrl} alt={props.row.cover.alt || ''} width="64" height="64" loading="lazy" /> : <span class="meta">No image</span>}
      </td>
      <th scope="row">
        <a href={paths.sellerListing(l.id)} safe>
          {l.title}
        </a>
        <div class="meta">{l.kind}</div>
      </th>
      <td data-label="Status">
        <StatusBadge status={l.status} />
      </td>
      <td data-label="Price" class="price">
        {priceEditable
          ? input('price', l.price === null ? '' : toDecimal(l.price), 'Price')
          : variants
            ? variants.minPrice !== null
              ? `from ${formatMoney(variants.minPrice, l.currency)}`
              : '—'
            : l.start_price !== null
              ? `starts ${formatMoney(l.start_price, l.currency)}`
              : '—'}
      </td>
      <td data-label="Stock" class="stock">
        {stockEditable ? (
          <>
            {input('stock', l.stock === null ? '' : String(l.stock), 'Stock')}
          </>
        ) : variants ? (
          <a href={paths.listingVariants(l.id)} safe>
            {`${variants.stock} in ${variants.count} variants`}
          </a>
        ) : (
          '—'
        )}
      </td>
      <td data-label="Views" class="views">{l.views}</td>
      <td data-label="Favourites" class="favourites">{l.favourites_count}</td>
      <td data-label="Expires">{l.expires_at ? <Time at={l.expires_at} /> : '—'}</td>
      <td data-label="Actions">
        {priceEditable || stockEditable ? (
          <form id={formId} method="post" action={paths.sellerListingRow(l.id)} hx-post={paths.sellerListingRow(l.id)} hx-target={`#listing-row-${l.id}`} hx-swap="outerHTML" class="inline-form">
            <Csrf token={props.csrf} />
            <input type="hidden" name="stock_was" value={l.stock === null ? '' : String(l.stock)} />
            <button type="submit">Save</button>
            {props.saved ? (
              <span class="meta" role="status">
                Saved
              </span>
            ) : (
              ''
            )}
          </form>
        ) : (
          ''
        )}
        {e.form ? (
          <p class="error" role="alert" safe>
            {e.form}
          </p>
        ) : (
          ''
        )}
        <ListingActions listing={l} csrf={props.csrf} nowMs={props.nowMs} compact />
      </td>
    </tr>
  );
}

/** Tabs, counts and the table; re-fetched as a whole when the seller's listings change. */
export function ListingsList(props: DashboardProps) {
  const tabs: Tab[] = ['all', ...STATUSES];
  const total = Object.values(props.counts).reduce((a, b) => a + b, 0);
  return (
    <div
      id="seller-listings"
      hx-get={`${paths.sellerListingsList()}${query(props.tab, props.q)}`}
      hx-trigger="sse:listings, htmx:sseOpen from:body"
      hx-swap="outerHTML"
      aria-live="polite"
    >
      <TabBar
        label="Listing states"
        current={props.tab}
        tabs={tabs.map((t) => ({ key: t, label: t === 'all' ? 'All' : statusLabels[t], href: `${paths.sellerListings()}${query(t, props.q)}`, count: t === 'all' ? total : props.counts[t] }))}
      />
      {props.rows.length === 0 ? (
        <p class="empty" id="no-listings">
          {props.q ? 'No listings match your search.' : props.tab === 'all' ? 'You have no listings yet.' : 'No listings in this state.'}
        </p>
      ) : (
        <table class="cards" id="listings-table">
          <thead>
            <tr>
              <th scope="col">Image</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Price</th>
              <th scope="col">Stock</th>
              <th scope="col">Views</th>
              <th scope="col">Favourites</th>
              <th scope="col">Expires</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <ListingRowView
                row={r}
                csrf={props.csrf}
                nowMs={props.nowMs}
                values={props.rowState?.id === r.listing.id ? props.rowState.values : undefined}
                errors={props.rowState?.id === r.listing.id ? props.rowState.errors : undefined}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function DashboardPage(props: DashboardProps) {
  return (
    <section>
      <h1>My listings</h1>
      <p>
        <a href={paths.newListing()} class="button" id="new-listing">
          New listing
        </a>
      </p>
      <form method="get" action={paths.sellerListings()} role="search" class="inline-form" id="listing-search">
        {props.tab !== 'all' ? <input type="hidden" name="status" value={props.tab} /> : ''}
        <label for="q">Search my listings</label> <input id="q" type="search" name="q" value={props.q} maxlength={100} /> <button type="submit">Search</button>
      </form>
      <ListingsList {...props} />
    </section>
  );
}
