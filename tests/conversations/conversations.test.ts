import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { plantSellerOrder } from '../disputes/helpers.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import { signedIn } from '../listings/helpers.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_GENERAL_PER_MINUTE: '100000', RATE_MESSAGES_PER_HOUR: '6' } });
});
afterAll(() => app?.stop());

const flash = (p: Page) => text(p.doc.querySelector('#flash'));
const bodies = (p: Page, id: number) => p.doc.querySelectorAll(`#conversation-${id}-messages .message .body`).map((e) => e.textContent);
const idOf = (p: Page) => Number(new URL(p.url).pathname.split('/')[2]);
const messageCount = async (conversationId: number) => Number((await app.db('conversation_messages').where({ conversation_id: conversationId }).count('* as n').first())?.n);

/** A buyer and a seller with a live listing, both signed in; the buyer has written once about the listing. */
async function thread(first = 'Is the bike still available?') {
  const seller = await createSeller(app.db, { display_name: 'Sam Seller' });
  const category = await createCategoryRow(app.db);
  const listing = await createListing(app.db, { seller_id: seller.id, category_id: category.id, kind: 'classified', title: 'Cargo bike', price: 90_000 });
  const buyer = await createUser(app.db, { display_name: 'Bruno Buyer' });
  const b = await signedIn(app, buyer);
  const s = await signedIn(app, seller);
  await b.get(`/listings/${listing.id}/${listing.slug}`);
  const sent = await b.post(`/listings/${listing.id}/enquiries`, { message: first });
  expect(sent.status).toBe(200);
  return { seller, buyer, listing, b, s, id: idOf(sent), sent };
}

