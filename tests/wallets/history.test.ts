import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transfer } from '../../src/ledger/ledger.js';
import { clock } from '../../src/lib/clock.js';
import { startTestApp, type TestApp } from '../app.js';
import { createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { credit, shownBalance } from './helpers.js';

let app: TestApp;
let c: Client;
let user: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
  user = await createUser(app.db);
  // 30 top-ups in October, then one payout request (available → payout pending) in November
  clock.set(new Date('2026-10-05T10:00:00Z'));
  for (let i = 1; i <= 30; i++) await credit(app.db, user.id, 100 * i);
  clock.set(new Date('2026-11-02T10:00:00Z'));
  await app.db.transaction((trx) =>
    transfer(trx, {
      idempotencyKey: `test-payout:${user.id}`,
      kind: 'payout.request',
      currency: 'EUR',
      memo: '=HYPERLINK("http://evil.test")',
      legs: [
        { account: { userId: user.id, type: 'available' }, amount: -5000 },
        { account: { userId: user.id, type: 'payout_pending' }, amount: 5000 },
      ],
    }),
  );
  clock.reset();
  c = new Client(app.baseUrl);
  await c.signIn(user.email, user.password);
});
afterAll(async () => {
  clock.reset();
  await app?.stop();
});

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
function parse(csv: string, _opts: { columns: true }): Record<string, string>[] {
  const table: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && csv[i + 1] === '\n') i++;
      row.push(field), table.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field || row.length) row.push(field), table.push(row);
  const [head, ...body] = table;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

const rows = (page: Awaited<ReturnType<Client['get']>>) => page.doc.querySelectorAll('#history-table tbody tr');

describe('the wallet history', () => {
  it('shows the balances and the newest movements first, 25 to a page', async () => {
    const page = await c.get('/wallet');
    const total = (30 * 31 * 100) / 2;
    expect(shownBalance(page, 'available')).toBe(total - 5000);
    expect(shownBalance(page, 'payout-pending')).toBe(5000);
    expect(shownBalance(page, 'held')).toBe(0);
    expect(rows(page)).toHaveLength(25);
    expect(rows(page)[0].getAttribute('data-kind')).toBe('payout.request');
  });

  it('pages back with a cursor until every entry was seen once', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/wallet';
    while (url) {
      const page = await c.get(url);
      seen.push(...rows(page).map((r) => r.getAttribute('id')!));
      url = page.doc.querySelector('#history-older')?.getAttribute('href');
    }
    expect(seen).toHaveLength(32);
    expect(new Set(seen).size).toBe(32);
  });

  it('filters by balance, kind and date range', async () => {
    const pending = await c.get('/wallet?account=payout_pending');
    expect(rows(pending).map((r) => r.getAttribute('data-account'))).toEqual(['payout_pending']);
    const payouts = await c.get('/wallet?kind=payout.request');
    expect(rows(payouts)).toHaveLength(2);
    const november = await c.get('/wallet?from=2026-11-01&to=2026-11-30');
    expect(rows(november)).toHaveLength(2);
    const october = await c.get('/wallet?from=2026-10-01&to=2026-10-05&kind=topup');
    expect(rows(october)).toHaveLength(25);
    expect(october.doc.querySelector('#history-older')).toBeTruthy();
    const none = await c.get('/wallet?to=2026-09-30');
    expect(rows(none)).toHaveLength(0);
    expect(text(none.doc.querySelector('#wallet-history .empty'))).toContain('match this filter');
  });

  it('a bad filter value gets a message beside its field', async () => {
    const page = await c.get('/wallet?from=2026-13-45&account=savings');
    expect(page.status).toBe(422);
    expect(text(page.doc.querySelector('#f-from-error'))).toContain('Enter a date');
    expect(text(page.doc.querySelector('#f-account-error'))).toContain('Choose one');
  });

  it('downloads the filtered history as CSV, formulas defused', async () => {
    const res = await fetch(new URL('/wallet/history.csv?account=available', app.baseUrl), { headers: { cookie: `souk.sid=${c.cookie('souk.sid')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="souk-wallet-history.csv"');
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(31);
    expect(records[0]).toMatchObject({ balance: 'available', kind: 'payout.request', amount: '-50.00', currency: 'EUR' });
    expect(records[0].description.startsWith("'=")).toBe(true);
    expect(records.at(-1)).toMatchObject({ kind: 'topup', amount: '1.00', balance_after: '1.00' });
  });

  it('is private: another user sees only their own empty wallet', async () => {
    const other = await createUser(app.db);
    const o = new Client(app.baseUrl);
    await o.signIn(other.email, other.password);
    const page = await o.get('/wallet');
    expect(shownBalance(page, 'available')).toBe(0);
    expect(rows(page)).toHaveLength(0);
    const csv = await fetch(new URL('/wallet/history.csv', app.baseUrl), { headers: { cookie: `souk.sid=${o.cookie('souk.sid')}` } });
    expect((parse(await csv.text(), { columns: true }) as unknown[]).length).toBe(0);
    const anonymous = await new Client(app.baseUrl).get('/wallet', { follow: false });
    expect(anonymous.status).not.toBe(200);
  });
});
