import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionFor, commissionOn, parsePercent, percentText, pickRule, type PickableRule } from '../../src/commissions/commissions.js';
import { startTestApp, type TestApp } from '../app.js';
import { createAdmin, createCategoryRow, createListing, createSeller, createUser } from '../factories.js';
import { Client, text } from '../http.js';
import { flash, signedIn } from '../payouts/helpers.js';

let app: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { RATE_SIGNIN_PER_IP: '1000', RATE_SIGNIN_PER_ACCOUNT: '1000' } });
  admin = await createAdmin(app.db);
});
afterAll(async () => {
  await app?.stop();
});

// ── the rules, without a database ──────────────────────────────────────────

let ids = 0;
function rule(over: Partial<PickableRule> & Pick<PickableRule, 'scope'>): PickableRule {
  return { id: ++ids, seller_id: null, category_id: null, kind: null, priority: 0, retired_at: null, ...over };
}

describe('pickRule', () => {
  // furniture (1) > chairs (2) > armchairs (3)
  const target = { sellerId: 7, categoryPath: [3, 2, 1], kind: 'fixed' as const };
  const all = rule({ scope: 'all' });
  const kind = rule({ scope: 'kind', kind: 'fixed' });
  const furniture = rule({ scope: 'category', category_id: 1 });
  const chairs = rule({ scope: 'category', category_id: 2 });
  const seller = rule({ scope: 'seller', seller_id: 7 });

  it('takes the most specific: seller, then category, then kind, then everything', () => {
    expect(pickRule([all, kind, furniture, seller], target)).toBe(seller);
    expect(pickRule([all, kind, furniture], target)).toBe(furniture);
    expect(pickRule([all, kind], target)).toBe(kind);
    expect(pickRule([all], target)).toBe(all);
    expect(pickRule([], target)).toBeNull();
  });

  it('applies a category rule to its subcategories, the nearest ancestor first', () => {
    expect(pickRule([furniture], target)).toBe(furniture);
    expect(pickRule([furniture, chairs], target)).toBe(chairs);
    // nearer beats farther even when the farther one has a higher priority
    expect(pickRule([chairs, { ...furniture, priority: 99 }], target)).toBe(chairs);
  });

  it('ignores rules for other sellers, other categories, other kinds and retired ones', () => {
    const others = [rule({ scope: 'seller', seller_id: 8 }), rule({ scope: 'category', category_id: 4 }), rule({ scope: 'kind', kind: 'digital' })];
    expect(pickRule([all, ...others], target)).toBe(all);
    expect(pickRule([all, { ...seller, retired_at: new Date() }], target)).toBe(all);
  });

  it('breaks ties by priority, then by the newest', () => {
    const a = rule({ scope: 'kind', kind: 'fixed', priority: 5 });
    const b = rule({ scope: 'kind', kind: 'fixed', priority: 1 });
    const c = rule({ scope: 'kind', kind: 'fixed', priority: 5 });
    expect(pickRule([a, b, c], target)).toBe(c);
    expect(pickRule([c, b, a], target)).toBe(c);
    expect(pickRule([a, b], target)).toBe(a);
  });
});

