import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestApp, type TestApp } from '../app.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000', RATE_CONTACTS_PER_HOUR: '3' } });
});
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

async function classified(over: Record<string, unknown> = {}) {
  const seller = await createSeller(app.db);
  const category = await createCategoryRow(app.db);
  const l = await createListing(app.db, { seller_id: seller.id, category_id: category.id, kind: 'classified', title: 'Cargo bike', price: 90_000, ...over });
  return { seller, l };
}

/** the messages buyers sent about the listing (in their conversations with its seller) */
const events = async (listingId: number) => app.db('conversation_messages as m').join('conversations as c', 'c.id', 'm.conversation_id').where({ 'c.listing_id': listingId }).select('m.*');

describe('contacting the seller', () => {
  it('opens a conversation with the seller, who is notified by the buyer’s name and never their email address', async () => {
    const { seller, l } = await classified();
    const buyer = await createUser(app.db, { display_name: 'Bruno' });
    const c = await signedIn(buyer);
    const page = await c.get(`/listings/${l.id}/${l.slug}`);
    const form = page.doc.querySelector(`#contact-${l.id} form`);
    expect(form?.getAttribute('action')).toBe(`/listings/${l.id}/enquiries`);
    expect(page.doc.querySelector('label[for=f-message]')).toBeTruthy();

    const sent = await c.post(`/listings/${l.id}/enquiries`, { message: 'Hello!\nIs it still available? <b>today</b>' });
    expect(sent.status).toBe(200);
    const conversation = await app.db('conversations').where({ listing_id: l.id, buyer_id: buyer.id }).first();
    expect(new URL(sent.url).pathname).toBe(`/messages/${conversation.id}`);
    expect(text(sent.doc.querySelector('#flash'))).toContain('Your message was sent to the seller');
    expect(sent.doc.querySelector(`#conversation-${conversation.id}-messages .message .body`)?.textContent).toBe('Hello!\nIs it still available? <b>today</b>');

    const note = await eventually(() => app.db('notifications').where({ user_id: seller.id, kind: 'conversation.message' }).first());
    expect(note.title).toBe('Bruno wrote about “Cargo bike”');
    expect(note.body).toContain('Is it still available? <b>today</b>');
    expect(note.link).toBe(`/messages/${conversation.id}`);
    // the seller learns the buyer's name and message, never their email address
    expect(note.body).toBe('Hello!\nIs it still available? <b>today</b>');
    expect(JSON.stringify(note)).not.toContain(buyer.email);

    const inbox = await (await signedIn(seller)).get('/notifications');
    const item = inbox.doc.querySelector(`#notification-${note.id}`);
    expect(text(item)).toContain('Is it still available? <b>today</b>');
    expect(text(item)).toContain('Bruno');
    expect(item?.querySelector('b')).toBeNull();
    expect(inbox.html).not.toContain(buyer.email);
  });

  it('keeps the message and explains when it is empty or too long, sending nothing', async () => {
    const { l } = await classified();
    const c = await signedIn(await createUser(app.db));
    await c.get(`/listings/${l.id}/${l.slug}`);
    const empty = await c.post(`/listings/${l.id}/enquiries`, { message: '   ' });
    expect(empty.status).toBe(422);
    expect(text(empty.doc.querySelector('#f-message-error'))).toBe('Write a message to the seller.');
    const long = 'x'.repeat(1001);
    const tooLong = await c.post(`/listings/${l.id}/enquiries`, { message: long });
    expect(tooLong.status).toBe(422);
    expect(text(tooLong.doc.querySelector('#f-message-error'))).toContain('1000 characters');
    expect(text(tooLong.doc.querySelector('#f-message'))).toBe(long);
    expect(tooLong.doc.querySelector('#f-message')?.getAttribute('aria-invalid')).toBe('true');
    expect(await events(l.id)).toHaveLength(0);
  });

  it('limits the conversations a buyer opens per hour (writing again in one is a message, not a new conversation)', async () => {
    const c = await signedIn(await createUser(app.db));
    for (let i = 0; i < 3; i++) {
      const { l: other } = await classified();
      await c.get(`/listings/${other.id}/${other.slug}`);
      expect((await c.post(`/listings/${other.id}/enquiries`, { message: `Question ${i}` })).status).toBe(200);
      // a follow-up in the same conversation takes nothing from this allowance
      await c.get(`/listings/${other.id}/${other.slug}`);
      expect((await c.post(`/listings/${other.id}/enquiries`, { message: `Follow-up ${i}` })).status).toBe(200);
    }
    const { l } = await classified();
    await c.get(`/listings/${l.id}/${l.slug}`);
    const refused = await c.post(`/listings/${l.id}/enquiries`, { message: 'One more question' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(text(refused.doc.querySelector(`#contact-${l.id} .form-error`))).toContain('Too many messages to sellers');
    expect(text(refused.doc.querySelector('#f-message'))).toBe('One more question');
    expect(await events(l.id)).toHaveLength(0);
  });

  it('is not offered to the seller, and refused if they try', async () => {
    const { seller, l } = await classified();
    const c = await signedIn(seller);
    const page = await c.get(`/listings/${l.id}/${l.slug}`);
    expect(page.doc.querySelector(`#contact-${l.id}`)).toBeNull();
    const res = await c.post(`/listings/${l.id}/enquiries`, { message: 'Talking to myself' });
    expect(res.status).toBe(422);
    expect(text(res.doc.querySelector(`#contact-${l.id} .form-error`))).toBe('This is your own listing.');
    expect(await events(l.id)).toHaveLength(0);
  });

  it('asks visitors to sign in, and refuses listings that are not public', async () => {
    const { l } = await classified();
    const v = new Client(app.baseUrl);
    const page = await v.get(`/listings/${l.id}/${l.slug}`);
    expect(page.doc.querySelector(`#contact-${l.id} form`)).toBeNull();
    expect(page.doc.querySelector(`#contact-${l.id} a`)?.getAttribute('href')).toContain('/signin?next=');
    expect((await v.post(`/listings/${l.id}/enquiries`, { message: 'hi' })).status).toBe(401);

    const { l: draft } = await classified({ status: 'pending' });
    const c = await signedIn(await createUser(app.db));
    await c.get('/');
    expect((await c.post(`/listings/${draft.id}/enquiries`, { message: 'hi' })).status).toBe(404);
    expect(await events(draft.id)).toHaveLength(0);
    expect(await events(l.id)).toHaveLength(0);
  });
});