describe('a conversation between a buyer and a seller', () => {
  it('opens from the listing page, the seller replies, both read it, and neither sees the other’s email address', async () => {
    const { seller, buyer, listing, b, s, id, sent } = await thread();
    expect(new URL(sent.url).pathname).toBe(`/messages/${id}`);
    expect(flash(sent)).toContain('Your message was sent to the seller');
    expect(text(sent.doc.querySelector('h1'))).toBe('Conversation with Sam Seller');
    expect(sent.doc.querySelector('.conversation .meta a')?.getAttribute('href')).toBe(`/listings/${listing.id}/${listing.slug}`);
    expect(bodies(sent, id)).toEqual(['Is the bike still available?']);

    // the seller is notified, by name and never by email
    const note = await eventually(() => app.db('notifications').where({ user_id: seller.id, kind: 'conversation.message' }).first());
    expect(note.title).toBe('Bruno Buyer wrote about “Cargo bike”');
    expect(note.body).toBe('Is the bike still available?');
    expect(note.link).toBe(`/messages/${id}`);
    expect(JSON.stringify(note)).not.toContain(buyer.email);

    // the seller's inbox shows one unread message, and the header's count says so
    const inbox = await s.get('/messages');
    const item = inbox.doc.querySelector(`#conversation-${id}`);
    expect(item?.getAttribute('data-unread')).toBe('1');
    expect(text(item?.querySelector('.title a'))).toBe('Bruno Buyer');
    expect(text(item?.querySelector('.last'))).toBe('Is the bike still available?');
    expect(inbox.doc.querySelector('#messages-link')?.getAttribute('href')).toBe('/messages');
    const count = await s.get('/messages/count', { htmx: true });
    expect(count.doc.querySelector('#messages-link')?.getAttribute('data-count')).toBe('1');
    expect(text(count.doc.querySelector('#messages-link'))).toBe('Messages 1 unread');

    // the seller opens it (which reads it) and replies with a plain form
    const page = await s.get(`/messages/${id}`);
    expect(text(page.doc.querySelector('h1'))).toBe('Conversation with Bruno Buyer');
    expect(page.doc.querySelector(`#reply-form-${id} label[for=f-body]`)).toBeTruthy();
    expect((await s.get('/messages/count', { htmx: true })).doc.querySelector('#messages-link')?.getAttribute('data-count')).toBe('0');
    const replied = await s.post(`/messages/${id}/replies`, { body: 'Yes!\nCome by on Saturday. <b>Cash</b> is fine.' });
    expect(replied.status).toBe(200);
    expect(new URL(replied.url).pathname).toBe(`/messages/${id}`);
    expect(bodies(replied, id)).toEqual(['Is the bike still available?', 'Yes!\nCome by on Saturday. <b>Cash</b> is fine.']);
    expect(replied.doc.querySelector(`#conversation-${id}-messages b`)).toBeNull();
    expect(replied.doc.querySelectorAll(`#conversation-${id}-messages .message.mine`)).toHaveLength(1);

    // the buyer sees the reply; no page of either shows the other's email address
    const buyerView = await b.get(`/messages/${id}`);
    expect(bodies(buyerView, id)).toHaveLength(2);
    expect(text(buyerView.doc.querySelector(`#conversation-${id}-messages .message.theirs strong`))).toBe('Sam Seller');
    for (const [p, other] of [
      [buyerView, seller.email],
      [await b.get('/messages'), seller.email],
      [page, buyer.email],
      [inbox, buyer.email],
      [await s.get('/notifications'), buyer.email],
      [await b.get('/notifications'), seller.email],
    ] as const) {
      expect(p.html).not.toContain(other);
    }
    const buyerNote = await eventually(() => app.db('notifications').where({ user_id: buyer.id, kind: 'conversation.message' }).first());
    expect(buyerNote.title).toBe('Sam Seller wrote about “Cargo bike”');
  });

  it('continues the same conversation when the buyer writes again from the listing page', async () => {
    const { listing, b, id } = await thread();
    await b.get(`/listings/${listing.id}/${listing.slug}`);
    const again = await b.post(`/listings/${listing.id}/enquiries`, { message: 'And does it come with a lock?' });
    expect(idOf(again)).toBe(id);
    expect(bodies(again, id)).toEqual(['Is the bike still available?', 'And does it come with a lock?']);
    expect(await app.db('conversations').where({ listing_id: listing.id })).toHaveLength(1);
  });

  it('answers htmx replies with the cleared form and the thread, and the re-fetch announces what is new', async () => {
    const { b, s, id } = await thread();
    await s.get(`/messages/${id}`);
    const fragment = await s.post(`/messages/${id}/replies`, { body: 'It is.' }, { htmx: true });
    expect(fragment.status).toBe(200);
    expect(fragment.doc.querySelector('html')).toBeNull();
    expect(fragment.doc.querySelector(`#reply-form-${id} textarea`)?.textContent).toBe('');
    expect(fragment.doc.querySelector(`#conversation-${id}-messages`)?.getAttribute('hx-swap-oob')).toBe('true');

    const first = (await app.db('conversation_messages').where({ conversation_id: id }).orderBy('id').first()).id;
    const fetched = await b.get(`/messages/${id}/list?seen=${first}`, { htmx: true });
    expect(fetched.doc.querySelectorAll('.message')).toHaveLength(2);
    const news = fetched.doc.querySelector(`#conversation-${id}-news`);
    expect(news?.getAttribute('hx-swap-oob')).toBe('innerHTML');
    expect(text(news)).toBe('New message from Sam Seller: It is.');
    // nothing new since the newest: nothing to announce
    const last = Number(fetched.doc.querySelector(`#conversation-${id}-messages`)?.getAttribute('data-last'));
    expect(last).toBeGreaterThan(first);
    expect((await b.get(`/messages/${id}/list?seen=${last}`, { htmx: true })).doc.querySelector(`#conversation-${id}-news`)).toBeNull();
  });

  it('refuses empty, overlong and NUL-byte messages with a message beside the field, keeping the text and adding nothing', async () => {
    const { s, id, listing, b } = await thread();
    await s.get(`/messages/${id}`);
    const empty = await s.post(`/messages/${id}/replies`, { body: '  \r\n ' });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector('#f-body-error'))).toBe('Write a message.');
    const long = 'y'.repeat(1001);
    const tooLong = await s.post(`/messages/${id}/replies`, { body: long });
    expect(tooLong.status).toBe(422);
    expect(text(tooLong.doc.querySelector('#f-body-error'))).toContain('1000 characters');
    expect(tooLong.doc.querySelector('#f-body')?.textContent).toBe(long);
    expect(tooLong.doc.querySelector('#f-body')?.getAttribute('aria-invalid')).toBe('true');
    const nul = await s.post(`/messages/${id}/replies`, { body: 'hello\u0000there' });
    expect(nul.status).toBe(422);
    expect(text(nul.doc.querySelector('#f-body-error'))).toMatch(/NUL/);
    const htmxNul = await s.post(`/messages/${id}/replies`, { body: 'a\u0000' }, { htmx: true });
    expect(htmxNul.status).toBe(422);
    expect(text(htmxNul.doc.querySelector(`#reply-form-${id} #f-body-error`))).toMatch(/NUL/);
    // from the listing page too
    await b.get(`/listings/${listing.id}/${listing.slug}`);
    const fromListing = await b.post(`/listings/${listing.id}/enquiries`, { message: 'x\u0000y' });
    expect(fromListing.status).toBe(422);
    expect(text(fromListing.doc.querySelector('#f-message-error'))).toMatch(/NUL/);
    // and the report reason
    const report = await s.post(`/messages/${id}/report`, { reason: 'spam\u0000' });
    expect(report.status).toBe(422);
    expect(text(report.doc.querySelector('#f-reason-error'))).toMatch(/NUL/);
    expect(await messageCount(id)).toBe(1);
    expect(await app.db('conversation_reports').where({ conversation_id: id })).toHaveLength(0);
  });

  it('limits messages per sender per hour', async () => {
    const { s, id } = await thread();
    await s.get(`/messages/${id}`);
    for (let i = 0; i < 6; i++) expect((await s.post(`/messages/${id}/replies`, { body: `Answer ${i}` })).status).toBe(200);
    const refused = await s.post(`/messages/${id}/replies`, { body: 'One more answer' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(text(refused.doc.querySelector(`#reply-form-${id} .form-error`))).toContain('Too many messages');
    expect(refused.doc.querySelector('#f-body')?.textContent).toBe('One more answer');
    expect(await messageCount(id)).toBe(7);
  });
});

