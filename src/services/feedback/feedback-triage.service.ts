/**
 * What the regulator does with feedback: the triage queue (urgent first), one piece with its
 * history, recording a decision (status, outcome, what was done, a link to an inspection's
 * evidence), the person's status look-up by reference and the public summary per location.
 */
import { sql } from 'kysely';
import { FEEDBACK_OUTCOMES, FEEDBACK_STATUSES, type Feedback, type FeedbackOutcome, type FeedbackStatus, type FeedbackTriageEvent } from '../../data/tables/after-report.tables.js';
import type { RiskMatch } from '../../domain/feedback/risk-phrases.js';
import { recordAudit } from '../audit.service.js';
import { requireAllowed } from '../access.js';
import { check } from '../../domain/access/permissions.js';
import { findTeamRole } from '../../data/repositories/inspection.repository.js';
import { withoutPlannedOfOthers } from '../inspections/inspection-access.js';
import type { SignedInUser } from '../context.js';
import type { TeamRole } from '../../domain/inspection/inspection-model.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { normaliseReference } from './feedback-submission.service.js';
import { shareFeedbackWithService, sharedStatus, type SharedStatus } from './feedback-response.service.js';
import { londonDate } from '../../domain/deadlines/london-time.js';


export const OUTCOME_TEXT: Record<FeedbackOutcome, string> = {
  used_in_inspection: 'Used as evidence in an inspection',
  shared_with_provider: 'Shared with the service so it can respond',
  referred_to_safeguarding: 'Referred to the local safeguarding team',
  used_for_monitoring: 'Used to monitor the service and plan inspections',
  no_further_action: 'Read and recorded: no further action',
};
export const STATUS_TEXT: Record<FeedbackStatus, string> = { received: 'Received', in_review: 'Being looked at', closed: 'Dealt with' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface QueueRow {
  id: string;
  reference: string;
  locationName: string;
  locationId: string;
  receivedAt: Date;
  status: FeedbackStatus;
  riskFlagged: boolean;
  themes: string[];
  submittedAs: Feedback['submitted_as'];
}

export async function listFeedbackQueue(ctx: ServiceContext, filter: { status?: string | undefined; locationId?: string | undefined } = {}): Promise<QueueRow[]> {
  requireAllowed(ctx, 'feedback.triage');
  let q = ctx.db.selectFrom('feedback').select(['id', 'reference', 'location_name', 'location_id', 'received_at', 'status', 'risk_flagged', 'themes', 'submitted_as']);
  if (filter.status && (FEEDBACK_STATUSES as readonly string[]).includes(filter.status)) q = q.where('status', '=', filter.status as FeedbackStatus);
  else q = q.where('status', '<>', 'closed');
  if (filter.locationId) q = q.where('location_id', '=', filter.locationId);
  const rows = await q.orderBy('risk_flagged', 'desc').orderBy('received_at').limit(200).execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, locationName: r.location_name, locationId: r.location_id, receivedAt: r.received_at, status: r.status, riskFlagged: r.risk_flagged, themes: r.themes, submittedAs: r.submitted_as }));
}

/** The person who gave the feedback: only for those triaging it (see `feedback.contact_details`). */
export interface FeedbackContact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface FeedbackDetail {
  /** The feedback, its contact details blanked: they are in `contact` for those who may see them. */
  feedback: Feedback;
  /** null when the person gave none, or `contactHidden`. */
  contact: FeedbackContact | null;
  /** True when the person gave contact details that this user may not see. */
  contactHidden: boolean;
  riskMatches: RiskMatch[];
  groupName: string | null;
  history: (FeedbackTriageEvent & { user_name: string | null; inspection_reference: string | null })[];
  /** Inspections of this location (or its provider) the feedback can be linked to as evidence. */
  inspections: { id: string; reference: string; state: string; fieldworkStart: string }[];
  linkedInspection: { id: string; reference: string } | null;
}

