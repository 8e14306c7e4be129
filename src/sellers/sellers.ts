import type { Knex } from 'knex';
import { z } from 'zod';
import { audit } from '../audit/audit.js';
import { emit } from '../outbox/outbox.js';
import {
  decideApplication,
  insertApplication,
  insertSeller,
  lockApplication,
  shopNameTaken,
  type ApplicationRow,
} from './queries.js';

export const applicationSchema = z.object({
  shop_name: z.string().trim().min(3, 'Use at least 3 characters.').max(60, 'Use at most 60 characters.'),
  description: z.string().trim().min(20, 'Tell buyers a little more (at least 20 characters).').max(2000, 'Use at most 2000 characters.'),
});

export const rejectionSchema = z.object({
  reason: z.string().trim().min(3, 'Give the applicant a reason (at least 3 characters).').max(1000, 'Use at most 1000 characters.'),
});

export type ApplyResult = { ok: true; application: ApplicationRow } | { ok: false; field: 'shop_name' | 'form'; message: string };

/** A buyer asks to become a seller. One open application at a time; shop names are unique. */
export async function applyToSell(
  db: Knex,
  user: { id: number; is_seller: boolean },
  input: z.infer<typeof applicationSchema>,
): Promise<ApplyResult> {
  if (user.is_seller) return { ok: false, field: 'form', message: 'You are already a seller.' };
  return db.transaction(async (trx) => {
    if (await shopNameTaken(trx, input.shop_name)) {
      return { ok: false, field: 'shop_name', message: 'That shop name is taken. Choose another.' } as const;
    }
    try {
      const application = await trx.transaction(async (sp) => insertApplication(sp, { user_id: user.id, ...input }));
      await emit(trx, 'seller_application.submitted', { applicationId: application.id, userId: user.id });
      return { ok: true, application } as const;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        return { ok: false, field: 'form', message: 'You already have an application waiting for review.' } as const;
      }
      throw err;
    }
  });
}

export type DecideResult = { ok: true } | { ok: false; message: string };

/**
 * An admin approves or rejects a pending application. Exactly one decision wins
 * when two admins act at once (the row is locked and must still be pending).
 */
export async function decide(
  db: Knex,
  adminId: number,
  applicationId: number,
  decision: { status: 'approved' } | { status: 'rejected'; reason: string },
): Promise<DecideResult> {
  return db.transaction(async (trx) => {
    const app = await lockApplication(trx, applicationId);
    if (!app) return { ok: false, message: 'No such application.' };
    if (app.status !== 'pending') return { ok: false, message: `This application was already ${app.status}.` };
    const reason = decision.status === 'rejected' ? decision.reason : null;
    if (decision.status === 'approved') {
      if (await shopNameTaken(trx, app.shop_name, app.user_id)) {
        return { ok: false, message: 'Another shop has taken this name since; reject with a reason asking for a new one.' };
      }
      await insertSeller(trx, { user_id: app.user_id, shop_name: app.shop_name, description: app.description, approved_by: adminId });
    }
    await decideApplication(trx, applicationId, { status: decision.status, reason, decided_by: adminId });
    await audit(trx, {
      actorId: adminId,
      action: `seller_application.${decision.status === 'approved' ? 'approve' : 'reject'}`,
      subjectType: 'seller_application',
      subjectId: applicationId,
      reason,
      before: { status: app.status },
      after: { status: decision.status },
    });
    await emit(trx, 'seller_application.decided', {
      applicationId,
      userId: app.user_id,
      status: decision.status,
      reason,
      shopName: app.shop_name,
    });
    return { ok: true } as const;
  });
}
