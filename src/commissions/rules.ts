import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { findCategory } from '../catalog/queries.js';
import { clock } from '../lib/clock.js';
import { formatMoney, parseMoney } from '../lib/money.js';
import { kindTraits } from '../listings/kinds.js';
import { KINDS, type ListingKind } from '../listings/queries.js';
import { parsePercent, percentText } from './commissions.js';
import { activeAllRuleCount, findRule, findSellerByEmailOrShop, insertRule, lockRules, retireRule, type CommissionRuleRow, type CommissionRuleView } from './queries.js';

const optionalMoney = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || !v.trim()) return null;
    const minor = parseMoney(v);
    if (minor === null) {
      ctx.addIssue({ code: 'custom', message: 'Enter an amount like 0.50, or leave it empty.' });
      return z.NEVER;
    }
    return minor;
  });

export const ruleSchema = z
  .object({
    scope: z.enum(['seller', 'category', 'kind', 'all'], { message: 'Choose what the rule applies to.' }),
    seller: z.string().trim().max(254, 'Use at most 254 characters.').optional().default(''),
    category_id: z.string().trim().optional().default(''),
    kind: z.string().trim().optional().default(''),
    rate: z.string().transform((v, ctx) => {
      const bp = parsePercent(v);
      if (bp === null) {
        ctx.addIssue({ code: 'custom', message: 'Enter a percent from 0 to 100 with at most two decimals, like 12.5.' });
        return z.NEVER;
      }
      return bp;
    }),
    min_amount: optionalMoney,
    cap_amount: optionalMoney,
    priority: z
      .string()
      .trim()
      .optional()
      .default('')
      .refine((v) => /^(-?\d{1,4})?$/.test(v), 'Enter a whole number from -9999 to 9999, or leave it empty.')
      .transform((v) => (v ? Number(v) : 0)),
    note: z.string().trim().max(200, 'Use at most 200 characters.').optional().default(''),
  })
  // runs even when another field failed, so every field error shows at once; fields that failed hold raw input here
  .superRefine(
    (v, ctx) => {
      if (!v || typeof v !== 'object') return;
      const str = (x: unknown) => (typeof x === 'string' ? x.trim() : '');
      if (v.scope === 'seller' && !str(v.seller)) ctx.addIssue({ code: 'custom', path: ['seller'], message: 'Enter the seller’s email or shop name.' });
      if (v.scope === 'category' && !/^\d{1,15}$/.test(str(v.category_id))) ctx.addIssue({ code: 'custom', path: ['category_id'], message: 'Choose a category.' });
      if (v.scope === 'kind' && !(KINDS as string[]).includes(str(v.kind))) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'Choose a kind of listing.' });
      if (typeof v.min_amount === 'number' && typeof v.cap_amount === 'number' && v.min_amount > v.cap_amount)
        ctx.addIssue({ code: 'custom', path: ['cap_amount'], message: 'The cap must be at least the minimum.' });
    },
    { when: () => true },
  );

export type RuleInput = z.infer<typeof ruleSchema>;
export type RuleResult = { ok: true; rule: CommissionRuleRow } | { ok: false; field: string; message: string };

const fail = (field: string, message: string) => ({ ok: false, field, message }) as const;

/** The terms of a rule as stored in the audit log. */
const termsOf = (r: Pick<CommissionRuleRow, 'scope' | 'seller_id' | 'category_id' | 'kind' | 'rate_bp' | 'min_amount' | 'cap_amount' | 'priority' | 'note'>) => ({
  scope: r.scope,
  seller_id: r.seller_id,
  category_id: r.category_id,
  kind: r.kind,
  rate_bp: r.rate_bp,
  min_amount: r.min_amount,
  cap_amount: r.cap_amount,
  priority: r.priority,
  note: r.note,
});

/** Adds a rule; it applies to sales from now on (orders keep the terms they were placed with). */
export async function createRule(db: Knex, adminId: number, input: RuleInput): Promise<RuleResult> {
  return db.transaction(async (trx) => {
    await lockRules(trx);
    let sellerId: number | null = null;
    let categoryId: number | null = null;
    if (input.scope === 'seller') {
      const seller = await findSellerByEmailOrShop(trx, input.seller);
      if (!seller) return fail('seller', 'No seller has this email or shop name.');
      sellerId = seller.user_id;
    }
    if (input.scope === 'category') {
      const category = await findCategory(trx, Number(input.category_id));
      if (!category) return fail('category_id', 'That category does not exist.');
      categoryId = category.id;
    }
    const terms = termsOf({
      scope: input.scope,
      seller_id: sellerId,
      category_id: categoryId,
      kind: input.scope === 'kind' ? (input.kind as ListingKind) : null,
      rate_bp: input.rate,
      min_amount: input.min_amount,
      cap_amount: input.cap_amount,
      priority: input.priority,
      note: input.note,
    });
    const rule = await insertRule(trx, { ...terms, created_by: adminId });
    await audit(trx, { actorId: adminId, action: 'commission_rule.create', subjectType: 'commission_rule', subjectId: rule.id, after: terms });
    return { ok: true, rule } as const;
  });
}

/** Stops a rule from applying to new sales. The last rule for everything stays, so every sale has a rule. */
export async function retire(db: Knex, adminId: number, id: number): Promise<RuleResult> {
  return db.transaction(async (trx) => {
    await lockRules(trx);
    const before = await findRule(trx, id);
    if (!before) return fail('id', 'That rule does not exist.');
    if (before.retired_at) return fail('form', 'This rule was already retired.');
    if (before.scope === 'all' && (await activeAllRuleCount(trx)) <= 1)
      return fail('form', 'This is the only rule for everything, so it cannot be retired. Add another rule for everything first.');
    const rule = (await retireRule(trx, id, clock.now()))!;
    await audit(trx, {
      actorId: adminId,
      action: 'commission_rule.retire',
      subjectType: 'commission_rule',
      subjectId: id,
      before: { ...termsOf(before), retired: false },
      after: { retired: true },
    });
    return { ok: true, rule } as const;
  });
}

/** What a rule applies to, in words: "Shop Oak & Co", "Category Furniture and its subcategories", "Digital downloads", "Everything". */
export function appliesTo(r: Pick<CommissionRuleView, 'scope' | 'seller_id' | 'shop_name' | 'seller_email' | 'category_id' | 'category_name' | 'kind'>): string {
  switch (r.scope) {
    case 'seller':
      return r.shop_name ? `Shop ${r.shop_name}` : `Seller ${r.seller_email ?? `#${r.seller_id}`}`;
    case 'category':
      return `Category ${r.category_name ?? `#${r.category_id}`} and its subcategories`;
    case 'kind':
      return r.kind ? kindPlural(r.kind) : 'A kind of listing';
    case 'all':
      return 'Everything';
  }
}

const KIND_PLURALS: Record<ListingKind, string> = {
  fixed: 'Fixed-price items',
  auction: 'Auctions',
  digital: 'Digital downloads',
  service: 'Services',
  classified: 'Classified ads',
};
export const kindPlural = (k: ListingKind): string => KIND_PLURALS[k] ?? kindTraits[k].label;

/** "10 %", "12.5 % (min €0.50, at most €20.00)". */
export function termsText(t: { rateBp: number; minAmount: number | null; capAmount: number | null }, currency?: string): string {
  const bounds = [t.minAmount !== null ? `min ${formatMoney(t.minAmount, currency)}` : '', t.capAmount !== null ? `at most ${formatMoney(t.capAmount, currency)}` : ''].filter(Boolean);
  return `${percentText(t.rateBp)} %${bounds.length ? ` (${bounds.join(', ')})` : ''}`;
}
