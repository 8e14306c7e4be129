import { MailButton, MailLayout } from './layout.js';

/** What a notification email says; every string is the reader's, written by the template in src/mail/templates.ts. */
export interface NotificationMail {
  greeting: string;
  title: string;
  body: string;
  action: { label: string; href: string } | null;
  /** why the reader got it */
  why: string;
  settings: { label: string; href: string };
}

/** The HTML of one notification email. */
export function NotificationEmail(props: { mail: NotificationMail }) {
  const m = props.mail;
  return (
    <MailLayout
      title={m.title}
      preheader={m.body.slice(0, 120)}
      footer={{ text: m.why, link: m.settings }}
    >
      <p style="margin:0 0 12px" safe>
        {m.greeting}
      </p>
      <h1 style="margin:0 0 12px;font-size:20px;line-height:1.3" safe>
        {m.title}
      </h1>
      {m.body ? (
        <p style="margin:0;white-space:pre-line" safe>
          {m.body}
        </p>
      ) : (
        ''
      )}
      {m.action ? <MailButton href={m.action.href} label={m.action.label} /> : ''}
    </MailLayout>
  );
}
