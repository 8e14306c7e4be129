import path from 'node:path';
import { freePort, portOpen, type Service } from './services.js';

/** A mail server for development and where to read what it caught. */
export interface MailCatcher extends Service {
  /** the web inbox (null when SMTP_URL points at a real server) */
  inboxUrl: string | null;
}

/**
 * Starts maildev in this process: an SMTP server that keeps every message
 * (in `dataDir`, so the inbox survives a restart) and a web inbox to read them.
 * Ports 1025/1080 when free, otherwise any free ones. Both listen on 127.0.0.1
 * only: the inbox shows every user's mail.
 */
export async function startMailCatcher(opts: { dataDir: string; smtpPort?: number; webPort?: number }): Promise<MailCatcher> {
  const { MailDev } = await import('maildev');
  const pick = async (wanted: number) => (!(await portOpen(wanted)) ? wanted : freePort());
  const smtp = await pick(opts.smtpPort ?? 1025);
  const web = await pick(opts.webPort ?? 1080);
  const maildev = new MailDev({ smtp, web, ip: '127.0.0.1', webIp: '127.0.0.1', mailDirectory: path.resolve(opts.dataDir), silent: true });
  // maildev announces its web address on the console even when silent; `npm start` prints the inbox with the sign-ins instead
  const info = console.info;
  console.info = () => {};
  try {
    await maildev.start();
  } finally {
    console.info = info;
  }
  return {
    url: `smtp://127.0.0.1:${smtp}`,
    inboxUrl: `http://localhost:${web}`,
    owned: true,
    stop: () => maildev.stop(),
  };
}

/** The configured SMTP server when SMTP_URL is set (its inbox, if any, from MAIL_INBOX_URL); otherwise a local catcher. */
export async function ensureMailServer(env: NodeJS.ProcessEnv, dataDir: string): Promise<MailCatcher> {
  if (env.SMTP_URL) return { url: env.SMTP_URL, inboxUrl: env.MAIL_INBOX_URL ?? null, owned: false, stop: async () => {} };
  return startMailCatcher({ dataDir });
}
