/**
 * Feedback answered (issue 16): feedback the regulator triaged as "shared with the service so
 * it can respond" reaches the organisation. Its users see it (never the giver's name or
 * contact details: issue 14, only those triaging it at the regulator see them), respond once, and the response (or the
 * fact that none came by the date set) shows on the giver's status page. Unanswered shared
 * feedback counts in the monitoring score.
 */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../data/database.js';
import { addDays } from '../../domain/deadlines/calendar-date.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { recordAudit } from '../audit.service.js';
import { requireAllowed } from '../access.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { notify } from '../notifications.service.js';
import { feedbackPath, sharedFeedbackPath } from '../../domain/shared/app-paths.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const RESPONSE_MAX = 5000;

/** Called inside triage when the outcome is "shared with the service": starts the response clock and tells the organisation. */
export async function shareFeedbackWithService(trx: Trx, ctx: ServiceContext, feedback: { id: string; reference: string; organisation_id: string; location_name: string; shared_at: Date | null }): Promise<void> {
  if (feedback.shared_at) return;
  const now = ctx.clock.now();
  const due = addDays(londonDate(now), ctx.config.feedbackResponseDays);
  await trx.updateTable('feedback').set({ shared_at: now, response_due: due }).where('id', '=', feedback.id).execute();
  const org = await trx.selectFrom('organisations').select(['id', 'parent_id']).where('id', '=', feedback.organisation_id).executeTakeFirst();
  const orgIds = [feedback.organisation_id, ...(org?.parent_id ? [org.parent_id] : [])];
  const users = await trx.selectFrom('users').select('id').where('organisation_id', 'in', orgIds).where('role', '=', 'provider_user').where('status', '=', 'active').execute();
  for (const u of users) {
    await notify(trx, { userId: u.id, title: `Feedback about ${feedback.location_name} shared with you`, body: `The regulator has shared a piece of feedback (${feedback.reference}) so you can respond. Please respond by ${due}.`, link: sharedFeedbackPath(feedback.id) });
  }
}

export interface SharedFeedbackView {
  id: string;
  reference: string;
  locationName: string;
  whatHappened: string;
  happenedOn: string;
  happenedPrecision: 'day' | 'month';
  fromGroup: string | null;
  /**
   * Always null: the giver's name, email and phone go only to those triaging the feedback at the
   * regulator (issue 14, item 8). "May we contact you?" is the regulator asking, not consent to hand
   * the details to the service the feedback is about.
   */
  contact: null;
  sharedAt: Date;
  responseDue: string | null;
  response: string | null;
  respondedAt: Date | null;
  respondedBy: string | null;
  overdue: boolean;
}

async function organisationScope(db: Executor, organisationId: string): Promise<string[]> {
  const children = await db.selectFrom('organisations').select('id').where('parent_id', '=', organisationId).execute();
  return [organisationId, ...children.map((c) => c.id)];
}

function viewOf(r: Record<string, unknown> & { id: string; reference: string; location_name: string; what_happened: string; happened_on: string; happened_precision: 'day' | 'month'; shared_at: Date | null; response_due: string | null; response: string | null; responded_at: Date | null; responder: string | null; group_name: string | null }, today: string): SharedFeedbackView {
  return {
    id: r.id,
    reference: r.reference,
    locationName: r.location_name,
    whatHappened: r.what_happened,
    happenedOn: r.happened_on,
    happenedPrecision: r.happened_precision,
    fromGroup: r.group_name,
    contact: null,
    sharedAt: r.shared_at as Date,
    responseDue: r.response_due,
    response: r.response,
    respondedAt: r.responded_at,
    respondedBy: r.responder,
    overdue: !r.response && !!r.response_due && today > r.response_due,
  };
}

