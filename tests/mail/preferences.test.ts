import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../src/mail/kinds.js';
import type { EmailRow } from '../../src/mail/queries.js';
import type { NotificationRow } from '../../src/notifications/queries.js';
import { emit } from '../../src/outbox/outbox.js';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { writeAboutListing } from '../../src/conversations/conversations.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import { startSmtpCatcher, type SmtpCatcher } from '../mail.js';

let smtp: SmtpCatcher;
let app: TestApp;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  app = await startTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://souk.example' } });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.stop();
});

const PAGE = '/account/notifications';

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

const box = (page: Page, channel: 'in-app' | 'email', kind: string) => page.doc.querySelector(`#${channel}-${kind.replace(/[^a-z0-9]+/gi, '-')}`);

/** The form as a browser without JavaScript submits it: the hidden fields and every ticked, enabled box. */
function formOf(page: Page, change: Record<string, boolean> = {}): Record<string, string> {
  const form = page.doc.querySelector('#notification-preferences')!;
  const out: Record<string, string> = {};
  for (const input of form.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    if (!name || input.hasAttribute('disabled')) continue;
    if (input.getAttribute('type') === 'checkbox') {
      const ticked = name in change ? change[name] : input.hasAttribute('checked');
      if (ticked) out[name] = input.getAttribute('value') ?? 'on';
    } else out[name] = input.getAttribute('value') ?? '';
  }
  return out;
}

/** A domain event as its domain would record it; the worker turns it into notifications and emails. */
async function event(topic: string, payload: Record<string, unknown>) {
  await app.db.transaction((trx) => emit(trx, topic, payload));
}

const notificationsOf = (userId: number, kind: string) => app.db<NotificationRow>('notifications').where({ user_id: userId, kind }).orderBy('id');
const emailsOf = (userId: number, kind: string) => app.db<EmailRow>('emails').where({ user_id: userId, kind }).orderBy('id');

describe('notification preferences page', () => {
  it('sends a visitor to sign in', async () => {
    const page = await new Client(app.baseUrl).get(PAGE, { follow: false });
    expect([302, 303]).toContain(page.status);
    expect(page.headers.get('location')).toMatch(/signin/);
  });

  it('lists each kind with an in-app and an email box; money and security ones checked, disabled and explained', async () => {
    const c = await signedIn(await createUser(app.db));
    const page = await c.get(PAGE);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector('h1'))).toBe('Notifications');
    const captions = page.doc.querySelectorAll('#notification-preferences caption').map((x) => text(x));
    expect(captions).toEqual(['Money', 'Your account', 'Messages', 'Buying', 'Bidding on auctions', 'Selling', 'Your listings']);
    // every box has a label
    for (const input of page.doc.querySelectorAll('#notification-preferences input[type=checkbox]')) {
      expect(page.doc.querySelector(`label[for="${input.getAttribute('id')}"]`)).not.toBeNull();
    }
    const payout = box(page, 'email', 'payout.paid')!;
    expect(payout.hasAttribute('checked')).toBe(true);
    expect(payout.hasAttribute('disabled')).toBe(true);
    expect(text(page.doc.querySelector(`#${payout.getAttribute('aria-describedby')}`))).toContain('money moving in or out of your account');
    const blocked = box(page, 'in-app', 'account.blocked')!;
    expect(blocked.hasAttribute('disabled') && blocked.hasAttribute('checked')).toBe(true);
    expect(text(page.doc.querySelector('#pref-account-blocked'))).toContain('safety and standing of your account');
    // defaults: shipped by email, "ending soon" in the app only
    expect(box(page, 'email', 'order.shipped')!.hasAttribute('checked')).toBe(true);
    expect(box(page, 'email', 'auction.ending_soon')!.hasAttribute('checked')).toBe(false);
    expect(box(page, 'in-app', 'auction.ending_soon')!.hasAttribute('checked')).toBe(true);
    expect(box(page, 'email', 'order.shipped')!.hasAttribute('disabled')).toBe(false);
    // the admins' kinds are not offered to others
    expect(box(page, 'email', 'reconciliation.mismatches')).toBeNull();
  });

  it('saves the choices of a plain form (no JavaScript) and shows them again', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const before = await c.get(PAGE);
    const after = await c.post(PAGE, formOf(before, { 'email:order.shipped': false, 'in_app:listing.extended': false, 'email:auction.ending_soon': true }), { follow: false });
    expect(after.status).toBe(303);
    const page = await c.get(after.headers.get('location')!);
    expect(text(page.doc.querySelector('.flash'))).toContain('Your choices are saved');
    expect(box(page, 'email', 'order.shipped')!.hasAttribute('checked')).toBe(false);
    expect(box(page, 'in-app', 'order.shipped')!.hasAttribute('checked')).toBe(true);
    expect(box(page, 'in-app', 'listing.extended')!.hasAttribute('checked')).toBe(false);
    expect(box(page, 'email', 'auction.ending_soon')!.hasAttribute('checked')).toBe(true);
    // locked kinds are never stored
    expect(await app.db('notification_preferences').where({ user_id: user.id, kind: 'payout.paid' }).first()).toBeUndefined();
  });

  it('answers an htmx save with the form alone', async () => {
    const c = await signedIn(await createUser(app.db));
    const before = await c.get(PAGE);
    const res = await c.post(PAGE, formOf(before, { 'email:order.shipped': false }), { htmx: true });
    expect(res.status).toBe(200);
    expect(res.doc.querySelector('html')).toBeNull();
    expect(res.doc.querySelector('#notification-preferences')).not.toBeNull();
    expect(text(res.doc.querySelector('[role=status].flash'))).toContain('saved');
    expect(box(res, 'email', 'order.shipped')!.hasAttribute('checked')).toBe(false);
  });

  it('refuses a forged form that switches off a money or security kind, and changes nothing', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const page = await c.get(PAGE);
    const form = formOf(page, { 'email:order.shipped': false });
    for (const forged of [
      { ...form, kinds: `${form.kinds},payout.paid` },
      { ...form, kinds: `${form.kinds},account.blocked`, 'in_app:account.blocked': 'on' },
      { ...form, kinds: `${form.kinds},reconciliation.mismatches` },
      { ...form, kinds: `${form.kinds},no.such.kind` },
      { ...form, 'email:not.in.the.form': 'on' },
    ]) {
      const res = await c.post(PAGE, forged);
      expect(res.status).toBe(422);
      expect(text(res.doc.querySelector('.form-error'))).toMatch(/cannot be switched off|out of date/);
    }
    const refused = await c.post(PAGE, { ...form, kinds: `${form.kinds},payout.paid` });
    expect(text(refused.doc.querySelector('.form-error'))).toContain('“A payout to your bank was sent” cannot be switched off');
    expect(await app.db('notification_preferences').where({ user_id: user.id })).toHaveLength(0);
  });

  it('refuses a form without the CSRF token', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const { _csrf, ...form } = formOf(await c.get(PAGE));
    expect(_csrf).toBeTruthy();
    const res = await c.post(PAGE, form, { csrf: false, follow: false });
    expect(res.status).toBe(403);
    expect(await app.db('notification_preferences').where({ user_id: user.id })).toHaveLength(0);
  });
});

