import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { clock } from '../lib/clock.js';
import { parseMoney } from '../lib/money.js';
import { findPlan, insertPlan, planNameTaken, retirePlan, updatePlan, type PlanRow } from './queries.js';

const MAX_HOURS = 24 * 90;

export const planSchema = z
  .object({
    name: z.string().trim().min(2, 'Use at least 2 characters.').max(60, 'Use at most 60 characters.'),
    duration: z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, 'Enter a whole number.')
      .transform(Number)
      .refine((n) => n >= 1, 'Use at least 1.'),
    unit: z.enum(['hours', 'days'], { message: 'Choose hours or days.' }),
    price: z.string().transform((v, ctx) => {
      const minor = parseMoney(v);
      if (minor === null || minor === 0) {
        ctx.addIssue({ code: 'custom', message: 'Enter a price above zero, like 4.99.' });
        return z.NEVER;
      }
      return minor;
    }),
    weight: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, 'Enter a whole number from 1 to 100.')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100, 'Enter a whole number from 1 to 100.'),
  })
  .transform((v, ctx) => {
    const hours = v.unit === 'days' ? v.duration * 24 : v.duration;
    if (hours > MAX_HOURS) {
      ctx.addIssue({ code: 'custom', path: ['duration'], message: 'A plan lasts at most 90 days.' });
      return z.NEVER;
    }
    return { name: v.name, duration_hours: hours, price: v.price, weight: v.weight };
  });

export type PlanInput = z.infer<typeof planSchema>;
export type PlanResult = { ok: true; plan: PlanRow } | { ok: false; field: 'name' | 'form'; message: string };

/** "3 days", "12 hours": whole days when it divides. */
export function durationText(hours: number): string {
  if (hours % 24 === 0) return `${hours / 24} day${hours === 24 ? '' : 's'}`;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

export async function createPlan(db: Knex, adminId: number, input: PlanInput): Promise<PlanResult> {
  return db.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('souk.boost_plans'))`);
    if (await planNameTaken(trx, input.name)) return { ok: false, field: 'name', message: 'A plan with this name exists already.' } as const;
    const plan = await insertPlan(trx, { ...input, created_by: adminId });
    await audit(trx, { actorId: adminId, action: 'boost_plan.create', subjectType: 'boost_plan', subjectId: plan.id, after: input });
    return { ok: true, plan } as const;
  });
}

/** Changes what future purchases get; boosts already bought keep the terms they were sold with. */
export async function editPlan(db: Knex, adminId: number, id: number, input: PlanInput): Promise<PlanResult> {
  return db.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('souk.boost_plans'))`);
    const before = await findPlan(trx, id);
    if (!before || before.retired_at) return { ok: false, field: 'form', message: 'This plan is retired and can no longer be changed.' } as const;
    if (await planNameTaken(trx, input.name, id)) return { ok: false, field: 'name', message: 'A plan with this name exists already.' } as const;
    const plan = (await updatePlan(trx, id, input, clock.now()))!;
    await audit(trx, {
      actorId: adminId,
      action: 'boost_plan.edit',
      subjectType: 'boost_plan',
      subjectId: id,
      before: { name: before.name, duration_hours: before.duration_hours, price: before.price, weight: before.weight },
      after: input,
    });
    return { ok: true, plan } as const;
  });
}

/** Takes a plan off sale; running boosts bought with it run to their end. */
export async function retire(db: Knex, adminId: number, id: number): Promise<PlanResult> {
  return db.transaction(async (trx) => {
    const plan = await retirePlan(trx, id, clock.now());
    if (!plan) return { ok: false, field: 'form', message: 'This plan was already retired.' } as const;
    await audit(trx, { actorId: adminId, action: 'boost_plan.retire', subjectType: 'boost_plan', subjectId: id, before: { retired: false }, after: { retired: true } });
    return { ok: true, plan } as const;
  });
}
