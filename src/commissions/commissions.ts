import type { Knex } from 'knex';
import type { ListingKind } from '../listings/queries.js';
import { applicableRules, type RuleScope } from './queries.js';

/** What a rule needs for choosing: the columns of `commission_rules` that decide precedence. */
export interface PickableRule {
  id: number;
  scope: RuleScope;
  seller_id: number | null;
  category_id: number | null;
  kind: ListingKind | null;
  priority: number;
  retired_at?: Date | null;
}

/** The sale a commission is for: `categoryPath` is the listing's category first, then its ancestors up to the root. */
export interface RuleTarget {
  sellerId: number;
  categoryPath: number[];
  kind: ListingKind;
}

/** The terms a sale is charged with. `ruleId` is null when no rule applied and the fallback rate was used. */
export interface CommissionTerms {
  ruleId: number | null;
  rateBp: number;
  minAmount: number | null;
  capAmount: number | null;
}

/** Used only when no active rule applies at all (the migration keeps an 'all' rule, and the last one cannot be retired). */
export const FALLBACK_RATE_BP = 1000;

const SCOPE_RANK: Record<RuleScope, number> = { seller: 3, category: 2, kind: 1, all: 0 };

/** How far up the category tree the rule sits from the target (0 = the category itself), or -1 when it does not apply. */
function reach(rule: PickableRule, target: RuleTarget): number {
  if (rule.retired_at) return -1;
  switch (rule.scope) {
    case 'all':
      return 0;
    case 'seller':
      return rule.seller_id === target.sellerId ? 0 : -1;
    case 'kind':
      return rule.kind === target.kind ? 0 : -1;
    case 'category':
      return rule.category_id === null ? -1 : target.categoryPath.indexOf(rule.category_id);
  }
}

/**
 * The rule that decides a sale's commission: the most specific active one
 * (seller, then category — nearest ancestor first —, then kind, then everything);
 * among equally specific rules the higher priority, then the newest.
 */
export function pickRule<R extends PickableRule>(rules: readonly R[], target: RuleTarget): R | null {
  let best: { rule: R; key: [number, number, number, number] } | null = null;
  for (const rule of rules) {
    const distance = reach(rule, target);
    if (distance < 0) continue;
    // larger is better, compared left to right
    const key: [number, number, number, number] = [SCOPE_RANK[rule.scope], -distance, rule.priority, rule.id];
    if (!best || beats(key, best.key)) best = { rule, key };
  }
  return best?.rule ?? null;
}

function beats(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/**
 * The commission on `amount` (minor units): amount × rate, rounded half up in
 * integer arithmetic, then raised to the minimum and lowered to the cap, and
 * never more than the amount itself.
 */
export function commissionOn(rule: Pick<CommissionTerms, 'rateBp' | 'minAmount' | 'capAmount'>, amount: number): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`commission on a non-integer or negative amount: ${amount}`);
  if (!Number.isInteger(rule.rateBp) || rule.rateBp < 0 || rule.rateBp > 10_000) throw new RangeError(`rate out of range: ${rule.rateBp}`);
  // BigInt: amount × rate can pass 2^53 for large amounts
  let c = Number((BigInt(amount) * BigInt(rule.rateBp) + 5_000n) / 10_000n);
  if (rule.minAmount !== null && c < rule.minAmount) c = rule.minAmount;
  if (rule.capAmount !== null && c > rule.capAmount) c = rule.capAmount;
  return Math.min(c, amount);
}

/** "10", "12.5", "12.25": a rate in basis points as a percent number, without trailing zeros. */
export function percentText(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const frac = rateBp % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** "12.5" or "12,5 %" → 1250 basis points; null unless it is a percent from 0 to 100 with at most two decimals. */
export function parsePercent(input: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(input.trim().replace(/\s*%$/, ''));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

/** The terms for one sale, from the active rules and the category's ancestor chain. */
export async function commissionFor(db: Knex | Knex.Transaction, target: { sellerId: number; categoryId: number; kind: ListingKind }): Promise<CommissionTerms> {
  const { rules, categoryPath } = await applicableRules(db, target);
  const rule = pickRule(rules, { sellerId: target.sellerId, categoryPath, kind: target.kind });
  if (!rule) return { ruleId: null, rateBp: FALLBACK_RATE_BP, minAmount: null, capAmount: null };
  return { ruleId: rule.id, rateBp: rule.rate_bp, minAmount: rule.min_amount, capAmount: rule.cap_amount };
}
