import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deliverEmail, type Mailer } from '../../src/mail/delivery.js';
import { queueEmail } from '../../src/mail/mail.js';
import type { EmailRow } from '../../src/mail/queries.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { startSmtpCatcher, type SmtpCatcher } from '../mail.js';

let smtp: SmtpCatcher;
let app: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Souk <hello@souk.test>' } });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
});

let n = 0;
const address = () => `reader-${++n}-${Date.now()}@example.test`;
const row = (id: number) => app.db<EmailRow>('emails').where({ id }).first();
const message = (to: string, subject = `Hello ${to}`) => ({ to, kind: 'test.hello', subject, text: `Plain words for ${to}`, html: `<p>Words for <b>${to}</b></p>` });

describe('email delivery through SMTP', () => {
  it('delivers a committed email once, and logs it as sent with its Message-ID', async () => {
    const to = address();
    const queued = await app.db.transaction((trx) => queueEmail(trx, message(to)));
    expect(queued?.status).toBe('queued');
    const mail = await smtp.waitFor((m) => m.to.includes(to));
    expect(mail.subject).toBe(`Hello ${to}`);
    expect(mail.from).toBe('hello@souk.test');
    expect(mail.text.trim()).toBe(`Plain words for ${to}`);
    expect(mail.html).toContain(`<b>${to}</b>`);
    const sent = await eventually(async () => {
      const r = await row(queued!.id);
      return r?.status === 'sent' ? r : null;
    }).then((r) => r!);
    expect(sent.attempts).toBe(1);
    expect(sent.message_id).toBe(mail.messageId);
    expect(sent.sent_at).toBeTruthy();
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('sends nothing for an email whose transaction rolled back', async () => {
    const to = address();
    await expect(
      app.db.transaction(async (trx) => {
        await queueEmail(trx, message(to));
        throw new Error('the order failed');
      }),
    ).rejects.toThrow('the order failed');
    expect(await app.db('emails').where({ to_address: to }).first()).toBeUndefined();
    // a later email to someone else arrives, the rolled-back one never does
    const other = address();
    await app.db.transaction((trx) => queueEmail(trx, message(other)));
    await smtp.waitFor((m) => m.to.includes(other));
    expect(smtp.to(to)).toHaveLength(0);
  });

  it('retries after the server refuses, and delivers once it accepts', async () => {
    const to = address();
    smtp.refuseNext(2);
    const refusedBefore = smtp.refused;
    const queued = await app.db.transaction((trx) => queueEmail(trx, message(to)));
    await smtp.waitFor((m) => m.to.includes(to));
    const sent = await eventually(async () => {
      const r = await row(queued!.id);
      return r?.status === 'sent' ? r : null;
    }).then((r) => r!);
    expect(smtp.refused - refusedBefore).toBe(2);
    expect(sent.attempts).toBe(3);
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('sends a row once when two deliveries of it race, and skips a sent one', async () => {
    const to = address();
    // written without its event, so only these calls deliver it
    const [r] = await app.db('emails').insert({ to_address: to, kind: 'test.race', subject: 'Race', text_body: 't', html_body: '<p>t</p>' }).returning('*');
    const config = loadConfig(app.env);
    const outcomes = await Promise.all([deliverEmail(app.db, config, r.id), deliverEmail(app.db, config, r.id), deliverEmail(app.db, config, r.id)]);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(2);
    expect(await deliverEmail(app.db, config, r.id)).toBe('skipped');
    await smtp.waitFor((m) => m.to.includes(to));
    expect(smtp.to(to)).toHaveLength(1);
  });

  it('after a crash mid-send tries again only once the send is stale, with the same Message-ID', async () => {
    const config = loadConfig(app.env);
    const calls: string[] = [];
    const mailer: Mailer = { send: async (m) => (calls.push(m.messageId), { response: '250 OK' }) };
    const [r] = await app.db('emails')
      .insert({ to_address: address(), kind: 'test.crash', subject: 'Crash', text_body: 't', html_body: '<p>t</p>', status: 'sending', attempts: 1, message_id: '<fixed@souk.test>', sending_since: app.db.fn.now() })
      .returning('*');
    // another sender may still be talking to the server: leave it alone
    expect(await deliverEmail(app.db, config, r.id, mailer)).toBe('skipped');
    await app.db('emails').where({ id: r.id }).update({ sending_since: app.db.raw(`now() - interval '1 hour'`) });
    expect(await deliverEmail(app.db, config, r.id, mailer)).toBe('sent');
    expect(calls).toEqual(['<fixed@souk.test>']);
    expect((await row(r.id))?.attempts).toBe(2);
  });

  it('marks an email failed at once when the server refuses it for good, and after the last attempt', async () => {
    const config = loadConfig({ ...app.env, MAIL_MAX_ATTEMPTS: '2' });
    const permanent: Mailer = { send: () => Promise.reject(Object.assign(new Error('550 No such mailbox'), { responseCode: 550 })) };
    const temporary: Mailer = { send: () => Promise.reject(Object.assign(new Error('421 Busy'), { responseCode: 421 })) };
    const insert = async () => (await app.db('emails').insert({ to_address: address(), kind: 'test.fail', subject: 'Fail', text_body: 't', html_body: '<p>t</p>' }).returning('*'))[0];
    const a = await insert();
    expect(await deliverEmail(app.db, config, a.id, permanent)).toBe('failed');
    expect(await row(a.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: '550 No such mailbox' });

    const b = await insert();
    await expect(deliverEmail(app.db, config, b.id, temporary)).rejects.toThrow(/421 Busy/);
    expect(await row(b.id)).toMatchObject({ status: 'queued', attempts: 1, last_error: '421 Busy' });
    expect(await deliverEmail(app.db, config, b.id, temporary)).toBe('failed');
    expect(await row(b.id)).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
