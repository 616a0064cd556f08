/**
 * What statutory notifications add to monitoring: urgent notifications in the last 12 months and
 * adult social care locations that have gone quiet ("notifications not sent"). Kept apart from
 * the monitoring score itself: the score adds these reasons as one separate term.
 */
import { sql } from 'kysely';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { notificationRiskReasons, notificationsNotSent, type GapResult } from '../../domain/notifications/notification-gaps.js';
import { EXPECTED_NOTIFICATION_TYPES } from '../../domain/notifications/notification-types.data.js';
import { sectorOf } from '../../domain/register/rating-age.js';
import type { ServiceContext } from '../context.js';
import type { Executor } from '../../data/database.js';
import { requireRegulator } from './portal-access.js';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'config'>;

/**
 * The "notifications not sent" check for one registered location (null when it is not an adult
 * social care location on the register): the judgement feeds it to the rules engine's well-led limiter.
 */
export async function notificationGapForLocation(db: Executor, quietMonths: number, organisationId: string, today: string): Promise<GapResult | null> {
  const l = await db.selectFrom('register_locations').select(['registration_date', 'inspection_directorate', 'type']).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!l || sectorOf(l.inspection_directorate, l.type) !== 'adult_social_care') return null;
  const last = await db.selectFrom('statutory_notifications').select(sql<Date | null>`max(submitted_at)`.as('last')).where('organisation_id', '=', organisationId).where('type', 'in', [...EXPECTED_NOTIFICATION_TYPES]).executeTakeFirst();
  return notificationsNotSent({ lastExpected: last?.last ? londonDate(new Date(last.last)) : null, since: l.registration_date, today, quietMonths });
}

async function lastExpected(ctx: Ctx): Promise<Map<string, string>> {
  const rows = await ctx.db
    .selectFrom('statutory_notifications as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .select([sql<string>`coalesce(o.id)`.as('org'), 'o.parent_id', sql<Date>`max(n.submitted_at)`.as('last')])
    .where('n.type', 'in', [...EXPECTED_NOTIFICATION_TYPES])
    .groupBy(['o.id', 'o.parent_id'])
    .execute();
  const out = new Map<string, string>();
  for (const r of rows) out.set(r.org, londonDate(new Date(r.last)));
  return out;
}

/** Reasons to add to each location's monitoring score, by organisation id. */
export async function notificationMonitoringReasons(ctx: Ctx, locations: readonly { organisation_id: string; registration_date: string | null; inspection_directorate: string | null; type: string | null }[]): Promise<Map<string, { points: number; text: string }[]>> {
  const yearAgo = new Date(ctx.clock.now().getTime() - 365 * 86_400_000);
  const today = londonDate(ctx.clock.now());
  const [urgent, last] = await Promise.all([
    ctx.db.selectFrom('statutory_notifications').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('submitted_at', '>', yearAgo).where('priority', '=', 'urgent').groupBy('organisation_id').execute(),
    lastExpected(ctx),
  ]);
  const urgentBy = new Map(urgent.map((u) => [u.organisation_id, Number(u.n)]));
  const out = new Map<string, { points: number; text: string }[]>();
  for (const l of locations) {
    const asc = sectorOf(l.inspection_directorate, l.type) === 'adult_social_care';
    const gap = asc ? notificationsNotSent({ lastExpected: last.get(l.organisation_id) ?? null, since: l.registration_date, today, quietMonths: ctx.config.notificationsQuietMonths }) : null;
    const reasons = notificationRiskReasons({ urgentLast12Months: urgentBy.get(l.organisation_id) ?? 0, notSent: gap?.flagged ?? false });
    if (reasons.length) out.set(l.organisation_id, reasons);
  }
  return out;
}

export interface NotificationGapRow {
  organisationId: string;
  locationId: string;
  name: string;
  gap: GapResult;
}

/** Adult social care locations flagged "notifications not sent", for the triage queue page. */
export async function notificationGaps(ctx: ServiceContext, limit = 50): Promise<{ rows: NotificationGapRow[]; total: number }> {
  requireRegulator(ctx, 'notifications.triage');
  const today = londonDate(ctx.clock.now());
  const [locations, last] = await Promise.all([
    ctx.db
      .selectFrom('register_locations')
      .select(['organisation_id', 'location_id', 'name', 'registration_date', 'inspection_directorate', 'type'])
      .where('registration_status', '=', 'Registered')
      .where((eb) => eb.or([eb('care_home', '=', true), eb('inspection_directorate', 'ilike', '%social care%'), eb('type', 'ilike', 'social care org')]))
      .execute(),
    lastExpected(ctx),
  ]);
  const rows: NotificationGapRow[] = [];
  for (const l of locations) {
    if (sectorOf(l.inspection_directorate, l.type) !== 'adult_social_care') continue;
    const gap = notificationsNotSent({ lastExpected: last.get(l.organisation_id) ?? null, since: l.registration_date, today, quietMonths: ctx.config.notificationsQuietMonths });
    if (gap.flagged) rows.push({ organisationId: l.organisation_id, locationId: l.location_id, name: l.name, gap });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { rows: rows.slice(0, limit), total: rows.length };
}
