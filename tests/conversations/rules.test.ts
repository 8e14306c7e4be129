import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markRead, reply, writeAboutListing } from '../../src/conversations/conversations.js';
import { findConversation, inboxOf, unreadTotal } from '../../src/conversations/queries.js';
import { blockOther } from '../../src/conversations/safety.js';
import { createTestEnv, type TestEnv } from '../db.js';
import { createCategoryRow, createListing, createSeller, createUser } from '../factories.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestEnv();
});
afterAll(() => t?.drop());

async function pair() {
  const seller = await createSeller(t.db);
  const category = await createCategoryRow(t.db);
  const listing = await createListing(t.db, { seller_id: seller.id, category_id: category.id, kind: 'classified', title: 'Lamp' });
  const buyer = await createUser(t.db);
  return { seller, listing, buyer, input: { buyerId: buyer.id, sellerId: seller.id, listingId: listing.id } };
}

const events = (topic: string, conversationId: number) => t.db('outbox').where({ topic }).whereRaw(`(payload->>'conversationId')::bigint = ?`, [conversationId]);

describe('conversation rules', () => {
  it('first messages sent at the same moment open one conversation and keep every message', async () => {
    const { input } = await pair();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => writeAboutListing(t.db, input, `Question ${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.conversationId : 0)));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(await t.db('conversations').where({ listing_id: input.listingId })).toHaveLength(1);
    expect(await t.db('conversation_messages').where({ conversation_id: id })).toHaveLength(6);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await events('conversation.message', id)).toHaveLength(6);
  });

  it('counts unread messages from the other side only, until the thread is shown', async () => {
    const { input, seller, buyer } = await pair();
    const first = await writeAboutListing(t.db, input, 'Hello');
    if (!first.ok) throw new Error('not sent');
    const c = (await findConversation(t.db, first.conversationId))!;
    await writeAboutListing(t.db, input, 'Are you there?');
    expect(await unreadTotal(t.db, seller.id)).toBe(2);
    expect(await unreadTotal(t.db, buyer.id)).toBe(0);
    await reply(t.db, c, seller.id, 'Yes');
    expect(await unreadTotal(t.db, buyer.id)).toBe(1);
    // answering is reading: the seller's reply marks what they answered as read
    expect(await unreadTotal(t.db, seller.id)).toBe(0);
    expect((await inboxOf(t.db, seller.id)).find((r) => r.id === c.id)?.unread).toBe(0);
    expect((await inboxOf(t.db, buyer.id)).find((r) => r.id === c.id)?.unread).toBe(1);
    await markRead(t.db, (await findConversation(t.db, c.id))!, buyer.id);
    expect(await unreadTotal(t.db, buyer.id)).toBe(0);
    expect(await events('conversation.read', c.id)).toHaveLength(1);
    // nothing new: no event
    await markRead(t.db, (await findConversation(t.db, c.id))!, buyer.id);
    expect(await events('conversation.read', c.id)).toHaveLength(1);
  });

  it('a block refuses the blocked side without writing anything, and opens no new thread', async () => {
    const { input, seller, listing } = await pair();
    const first = await writeAboutListing(t.db, input, 'Hello');
    if (!first.ok) throw new Error('not sent');
    const c = (await findConversation(t.db, first.conversationId))!;
    await blockOther(t.db, c, seller.id);
    expect(await writeAboutListing(t.db, input, 'Hello again')).toEqual({ ok: false, reason: 'blocked', message: 'The seller is not accepting messages from you.' });
    const other = await createListing(t.db, { seller_id: seller.id, category_id: listing.category_id, kind: 'classified', title: 'Chair' });
    expect((await writeAboutListing(t.db, { ...input, listingId: other.id }, 'And this?')).ok).toBe(false);
    expect(await t.db('conversations').where({ listing_id: other.id })).toHaveLength(0);
    // the blocker cannot write to someone they blocked either, and is told why
    const back = await reply(t.db, c, seller.id, 'Bye');
    expect(back).toMatchObject({ ok: false, reason: 'blocking' });
    expect(await t.db('conversation_messages').where({ conversation_id: c.id })).toHaveLength(1);
  });
});
