import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCatcher, type SmtpCatcher } from '../mail.js';

let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(() => smtp?.stop());

describe('the test SMTP catcher', () => {
  it('receives and parses what a real SMTP client sends, and refuses on request', async () => {
    const transport = nodemailer.createTransport(smtp.url);
    smtp.refuseNext(1);
    await expect(transport.sendMail({ from: 'shop@example.test', to: 'ana@example.test', subject: 'Refused', text: 'x' })).rejects.toThrow(/451/);
    expect(smtp.refused).toBe(1);
    const waiting = smtp.waitFor((m) => m.subject === 'Hello Ana');
    await transport.sendMail({ from: 'shop@example.test', to: 'ana@example.test', subject: 'Hello Ana', text: 'Plain words', html: '<p>Some <b>words</b></p>' });
    const mail = await waiting;
    expect(mail.to).toEqual(['ana@example.test']);
    expect(mail.from).toBe('shop@example.test');
    expect(mail.text.trim()).toBe('Plain words');
    expect(mail.html).toContain('<b>words</b>');
    expect(smtp.to('ANA@example.test')).toHaveLength(1);
    await expect(smtp.waitFor((m) => m.subject === 'never', 100)).rejects.toThrow(/no matching email/);
  });
});
