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
  const l = await db.selectFrom('register_locations as l').innerJoin('organisations as o', 'o.id', 'l.organisation_id').select(['l.registration_date', 'l.inspection_directorate', 'l.type', 'o.parent_id']).where('l.organisation_id', '=', organisationId).executeTakeFirst();
  if (!l || sectorOf(l.inspection_directorate, l.type) !== 'adult_social_care') return null;
  // Notifications sent for the provider as a whole count for its locations too.
  const last = await db.selectFrom('statutory_notifications').select(sql<Date | null>`max(submitted_at)`.as('last')).where('organisation_id', 'in', [organisationId, ...(l.parent_id ? [l.parent_id] : [])]).where('type', 'in', [...EXPECTED_NOTIFICATION_TYPES]).executeTakeFirst();
  return notificationsNotSent({ lastExpected: last?.last ? londonDate(new Date(last.last)) : null, since: l.registration_date, today, quietMonths });
}

/** The latest expected notification of each organisation (London date), by organisation id. */
async function lastExpected(ctx: Ctx): Promise<Map<string, string>> {
  const rows = await ctx.db
    .selectFrom('statutory_notifications')
    .select(['organisation_id', sql<Date>`max(submitted_at)`.as('last')])
    .where('type', 'in', [...EXPECTED_NOTIFICATION_TYPES])
    .groupBy('organisation_id')
    .execute();
  return new Map(rows.map((r) => [r.organisation_id, londonDate(new Date(r.last))]));
}

/** A location's latest expected notification: its own, or its provider's sent for the provider as a whole. */
function lastFor(last: ReadonlyMap<string, string>, l: { organisation_id: string; parent_id?: string | null }): string | null {
  const own = last.get(l.organisation_id) ?? null;
  const provider = l.parent_id ? (last.get(l.parent_id) ?? null) : null;
  return own && provider ? (own > provider ? own : provider) : (own ?? provider);
}

/** Reasons to add to each location's monitoring score, by organisation id. */
export async function notificationMonitoringReasons(ctx: Ctx, locations: readonly { organisation_id: string; parent_id?: string | null; registration_date: string | null; inspection_directorate: string | null; type: string | null }[]): Promise<Map<string, { points: number; text: string }[]>> {
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
    const gap = asc ? notificationsNotSent({ lastExpected: lastFor(last, l), since: l.registration_date, today, quietMonths: ctx.config.notificationsQuietMonths }) : null;
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
      .selectFrom('register_locations as l')
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .select(['l.organisation_id', 'o.parent_id', 'l.location_id', 'l.name', 'l.registration_date', 'l.inspection_directorate', 'l.type'])
      .where('l.registration_status', '=', 'Registered')
      .where((eb) => eb.or([eb('l.care_home', '=', true), eb('l.inspection_directorate', 'ilike', '%social care%'), eb('l.type', 'ilike', 'social care org')]))
      .execute(),
    lastExpected(ctx),
  ]);
  const rows: NotificationGapRow[] = [];
  for (const l of locations) {
    if (sectorOf(l.inspection_directorate, l.type) !== 'adult_social_care') continue;
    const gap = notificationsNotSent({ lastExpected: lastFor(last, l), since: l.registration_date, today, quietMonths: ctx.config.notificationsQuietMonths });
    if (gap.flagged) rows.push({ organisationId: l.organisation_id, locationId: l.location_id, name: l.name, gap });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name));
  return { rows: rows.slice(0, limit), total: rows.length };
}