describe('commissionOn', () => {
  const at = (rateBp: number, minAmount: number | null = null, capAmount: number | null = null) => ({ rateBp, minAmount, capAmount });

  it('rounds half up in integers', () => {
    expect(commissionOn(at(1000), 4000)).toBe(400);
    expect(commissionOn(at(150), 100)).toBe(2); // 1.5
    expect(commissionOn(at(149), 100)).toBe(1); // 1.49
    expect(commissionOn(at(1250), 4)).toBe(1); // 0.5
    expect(commissionOn(at(1250), 3)).toBe(0); // 0.375
    expect(commissionOn(at(0), 5000)).toBe(0);
    expect(commissionOn(at(10_000), 5000)).toBe(5000);
    // amount × rate above 2^53: exact
    const big = 90_071_992_547_409;
    expect(commissionOn(at(3333), big)).toBe(Number((BigInt(big) * 3333n + 5000n) / 10_000n));
  });

  it('applies the minimum and the cap, never more than the amount', () => {
    expect(commissionOn(at(1000, 50), 100)).toBe(50);
    expect(commissionOn(at(1000, 50), 30)).toBe(30);
    expect(commissionOn(at(1000, 50), 0)).toBe(0);
    expect(commissionOn(at(1000, null, 200), 100_000)).toBe(200);
    expect(commissionOn(at(1000, 50, 200), 1000)).toBe(100);
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => commissionOn(at(1000), 10.5)).toThrow(RangeError);
    expect(() => commissionOn(at(1000), -1)).toThrow(RangeError);
  });

  it('stays between 0 and the amount, and grows with the amount without a minimum or cap', () => {
    const amount = fc.integer({ min: 0, max: 100_000_000_000 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.option(fc.integer({ min: 0, max: 1_000_000 })), fc.option(fc.integer({ min: 0, max: 1_000_000 })), amount, (rateBp, min, cap, a) => {
        const c = commissionOn({ rateBp, minAmount: min, capAmount: min !== null && cap !== null && cap < min ? null : cap }, a);
        return Number.isSafeInteger(c) && c >= 0 && c <= a;
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), amount, amount, (rateBp, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        return commissionOn({ rateBp, minAmount: null, capAmount: null }, lo) <= commissionOn({ rateBp, minAmount: null, capAmount: null }, hi);
      }),
    );
  });
});

describe('percents', () => {
  it('reads and writes rates as percents', () => {
    expect(parsePercent('12.5')).toBe(1250);
    expect(parsePercent('12,25 %')).toBe(1225);
    expect(parsePercent('100')).toBe(10_000);
    expect(parsePercent('0')).toBe(0);
    for (const bad of ['', '-1', '100.01', '12.345', 'ten', '1e2']) expect(parsePercent(bad)).toBeNull();
    expect(percentText(1000)).toBe('10');
    expect(percentText(1250)).toBe('12.5');
    expect(percentText(1225)).toBe('12.25');
    expect(percentText(5)).toBe('0.05');
  });
});

// ── against the database ───────────────────────────────────────────────────

async function insertRule(r: Record<string, unknown>) {
  const [row] = await app.db('commission_rules').insert({ rate_bp: 1000, ...r }).returning('*');
  return row as { id: number };
}

describe('commissionFor', () => {
  it('loads the rules and the category chain', async () => {
    const seller = await createSeller(app.db);
    const other = await createSeller(app.db);
    const furniture = await createCategoryRow(app.db, { name: 'Furniture' });
    const chairs = await createCategoryRow(app.db, { name: 'Chairs', parent_id: furniture.id });
    const armchairs = await createCategoryRow(app.db, { name: 'Armchairs', parent_id: chairs.id });
    const lamps = await createCategoryRow(app.db, { name: 'Lamps' });
    const target = { sellerId: seller.id, categoryId: armchairs.id, kind: 'service' as const };

    const base = await commissionFor(app.db, target);
    expect(base).toMatchObject({ rateBp: 1000, minAmount: null, capAmount: null });
    expect(base.ruleId).toEqual(expect.any(Number));

    const kind = await insertRule({ scope: 'kind', kind: 'service', rate_bp: 900 });
    expect((await commissionFor(app.db, target)).ruleId).toBe(kind.id);
    const far = await insertRule({ scope: 'category', category_id: furniture.id, rate_bp: 800, min_amount: 25 });
    expect(await commissionFor(app.db, target)).toEqual({ ruleId: far.id, rateBp: 800, minAmount: 25, capAmount: null });
    const near = await insertRule({ scope: 'category', category_id: chairs.id, rate_bp: 700 });
    expect((await commissionFor(app.db, target)).ruleId).toBe(near.id);
    await insertRule({ scope: 'category', category_id: lamps.id, rate_bp: 100 });
    await insertRule({ scope: 'seller', seller_id: other.id, rate_bp: 100 });
    expect((await commissionFor(app.db, target)).ruleId).toBe(near.id);
    await insertRule({ scope: 'seller', seller_id: seller.id, rate_bp: 300, retired_at: new Date() });
    expect((await commissionFor(app.db, target)).ruleId).toBe(near.id);
    const mine = await insertRule({ scope: 'seller', seller_id: seller.id, rate_bp: 500, cap_amount: 1000 });
    expect(await commissionFor(app.db, target)).toEqual({ ruleId: mine.id, rateBp: 500, minAmount: null, capAmount: 1000 });
    // other sellers of that category still get the category's rule
    const third = await createSeller(app.db);
    expect((await commissionFor(app.db, { ...target, sellerId: third.id })).ruleId).toBe(near.id);

    expect(commissionOn(await commissionFor(app.db, target), 40_000)).toBe(1000);
  });

  it('falls back to 10 % when no rule applies at all', async () => {
    const trx = await app.db.transaction();
    try {
      await trx('commission_rules').update({ retired_at: trx.fn.now() });
      const c = await createCategoryRow(app.db);
      expect(await commissionFor(trx, { sellerId: admin.id, categoryId: c.id, kind: 'fixed' })).toEqual({ ruleId: null, rateBp: 1000, minAmount: null, capAmount: null });
    } finally {
      await trx.rollback();
    }
  });
});

