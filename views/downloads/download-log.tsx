import type { DownloadLogRow } from '../../src/downloads/queries.js';
import { Time } from '../components/time.js';

/** "1.2 MB": a byte count people can read (the exact number is in the title). */
export function bytesText(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(2)} GB`;
}

/**
 * Who downloaded what, when, from where, and whether the whole file arrived.
 * The seller's page shows their sales; admins see it per seller order
 * (`sellerOrderId` makes the id `download-log-<sellerOrderId>`).
 */
export function DownloadLog(props: { rows: DownloadLogRow[]; sellerOrderId?: number; showOrder?: boolean }) {
  const id = props.sellerOrderId ? `download-log-${props.sellerOrderId}` : 'download-log';
  if (props.rows.length === 0) {
    return (
      <p id={id} class="empty download-log">
        No downloads yet.
      </p>
    );
  }
  return (
    <table id={id} class="cards download-log">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Buyer</th>
          <th scope="col">Listing</th>
          {props.showOrder ? <th scope="col">Order</th> : ''}
          <th scope="col">IP address</th>
          <th scope="col">Whole file</th>
          <th scope="col">Sent</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr id={`download-log-row-${r.id}`} data-completed={r.completed ? 'true' : 'false'}>
            <td data-label="When">
              <Time at={r.created_at} />
            </td>
            <td data-label="Buyer" class="buyer" safe>
              {r.buyer_name}
            </td>
            <td data-label="Listing" class="listing" safe>
              {r.title}
            </td>
            {props.showOrder ? <td data-label="Order" class="order">#{r.seller_order_id}</td> : ''}
            <td data-label="IP address" class="ip" safe>
              {r.ip}
            </td>
            <td data-label="Whole file" class="completed">{r.completed ? 'Yes' : 'No'}</td>
            <td data-label="Sent" class="bytes" title={`${r.bytes_sent} bytes`} safe>
              {bytesText(r.bytes_sent)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
