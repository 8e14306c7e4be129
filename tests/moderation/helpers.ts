import type { Knex } from 'knex';
import { expect } from 'vitest';
import { clock } from '../../src/lib/clock.js';
import { buyerMaySeeWhere } from '../../src/listings/visibility.js';
import { createCategoryRow, createListing, createSeller, type ListingOver } from '../factories.js';
import { Client, text, type Page } from '../http.js';
import { collectSseFrames } from '../sse.js';

export async function signedIn(baseUrl: string, user: { email: string; password: string }): Promise<Client> {
  const c = new Client(baseUrl);
  const page = await c.signIn(user.email, user.password);
  expect(page.status).toBe(200);
  expect(text(page.doc.querySelector('.who'))).toBeTruthy();
  return c;
}

export const flash = (page: Page) => text(page.doc.querySelector('#flash'));

/** A pending listing (as a submission leaves it) by a fresh seller unless one is given. */
export async function pendingListing(db: Knex, over: Partial<ListingOver> = {}) {
  const seller = over.seller_id ? { id: over.seller_id } : await createSeller(db);
  const category = over.category_id ? { id: over.category_id } : await createCategoryRow(db);
  return createListing(db, { status: 'pending', submitted_at: new Date(), ...over, seller_id: seller.id, category_id: category.id });
}

export function listingRow(db: Knex, id: number) {
  return db('listings').where({ id }).first();
}

/** What a buyer may see, by the listing's one rule. */
export async function publiclyVisible(db: Knex, id: number): Promise<boolean> {
  const row = await db('listings').where({ id }).whereRaw(buyerMaySeeWhere('listings'), [clock.now()]).first('id');
  return Boolean(row);
}

/** An open /events connection that collects what arrives (as EventSource would). */
export async function listen(baseUrl: string, c: Client, streams: string) {
  const ac = new AbortController();
  const res = await fetch(new URL(`/events?streams=${encodeURIComponent(streams)}`, baseUrl), {
    headers: { accept: 'text/event-stream', cookie: `souk.sid=${c.cookie('souk.sid')}` },
    signal: ac.signal,
  });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: string; data: string }[] = [];
  collectSseFrames(res.body!, events);
  return { events, close: () => ac.abort() };
}
