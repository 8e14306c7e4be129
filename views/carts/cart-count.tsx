import { paths } from '../../src/paths.js';

/**
 * The header's link to the cart with how many things are in it. For a signed-in
 * user it re-fetches itself on their `cart` signal and when the live stream
 * (re)opens, so every open tab follows; htmx answers to cart changes carry it
 * out of band (`oob`).
 */
export function CartCount(props: { count: number; live?: boolean; oob?: boolean }) {
  const n = props.count;
  return (
    <a
      id="cart-count"
      class="cart-count"
      href={paths.cart()}
      hx-get={props.live ? paths.cartCount() : undefined}
      hx-trigger={props.live ? 'sse:cart, htmx:sseOpen from:closest [sse-connect]' : undefined}
      hx-swap={props.live ? 'outerHTML' : undefined}
      hx-swap-oob={props.oob ? 'true' : undefined}
      data-count={String(n)}
      aria-label={n === 0 ? 'Cart: empty' : `Cart: ${n} ${n === 1 ? 'item' : 'items'}`}
    >
      {n > 0 ? `Cart (${n > 999 ? '999+' : n})` : 'Cart'}
    </a>
  );
}
