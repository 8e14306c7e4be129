import type { OrderEventRow } from '../../src/orders/queries.js';
import { Time } from '../components/time.js';
import { liveOrderPart } from './buyer-live.js';

/** What happened to the order, oldest first (stable id `order-<id>-timeline`, live). */
export function OrderTimeline(props: { orderId: number; events: OrderEventRow[] }) {
  const id = `order-${props.orderId}-timeline`;
  return (
    <section id={id} class="order-timeline" aria-labelledby={`${id}-title`} {...liveOrderPart(props.orderId, id)}>
      <h2 id={`${id}-title`}>Timeline</h2>
      {props.events.length ? (
        <ol>
          {props.events.map((e) => (
            <li data-type={e.type} id={`order-event-${e.id}`}>
              <Time at={e.created_at} /> <span safe>{e.message}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="empty">Nothing yet.</p>
      )}
    </section>
  );
}
