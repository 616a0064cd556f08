import { sql } from 'kysely';
import type { Trx } from '../data/database.js';
import type { AuditEvent } from '../data/tables/foundation.tables.js';
import { requireAllowed } from './access.js';
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

// Browsing the trail (administrators) ------------------------------------------------------------

export interface AuditFilter {
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** Matches the actor's name or email, or their user id. */
  actor?: string | undefined;
  /** Inclusive dates, YYYY-MM-DD (UK time is close enough for browsing: whole days in UTC). */
  from?: string | undefined;
  to?: string | undefined;
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, filtered, a page at a time. Administrators only. */
export async function listAuditEvents(ctx: ServiceContext, filter: AuditFilter, page: number): Promise<{ events: AuditEvent[]; total: number; actions: string[] }> {
  requireAllowed(ctx, 'audit.view');
  let q = ctx.db.selectFrom('audit_events');
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.actor) {
    const actor = filter.actor;
    const like = `%${actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(sql<string>`lower(actor_label)`, 'like', like), eb(sql<string>`actor_user_id::text`, '=', actor)]));
  }
  if (filter.from) q = q.where('occurred_at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) q = q.where('occurred_at', '<', new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000));
  const total = await q.select(ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const events = await q
    .selectAll()
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * AUDIT_PAGE_SIZE)
    .execute();
  const actions = await ctx.db.selectFrom('audit_events').select('action').distinct().orderBy('action').execute();
  return { events, total: Number(total.n), actions: actions.map((a) => a.action) };
}

/**
 * A file was downloaded (issue 14: evidence downloads are audited). Its own short transaction: the
 * download itself changes nothing else.
 */
export async function recordDownload(ctx: ServiceContext, action: string, subjectType: string, subjectId: string, after: Record<string, unknown>): Promise<void> {
  await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx, { action, subjectType, subjectId, after }));
}
