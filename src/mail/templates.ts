import { NotificationEmail, type NotificationMail } from '../../views/mail/notification.js';
import { kindInfo, lockReasons } from './kinds.js';
import { mailPaths } from './paths.js';

/** A notification as the notifications domain hands it over. */
export interface NotificationForMail {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const absolute = (base: string, link: string) => (/^https?:\/\//.test(link) ? link : `${base.replace(/\/+$/, '')}${link.startsWith('/') ? '' : '/'}${link}`);

/** The words of one notification email: the notification's own title and text, the kind's button, and why the reader got it. */
export function notificationMail(n: NotificationForMail, recipient: { display_name: string }, baseUrl: string): NotificationMail {
  const info = kindInfo(n.kind);
  return {
    greeting: `Hello ${recipient.display_name},`,
    title: n.title,
    body: n.body,
    action: n.link ? { label: info.action, href: absolute(baseUrl, n.link) } : { label: 'Go to Souk', href: absolute(baseUrl, '/') },
    why: info.locked
      ? `You get this email because ${lowerFirst(info.label)}. ${lockReasons[info.locked]}`
      : `You get this email because you asked to hear by email when ${lowerFirst(info.label)}.`,
    settings: { label: 'Choose which emails you get', href: absolute(baseUrl, mailPaths.notificationPreferences()) },
  };
}

function lowerFirst(s: string): string {
  // "Your order is on its way" → "your order is on its way"; a leading acronym is kept
  return /^[A-Z](?![A-Z])/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/** The plain-text twin of the HTML email: the same words, links written out. */
export function notificationText(m: NotificationMail): string {
  const lines = [m.greeting, '', m.title];
  if (m.body) lines.push('', m.body);
  if (m.action) lines.push('', `${m.action.label}: ${m.action.href}`);
  lines.push('', '—', m.why, `${m.settings.label}: ${m.settings.href}`);
  return lines.join('\n') + '\n';
}

/** Subject, plain text and HTML of the email for one notification. */
export async function renderNotificationMail(n: NotificationForMail, recipient: { display_name: string }, baseUrl: string): Promise<RenderedMail> {
  const m = notificationMail(n, recipient, baseUrl);
  return { subject: n.title, text: notificationText(m), html: String(await NotificationEmail({ mail: m })) };
}