// ── the admin page ─────────────────────────────────────────────────────────

const ruleCount = async () => Number((await app.db('commission_rules').count('* as n').first())?.n);

describe('commission rules (admin)', () => {
  it('is for admins only', async () => {
    const r = await insertRule({ scope: 'kind', kind: 'auction', rate_bp: 500 });
    const before = await ruleCount();
    for (const who of [await createUser(app.db), await createSeller(app.db)]) {
      const c = await signedIn(app, who);
      expect((await c.get('/admin/commissions', { follow: false })).status).toBe(403);
      expect((await c.post('/admin/commissions', { scope: 'all', rate: '1' }, { follow: false })).status).toBe(403);
      expect((await c.post(`/admin/commissions/${r.id}/retirement`, {}, { follow: false })).status).toBe(403);
    }
    const visitor = await new Client(app.baseUrl).get('/admin/commissions', { follow: false });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toContain('/signin');
    expect(await ruleCount()).toBe(before);
    expect((await app.db('commission_rules').where({ id: r.id }).first()).retired_at).toBeNull();
  });

  it('shows field errors beside the fields, keeps the input and creates nothing', async () => {
    const a = await signedIn(app, admin);
    await a.get('/admin/commissions');
    const before = await ruleCount();

    const bad = await a.post('/admin/commissions', { scope: 'seller', seller: '', rate: '12.345', min_amount: '5', cap_amount: '1', priority: 'high', note: 'x'.repeat(201) });
    expect(bad.status).toBe(422);
    expect(text(bad.doc.querySelector('#f-seller-error'))).toContain('email or shop name');
    expect(text(bad.doc.querySelector('#f-rate-error'))).toContain('percent from 0 to 100');
    expect(text(bad.doc.querySelector('#f-cap_amount-error'))).toContain('at least the minimum');
    expect(text(bad.doc.querySelector('#f-priority-error'))).toContain('whole number');
    expect(text(bad.doc.querySelector('#f-note-error'))).toContain('200');
    expect(bad.doc.querySelector('#f-rate')?.getAttribute('value')).toBe('12.345');
    expect(bad.doc.querySelector('#f-scope option[selected]')?.getAttribute('value')).toBe('seller');

    const cases: [Record<string, string>, string, string][] = [
      [{ scope: 'seller', seller: 'nobody@example.test', rate: '5' }, 'seller', 'No seller'],
      [{ scope: 'category', category_id: '999999999', rate: '5' }, 'category_id', 'does not exist'],
      [{ scope: 'category', category_id: 'furniture', rate: '5' }, 'category_id', 'Choose a category'],
      [{ scope: 'kind', kind: 'barter', rate: '5' }, 'kind', 'Choose a kind'],
      [{ scope: 'everything', rate: '5' }, 'scope', 'Choose what'],
      [{ scope: 'all', rate: '101' }, 'rate', 'percent'],
      [{ scope: 'all', rate: '5', min_amount: '-1' }, 'min_amount', 'amount like'],
      [{ scope: 'all', rate: '5', cap_amount: '99999999999999' }, 'cap_amount', 'amount like'],
      [{ 'scope[x]': 'all', rate: '5' }, 'scope', 'Choose what'],
      [{}, 'rate', 'required'],
    ];
    for (const [form, field, message] of cases) {
      const page = await a.post('/admin/commissions', form);
      expect(page.status, JSON.stringify(form)).toBe(422);
      expect(text(page.doc.querySelector(`#f-${field}-error`)), JSON.stringify(form)).toContain(message);
    }
    const unknown = await a.post('/admin/commissions', { scope: 'seller', seller: 'nobody@example.test', rate: '5', note: 'kept' });
    expect(unknown.doc.querySelector('#f-seller')?.getAttribute('value')).toBe('nobody@example.test');
    expect(unknown.doc.querySelector('#f-note')?.getAttribute('value')).toBe('kept');
    expect(await ruleCount()).toBe(before);
  });

  it('creates and retires rules, with an audit trail', async () => {
    const shop = `Oak & Co ${Date.now()}`;
    const seller = await createSeller(app.db, { shop_name: shop });
    const furniture = await createCategoryRow(app.db, { name: 'Furniture' });
    const a = await signedIn(app, admin);
    await a.get('/admin/commissions');

    const created = await a.post('/admin/commissions', { scope: 'seller', seller: shop.toUpperCase(), rate: '12.5', min_amount: '0.50', cap_amount: '20', priority: '3', note: 'Launch deal', category_id: '', kind: '' });
    expect(created.status).toBe(200);
    expect(flash(created)).toContain('created');
    const row = await app.db('commission_rules').where({ seller_id: seller.id }).first();
    expect(row).toMatchObject({ scope: 'seller', rate_bp: 1250, min_amount: 50, cap_amount: 2000, priority: 3, note: 'Launch deal', created_by: admin.id, category_id: null, kind: null });
    expect(text(created.doc.querySelector(`#commission-rule-${row.id} td`))).toBe(`Shop ${shop}`);
    expect(created.html).toContain(`>Shop ${shop.replace('&', '&amp;')}</td>`);

    const byEmail = await a.post('/admin/commissions', { scope: 'seller', seller: seller.email, rate: '9' });
    expect(byEmail.status).toBe(200);
    const cat = await a.post('/admin/commissions', { scope: 'category', category_id: String(furniture.id), rate: '8' });
    expect(cat.status).toBe(200);
    const catRow = await app.db('commission_rules').where({ category_id: furniture.id }).first();
    expect(text(cat.doc.querySelector(`#commission-rule-${catRow.id} td`))).toBe('Category Furniture and its subcategories');
    const kind = await a.post('/admin/commissions', { scope: 'kind', kind: 'digital', rate: '15', seller: 'ignored for this scope' });
    const kindRow = await app.db('commission_rules').where({ scope: 'kind', kind: 'digital' }).first();
    expect(kindRow.seller_id).toBeNull();
    expect(text(kind.doc.querySelector(`#commission-rule-${kindRow.id} td`))).toBe('Digital downloads');

    const retired = await a.post(`/admin/commissions/${row.id}/retirement`);
    expect(flash(retired)).toContain('retired');
    expect(retired.doc.querySelector(`#commission-rule-${row.id}`)).toBeNull();
    expect((await app.db('commission_rules').where({ id: row.id }).first()).retired_at).not.toBeNull();
    const again = await a.post(`/admin/commissions/${row.id}/retirement`);
    expect(flash(again)).toContain('already retired');
    expect((await a.post('/admin/commissions/999999999/retirement', {}, { follow: false })).status).toBe(404);

    const log = await app.db('audit_log').where({ subject_type: 'commission_rule', subject_id: row.id }).orderBy('id');
    expect(log.map((l) => l.action)).toEqual(['commission_rule.create', 'commission_rule.retire']);
    expect(log.every((l) => Number(l.actor_id) === admin.id)).toBe(true);
    expect(log[0].after).toMatchObject({ scope: 'seller', seller_id: seller.id, rate_bp: 1250 });
    expect(log[1].before).toMatchObject({ retired: false, rate_bp: 1250 });
  });

  it('keeps at least one rule for everything', async () => {
    const a = await signedIn(app, admin);
    const alls = await app.db('commission_rules').where({ scope: 'all' }).whereNull('retired_at').orderBy('id');
    expect(alls).toHaveLength(1);
    const page = await a.get('/admin/commissions');
    expect(text(page.doc.querySelector(`#commission-rule-${alls[0].id} td`))).toBe('Everything');
    const refused = await a.post(`/admin/commissions/${alls[0].id}/retirement`);
    expect(flash(refused)).toContain('only rule for everything');
    expect((await app.db('commission_rules').where({ id: alls[0].id }).first()).retired_at).toBeNull();

    // with a second one, the first can go; then the second is the last
    await a.post('/admin/commissions', { scope: 'all', rate: '10', note: 'New default' });
    const second = await app.db('commission_rules').where({ scope: 'all', note: 'New default' }).first();
    expect(flash(await a.post(`/admin/commissions/${alls[0].id}/retirement`))).toContain('retired');
    expect(flash(await a.post(`/admin/commissions/${second.id}/retirement`))).toContain('only rule for everything');
    expect(await app.db('audit_log').where({ subject_type: 'commission_rule', subject_id: alls[0].id }).pluck('action')).toEqual(['commission_rule.retire']);
  });
});

