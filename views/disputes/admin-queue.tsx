import type { QueueFilter, QueueRow } from '../../src/disputes/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Time } from '../components/time.js';
import { DisputeBadge, reasonText, resolutionLabels } from './parts.js';

const filters: { value: QueueFilter; label: string }[] = [
  { value: 'unresolved', label: 'Waiting' },
  { value: 'escalated', label: 'Escalated' },
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
];

const hrefOf = (f: QueueFilter) => (f === 'unresolved' ? paths.adminDisputes() : `${paths.adminDisputes()}?status=${f}`);

/** The admins' dispute queue: escalated first, then open ones oldest first. Re-fetched on the admin stream's `disputes` signal. */
export function DisputeQueue(props: { filter: QueueFilter; rows: QueueRow[] }) {
  return (
    <section
      id="dispute-queue"
      hx-get={hrefOf(props.filter)}
      hx-select="#dispute-queue"
      hx-trigger="sse:disputes, htmx:sseOpen from:body"
      hx-swap="outerHTML"
      aria-live="polite"
      data-filter={props.filter}
    >
      {props.rows.length === 0 ? (
        <p class="empty">No disputes here.</p>
      ) : (
        <table class="cards dispute-queue">
          <thead>
            <tr>
              <th scope="col">Dispute</th>
              <th scope="col">Status</th>
              <th scope="col">Problem</th>
              <th scope="col">Buyer</th>
              <th scope="col">Seller</th>
              <th scope="col">Amount</th>
              <th scope="col">Opened</th>
              <th scope="col">Messages</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr id={`dispute-row-${r.id}`} data-status={r.status}>
                <td data-label="Dispute">
                  <a href={paths.dispute(r.id)} safe>{`#${r.id} (order #${r.order_id})`}</a>
                </td>
                <td data-label="Status">
                  <DisputeBadge status={r.status} />
                  {r.resolution ? <span class="resolution" safe>{` ${resolutionLabels[r.resolution]}`}</span> : ''}
                </td>
                <td data-label="Problem" safe>{reasonText(r.reason)}</td>
                <td data-label="Buyer" safe>{r.buyer_name}</td>
                <td data-label="Seller" safe>{r.shop_name ?? r.seller_name}</td>
                <td data-label="Amount" safe>{formatMoney(r.total, r.currency)}</td>
                <td data-label="Opened">
                  <Time at={r.created_at} />
                </td>
                <td data-label="Messages" safe>{String(r.messages)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function DisputeQueuePage(props: { filter: QueueFilter; rows: QueueRow[] }) {
  return (
    <div class="admin-disputes">
      <h1>Disputes</h1>
      <nav aria-label="Filter disputes" class="tabs">
        <ul>
          {filters.map((f) => (
            <li>
              <a href={hrefOf(f.value)} aria-current={f.value === props.filter ? 'page' : undefined} safe>
                {f.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <DisputeQueue filter={props.filter} rows={props.rows} />
    </div>
  );
}
