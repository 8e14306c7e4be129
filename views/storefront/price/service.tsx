import { moneyOf, perUnit, type PriceProps } from './money.js';

/** A service: its price per hour, day, session or unit. */
export function ServicePrice(props: PriceProps) {
  const l = props.listing;
  return (
    <p class="price" safe>
      {perUnit(moneyOf(l)(l.price), l.price_unit)}
    </p>
  );
}
