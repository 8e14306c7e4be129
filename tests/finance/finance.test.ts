import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureHold, placeHold } from '../../src/ledger/holds.js';
import { transfer, type Leg } from '../../src/ledger/ledger.js';
import { clock } from '../../src/lib/clock.js';
import { paths } from '../../src/paths.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createUser } from '../factories.js';
import { Client, text } from '../http.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
  app = await startTestApp({ worker: false });
  admin = await createAdmin(app.db);
});
afterEach(() => clock.reset());
afterAll(() => app?.stop());

async function signedIn(user: { email: string; password: string }): Promise<Client> {
  const c = new Client(app.baseUrl);
  expect((await c.signIn(user.email, user.password)).status).toBe(200);
  return c;
}

let n = 0;
function move(kind: string, legs: Leg[]) {
  return app.db.transaction((trx) => transfer(trx, { idempotencyKey: `fin:${++n}:${kind}`, kind, legs }));
}
const at = (iso: string) => clock.set(new Date(iso));

const cells = (page: Awaited<ReturnType<Client['get']>>, day: string) =>
  Object.fromEntries(page.doc.querySelectorAll(`#finance-table tr[data-day="${day}"] td`).map((td) => [td.getAttribute('data-series'), text(td)]));

describe('the admin finance page', () => {
  it('is for admins only', async () => {
    const user = await createUser(app.db);
    const c = await signedIn(user);
    expect((await c.get(paths.adminFinance())).status).toBe(403);
  });

  it('shows daily revenue, top-ups, payouts and refunds as a chart and a table, and a balanced trial balance', async () => {
    const buyer = await createUser(app.db);
    const seller = await createUser(app.db);
    at('2026-03-02T10:00:00Z');
    await move('topup', [
      { account: { platform: 'gateway_clearing' }, amount: -10_000 },
      { account: { userId: buyer.id, type: 'available' }, amount: 10_000 },
    ]);
    await move('boost', [
      { account: { userId: buyer.id, type: 'available' }, amount: -500 },
      { account: { platform: 'revenue' }, amount: 500 },
    ]);
    at('2026-03-03T23:59:00Z');
    await app.db.transaction(async (trx) => {
      const { holdId } = await placeHold(trx, { idempotencyKey: `fin-hold:${buyer.id}`, userId: buyer.id, amount: 4_000 });
      await captureHold(trx, { idempotencyKey: `fin-cap:${holdId}`, holdId, amount: 4_000, to: { userId: seller.id, type: 'available' }, fee: { amount: 400, to: { platform: 'revenue' } } });
    });
    await move('refund', [
      { account: { userId: buyer.id, type: 'available' }, amount: -1_000 },
      { account: { platform: 'gateway_clearing' }, amount: 1_000 },
    ]);
    at('2026-03-04T00:00:00Z');
    await move('payout.request', [
      { account: { userId: seller.id, type: 'available' }, amount: -3_000 },
      { account: { userId: seller.id, type: 'payout_pending' }, amount: 3_000 },
    ]);
    await move('payout.paid', [
      { account: { userId: seller.id, type: 'payout_pending' }, amount: -3_000 },
      { account: { platform: 'gateway_clearing' }, amount: 3_000 },
    ]);
    // a refund from revenue to the wallet, a card refund that then failed, a paid payout that bounced
    at('2026-03-05T09:00:00Z');
    await move('refund', [
      { account: { platform: 'revenue' }, amount: -200 },
      { account: { userId: buyer.id, type: 'available' }, amount: 200 },
    ]);
    await move('refund.card', [
      { account: { userId: buyer.id, type: 'available' }, amount: -700 },
      { account: { platform: 'gateway_clearing' }, amount: 700 },
    ]);
    await move('refund.card.failed', [
      { account: { platform: 'gateway_clearing' }, amount: -700 },
      { account: { userId: buyer.id, type: 'available' }, amount: 700 },
    ]);
    await move('payout.reversed', [
      { account: { platform: 'gateway_clearing' }, amount: -1_000 },
      { account: { userId: seller.id, type: 'available' }, amount: 1_000 },
    ]);
    at('2026-03-10T12:00:00Z');

    const c = await signedIn(admin);
    const page = await c.get(`${paths.adminFinance()}?from=2026-03-01&to=2026-03-05`);
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll('#finance-table tbody tr').map((r) => r.getAttribute('data-day'))).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(cells(page, '2026-03-01')).toEqual({ revenue: '€0.00', topups: '€0.00', payouts: '€0.00', refunds: '€0.00' });
    expect(cells(page, '2026-03-02')).toEqual({ revenue: '€5.00', topups: '€100.00', payouts: '€0.00', refunds: '€0.00' });
    expect(cells(page, '2026-03-03')).toEqual({ revenue: '€4.00', topups: '€0.00', payouts: '€0.00', refunds: '€10.00' });
    expect(cells(page, '2026-03-04')).toEqual({ revenue: '€0.00', topups: '€0.00', payouts: '€30.00', refunds: '€0.00' });
    expect(cells(page, '2026-03-05')).toEqual({ revenue: '-€2.00', topups: '€0.00', payouts: '-€10.00', refunds: '€2.00' });
    const totals = Object.fromEntries(page.doc.querySelectorAll('#finance-table tfoot td').map((td) => [td.getAttribute('data-series'), text(td)]));
    expect(totals).toEqual({ revenue: '€7.00', topups: '€100.00', payouts: '€20.00', refunds: '€12.00' });

    const svg = page.doc.querySelector('#finance-chart svg[role="img"]')!;
    expect(svg.getAttribute('aria-label')).toContain('from 2026-03-01 to 2026-03-05');
    expect(svg.getAttribute('aria-label')).toContain('revenue €7.00');
    // one bar per non-zero figure
    expect(svg.querySelectorAll('rect')).toHaveLength(8);

    const total = page.doc.querySelector('#trial-balance tfoot tr.grand-total')!;
    expect(total.getAttribute('data-total')).toBe('0');
    expect(text(total)).toContain('€0.00');
    expect(page.doc.querySelector('#trial-balance [data-balanced="true"]')).not.toBeNull();
    expect(page.doc.querySelector('#trial-balance [role="alert"]')).toBeNull();
    expect(text(page.doc.querySelector('#trial-balance tr[data-type="revenue"]'))).toContain('€7.00');
  });

  it('defaults to the last 30 days and keeps a wrong range with messages beside the fields', async () => {
    at('2026-05-31T08:00:00Z');
    const c = await signedIn(admin);
    const page = await c.get(paths.adminFinance());
    const days = page.doc.querySelectorAll('#finance-table tbody tr').map((r) => r.getAttribute('data-day'));
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-05-02');
    expect(days[29]).toBe('2026-05-31');
    expect(page.doc.querySelector('input[name="from"]')!.getAttribute('value')).toBe('2026-05-02');

    const backwards = await c.get(`${paths.adminFinance()}?from=2026-05-10&to=2026-05-01`);
    expect(backwards.status).toBe(422);
    expect(text(backwards.doc.querySelector('#f-to-error'))).toMatch(/on or after/);
    expect(backwards.doc.querySelector('input[name="to"]')!.getAttribute('aria-invalid')).toBe('true');
    expect(backwards.doc.querySelector('input[name="from"]')!.getAttribute('value')).toBe('2026-05-10');

    const nonsense = await c.get(`${paths.adminFinance()}?from=2026-02-30&to=soon`);
    expect(nonsense.status).toBe(422);
    expect(text(nonsense.doc.querySelector('#f-from-error'))).toMatch(/does not exist/);
    expect(text(nonsense.doc.querySelector('#f-to-error'))).toMatch(/like 2026-11-21/);
    expect(nonsense.doc.querySelector('input[name="to"]')!.getAttribute('value')).toBe('soon');

    const tooLong = await c.get(`${paths.adminFinance()}?from=2024-01-01&to=2026-01-01`);
    expect(tooLong.status).toBe(422);
  });

  it('shows a grand total that is not zero in red, as an alert', async () => {
    // only the cached balance can be bent by hand (entries are append-only): enough to show the alarm
    const revenue = await app.db('ledger_accounts').whereNull('user_id').where({ type: 'revenue' }).first();
    await app.db('ledger_accounts').where({ id: revenue.id }).increment('balance', 1);
    try {
      const c = await signedIn(admin);
      const page = await c.get(paths.adminFinance());
      const total = page.doc.querySelector('#trial-balance tfoot tr.grand-total')!;
      expect(total.getAttribute('data-total')).toBe('1');
      expect(total.querySelector('strong.form-error')).not.toBeNull();
      expect(text(page.doc.querySelector('#trial-balance [role="alert"]'))).toMatch(/does not balance/);
    } finally {
      await app.db('ledger_accounts').where({ id: revenue.id }).decrement('balance', 1);
    }
  });
});
