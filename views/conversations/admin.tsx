import { conversationsPaths as cpaths } from '../../src/conversations/paths.js';
import type { ConversationView, MessageRow, ReportedRow, ReportRow } from '../../src/conversations/queries.js';
import { paths } from '../../src/paths.js';
import { Csrf, TextArea } from '../components/field.js';
import { Time } from '../components/time.js';

function aboutText(c: ConversationView): string {
  return c.listing_id ? `“${c.listing_title ?? 'a listing'}”` : `order #${c.order_id}`;
}

/** Conversations someone reported (stable id `reported-conversations`), the longest waiting first; re-fetched on the admins' `conversations` signal. */
export function ReportedList(props: { rows: ReportedRow[] }) {
  return (
    <div id="reported-conversations" hx-get={cpaths.adminReportedConversations()} hx-select="#reported-conversations" hx-trigger="sse:conversations" hx-swap="outerHTML">
      {props.rows.length === 0 ? (
        <p class="empty">No reported conversations.</p>
      ) : (
        <ul class="stack">
          {props.rows.map((r) => (
            <li id={`reported-${r.id}`} class="card">
              <p class="title">
                <a href={cpaths.adminConversation(r.id)} safe>{`${r.buyer_name} and ${r.seller_name} about ${aboutText(r)}`}</a>
              </p>
              <p class="meta">
                <span safe>{`${r.reports} ${r.reports === 1 ? 'report' : 'reports'}, first `}</span>
                <Time at={r.first_reported_at} />
              </p>
              {r.reasons.length ? (
                <ul>
                  {r.reasons.map((reason) => (
                    <li safe>{reason}</li>
                  ))}
                </ul>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReportedPage(props: { rows: ReportedRow[] }) {
  return (
    <section aria-labelledby="reported-title">
      <p>
        <a href={paths.adminHome()}>← Admin</a>
      </p>
      <h1 id="reported-title">Reported conversations</h1>
      <ReportedList rows={props.rows} />
    </section>
  );
}

/** A reported conversation as an admin reads it: both sides by display name, the reports, and closing them. */
export function AdminThreadPage(props: { c: ConversationView; messages: MessageRow[]; reports: ReportRow[]; csrf: string; state?: { value?: string; error?: string } }) {
  const { c } = props;
  return (
    <section aria-labelledby="admin-conversation-title">
      <p>
        <a href={cpaths.adminReportedConversations()}>← Reported conversations</a>
      </p>
      <h1 id="admin-conversation-title" safe>{`${c.buyer_name} (buyer) and ${c.seller_name} (seller) about ${aboutText(c)}`}</h1>
      <h2>Reports</h2>
      <ul class="stack reports">
        {props.reports.map((r) => (
          <li>
            <strong safe>{r.reporter_name}</strong> · <Time at={r.created_at} />
            {r.reason ? <p safe>{r.reason}</p> : <p class="meta">No reason given.</p>}
          </li>
        ))}
      </ul>
      <h2>Messages</h2>
      <ol class="messages thread" aria-label="Messages">
        {props.messages.map((m) => (
          <li id={`message-${m.id}`} class="message">
            <p class="meta">
              <strong safe>{m.sender_name}</strong> <span>{Number(m.sender_id) === Number(c.buyer_id) ? '(buyer)' : '(seller)'}</span> · <Time at={m.created_at} />
            </p>
            <p class="body" safe>
              {m.body}
            </p>
          </li>
        ))}
      </ol>
      <form method="post" action={cpaths.adminConversationResolution(c.id)} class="card">
        <Csrf token={props.csrf} />
        <TextArea label="What was done" name="note" rows={2} required maxlength={500} value={props.state?.value} error={props.state?.error} hint="Closes the reports; the conversation leaves this queue and admins can no longer read it." />
        <button type="submit">Close the reports</button>
      </form>
    </section>
  );
}
