import type { Trx } from '../data/database.js';
import { actorLabel, actorUserId, type ServiceContext } from './context.js';

export interface AuditEntry {
  /** SCREAMING_SNAKE, e.g. USER_INVITED */
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes the audit row inside the caller's transaction: it commits or rolls back with the change. */
export async function recordAudit(trx: Trx, ctx: Pick<ServiceContext, 'actor' | 'correlationId'>, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      actor_user_id: actorUserId(ctx.actor),
      actor_label: actorLabel(ctx.actor),
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      correlation_id: ctx.correlationId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
