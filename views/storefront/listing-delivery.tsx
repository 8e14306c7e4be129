import { shopsPaths } from '../../src/shops/paths.js';
import { DEFAULT_RETURNS, deliverySentence } from '../../src/shops/terms.js';
import type { ListingPageRow } from '../../src/storefront/queries.js';
import { kindTraits } from '../../src/listings/kinds.js';
import { Paragraphs } from '../shops/shop-policies.js';

/** One line on how the item reaches the buyer, beside the price (from the shop's shipping settings). */
export function DeliveryLine(props: { listing: ListingPageRow }) {
  const l = props.listing;
  return (
    <p class="delivery-line" id={`delivery-line-${l.id}`} safe>
      {deliverySentence(l.kind, l, l.currency)}
    </p>
  );
}

/** Shipping and returns of a listing (stable id `delivery-<id>`): the shop's charge and its own words, or the standard returns. */
export function DeliveryBox(props: { listing: ListingPageRow }) {
  const l = props.listing;
  const traits = kindTraits[l.kind];
  const ships = traits.shipping;
  return (
    <section class="card delivery" id={`delivery-${l.id}`} aria-labelledby={`delivery-title-${l.id}`}>
      <h2 id={`delivery-title-${l.id}`}>{ships ? 'Shipping and returns' : 'Delivery and returns'}</h2>
      <p safe>{deliverySentence(l.kind, l, l.currency)}</p>
      {ships && l.shipping_policy ? <Paragraphs text={l.shipping_policy} /> : ''}
      {traits.contactOnly ? (
        ''
      ) : (
        <>
          <h3>Returns</h3>
          {traits.download ? <p>Downloads cannot be returned once downloaded; if the file is faulty, tell the seller.</p> : <Paragraphs text={l.returns_policy || DEFAULT_RETURNS} />}
        </>
      )}
      {l.shop_slug ? (
        <p>
          <a href={`${shopsPaths.shop(l.shop_slug)}#shop-policies`}>All of this shop’s policies</a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
