import { DEFAULT_RETURNS, shippingSentence, type ShippingTerms } from '../../src/shops/terms.js';

/** The seller's own words as paragraphs (blank lines start a new one). */
export function Paragraphs(props: { text: string }) {
  const parts = props.text
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {parts.map((p) => (
        <p safe>{p}</p>
      ))}
    </>
  );
}

/** A shop's shipping and returns: the charge from its shipping settings, then its own words (stable id `shop-policies`). */
export function ShopPolicies(props: { terms: ShippingTerms; currency: string; shippingPolicy: string; returnsPolicy: string }) {
  return (
    <section id="shop-policies" class="card shop-policies" aria-labelledby="shop-policies-title">
      <h2 id="shop-policies-title">Shipping and returns</h2>
      <h3>Shipping</h3>
      <p class="shipping-charge" safe>
        {shippingSentence(props.terms, props.currency)}
      </p>
      {props.shippingPolicy ? <Paragraphs text={props.shippingPolicy} /> : ''}
      <h3>Returns</h3>
      <Paragraphs text={props.returnsPolicy || DEFAULT_RETURNS} />
    </section>
  );
}
