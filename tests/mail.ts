import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message the catcher received, parsed. */
export interface CaughtMail {
  /** envelope recipients (what the sender asked the server to deliver to) */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: string;
}

export interface SmtpCatcher {
  /** `smtp://127.0.0.1:<port>`: pass it as SMTP_URL */
  url: string;
  port: number;
  /** every message accepted so far, in order */
  messages: CaughtMail[];
  /** how many deliveries were refused so far */
  refused: number;
  /** refuses the next `n` deliveries with a temporary error (451), then accepts again */
  refuseNext(n: number): void;
  /** resolves with the first message (already received or still to come) that matches, or rejects after `timeoutMs` */
  waitFor(predicate: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /** every message sent to this address */
  to(address: string): CaughtMail[];
  stop(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

/**
 * A real SMTP server in this process (no authentication, no TLS) that keeps what
 * it receives, for tests that read the email a user would get:
 *
 * ```ts
 * const smtp = await startSmtpCatcher();
 * const app = await startTestApp({ env: { SMTP_URL: smtp.url } });
 * const mail = await smtp.waitFor((m) => m.to.includes(user.email) && /reset/i.test(m.subject));
 * ```
 */
export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const waiters: { predicate: (m: CaughtMail) => boolean; resolve: (m: CaughtMail) => void }[] = [];
  let refuse = 0;
  let refused = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (refuse > 0) {
        refuse--;
        refused++;
        const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const mail: CaughtMail = {
              to: session.envelope.rcptTo.map((r) => r.address),
              from: addresses(parsed.from)[0] ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
              headers: parsed.headers as Map<string, unknown>,
              raw,
            };
            messages.push(mail);
            for (const w of [...waiters]) {
              if (w.predicate(mail)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(mail);
              }
            }
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get refused() {
      return refused;
    },
    refuseNext(n: number) {
      refuse = n;
    },
    to: (address) => messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    waitFor(predicate, timeoutMs = 20_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const w = {
          predicate,
          resolve: (m: CaughtMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no matching email arrived in ${timeoutMs} ms (${messages.length} received: ${messages.map((m) => `${m.to.join(',')} “${m.subject}”`).join('; ') || 'none'})`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