describe('notifications follow the preferences', () => {
  it('emails a notification by default, with the notification in the user’s words and links to Souk', async () => {
    const user = await createUser(app.db, { display_name: 'Ana Seller' });
    await event('listing.expired', { userId: user.id, listingId: 4242, title: 'Blue lamp <b>vintage</b>' });
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    expect(mail.subject).toBe('“Blue lamp <b>vintage</b>” has expired');
    expect(mail.text).toContain('Hello Ana Seller,');
    expect(mail.text).toContain('Renew it: https://souk.example/');
    expect(mail.text).toContain('Choose which emails you get: https://souk.example/account/notifications');
    expect(mail.text).toContain('because you asked to hear by email when a listing has expired');
    // user text is escaped in the HTML part
    expect(mail.html).toContain('Blue lamp &lt;b>vintage&lt;/b>');
    expect(mail.html).not.toContain('<b>vintage');
    expect(mail.html).toContain('href="https://souk.example/account/notifications"');
    const [n] = await notificationsOf(user.id, 'listing.expired');
    expect(n.read_at).toBeNull();
    const [e] = await eventually(async () => {
      const rows = await emailsOf(user.id, 'listing.expired');
      return rows[0]?.status === 'sent' ? rows : null;
    }).then((r) => r!);
    expect(e.notification_id).toBe(n.id);
  });

  it('emails a seller a buyer’s message about a listing, by default, without the buyer’s address', async () => {
    const seller = await createSeller(app.db, { display_name: 'Lina Shop' });
    const buyer = await createUser(app.db, { display_name: 'Omar Buyer' });
    const category = await createCategoryRow(app.db, { name: 'Desk lamps' });
    const listing = await createListing(app.db, { seller_id: seller.id, category_id: category.id, title: 'Brass desk lamp' });
    const sent = await writeAboutListing(app.db, { buyerId: buyer.id, sellerId: seller.id, listingId: listing.id }, 'Does it come with a bulb?');
    expect(sent.ok).toBe(true);
    const mail = await smtp.waitFor((m) => m.to.includes(seller.email));
    expect(mail.subject).toContain('Omar Buyer');
    expect(mail.text).toContain('Does it come with a bulb?');
    expect(mail.text).toContain('Read the message: https://souk.example/');
    expect(mail.text).not.toContain(buyer.email);
    expect(mail.html).not.toContain(buyer.email);
    // listed on the preferences page, so it can be switched off
    const page = await (await signedIn(seller)).get(PAGE);
    expect(box(page, 'email', 'conversation.message')?.hasAttribute('checked')).toBe(true);
  });

  it('sends no email for a kind the user switched email off for, and no alert for one switched off in the app', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    const page = await c.get(PAGE);
    await c.post(PAGE, formOf(page, { 'email:listing.expired': false, 'in_app:listing.rejected': false }));
    await event('listing.expired', { userId: user.id, listingId: 1, title: 'No mail please' });
    await event('listing.rejected', { userId: user.id, listingId: 2, title: 'Mail but no alert', reason: 'Blurry photos' });
    // the second event's email arriving means the first event was handled too (the relay runs events in order)
    await smtp.waitFor((m) => m.to.includes(user.email) && m.subject.includes('Mail but no alert'));
    await eventually(async () => (await notificationsOf(user.id, 'listing.expired')).length === 1);
    expect(smtp.to(user.email).map((m) => m.subject)).toEqual(['“Mail but no alert” was not approved']);
    expect(await emailsOf(user.id, 'listing.expired')).toHaveLength(0);
    // switched off in the app: recorded, but already read, so the badge does not count it
    const [rejected] = await notificationsOf(user.id, 'listing.rejected');
    expect(rejected.read_at).not.toBeNull();
    const badge = await c.get('/notifications/badge');
    expect(badge.doc.querySelector('#notification-badge .badge')?.getAttribute('data-count')).toBe('1');
  });

  it('always emails money and security notifications, even with a stored choice that says otherwise', async () => {
    const user = await createUser(app.db);
    await app.db('notification_preferences').insert([
      { user_id: user.id, kind: 'payout.paid', in_app: false, email: false },
      { user_id: user.id, kind: 'account.blocked', in_app: false, email: false },
    ]);
    await event('payout.paid', { userId: user.id, payoutId: 1, amount: 12_345, currency: 'EUR' });
    await event('user.blocked', { userId: user.id, reason: 'Selling counterfeit goods' });
    const payout = await smtp.waitFor((m) => m.to.includes(user.email) && /payout/i.test(m.subject));
    expect(payout.subject).toMatch(/123\.45/);
    expect(payout.text).toContain('it is about money moving in or out of your account');
    const blocked = await smtp.waitFor((m) => m.to.includes(user.email) && m.subject === 'Your account was blocked');
    expect(blocked.text).toContain('Selling counterfeit goods');
    const [n] = await notificationsOf(user.id, 'payout.paid');
    expect(n.read_at).toBeNull();
  });

  it('emails a notification once when its event is handled twice', async () => {
    const user = await createUser(app.db);
    await event('listing.expired', { userId: user.id, listingId: 9, title: 'Once only' });
    await smtp.waitFor((m) => m.to.includes(user.email));
    const [ev] = await app.db('outbox').where({ topic: 'listing.expired' }).whereRaw(`payload->>'userId' = ?`, [String(user.id)]);
    await app.db('outbox').where({ id: ev.id }).update({ published_at: null });
    await app.drainOutbox();
    await eventually(async () => (await app.db('outbox').where({ id: ev.id }).first())?.published_at);
    // a later email to the same user shows the replay has been through the worker
    await event('listing.rejected', { userId: user.id, listingId: 10, title: 'Marker', reason: 'x' });
    await smtp.waitFor((m) => m.to.includes(user.email) && m.subject.includes('Marker'));
    expect(smtp.to(user.email).filter((m) => m.subject.includes('Once only'))).toHaveLength(1);
    expect(await emailsOf(user.id, 'listing.expired')).toHaveLength(1);
  });
});

