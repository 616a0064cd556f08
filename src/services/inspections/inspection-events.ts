/** The inspection's timeline and optimistic locking, shared by the inspection services. */
import { formatDateWithDay } from '../../domain/shared/dates.js';
import { sql } from 'kysely';
import type { Trx } from '../../data/database.js';
import { londonDate } from '../../domain/inspection/working-days.js';
import { actorLabel, actorUserId, type ServiceContext } from '../context.js';
import { ConflictError } from '../errors.js';

export interface TimelineEntry {
  kind: string;
  summary: string;
  /** Shown to the organisation (never for anything before it was told of the inspection). */
  visibleToOrganisation: boolean;
}

export async function addTimelineEvent(trx: Trx, ctx: Pick<ServiceContext, 'actor' | 'clock'>, inspectionId: string, entry: TimelineEntry): Promise<void> {
  await trx
    .insertInto('inspection_events')
    .values({
      inspection_id: inspectionId,
      occurred_at: ctx.clock.now(),
      kind: entry.kind,
      summary: entry.summary,
      actor_user_id: actorUserId(ctx.actor),
      actor_label: ctx.actor.kind === 'user' ? ctx.actor.user.name : actorLabel(ctx.actor),
      visible_to_organisation: entry.visibleToOrganisation,
    })
    .execute();
}

/** Moves the inspection to its next version; refuses when the caller saw an older one. */
export async function bumpVersion(trx: Trx, ctx: Pick<ServiceContext, 'clock'>, inspectionId: string, currentVersion: number, expectedVersion?: number | null): Promise<number> {
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== currentVersion) {
    throw new ConflictError('Someone else changed this inspection since you loaded it. Reload it and try again.', 'version_conflict');
  }
  const row = await trx
    .updateTable('inspections')
    .set({ version: sql`version + 1`, updated_at: ctx.clock.now() })
    .where('id', '=', inspectionId)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export function today(ctx: Pick<ServiceContext, 'clock'>): string {
  return londonDate(ctx.clock.now());
}

/** GOV.UK style: "Monday 30 November 2026" (no comma). */
export function formatLongDate(iso: string): string {
  return formatDateWithDay(iso);
}
