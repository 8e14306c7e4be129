import type { MovementKind, StockMovement } from '../../src/listings/availability.js';
import { Time } from '../components/time.js';

/** What a movement was, in the seller's words ("Reserved for order #12", "Adjusted by you"). */
export function movementText(m: Pick<StockMovement, 'kind' | 'order_id' | 'actor_id'>, viewerId: number): string {
  const order = m.order_id === null ? '' : ` order #${m.order_id}`;
  switch (m.kind) {
    case 'reserved':
      return `Reserved for${order || ' an order'}`;
    case 'released':
      return `Released${order ? ` from${order}` : ''}`;
    case 'sold':
      return `Sold${order ? ` in${order}` : ''}`;
    case 'restocked':
      return `Back in stock${order ? ` from cancelled${order}` : ''}`;
    case 'returned':
      return `Returned${order ? ` from${order}` : ''}`;
    case 'adjusted':
      return m.actor_id === viewerId ? 'Adjusted by you' : 'Adjusted';
  }
}

/** How a movement changed the units in stock (sold −, back +, a seller's change signed); reservations show their size. */
const STOCK_SIGN: Record<MovementKind, -1 | 0 | 1> = { reserved: 0, released: 0, sold: -1, restocked: 1, returned: 1, adjusted: 1 };

export function movementQuantity(m: Pick<StockMovement, 'kind' | 'quantity'>): string {
  const n = STOCK_SIGN[m.kind] * m.quantity;
  if (STOCK_SIGN[m.kind] === 0) return String(m.quantity);
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

/** The seller's stock history of one listing (stable id `stock-history-<id>`), newest first. */
export function StockHistory(props: { listingId: number; movements: StockMovement[]; viewerId: number }) {
  const id = `stock-history-${props.listingId}`;
  const variants = props.movements.some((m) => m.variant_id !== null);
  return (
    <section id={id} class="stock-history" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Stock history</h2>
      {props.movements.length === 0 ? (
        <p class="meta">No stock changes yet.</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">What</th>
              <th scope="col">Quantity</th>
              {variants ? <th scope="col">Variant</th> : ''}
            </tr>
          </thead>
          <tbody>
            {props.movements.map((m) => (
              <tr data-kind={m.kind} data-quantity={String(m.quantity)}>
                <td data-label="Time">
                  <Time at={m.created_at} />
                </td>
                <td data-label="What" safe>{movementText(m, props.viewerId)}</td>
                <td data-label="Quantity" safe>{movementQuantity(m)}</td>
                {variants ? <td data-label="Variant" safe>{m.variant_id === null ? '—' : (m.sku ?? 'Removed variant')}</td> : ''}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
