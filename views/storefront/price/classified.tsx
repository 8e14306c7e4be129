import { moneyOf, type PriceProps } from './money.js';

/** A classified ad: the asking price; the sale is arranged with the seller. */
export function ClassifiedPrice(props: PriceProps) {
  const l = props.listing;
  return (
    <>
      <p class="price">
        Asking price <strong safe>{moneyOf(l)(l.price)}</strong>
      </p>
      <p>
        <a class="button listing-action" href={`#contact-${l.id}`}>
          Contact the seller
        </a>{' '}
        to arrange the sale.
      </p>
    </>
  );
}