describe('who may read a conversation', () => {
  it('answers 404 to anyone but its two participants, admins included, for every route of it', async () => {
    const { id } = await thread();
    const stranger = await signedIn(app, await createUser(app.db));
    const admin = await signedIn(app, await createAdmin(app.db));
    for (const c of [stranger, admin]) {
      await c.get('/');
      expect((await c.get(`/messages/${id}`)).status).toBe(404);
      expect((await c.get(`/messages/${id}/list`, { htmx: true })).status).toBe(404);
      expect((await c.post(`/messages/${id}/replies`, { body: 'Let me in' })).status).toBe(404);
      expect((await c.post(`/messages/${id}/block`)).status).toBe(404);
      expect((await c.post(`/messages/${id}/block`, {}, { method: 'DELETE' })).status).toBe(404);
      expect((await c.post(`/messages/${id}/report`, { reason: 'nosy' })).status).toBe(404);
      expect(text((await c.get('/messages')).doc.querySelector('#conversation-list'))).toContain('No conversations yet');
    }
    // not even reported threads, until they are: see below
    expect((await admin.get(`/admin/conversations/${id}`)).status).toBe(404);
    expect(await messageCount(id)).toBe(1);
    // visitors are sent to sign in
    const visitor = new Client(app.baseUrl);
    expect((await visitor.get(`/messages/${id}`, { follow: false })).status).not.toBe(200);
    expect((await visitor.get('/messages', { follow: false })).status).not.toBe(200);
  });

  it('lets an admin read a thread once it is reported, until the report is closed; only admins see the queue', async () => {
    const { b, s, id } = await thread('Hello there');
    await s.get(`/messages/${id}`);
    await s.post(`/messages/${id}/replies`, { body: 'Send me your bank password.' });
    const adminUser = await createAdmin(app.db);
    const admin = await signedIn(app, adminUser);
    expect(text((await admin.get('/admin/conversations/reported')).doc.querySelector('#reported-conversations'))).toContain('No reported conversations');

    const page = await b.get(`/messages/${id}`);
    expect(page.doc.querySelector('#report-form label[for=f-reason]')).toBeTruthy();
    const reported = await b.post(`/messages/${id}/report`, { reason: 'Asks for my password' });
    expect(flash(reported)).toContain('an admin will read it');
    expect(text(reported.doc.querySelector('#report-state'))).toContain('You reported this conversation');
    // a second report while the first is open changes nothing
    await b.post(`/messages/${id}/report`, { reason: 'again' });
    expect(await app.db('conversation_reports').where({ conversation_id: id })).toHaveLength(1);

    const queue = await admin.get('/admin/conversations/reported');
    const row = queue.doc.querySelector(`#reported-${id}`);
    expect(text(row)).toContain('Bruno Buyer and Sam Seller about “Cargo bike”');
    expect(text(row)).toContain('Asks for my password');
    const read = await admin.get(`/admin/conversations/${id}`);
    expect(read.status).toBe(200);
    expect(read.doc.querySelectorAll('.message .body').map((e) => e.textContent)).toEqual(['Hello there', 'Send me your bank password.']);
    // still no access through the participants' address
    expect((await admin.get(`/messages/${id}`)).status).toBe(404);

    // buyers, sellers and strangers do not get the admin pages
    for (const c of [b, s, await signedIn(app, await createUser(app.db))]) {
      expect((await c.get('/admin/conversations/reported')).status).toBe(403);
      expect((await c.get(`/admin/conversations/${id}`)).status).toBe(403);
    }

    // closing the reports needs a note, then takes the thread out of reach again
    await admin.get(`/admin/conversations/${id}`);
    const noNote = await admin.post(`/admin/conversations/${id}/resolution`, { note: '' });
    expect(noNote.status).toBe(422);
    expect(text(noNote.doc.querySelector('#f-note-error'))).toContain('at least 3 characters');
    const closed = await admin.post(`/admin/conversations/${id}/resolution`, { note: 'Warned the seller' });
    expect(flash(closed)).toContain('The reports were closed');
    expect((await admin.get(`/admin/conversations/${id}`)).status).toBe(404);
    const audit = await app.db('audit_log').where({ subject_type: 'conversation', subject_id: id }).first();
    expect(audit).toMatchObject({ actor_id: adminUser.id, action: 'conversation.reports.resolve', reason: 'Warned the seller' });
  });
});

