import type { DisputeView } from '../../src/disputes/queries.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { Time } from '../components/time.js';
import { DisputeBadge, reasonText, resolutionLabels } from './parts.js';

/**
 * Where the dispute stands (stable id `dispute-<id>-status`): status, reason,
 * deadline and outcome. Re-fetched on the `disputes` signal and when the live
 * stream (re)opens, like the thread.
 */
export function DisputeStatusBlock(props: { dispute: DisputeView }) {
  const d = props.dispute;
  const money = (n: number) => formatMoney(n, d.currency);
  return (
    <section
      id={`dispute-${d.id}-status`}
      class="card dispute-status-block"
      data-status={d.status}
      data-resolution={d.resolution ?? ''}
      hx-get={paths.disputeStatus(d.id)}
      hx-trigger="sse:disputes, htmx:sseOpen from:body"
      hx-swap="outerHTML"
      aria-live="polite"
    >
      <p>
        Status: <DisputeBadge status={d.status} />
      </p>
      <dl>
        <dt>Problem</dt>
        <dd class="reason" safe>
          {reasonText(d.reason)}
        </dd>
        <dt>Opened</dt>
        <dd>
          <Time at={d.created_at} />
        </dd>
        {d.status === 'open' ? (
          <>
            <dt>Goes to Souk</dt>
            <dd>
              <Time at={d.escalate_at} /> if buyer and seller have not settled it by then
            </dd>
          </>
        ) : (
          ''
        )}
        {d.status === 'resolved' && d.resolution ? (
          <>
            <dt>Outcome</dt>
            <dd class="outcome" safe>
              {`${resolutionLabels[d.resolution]}${d.refund_amount ? `: ${money(d.refund_amount)} back to the buyer` : ''}.`}
            </dd>
            <dt>Decided</dt>
            <dd>
              <Time at={d.decided_at} />
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
    </section>
  );
}
