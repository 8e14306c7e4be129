import type { Knex } from 'knex';
import { expect } from 'vitest';
import { balances, transfer } from '../../src/ledger/ledger.js';
import { randomToken } from '../../src/lib/ids.js';
import type { TestApp } from '../app.js';
import { Client, text, type Page } from '../http.js';

/** Credits a user's available balance (no gateway object behind it, so reconciliation ignores it). */
export function fund(db: Knex, userId: number, amount: number) {
  return db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: `test.credit:${randomToken(8)}`,
      kind: 'test.credit',
      legs: [
        { account: { platform: 'promotions' }, amount: -amount },
        { account: { userId, type: 'available' }, amount },
      ],
    }),
  );
}

export const wallet = (db: Knex, userId: number) => balances(db, userId);

export async function signedIn(app: TestApp, user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  const page = await c.signIn(user.email, user.password);
  expect(page.status).toBe(200);
  return c;
}

export const flash = (page: Page) => text(page.doc.querySelector('#flash'));

/** The one-time key of the form with this id on the page. */
export function formKey(page: Page, formId: string): string {
  const v = page.doc.querySelector(`#${formId} input[name=idempotency_key]`)?.getAttribute('value');
  expect(v, `no idempotency key in #${formId}`).toBeTruthy();
  return v!;
}

/** Platform account balance (revenue, gateway_clearing, promotions), read-only. */
export async function platformBalance(db: Knex, type: string): Promise<number> {
  const row = await db('ledger_accounts').whereNull('user_id').where({ type }).first('balance');
  return Number(row?.balance ?? 0);
}

/**
 * Listens on one live stream as the client's browser would and resolves with the first
 * event of that name. Call before the action that should cause it.
 */
export async function listen(app: TestApp, c: Client, stream: string, event: string, timeoutMs = 10_000): Promise<() => Promise<string>> {
  const ac = new AbortController();
  const res = await fetch(new URL(`/events?streams=${encodeURIComponent(stream)}`, app.baseUrl), {
    headers: { accept: 'text/event-stream', cookie: `souk.sid=${c.cookie('souk.sid')}` },
    signal: ac.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const got = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before "${event}"`);
      buf += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const name = /^event: ?(.*)$/m.exec(frame)?.[1];
        const data = /^data: ?(.*)$/m.exec(frame)?.[1];
        if (name === event) return data ?? '';
      }
    }
  })();
  return async () => {
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      return await got;
    } finally {
      clearTimeout(timer);
      ac.abort();
    }
  };
}

/** A real card top-up through the wallet form, the local gateway's hosted page (with one of Stripe's test cards) and its webhook. */
export async function topUpByCard(db: Knex, c: Client, userId: number, amount: string, number = '4242 4242 4242 4242'): Promise<{ id: number; payment_id: string; amount: number }> {
  const walletPage = await c.get('/wallet');
  const started = await c.post('/wallet/topups', { amount, idempotency_key: formKey(walletPage, 'topup-form') }, { follow: false });
  expect(started.status).toBe(303);
  const hosted = await c.get(started.headers.get('location')!);
  const action = hosted.doc.querySelector('#card-form')?.getAttribute('action');
  expect(action).toBeTruthy();
  await c.post(action!, { number, expiry: '12 / 34', cvc: '123', name: 'Ada Lovelace' });
  const { eventually } = await import('../app.js');
  return eventually(() => db('topups').where({ user_id: userId, status: 'succeeded' }).orderBy('id', 'desc').first(), 20_000);
}
