import type { FieldErrors } from '../../src/http/validate.js';
import { paths } from '../../src/paths.js';
import type { ApplicationListRow } from '../../src/sellers/queries.js';
import { DecisionActions } from '../components/decision.js';
import { Time } from '../components/time.js';

/** One pending application with its approve / reject actions. */
export function ApplicationItem(props: { app: ApplicationListRow; csrf: string; errors?: FieldErrors }) {
  const a = props.app;
  const e = props.errors ?? {};
  const reasonId = `reason-${a.id}`;
  return (
    <li id={`application-${a.id}`} class="card application">
      <h3 safe>{a.shop_name}</h3>
      <p class="meta">
        <span safe>{a.display_name}</span> · <span safe>{a.email}</span> · applied <Time at={a.created_at} />
      </p>
      <p class="description" safe>
        {a.description}
      </p>
      <DecisionActions approve={paths.adminApplicationApproval(a.id)} reject={paths.adminApplicationRejection(a.id)} target="#application-queue" approveLabel="Approve" reasonId={reasonId} csrf={props.csrf} error={e.reason} />
    </li>
  );
}

/** The live queue: re-fetched whenever an application arrives or is decided. */
export function ApplicationQueue(props: { pending: ApplicationListRow[]; csrf: string; errorsFor?: { id: number; errors: FieldErrors } }) {
  return (
    <section id="application-queue" hx-get={paths.adminApplicationList()} hx-trigger="sse:applications, htmx:sseOpen from:body" hx-swap="outerHTML" aria-live="polite">
      <h2>
        Waiting for review <span class="count">({props.pending.length})</span>
      </h2>
      {props.pending.length === 0 ? (
        <p class="empty">No applications are waiting. New ones appear here as they arrive.</p>
      ) : (
        <ul class="stack">
          {props.pending.map((a) => (
            <ApplicationItem app={a} csrf={props.csrf} errors={props.errorsFor?.id === a.id ? props.errorsFor.errors : undefined} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function ApplicationsPage(props: { pending: ApplicationListRow[]; decided: ApplicationListRow[]; csrf: string; errorsFor?: { id: number; errors: FieldErrors } }) {
  return (
    <section>
      <h1>Seller applications</h1>
      <ApplicationQueue pending={props.pending} csrf={props.csrf} errorsFor={props.errorsFor} />
      <h2>Recently decided</h2>
      <table class="cards">
        <thead>
          <tr>
            <th scope="col">Shop</th>
            <th scope="col">Applicant</th>
            <th scope="col">Decision</th>
            <th scope="col">Reason</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {props.decided.map((a) => (
            <tr>
              <td data-label="Shop" safe>{a.shop_name}</td>
              <td data-label="Applicant" safe>{a.email}</td>
              <td data-label="Decision">{a.status}</td>
              <td data-label="Reason" safe>{a.reason ?? ''}</td>
              <td data-label="When">
                <Time at={a.decided_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
