import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney } from '../../src/lib/money.js';
import { paths } from '../../src/paths.js';
import { maskAccount } from '../../src/payouts/methods.js';
import type { PayoutQueueRow } from '../../src/payouts/queries.js';
import { DecisionActions } from '../components/decision.js';
import { Time } from '../components/time.js';
import { PayoutStatusText } from './payouts.js';

/** One waiting payout with its approve / reject actions. */
export function PayoutItem(props: { p: PayoutQueueRow; csrf: string; errors?: FieldErrors }) {
  const p = props.p;
  const e = props.errors ?? {};
  const reasonId = `payout-reason-${p.id}`;
  return (
    <li id={`payout-${p.id}`} class="card payout">
      <h3 safe>{formatMoney(p.amount, p.currency)}</h3>
      <p class="meta">
        <span safe>{p.display_name}</span> · <span safe>{p.email}</span> · to <span safe>{p.holder_name}</span> <span safe>{maskAccount(p.account_number)}</span> · asked{' '}
        <Time at={p.requested_at} />
      </p>
      <DecisionActions approve={paths.adminPayoutApproval(p.id)} reject={paths.adminPayoutRejection(p.id)} target="#payout-queue" approveLabel="Approve and send" reasonId={reasonId} csrf={props.csrf} error={e.reason} />
    </li>
  );
}

/** The live queue: re-fetched whenever a payout is requested or decided (`payouts` on the admin stream). */
export function PayoutQueue(props: { waiting: PayoutQueueRow[]; csrf: string; errorsFor?: { id: number; errors: FieldErrors } }) {
  return (
    <section id="payout-queue" hx-get={paths.adminPayoutList()} hx-trigger="sse:payouts, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
      <h2>
        Waiting for review <span class="count">({props.waiting.length})</span>
      </h2>
      {props.waiting.length === 0 ? (
        <p class="empty">No payouts are waiting. New requests appear here as they arrive.</p>
      ) : (
        <ul class="stack">
          {props.waiting.map((p) => (
            <PayoutItem p={p} csrf={props.csrf} errors={props.errorsFor?.id === p.id ? props.errorsFor.errors : undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function AdminPayoutsPage(props: { waiting: PayoutQueueRow[]; decided: PayoutQueueRow[]; csrf: string; errorsFor?: { id: number; errors: FieldErrors } }) {
  return (
    <section>
      <h1>Payouts</h1>
      <p>
        <a href={paths.adminReconciliation()}>Daily reconciliation</a> · <a href={paths.adminRefunds()}>Refunds</a>
      </p>
      <PayoutQueue waiting={props.waiting} csrf={props.csrf} errorsFor={props.errorsFor} />
      <h2>Recent decisions</h2>
      <table class="cards" id="payout-history">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Gateway id</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {props.decided.map((p) => (
            <tr id={`payout-row-${p.id}`} data-status={p.status}>
              <td data-label="Person" safe>{p.email}</td>
              <td data-label="Amount" safe>{formatMoney(p.amount, p.currency)}</td>
              <td data-label="Status">
                <PayoutStatusText status={p.status} />
              </td>
              <td data-label="Reason" safe>{p.reason ?? p.failure_reason ?? ''}</td>
              <td data-label="Gateway id" safe>{p.gateway_payout_id ?? ''}</td>
              <td data-label="Updated">
                <Time at={p.updated_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