// ── what the seller sees ───────────────────────────────────────────────────

describe('you will receive', () => {
  it('shows the seller what Souk keeps at the saved price, on the listing’s edit page', async () => {
    const seller = await createSeller(app.db);
    const category = await createCategoryRow(app.db, { name: 'Prints' });
    const c = await signedIn(app, seller);

    const fixed = await createListing(app.db, { seller_id: seller.id, category_id: category.id, price: 4000, status: 'draft' });
    const page = await c.get(`/seller/listings/${fixed.id}/edit`);
    expect(page.status).toBe(200);
    expect(text(page.doc.querySelector(`#receive-note-${fixed.id}`))).toBe('Souk’s commission on this listing: 10 %. At €40.00 you will receive €36.00.');

    await insertRule({ scope: 'seller', seller_id: seller.id, rate_bp: 1250, min_amount: 50 });
    const digital = await createListing(app.db, { seller_id: seller.id, category_id: category.id, kind: 'digital', price: 300, status: 'draft' });
    const note = text((await c.get(`/seller/listings/${digital.id}/edit`)).doc.querySelector(`#receive-note-${digital.id}`));
    expect(note).toBe('Souk’s commission on this listing: 12.5 % (min €0.50). At €3.00 you will receive €2.50.');

    const auction = await createListing(app.db, { seller_id: seller.id, category_id: category.id, kind: 'auction', status: 'draft' });
    expect(text((await c.get(`/seller/listings/${auction.id}/edit`)).doc.querySelector(`#receive-note-${auction.id}`))).toContain('At €10.00 you will receive €8.75.');

    const classified = await createListing(app.db, { seller_id: seller.id, category_id: category.id, kind: 'classified', status: 'draft' });
    const ad = await c.get(`/seller/listings/${classified.id}/edit`);
    expect(ad.status).toBe(200);
    expect(ad.doc.querySelector('.receive-note')).toBeNull();
  });
});