function sharedQuery(db: Executor) {
  return db
    .selectFrom('feedback as f')
    .leftJoin('users as u', 'u.id', 'f.responded_by')
    .leftJoin('patient_participation_groups as g', 'g.id', 'f.patient_participation_group_id')
    .select([
      'f.id',
      'f.reference',
      'f.location_name',
      'f.what_happened',
      'f.happened_on',
      'f.happened_precision',
      'f.shared_at',
      'f.response_due',
      'f.response',
      'f.responded_at',
      'f.organisation_id',
      'u.name as responder',
      'g.name as group_name',
    ])
    .where('f.shared_at', 'is not', null);
}

/** The organisation's users: feedback shared with them, unanswered first. */
export async function listSharedFeedback(ctx: ServiceContext): Promise<SharedFeedbackView[]> {
  const user = requireAllowed(ctx, 'feedback.respond');
  const scope = await organisationScope(ctx.db, user.organisationId);
  const rows = await sharedQuery(ctx.db).where('f.organisation_id', 'in', scope).orderBy(sql`f.response is null`, 'desc').orderBy('f.shared_at', 'desc').limit(500).execute();
  const today = londonDate(ctx.clock.now());
  return rows.map((r) => viewOf(r, today));
}

export async function getSharedFeedback(ctx: ServiceContext, id: string): Promise<SharedFeedbackView> {
  const user = requireAllowed(ctx, 'feedback.respond');
  if (!UUID.test(id)) throw new NotFoundError('No shared feedback found');
  const scope = await organisationScope(ctx.db, user.organisationId);
  const row = await sharedQuery(ctx.db).where('f.id', '=', id).where('f.organisation_id', 'in', scope).executeTakeFirst();
  if (!row) throw new NotFoundError('No shared feedback found');
  return viewOf(row, londonDate(ctx.clock.now()));
}

export async function respondToFeedback(ctx: ServiceContext, id: string, input: { response: string }): Promise<SharedFeedbackView> {
  const user = requireAllowed(ctx, 'feedback.respond');
  await getSharedFeedback(ctx, id);
  const response = input.response?.trim() ?? '';
  if (!response) throw new ValidationError([{ field: 'response', message: 'Enter your response' }]);
  if (response.length > RESPONSE_MAX) throw new ValidationError([{ field: 'response', message: `Your response must be ${RESPONSE_MAX.toLocaleString('en-GB')} characters or fewer` }]);
  await inTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('feedback').select(['id', 'reference', 'response', 'triaged_by']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.response) throw new ConflictError('This feedback has already been answered', 'already_answered');
    await trx.updateTable('feedback').set({ response, responded_by: user.id, responded_at: ctx.clock.now() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, { action: 'FEEDBACK_RESPONDED', subjectType: 'feedback', subjectId: id, after: { length: response.length } });
    if (row.triaged_by) await notify(trx, { userId: row.triaged_by, title: `The service responded to feedback ${row.reference}`, body: `${user.name} (${user.organisationName}) responded.`, link: feedbackPath(id) });
  });
  return getSharedFeedback(ctx, id);
}

/** For the giver's status page: shared on, due by, and the response or its absence. */
export interface SharedStatus {
  sharedOn: string;
  responseDue: string | null;
  response: string | null;
  respondedOn: string | null;
  noResponseByDue: boolean;
}

export function sharedStatus(f: { shared_at: Date | null; response_due: string | null; response: string | null; responded_at: Date | null }, today: string): SharedStatus | null {
  if (!f.shared_at) return null;
  return { sharedOn: londonDate(f.shared_at), responseDue: f.response_due, response: f.response, respondedOn: f.responded_at ? londonDate(f.responded_at) : null, noResponseByDue: !f.response && !!f.response_due && today > f.response_due };
}

/** Shared feedback still unanswered after its due date, by organisation (for the monitoring score). */
export async function unansweredFeedbackCounts(db: Executor, today: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('feedback').select(['organisation_id', sql<number>`count(*)`.as('n')]).where('shared_at', 'is not', null).where('response', 'is', null).where('response_due', '<', today).groupBy('organisation_id').execute();
  return new Map(rows.map((r) => [r.organisation_id, Number(r.n)]));
}