describe('blocking', () => {
  it('stops the blocked person from writing, with a clear message, until unblocked', async () => {
    const { b, s, id, listing } = await thread();
    const page = await s.get(`/messages/${id}`);
    expect(page.doc.querySelector('.conversation-safety button')?.textContent).toBe('Block Bruno Buyer');
    const blocked = await s.post(`/messages/${id}/block`);
    expect(flash(blocked)).toContain('You blocked Bruno Buyer');
    expect(blocked.doc.querySelector('.conversation-safety button')?.textContent).toBe('Unblock Bruno Buyer');
    // the seller's own form says why it is gone
    expect(text(blocked.doc.querySelector(`#reply-form-${id} .notice`))).toContain('You blocked Bruno Buyer');

    // the buyer is told plainly, on the thread and when they try anyway
    const buyerPage = await b.get(`/messages/${id}`);
    expect(text(buyerPage.doc.querySelector(`#reply-form-${id} .notice`))).toBe('The seller is not accepting messages from you.');
    expect(buyerPage.doc.querySelector(`#reply-form-${id} textarea`)).toBeNull();
    const refused = await b.post(`/messages/${id}/replies`, { body: 'Hello??' });
    expect(refused.status).toBe(403);
    expect(text(refused.doc.querySelector(`#reply-form-${id} .form-error`))).toBe('The seller is not accepting messages from you.');
    expect(refused.doc.querySelector('#f-body')?.textContent).toBe('Hello??');
    await b.get(`/listings/${listing.id}/${listing.slug}`);
    const fromListing = await b.post(`/listings/${listing.id}/enquiries`, { message: 'Hello from the listing' });
    expect(fromListing.status).toBe(403);
    expect(text(fromListing.doc.querySelector(`#contact-${listing.id} .form-error`))).toBe('The seller is not accepting messages from you.');
    // about another listing of the same seller: no new thread either
    const other = await createListing(app.db, { seller_id: listing.seller_id, category_id: listing.category_id, kind: 'classified', title: 'Trailer' });
    await b.get(`/listings/${other.id}/${other.slug}`);
    expect((await b.post(`/listings/${other.id}/enquiries`, { message: 'And this one?' })).status).toBe(403);
    expect(await app.db('conversations').where({ listing_id: other.id })).toHaveLength(0);
    expect(await messageCount(id)).toBe(1);

    // unblocked: the buyer writes again
    await s.get(`/messages/${id}`);
    const unblocked = await s.post(`/messages/${id}/block`, {}, { method: 'DELETE' });
    expect(flash(unblocked)).toContain('You unblocked Bruno Buyer');
    await b.get(`/messages/${id}`);
    expect((await b.post(`/messages/${id}/replies`, { body: 'Thanks for unblocking' })).status).toBe(200);
    expect(await messageCount(id)).toBe(2);
  });
});