export async function getFeedbackForTriage(ctx: ServiceContext, id: string): Promise<FeedbackDetail> {
  const user = requireAllowed(ctx, 'feedback.triage');
  if (!UUID.test(id)) throw new NotFoundError();
  const feedback = await ctx.db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
  if (!feedback) throw new NotFoundError();
  const [group, history, inspections] = await Promise.all([
    feedback.patient_participation_group_id
      ? ctx.db.selectFrom('patient_participation_groups').select('name').where('id', '=', feedback.patient_participation_group_id).executeTakeFirst()
      : Promise.resolve(undefined),
    ctx.db
      .selectFrom('feedback_triage_events as e')
      .leftJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('inspections as i', 'i.id', 'e.linked_inspection_id')
      .selectAll('e')
      .select(['u.name as user_name', 'i.reference as inspection_reference'])
      .where('e.feedback_id', '=', id)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute(),
    linkableInspections(ctx, user, feedback.organisation_id),
  ]);
  const linked = feedback.linked_inspection_id ? await ctx.db.selectFrom('inspections').select(['id', 'reference']).where('id', '=', feedback.linked_inspection_id).executeTakeFirst() : undefined;
  const given = [feedback.contact_name, feedback.contact_email, feedback.contact_phone].some((v) => v !== null && v !== '');
  const mayContact = given && (await maySeeContactDetails(ctx, user, feedback));
  if (mayContact) {
    await inTransaction(ctx, (trx) => recordAudit(trx, ctx, { action: 'FEEDBACK_CONTACT_DETAILS_VIEWED', subjectType: 'feedback', subjectId: feedback.id, after: { reference: feedback.reference } }));
  }
  return {
    feedback: { ...feedback, contact_name: null, contact_email: null, contact_phone: null },
    contact: mayContact ? { name: feedback.contact_name, email: feedback.contact_email, phone: feedback.contact_phone } : null,
    contactHidden: given && !mayContact,
    riskMatches: (feedback.risk_matches as RiskMatch[]) ?? [],
    groupName: group?.name ?? null,
    history,
    inspections,
    linkedInspection: linked ?? null,
  };
}

/** Those triaging this feedback (the declared table's `feedback.contact_details`). */
async function maySeeContactDetails(ctx: ServiceContext, user: SignedInUser, feedback: Pick<Feedback, 'triaged_by' | 'linked_inspection_id'>): Promise<boolean> {
  const teamRole = feedback.linked_inspection_id ? ((await findTeamRole(ctx.db, feedback.linked_inspection_id, user.id)) as TeamRole | null) : null;
  return check('feedback.contact_details', { role: user.role, teamRole, isHandler: feedback.triaged_by === user.id }) === null;
}

/** Inspections of the service the feedback can be linked to: a planned one only for its team and managers. */
async function linkableInspections(ctx: ServiceContext, user: SignedInUser, organisationId: string) {
  const org = await ctx.db.selectFrom('organisations').select(['id', 'parent_id']).where('id', '=', organisationId).executeTakeFirst();
  const ids = [organisationId, ...(org?.parent_id ? [org.parent_id] : [])];
  const rows = await ctx.db
    .selectFrom('inspections')
    .select(['id', 'reference', 'state', 'fieldwork_start'])
    .where('subject_organisation_id', 'in', ids)
    .where('state', '<>', 'cancelled')
    .orderBy('fieldwork_start', 'desc')
    .execute();
  const visible = await withoutPlannedOfOthers(ctx.db, user, rows);
  return visible.map((r) => ({ id: r.id, reference: r.reference, state: r.state, fieldworkStart: r.fieldwork_start }));
}

export interface TriageInput {
  status: string;
  outcome: string;
  note: string;
  inspectionId: string;
}

