import type { FieldErrors } from '../../src/http/validate.js';
import { formatMoney } from '../../src/lib/money.js';
import { formatDate } from '../../src/lib/locale.js';
import { paths } from '../../src/paths.js';
import type { MismatchRow, RunRow } from '../../src/payouts/reconciliation.js';
import { streams } from '../../src/realtime/streams.js';
import { Csrf } from '../components/field.js';
import { Time } from '../components/time.js';

const kindText: Record<MismatchRow['kind'], string> = {
  missing_in_ledger: 'Missing in the ledger',
  missing_at_gateway: 'Missing at the gateway',
  amount_differs: 'Amounts differ',
  status_differs: 'Statuses differ',
};

const statusText: Record<RunRow['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  matched: 'All matched',
  mismatched: 'Mismatches found',
  failed: 'Could not finish',
};

const amount = (n: number | null) => (n === null ? '—' : formatMoney(n));
// a reconciliation period is a UTC business day
const day = (d: Date) => formatDate(new Date(d), undefined, 'UTC');

/** Run history; its own connection to the admin stream refreshes it when a run finishes. */
export function RunList(props: { runs: RunRow[] }) {
  return (
    <div>
      <section id="reconciliation-runs" hx-get={paths.adminReconciliationRuns()} hx-trigger="sse:reconciliation, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
        <h2>Runs</h2>
        {props.runs.length === 0 ? (
          <p class="empty">No run yet. The daily run starts at 02:00 UTC.</p>
        ) : (
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Day</th>
                <th scope="col">Started by</th>
                <th scope="col">Status</th>
                <th scope="col">Ledger / gateway records</th>
                <th scope="col">Mismatches</th>
              </tr>
            </thead>
            <tbody>
              {props.runs.map((r) => (
                <tr id={`run-${r.id}`} data-status={r.status}>
                  <td data-label="Run">
                    <a href={paths.adminReconciliationRun(r.id)}>#{r.id}</a>
                  </td>
                  <td data-label="Day" safe>{day(r.period_start)}</td>
                  <td data-label="Started by">{r.trigger === 'schedule' ? 'Daily schedule' : 'An admin'}</td>
                  <td data-label="Status" class="status" safe>
                    {statusText[r.status]}
                  </td>
                  <td data-label="Ledger / gateway records">
                    {r.ledger_count} / {r.gateway_count}
                  </td>
                  <td data-label="Mismatches" class="mismatch-count" data-count={String(r.mismatch_count)}>
                    {r.mismatch_count}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export function ReconciliationPage(props: { runs: RunRow[]; csrf: string; today: string; values?: Record<string, string>; errors?: FieldErrors }) {
  const e = props.errors ?? {};
  return (
    <section>
      <h1>Reconciliation</h1>
      <p>
        Every day the ledger’s top-ups, card refunds and payouts are compared with the payment gateway’s records. <a href={paths.adminPayouts()}>Back to payouts</a>
      </p>
      <form id="reconciliation-form" method="post" action={paths.adminReconciliationRuns()} class="card inline-form" novalidate>
        <Csrf token={props.csrf} />
        <div class={e.day ? 'field field-invalid' : 'field'}>
          <label for="f-day">Day (UTC)</label>
          <input id="f-day" name="day" type="date" value={props.values?.day ?? props.today} required aria-invalid={e.day ? 'true' : undefined} aria-describedby={e.day ? 'f-day-error' : undefined} />
          {e.day ? (
            <p class="error" id="f-day-error" safe>
              {e.day}
            </p>
          ) : (
            ''
          )}
        </div>
        <button type="submit">Run reconciliation now</button>
      </form>
      <RunList runs={props.runs} />
    </section>
  );
}

export function RunPage(props: { run: RunRow; mismatches: MismatchRow[] }) {
  const r = props.run;
  return (
    <section>
      <h1>
        Reconciliation run #{r.id} · <span safe>{day(r.period_start)}</span>
      </h1>
      <p id="run-status" data-status={r.status}>
        <span safe>{statusText[r.status]}</span>
        {r.finished_at ? (
          <>
            {' '}
            · finished <Time at={r.finished_at} />
          </>
        ) : (
          ''
        )}{' '}
        · <a href={paths.adminReconciliation()}>All runs</a>
      </p>
      {r.error ? (
        <p class="form-error" safe>
          {r.error}
        </p>
      ) : (
        ''
      )}
      {props.mismatches.length === 0 ? (
        <p class="empty">No mismatches.</p>
      ) : (
        <table class="cards" id="mismatches">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Object</th>
              <th scope="col">Gateway id</th>
              <th scope="col">Ledger</th>
              <th scope="col">Gateway</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {props.mismatches.map((m) => (
              <tr class="mismatch" data-kind={m.kind} data-gateway-id={m.gateway_id}>
                <td data-label="What" safe>{kindText[m.kind]}</td>
                <td data-label="Object">{m.object_type}</td>
                <td data-label="Gateway id" safe>{m.gateway_id}</td>
                <td data-label="Ledger" safe>{`${amount(m.ledger_amount)} ${m.ledger_status ?? ''}`}</td>
                <td data-label="Gateway" safe>{`${amount(m.gateway_amount)} ${m.gateway_status ?? ''}`}</td>
                <td data-label="Detail" safe>{m.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
