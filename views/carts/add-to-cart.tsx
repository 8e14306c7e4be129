import type { FieldErrors } from '../../src/http/validate.js';
import { NOTE_MAX } from '../../src/carts/carts.js';
import { variantLabelOf } from '../../src/carts/view.js';
import { kindTraits } from '../../src/listings/kinds.js';
import type { ListingKind } from '../../src/listings/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Csrf, FieldFrame, FormError } from '../components/field.js';

/** What the add-to-cart box needs to know about a listing. */
export interface AddToCartListing {
  id: number;
  seller_id: number;
  kind: ListingKind;
  status: string;
  title: string;
  slug: string;
  currency: string;
  price_unit: string | null;
  variant_axes: string[];
}

export interface AddToCartProps {
  listing: AddToCartListing;
  /** the variants a buyer can still choose (with units left) */
  variants: { id: number; options: Record<string, string>; price: number; available: number }[];
  hasVariants: boolean;
  soldOut: boolean;
  viewerId: number | null;
  csrf: string;
  /** YYYY-MM-DD: the earliest date a service can be booked for */
  today: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
  /** shown after an htmx add */
  added?: string;
}

const UNIT_LABELS: Record<string, string> = { hour: 'Hours', unit: 'Units', day: 'Days', session: 'Sessions' };

/** The quantity field's label for a listing: hours, units, days or sessions for services. */
export const quantityLabel = (kind: ListingKind, priceUnit: string | null) => (kindTraits[kind].booking ? (UNIT_LABELS[priceUnit ?? 'hour'] ?? 'Hours') : 'Quantity');

/** Whether a listing is bought through the cart at all (not for its seller, classifieds or auctions). */
export function sellsThroughCart(l: Pick<AddToCartListing, 'kind' | 'seller_id'>, viewerId: number | null): boolean {
  const t = kindTraits[l.kind];
  return t.checkout && !t.contactOnly && !t.bids && Number(l.seller_id) !== viewerId;
}

/**
 * The listing page's "Add to cart" box (stable id `add-to-cart-<id>`): a plain
 * form that posts to the cart, which htmx swaps in place with the outcome. Absent
 * for the seller's own listings, classifieds and auctions; "Sold out" when nothing
 * can be bought.
 */
export function AddToCart(props: AddToCartProps) {
  const l = props.listing;
  const id = `add-to-cart-${l.id}`;
  const e = props.errors ?? {};
  const v = props.values ?? {};
  if (!sellsThroughCart(l, props.viewerId)) {
    return e.form ? (
      <div id={id} class="add-to-cart" data-state="refused">
        <FormError message={e.form} />
      </div>
    ) : (
      ''
    );
  }
  if (props.soldOut || l.status !== 'active') {
    return (
      <div id={id} class="add-to-cart" data-state="sold-out">
        <FormError message={e.form} />
        <p class="sold-out">{l.status === 'active' || l.status === 'sold_out' ? 'Sold out' : 'Not available to buy right now'}</p>
      </div>
    );
  }
  const traits = kindTraits[l.kind];
  const money = (n: number) => formatMoney(Number(n), l.currency);
  return (
    <div id={id} class="add-to-cart" data-state="open">
      {props.added ? (
        <p class="added" role="status">
          <span safe>{props.added}</span> <a href={paths.cart()}>View your cart</a>
        </p>
      ) : (
        ''
      )}
      <form id={`${id}-form`} method="post" action={paths.cartLines()} hx-post={paths.cartLines()} hx-target={`#${id}`} hx-swap="outerHTML" novalidate>
        <FormError message={e.form} />
        <Csrf token={props.csrf} />
        <input type="hidden" name="listing_id" value={String(l.id)} />
        {props.hasVariants ? (
          <FieldFrame
            label="Option"
            name="variant_id"
            id={`cart-variant-${l.id}`}
            error={e.variant_id}
            control={(a) => (
              <select id={a.id} name="variant_id" required aria-invalid={a.invalid} aria-describedby={a.describedBy}>
                <option value="">Choose an option</option>
                {props.variants.map((x) => (
                  <option value={String(x.id)} selected={v.variant_id === String(x.id)} safe>
                    {`${variantLabelOf(x.options, l.variant_axes)} — ${money(x.price)}${x.available <= 3 ? ` (${x.available} left)` : ''}`}
                  </option>
                ))}
              </select>
            )}
          />
        ) : (
          ''
        )}
        {traits.download ? (
          ''
        ) : (
          <FieldFrame
            label={quantityLabel(l.kind, l.price_unit)}
            name="quantity"
            id={`cart-quantity-${l.id}`}
            error={e.quantity}
            control={(a) => (
              <input id={a.id} name="quantity" type="number" inputmode="numeric" min="1" max="999" value={v.quantity ?? '1'} required aria-invalid={a.invalid} aria-describedby={a.describedBy} />
            )}
          />
        )}
        {traits.booking ? (
          <>
            <FieldFrame
              label="Preferred date"
              name="booking_date"
              id={`cart-date-${l.id}`}
              error={e.booking_date}
              hint="The seller confirms or suggests another date."
              control={(a) => <input id={a.id} name="booking_date" type="date" min={props.today} value={v.booking_date ?? ''} required aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
            />
            <FieldFrame
              label="Note for the seller (optional)"
              name="booking_note"
              id={`cart-note-${l.id}`}
              error={e.booking_note}
              control={(a) => (
                <textarea id={a.id} name="booking_note" rows="3" maxlength={NOTE_MAX} aria-invalid={a.invalid} aria-describedby={a.describedBy} safe>
                  {v.booking_note ?? ''}
                </textarea>
              )}
            />
          </>
        ) : (
          ''
        )}
        <button type="submit">{traits.download ? 'Buy' : 'Add to cart'}</button>
      </form>
    </div>
  );
}

/** A page of its own for the box (a refused add without JavaScript): the message, the form again and the way back. */
export function AddToCartPage(props: AddToCartProps) {
  const l = props.listing;
  return (
    <section class="narrow add-to-cart-page">
      <h1>
        Add <span safe>{l.title}</span> to your cart
      </h1>
      <AddToCart {...props} />
      <p>
        <a href={paths.listing(l.id, l.slug)}>Back to the listing</a> · <a href={paths.cart()}>Your cart</a>
      </p>
    </section>
  );
}

/**
 * The box as the public listing page includes it. Whether anything is left is
 * read from the page's own data (the rule checks availability again on add).
 */
export function ListingAddToCart(props: {
  listing: AddToCartListing & { stock: number | null };
  variants: AddToCartProps['variants'];
  /** units left of a listing without variants (null: not counted) */
  left: number | null;
  viewerId: number | null;
  csrf: string;
  notPublic: boolean;
  today: string;
}) {
  const l = props.listing;
  if (props.notPublic) return '';
  const hasVariants = kindTraits[l.kind].stock && (l.variant_axes.length > 0 || l.stock === null);
  const soldOut = l.status === 'sold_out' || (kindTraits[l.kind].stock && (hasVariants ? props.variants.length === 0 : (props.left ?? 0) <= 0));
  return <AddToCart listing={l} variants={props.variants} hasVariants={hasVariants} soldOut={soldOut} viewerId={props.viewerId} csrf={props.csrf} today={props.today} />;
}
