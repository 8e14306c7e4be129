import { moneyOf, type PriceProps } from './money.js';

const SoldOut = () => <p class="stock sold-out">Sold out</p>;

/** A fixed price: one price and the units left, or the price range of the options still in stock. */
export function FixedPrice(props: PriceProps) {
  const l = props.listing;
  const money = moneyOf(l);
  const soldOut = l.status === 'sold_out';
  if (l.variant_axes.length > 0 || l.stock === null) {
    const prices = props.variants.map((v) => Number(v.price));
    if (soldOut || prices.length === 0) {
      return (
        <>
          <p class="price">{l.price !== null ? <span safe>{money(l.price)}</span> : ''}</p>
          <SoldOut />
        </>
      );
    }
    const low = Math.min(...prices);
    const high = Math.max(...prices);
    return (
      <p class="price" safe>
        {low === high ? money(low) : `From ${money(low)}`}
      </p>
    );
  }
  const left = props.left ?? 0;
  return (
    <>
      <p class="price" safe>
        {money(l.price)}
      </p>
      {soldOut || left === 0 ? <SoldOut /> : <p class="stock" safe>{`${left} left`}</p>}
    </>
  );
}