export async function triageFeedback(ctx: ServiceContext, id: string, input: TriageInput): Promise<void> {
  const user = requireAllowed(ctx, 'feedback.triage');
  if (!UUID.test(id)) throw new NotFoundError();
  const errors: FieldError[] = [];
  const status = input.status as FeedbackStatus;
  if (!(FEEDBACK_STATUSES as readonly string[]).includes(input.status) || input.status === 'received') errors.push({ field: 'status', message: 'Select what is happening with this feedback' });
  const outcome = input.outcome ? (input.outcome as FeedbackOutcome) : null;
  if (outcome !== null && !(FEEDBACK_OUTCOMES as readonly string[]).includes(outcome)) errors.push({ field: 'outcome', message: 'Select an outcome from the list' });
  if (status === 'closed' && outcome === null) errors.push({ field: 'outcome', message: 'Select what was done with the feedback before you close it' });
  const note = input.note.trim();
  if (!note) errors.push({ field: 'note', message: 'Enter what you did and why' });
  else if (note.length > 5000) errors.push({ field: 'note', message: 'What you did must be 5,000 characters or fewer' });
  if (outcome === 'used_in_inspection' && !input.inspectionId) errors.push({ field: 'inspectionId', message: 'Select the inspection whose evidence this feedback is part of' });
  await inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('feedback').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new NotFoundError();
    let inspectionId: string | null = before.linked_inspection_id;
    if (input.inspectionId) {
      const allowed = await linkableInspections(ctx, user, before.organisation_id);
      if (!allowed.some((i) => i.id === input.inspectionId)) errors.push({ field: 'inspectionId', message: 'Select an inspection of this service' });
      else inspectionId = input.inspectionId;
    }
    if (errors.length) throw new ValidationError(errors);
    if (before.status === 'closed' && status === 'closed') throw new ConflictError('This feedback has already been dealt with. Reopen it (choose "Being looked at") to change the outcome.');
    const now = ctx.clock.now();
    const after = await trx
      .updateTable('feedback')
      .set({
        status,
        outcome: status === 'closed' ? outcome : (outcome ?? before.outcome),
        action_taken: note,
        linked_inspection_id: inspectionId,
        triaged_by: user.id,
        triaged_at: now,
        closed_at: status === 'closed' ? now : null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('feedback_triage_events').values({ feedback_id: id, at: now, user_id: user.id, status, outcome, note, linked_inspection_id: inspectionId }).execute();
    // Issue 16: "shared with the service" really reaches the service, with a date to respond by.
    if (after.outcome === 'shared_with_provider') await shareFeedbackWithService(trx, ctx, before);
    await recordAudit(trx, ctx, {
      action: inspectionId && inspectionId !== before.linked_inspection_id ? 'FEEDBACK_LINKED_TO_INSPECTION' : 'FEEDBACK_TRIAGED',
      subjectType: 'feedback',
      subjectId: id,
      before: { status: before.status, outcome: before.outcome, linked_inspection_id: before.linked_inspection_id },
      after: { status: after.status, outcome: after.outcome, linked_inspection_id: after.linked_inspection_id, note },
    });
  });
}

export interface FeedbackStatusView {
  reference: string;
  locationName: string;
  receivedAt: Date;
  status: FeedbackStatus;
  statusText: string;
  outcomeText: string | null;
  closedAt: Date | null;
  /** Issue 16: when shared with the service, its response (or that none came by the date set). */
  shared: SharedStatus | null;
  fromGroup: string | null;
}

/** What the person sees with their reference: the service, the status and the outcome, never the text. */
export async function feedbackStatusByReference(ctx: ServiceContext, input: string): Promise<FeedbackStatusView | null> {
  const reference = normaliseReference(input);
  if (!reference) return null;
  const f = await ctx.db
    .selectFrom('feedback as fb')
    .leftJoin('patient_participation_groups as g', 'g.id', 'fb.patient_participation_group_id')
    .select(['fb.reference', 'fb.location_name', 'fb.received_at', 'fb.status', 'fb.outcome', 'fb.closed_at', 'fb.shared_at', 'fb.response_due', 'fb.response', 'fb.responded_at', 'g.name as group_name'])
    .where('fb.reference', '=', reference)
    .executeTakeFirst();
  if (!f) return null;
  return {
    reference: f.reference,
    locationName: f.location_name,
    receivedAt: f.received_at,
    status: f.status,
    statusText: STATUS_TEXT[f.status],
    outcomeText: f.status === 'closed' && f.outcome ? OUTCOME_TEXT[f.outcome] : null,
    closedAt: f.closed_at,
    shared: sharedStatus(f, londonDate(ctx.clock.now())),
    fromGroup: f.group_name,
  };
}

export interface LocationFeedbackSummary {
  total: number;
  open: number;
  outcomes: { outcome: FeedbackOutcome; text: string; count: number }[];
}

/** Counts by outcome for a location's public page (never the text, never who sent it). */
export async function locationFeedbackSummary(ctx: Pick<ServiceContext, 'db'>, organisationId: string): Promise<LocationFeedbackSummary> {
  const rows = await ctx.db
    .selectFrom('feedback')
    .select(['status', 'outcome', sql<number>`count(*)`.as('n')])
    .where('organisation_id', '=', organisationId)
    .groupBy(['status', 'outcome'])
    .execute();
  let total = 0;
  let open = 0;
  const byOutcome = new Map<FeedbackOutcome, number>();
  for (const r of rows) {
    const n = Number(r.n);
    total += n;
    if (r.status !== 'closed') open += n;
    else if (r.outcome) byOutcome.set(r.outcome, (byOutcome.get(r.outcome) ?? 0) + n);
  }
  return { total, open, outcomes: FEEDBACK_OUTCOMES.filter((o) => byOutcome.has(o)).map((o) => ({ outcome: o, text: OUTCOME_TEXT[o], count: byOutcome.get(o) ?? 0 })) };
}
