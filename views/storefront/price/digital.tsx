import { moneyOf, type PriceProps } from './money.js';

/** A digital download: its price, delivered at once. */
export function DigitalPrice(props: PriceProps) {
  return (
    <>
      <p class="price" safe>
        {moneyOf(props.listing)(props.listing.price)}
      </p>
      <p class="delivery">Instant download after purchase.</p>
    </>
  );
}