describe('admin delivery log', () => {
  it('shows admins each email with its status, attempts and last error; refuses everyone else', async () => {
    const to = `log-${Date.now()}@example.test`;
    await app.db('emails').insert([
      { to_address: to, kind: 'test.log', subject: 'Failed <one>', text_body: 't', html_body: 'h', status: 'failed', attempts: 8, last_error: '550 No such <mailbox>' },
      { to_address: to, kind: 'test.log', subject: 'Sent one', text_body: 't', html_body: 'h', status: 'sent', attempts: 2, sent_at: app.db.fn.now() },
    ]);
    const buyer = await signedIn(await createUser(app.db));
    expect((await buyer.get('/admin/emails')).status).toBe(403);
    const admin = await signedIn(await createAdmin(app.db));
    const page = await admin.get('/admin/emails');
    expect(page.status).toBe(200);
    const rows = page.doc.querySelectorAll('#email-log tbody tr').filter((tr) => text(tr).includes(to));
    expect(rows.map((r) => text(r.querySelector('.subject')))).toEqual(['Sent one', 'Failed <one>']);
    expect(text(rows[1].querySelector('[data-status]'))).toBe('Failed');
    expect(text(rows[1].querySelector('.attempts'))).toBe('8');
    expect(text(rows[1].querySelector('.last-error'))).toBe('550 No such <mailbox>');
    expect(rows[1].querySelector('mailbox')).toBeNull();
    const failedOnly = await admin.get('/admin/emails?status=failed');
    expect(failedOnly.doc.querySelectorAll('#email-log [data-status]').map((s) => s.getAttribute('data-status'))).not.toContain('sent');
    expect(KINDS.length).toBeGreaterThan(40);
  });
});
