import type { Knex } from 'knex';

/** Records an admin action on someone else's data: who, what, why, before and after. */
export async function audit(
  trx: Knex | Knex.Transaction,
  entry: {
    actorId: number | null;
    action: string;
    subjectType: string;
    subjectId: number | null;
    reason?: string | null;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await trx('audit_log').insert({
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    reason: entry.reason ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

export function auditFor(db: Knex, subjectType: string, subjectId: number) {
  return db('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .where({ 'a.subject_type': subjectType, 'a.subject_id': subjectId })
    .orderBy('a.id', 'desc')
    .select('a.*', 'u.display_name as actor_name');
}