describe('conversations about an order', () => {
  it('the buyer starts one from the order page, the seller finds it from theirs, and nobody else gets in', async () => {
    const seller = await createSeller(app.db, { display_name: 'Olga Shop' });
    const buyer = await createUser(app.db, { display_name: 'Pia Buyer' });
    const part = await plantSellerOrder(app.db, { buyerId: buyer.id, sellerId: seller.id, status: 'paid' });
    const b = await signedIn(app, buyer);
    const s = await signedIn(app, seller);

    const orderPage = await b.get(`/orders/${part.orderId}`);
    const link = orderPage.doc.querySelector(`#seller-order-${part.sellerOrderId} a.message-link`);
    expect(link?.getAttribute('href')).toBe(`/seller-orders/${part.sellerOrderId}/conversation`);
    const form = await b.get(`/seller-orders/${part.sellerOrderId}/conversation`);
    expect(text(form.doc.querySelector('h1'))).toBe(`Message the seller about order #${part.orderId}`);
    expect(text(form.doc.querySelector('label[for=f-body]'))).toBe('Your message to Olga Shop');
    const empty = await b.post(`/seller-orders/${part.sellerOrderId}/conversation`, { body: '' });
    expect(empty.status).toBe(422);
    expect(await app.db('conversations').where({ seller_order_id: part.sellerOrderId })).toHaveLength(0);
    const sent = await b.post(`/seller-orders/${part.sellerOrderId}/conversation`, { body: 'When will it ship?' });
    const id = idOf(sent);
    expect(bodies(sent, id)).toEqual(['When will it ship?']);
    expect(sent.doc.querySelector('.conversation .meta a')?.getAttribute('href')).toBe(`/orders/${part.orderId}`);

    const sellerPage = await s.get(`/seller/orders/${part.sellerOrderId}`);
    expect(sellerPage.doc.querySelector('a.message-link')?.getAttribute('href')).toBe(`/seller-orders/${part.sellerOrderId}/conversation`);
    const opened = await s.get(`/seller-orders/${part.sellerOrderId}/conversation`);
    expect(new URL(opened.url).pathname).toBe(`/messages/${id}`);
    expect(opened.doc.querySelector('.conversation .meta a')?.getAttribute('href')).toBe(`/seller/orders/${part.sellerOrderId}`);
    const note = await eventually(() => app.db('notifications').where({ user_id: seller.id, kind: 'conversation.message' }).first());
    expect(note.title).toBe(`Pia Buyer wrote about order #${part.orderId}`);

    const stranger = await signedIn(app, await createUser(app.db));
    expect((await stranger.get(`/seller-orders/${part.sellerOrderId}/conversation`)).status).toBe(404);
    await stranger.get('/');
    expect((await stranger.post(`/seller-orders/${part.sellerOrderId}/conversation`, { body: 'Hi' })).status).toBe(404);
  });
});
