import type { EmailRow, EmailStatus } from '../../src/mail/queries.js';
import { mailPaths } from '../../src/mail/paths.js';
import { badgeClass, statusTone } from '../components/badge.js';
import { Pager } from '../components/pager.js';
import { Time } from '../components/time.js';

export type EmailLogRow = Omit<EmailRow, 'text_body' | 'html_body'>;

const statusWords: Record<EmailStatus, string> = { queued: 'Waiting', sending: 'Sending', sent: 'Sent', failed: 'Failed' };
const filters: { value: '' | EmailStatus; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'queued', label: 'Waiting' },
  { value: 'sending', label: 'Sending' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
];

function Status(props: { status: EmailStatus }) {
  const tone = props.status === 'sent' ? 'ok' : props.status === 'queued' ? 'warn' : statusTone(props.status);
  return (
    <span class={badgeClass(tone)} data-status={props.status} safe>
      {statusWords[props.status]}
    </span>
  );
}

/** The delivery log (stable id `email-log`): newest first, with status, attempts and the last error. */
export function EmailLog(props: { rows: EmailLogRow[]; status: '' | EmailStatus; olderHref: string | null; paged: boolean }) {
  return (
    <div id="email-log">
      {props.rows.length === 0 ? (
        <p class="empty">No emails {props.status ? 'with this status ' : ''}yet.</p>
      ) : (
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">To</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Queued</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((e) => (
              <tr id={`email-${e.id}`}>
                <th scope="row">
                  <span class="subject" safe>
                    {e.subject}
                  </span>
                  <span class="hint" safe>
                    {`${e.kind} · #${e.id}${e.message_id ? ` · ${e.message_id}` : ''}`}
                  </span>
                </th>
                <td data-label="To" safe>
                  {e.to_address}
                </td>
                <td data-label="Status">
                  <Status status={e.status} />
                  {e.sent_at ? (
                    <span class="hint">
                      {' '}
                      <Time at={e.sent_at} />
                    </span>
                  ) : (
                    ''
                  )}
                </td>
                <td data-label="Attempts" class="attempts">
                  {e.attempts}
                </td>
                <td data-label="Queued">
                  <Time at={e.created_at} />
                </td>
                <td data-label="Last error" class="last-error" safe>
                  {e.last_error ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager label="Older emails" newest={props.paged ? statusHref(props.status) : null} older={props.olderHref} olderId="email-log-older" />
    </div>
  );
}

export function statusHref(status: '' | EmailStatus, beforeId?: number): string {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (beforeId) q.set('before', String(beforeId));
  const s = q.toString();
  return s ? `${mailPaths.adminEmails()}?${s}` : mailPaths.adminEmails();
}

export function EmailLogPage(props: { rows: EmailLogRow[]; status: '' | EmailStatus; olderHref: string | null; paged: boolean; inboxUrl?: string; smtpConfigured: boolean }) {
  return (
    <section>
      <h1>Emails</h1>
      <p>Every email Souk sends, newest first. A message that could not be delivered is tried again with growing pauses before it is marked failed.</p>
      {props.inboxUrl ? (
        <p>
          In development every email lands in the local mail catcher: <a href={props.inboxUrl} safe>{`open its inbox (${props.inboxUrl})`}</a>.
        </p>
      ) : (
        ''
      )}
      {props.smtpConfigured ? '' : <p class="flash flash-error">No mail server is configured (SMTP_URL is not set): emails are logged but not sent.</p>}
      <nav aria-label="Filter by status" class="filters">
        <p>
          {filters.map((f, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              <a href={statusHref(f.value)} aria-current={f.value === props.status ? 'page' : undefined} safe>
                {f.label}
              </a>
            </>
          ))}
        </p>
      </nav>
      <EmailLog rows={props.rows} status={props.status} olderHref={props.olderHref} paged={props.paged} />
    </section>
  );
}
