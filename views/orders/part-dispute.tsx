import { formatMoney } from '../../src/lib/money.js';
import type { PartDispute } from '../../src/orders/part-disputes.js';
import { paths } from '../../src/paths.js';
import { resolutionLabels } from '../disputes/parts.js';

/** A seller order's dispute on the order pages (stable id `part-dispute-<id>`): open with a link, or how it ended. */
export function PartDisputeNote(props: { sellerOrderId: number; dispute: PartDispute | undefined; currency: string }) {
  const d = props.dispute;
  if (!d) return '';
  const id = `part-dispute-${props.sellerOrderId}`;
  if (d.open) {
    return (
      <p id={id} class="notice dispute-note" data-open="true">
        Dispute open — <a href={paths.dispute(d.id)}>view it</a>
      </p>
    );
  }
  const outcome = d.resolution ? resolutionLabels[d.resolution] : 'Resolved';
  const refund = d.refundAmount ? `: ${formatMoney(d.refundAmount, props.currency)} back to the buyer` : '';
  return (
    <p id={id} class="meta dispute-note" data-open="false">
      <span safe>{`Dispute resolved — ${outcome}${refund}.`}</span> <a href={paths.dispute(d.id)}>View it</a>
    </p>
  );
}
