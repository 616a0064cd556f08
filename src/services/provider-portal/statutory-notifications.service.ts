/**
 * Statutory notifications (issue 19, item 1): a provider or location tells the regulator what the
 * CQC (Registration) Regulations 2009 require; each gets a reference and a receipt (on screen and
 * by email), joins the organisation's history, and goes to the regulator's triage queue with a
 * priority, an owner and a response deadline. Triage records what the inspector did; a link to an
 * inspection adds the notification to that inspection's evidence.
 */
import { withoutPlannedOfOthers } from '../inspections/inspection-access.js';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../../data/database.js';
import type { NotificationOutcome, NotificationStatus, StatutoryNotificationRow } from '../../data/tables/provider-portal.tables.js';
import { NOTIFICATION_OUTCOMES } from '../../data/tables/provider-portal.tables.js';
import { endOfLondonDay, londonDate } from '../../domain/deadlines/london-time.js';
import { addWorkingDays } from '../../domain/deadlines/working-days.js';
import type { RiskMatch } from '../../domain/feedback/risk-phrases.js';
import { checkNotification, PRIORITY_ORDER, triagePriority, type NotificationInput } from '../../domain/notifications/notification-form.js';
import { notificationBasis, notificationType, NOTIFICATION_TYPES, type NotificationType } from '../../domain/notifications/notification-types.data.js';
import type { Executor } from '../../data/database.js';
import { notificationApplies, whyNotApplicable, type ServiceKind } from '../../domain/notifications/notification-applicability.data.js';
import { sectorOf } from '../../domain/register/rating-age.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { organisationFamily, organisationsActedFor, requireActsFor, requireOrganisationUser, requireRegulator, UUID, type PortalOrganisation } from './portal-access.js';
import { notificationPath } from '../../domain/shared/app-paths.js';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function newReference(): string {
  const chars = [...randomBytes(8)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `NTF-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}

export const NOTIFICATION_STATUS_TEXT: Record<NotificationStatus, string> = { received: 'Received', in_review: 'Being looked at', closed: 'Dealt with' };
export const NOTIFICATION_OUTCOME_TEXT: Record<NotificationOutcome, string> = {
  no_action: 'No further action needed',
  provider_follow_up: 'Followed up with the provider',
  safeguarding_referral: 'Safeguarding referral recorded',
  inspection_evidence: 'Added as evidence to an inspection',
  concern_raised: 'Concern raised',
};

export interface SubmitNotificationInput {
  organisationId: string;
  type: string;
  values: NotificationInput;
  /** The provider's own reference (the API's idempotency key). */
  providerReference?: string | null;
  channel: 'web' | 'api';
}

export interface SubmittedNotification {
  id: string;
  reference: string;
  /** False when the provider's reference had already been used: the earlier notification is returned. */
  created: boolean;
}

/** The kinds of service (from the register) of these organisations and their locations; empty when none is known. */
export async function serviceKindsOf(db: Executor, organisationIds: readonly string[]): Promise<ServiceKind[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('register_locations as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.inspection_directorate', 'l.type'])
    .where((eb) => eb.or([eb('l.organisation_id', 'in', [...organisationIds]), eb('o.parent_id', 'in', [...organisationIds])]))
    .execute();
  return [...new Set(rows.map((r) => sectorOf(r.inspection_directorate, r.type) as ServiceKind))];
}

/** The organisations the person acts for, and the notification types those kinds of service are offered. */
export async function notificationFormChoices(ctx: ServiceContext): Promise<{ organisations: PortalOrganisation[]; types: readonly NotificationType[] }> {
  const user = requireOrganisationUser(ctx, 'notifications.submit');
  const organisations = await organisationsActedFor(ctx.db, user);
  const kinds = await serviceKindsOf(ctx.db, organisations.map((o) => o.id));
  return { organisations, types: NOTIFICATION_TYPES.filter((t) => notificationApplies(t.id, kinds)) };
}

function responseDeadline(ctx: ServiceContext, now: Date, urgent: boolean): Date {
  const days = urgent ? ctx.config.notificationUrgentResponseWorkingDays : ctx.config.notificationResponseWorkingDays;
  const counted = addWorkingDays(londonDate(now), days);
  if (!counted.ok) throw new Error(counted.error);
  return endOfLondonDay(counted.value.date);
}

/** The inspector who leads the latest inspection of the organisation (or its family), if any. */
async function defaultOwner(trx: Trx, organisationId: string): Promise<string | null> {
  const family = await organisationFamily(trx, organisationId);
  if (!family.length) return null;
  const row = await trx
    .selectFrom('inspections as i')
    .innerJoin('inspection_team as t', 't.inspection_id', 'i.id')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select('t.user_id')
    .where('i.subject_organisation_id', 'in', family)
    .where('t.role', '=', 'lead_inspector')
    .where('u.status', '=', 'active')
    .where('i.state', '<>', 'cancelled')
    .orderBy('i.fieldwork_start', 'desc')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function submitNotification(ctx: ServiceContext, input: SubmitNotificationInput): Promise<SubmittedNotification> {
  const user = requireOrganisationUser(ctx, 'notifications.submit');
  const now = ctx.clock.now();
  const providerReference = input.providerReference?.trim() || null;
  if (providerReference && providerReference.length > 100) throw new ValidationError([{ field: 'providerReference', message: 'Your reference must be 100 characters or fewer' }]);
  return inTransaction(ctx, async (trx) => {
    const org = await requireActsFor(trx, user, input.organisationId);
    if (providerReference) {
      // Idempotent by the provider's own reference: the same reference twice is one notification;
      // the same reference with another type or other details is refused, never silently dropped.
      await sql`select pg_advisory_xact_lock(hashtext(${`ntf|${org.id}|${providerReference}`}))`.execute(trx);
      const existing = await trx.selectFrom('statutory_notifications').select(['id', 'reference', 'type', 'details']).where('organisation_id', '=', org.id).where('provider_reference', '=', providerReference).executeTakeFirst();
      if (existing) {
        if (existing.type !== input.type) throw new ConflictError(`Your reference "${providerReference}" was already used for a different notification (${existing.reference})`, 'provider_reference_reused');
        const again = checkNotification(input.type, input.values, londonDate(now));
        if (again.ok && sameDetails(existing.details, again.value.details)) return { id: existing.id, reference: existing.reference, created: false };
        throw new ConflictError(`Your reference "${providerReference}" was already used for notification ${existing.reference} with different details. Send a new notification with a new reference of your own`, 'provider_reference_reused');
      }
    }
    const notOffered = whyNotApplicable(input.type, await serviceKindsOf(trx, [org.id]));
    if (notOffered) throw new ValidationError([{ field: 'type', message: notOffered }]);
    // The service's own people are known by name: their names are refused too (people are referred to by role).
    const checked = checkNotification(input.type, input.values, londonDate(now), await peopleNamesOf(trx, org.id));
    if (!checked.ok) throw new ValidationError(checked.error);
    const c = checked.value;
    const triage = triagePriority(c.type, c.details);
    const reference = newReference();
    const owner = await defaultOwner(trx, org.id);
    const respondBy = responseDeadline(ctx, now, triage.priority === 'urgent');
    const row = await trx
      .insertInto('statutory_notifications')
      .values({
        reference,
        organisation_id: org.id,
        type: c.type.id,
        regulation: c.type.regulation,
        details: JSON.stringify(c.details),
        summary: c.summary,
        provider_reference: providerReference,
        channel: input.channel,
        submitted_by: user.id,
        submitted_at: now,
        priority: triage.priority,
        priority_explanation: triage.explanation,
        risk_flagged: triage.riskFlagged,
        risk_matches: JSON.stringify(triage.matches),
        owner_id: owner,
        respond_by: respondBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'STATUTORY_NOTIFICATION_RECEIVED',
      subjectType: 'statutory_notification',
      subjectId: row.id,
      after: { reference, organisation_id: org.id, type: c.type.id, regulation: c.type.regulation, priority: triage.priority, channel: input.channel, provider_reference: providerReference },
    });
    await queueEmail(trx, ctx, {
      to: user.email,
      subject: `Notification received: ${reference}`,
      text: [
        `We received your notification about ${org.name}: ${c.type.title} (${notificationBasis(c.type.regulation)}).`,
        `Our reference is ${reference}${providerReference ? ` (your reference ${providerReference})` : ''}. It was received on ${formatWhen(now)}.`,
        `You can see what we have done with it here: ${ctx.config.baseUrl}${notificationPath(row.id)}`,
      ].join('\n\n'),
    });
    const recipients = owner ? [owner] : (await trx.selectFrom('users').select('id').where('role', '=', 'inspection_manager').where('status', '=', 'active').execute()).map((m) => m.id);
    for (const id of recipients)
      await notify(trx, { userId: id, title: `${triage.priority === 'urgent' ? 'Urgent notification' : 'Notification'} from ${org.name}`, body: `${reference}: ${c.summary}. ${triage.explanation}`, link: notificationPath(row.id) });
    return { id: row.id, reference, created: true };
  });
}

/** The full names of the people of the organisation and its family (its staff with accounts). */
async function peopleNamesOf(trx: Trx, organisationId: string): Promise<string[]> {
  const family = await organisationFamily(trx, organisationId);
  if (!family.length) return [];
  const rows = await trx.selectFrom('users').select('name').where('organisation_id', 'in', family).where('role', '=', 'provider_user').execute();
  return rows.map((r) => r.name).filter((n) => n.trim().includes(' '));
}

/** The stored details and a re-sent body's checked details say the same (key order and list order aside). */
function sameDetails(stored: unknown, sent: Record<string, string | string[]>): boolean {
  const canon = (v: unknown): string => JSON.stringify(Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]) => [k, Array.isArray(x) ? [...(x as string[])].sort() : x]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return canon(stored) === canon(sent);
}

function formatWhen(d: Date): string {
  return d.toLocaleString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true }).replace(' am', 'am').replace(' pm', 'pm');
}

export interface NotificationListRow {
  id: string;
  reference: string;
  organisationName: string;
  type: string;
  typeTitle: string;
  summary: string;
  submittedAt: Date;
  priority: string;
  riskFlagged: boolean;
  status: NotificationStatus;
  outcome: NotificationOutcome | null;
  respondBy: Date;
  ownerName: string | null;
  overdue: boolean;
}

function baseList(ctx: ServiceContext) {
  return ctx.db
    .selectFrom('statutory_notifications as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisation_id')
    .leftJoin('users as ow', 'ow.id', 'n.owner_id')
    .select(['n.id', 'n.reference', 'o.name as organisationName', 'n.type', 'n.summary', 'n.submitted_at', 'n.priority', 'n.risk_flagged', 'n.status', 'n.outcome', 'n.respond_by', 'ow.name as ownerName']);
}

function toListRow(ctx: ServiceContext, r: { id: string; reference: string; organisationName: string; type: string; summary: string; submitted_at: Date; priority: string; risk_flagged: boolean; status: NotificationStatus; outcome: NotificationOutcome | null; respond_by: Date; ownerName: string | null }): NotificationListRow {
  return {
    id: r.id,
    reference: r.reference,
    organisationName: r.organisationName,
    type: r.type,
    typeTitle: notificationType(r.type)?.title ?? r.type,
    summary: r.summary,
    submittedAt: r.submitted_at,
    priority: r.priority,
    riskFlagged: r.risk_flagged,
    status: r.status,
    outcome: r.outcome,
    respondBy: r.respond_by,
    ownerName: r.ownerName,
    overdue: r.status === 'received' && r.respond_by.getTime() < ctx.clock.now().getTime(),
  };
}

/** The organisation's history: every notification sent for the organisations the user acts for, newest first. */
export async function listOrganisationNotifications(ctx: ServiceContext): Promise<NotificationListRow[]> {
  const user = requireOrganisationUser(ctx, 'notifications.view');
  const orgs = await organisationsActedFor(ctx.db, user);
  if (!orgs.length) return [];
  const rows = await baseList(ctx).where('n.organisation_id', 'in', orgs.map((o) => o.id)).orderBy('n.submitted_at', 'desc').limit(500).execute();
  return rows.map((r) => toListRow(ctx, r));
}

/** The regulator's triage queue: open ones first, urgent first, oldest first. */
export async function listTriageQueue(ctx: ServiceContext, filter: { status?: string; mine?: boolean } = {}): Promise<NotificationListRow[]> {
  const user = requireRegulator(ctx, 'notifications.triage');
  let q = baseList(ctx);
  if (filter.status === 'closed') q = q.where('n.status', '=', 'closed');
  else if (filter.status !== 'all') q = q.where('n.status', '<>', 'closed');
  if (filter.mine) q = q.where('n.owner_id', '=', user.id);
  const rows = await q.orderBy('n.submitted_at', 'asc').limit(1000).execute();
  return rows.map((r) => toListRow(ctx, r)).sort((a, b) => (a.status === 'closed' ? 1 : 0) - (b.status === 'closed' ? 1 : 0) || PRIORITY_ORDER[a.priority as 'urgent'] - PRIORITY_ORDER[b.priority as 'urgent'] || a.submittedAt.getTime() - b.submittedAt.getTime());
}

export interface NotificationDetail {
  row: StatutoryNotificationRow;
  type: NotificationType | undefined;
  organisationName: string;
  submittedByName: string;
  ownerName: string | null;
  riskMatches: RiskMatch[];
  history: { at: Date; by: string; status: NotificationStatus; outcome: NotificationOutcome | null; note: string; inspectionReference: string | null }[];
  linkedInspection: { id: string; reference: string } | null;
  /** For the regulator only: inspections of this organisation the notification can be evidence for. */
  inspections: { id: string; reference: string; state: string }[];
  /** For the regulator only: who can own it (active inspectors and inspection managers). */
  owners: { id: string; name: string }[];
  side: 'organisation' | 'regulator';
}

async function loadNotification(ctx: ServiceContext, id: string): Promise<{ row: StatutoryNotificationRow; side: 'organisation' | 'regulator' }> {
  if (!UUID.test(id)) throw new NotFoundError();
  const row = await ctx.db.selectFrom('statutory_notifications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError();
  if (ctx.actor.kind === 'user' && ctx.actor.user.role === 'provider_user') {
    await requireActsFor(ctx.db, ctx.actor.user, row.organisation_id);
    return { row, side: 'organisation' };
  }
  requireRegulator(ctx, 'notifications.view');
  return { row, side: 'regulator' };
}

/** Inspections the notification can be linked to: a planned one only for its team and managers (issue 14). */
async function linkableInspections(ctx: ServiceContext, organisationId: string) {
  const family = await organisationFamily(ctx.db, organisationId);
  const rows = await ctx.db.selectFrom('inspections').select(['id', 'reference', 'state']).where('subject_organisation_id', 'in', family).where('state', 'not in', ['cancelled', 'published']).orderBy('fieldwork_start', 'desc').execute();
  return ctx.actor.kind === 'user' ? withoutPlannedOfOthers(ctx.db, ctx.actor.user, rows) : rows;
}

export async function getNotification(ctx: ServiceContext, id: string): Promise<NotificationDetail> {
  const { row, side } = await loadNotification(ctx, id);
  const [org, by, owner, events, linked] = await Promise.all([
    ctx.db.selectFrom('organisations').select('name').where('id', '=', row.organisation_id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('users').select('name').where('id', '=', row.submitted_by).executeTakeFirstOrThrow(),
    row.owner_id ? ctx.db.selectFrom('users').select('name').where('id', '=', row.owner_id).executeTakeFirst() : Promise.resolve(undefined),
    ctx.db
      .selectFrom('statutory_notification_events as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('inspections as i', 'i.id', 'e.linked_inspection_id')
      .select(['e.at', 'u.name', 'e.status', 'e.outcome', 'e.note', 'i.reference'])
      .where('e.notification_id', '=', row.id)
      .orderBy('e.id')
      .execute(),
    row.linked_inspection_id ? ctx.db.selectFrom('inspections').select(['id', 'reference']).where('id', '=', row.linked_inspection_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return {
    row,
    type: notificationType(row.type),
    organisationName: org.name,
    submittedByName: by.name,
    ownerName: owner?.name ?? null,
    riskMatches: (row.risk_matches as RiskMatch[]) ?? [],
    // What inspectors wrote stays with the regulator; the organisation sees the status and outcome.
    history: side === 'regulator' ? events.map((e) => ({ at: e.at, by: e.name, status: e.status, outcome: e.outcome, note: e.note, inspectionReference: e.reference })) : [],
    linkedInspection: linked ?? null,
    inspections: side === 'regulator' ? await linkableInspections(ctx, row.organisation_id) : [],
    owners: side === 'regulator' ? await ctx.db.selectFrom('users').select(['id', 'name']).where('role', 'in', [...OWNER_ROLES]).where('status', '=', 'active').orderBy('name').execute() : [],
    side,
  };
}

export interface NotificationTriageInput {
  status: string;
  outcome: string;
  note: string;
  inspectionId: string;
  /** Hand it to someone else (empty: keep the owner; with none, whoever records this becomes it). */
  ownerId?: string;
}

/** Who can own a notification in the triage queue. */
const OWNER_ROLES = ['inspector', 'inspection_manager'] as const;

export async function triageNotification(ctx: ServiceContext, id: string, input: NotificationTriageInput): Promise<void> {
  const user = requireRegulator(ctx, 'notifications.triage');
  if (!UUID.test(id)) throw new NotFoundError();
  const errors: FieldError[] = [];
  const status = input.status as NotificationStatus;
  if (status !== 'in_review' && status !== 'closed') errors.push({ field: 'status', message: 'Select what is happening with this notification' });
  const outcome = input.outcome ? (input.outcome as NotificationOutcome) : null;
  if (outcome !== null && !(NOTIFICATION_OUTCOMES as readonly string[]).includes(outcome)) errors.push({ field: 'outcome', message: 'Select what you did from the list' });
  if (status === 'closed' && outcome === null) errors.push({ field: 'outcome', message: 'Select what you did before you close the notification' });
  const note = input.note.trim();
  if (!note) errors.push({ field: 'note', message: 'Enter what you did and why' });
  else if (note.length > 5000) errors.push({ field: 'note', message: 'What you did must be 5,000 characters or fewer' });
  if (outcome === 'inspection_evidence' && !input.inspectionId) errors.push({ field: 'inspectionId', message: 'Select the inspection this notification is evidence for' });
  await inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('statutory_notifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new NotFoundError();
    let inspectionId = before.linked_inspection_id;
    if (input.inspectionId && input.inspectionId !== before.linked_inspection_id) {
      const allowed = await linkableInspections(ctx, before.organisation_id);
      if (!allowed.some((i) => i.id === input.inspectionId)) errors.push({ field: 'inspectionId', message: 'Select an open inspection of this organisation' });
      else inspectionId = input.inspectionId;
    }
    let ownerId = before.owner_id ?? user.id;
    if (input.ownerId && input.ownerId !== before.owner_id) {
      const owner = UUID.test(input.ownerId) ? await trx.selectFrom('users').select(['id', 'role', 'status']).where('id', '=', input.ownerId).executeTakeFirst() : undefined;
      if (!owner || owner.status !== 'active' || !(OWNER_ROLES as readonly string[]).includes(owner.role)) errors.push({ field: 'ownerId', message: 'Choose an inspector or inspection manager to own it' });
      else ownerId = owner.id;
    }
    if (errors.length) throw new ValidationError(errors);
    if (before.status === 'closed' && status === 'closed') throw new ConflictError('This notification has already been dealt with. Choose "Being looked at" to reopen it before you change the outcome.');
    const now = ctx.clock.now();
    let evidenceItemId = before.evidence_item_id;
    if (inspectionId && inspectionId !== before.linked_inspection_id) evidenceItemId = await addAsEvidence(trx, before, inspectionId, user.id, now);
    await trx
      .updateTable('statutory_notifications')
      .set({ status, outcome: status === 'closed' ? outcome : (outcome ?? before.outcome), owner_id: ownerId, linked_inspection_id: inspectionId, evidence_item_id: evidenceItemId, closed_at: status === 'closed' ? now : null })
      .where('id', '=', id)
      .execute();
    await trx.insertInto('statutory_notification_events').values({ notification_id: id, at: now, user_id: user.id, status, outcome, note, linked_inspection_id: inspectionId }).execute();
    await recordAudit(trx, ctx, {
      action: inspectionId !== before.linked_inspection_id ? 'STATUTORY_NOTIFICATION_LINKED_TO_INSPECTION' : 'STATUTORY_NOTIFICATION_TRIAGED',
      subjectType: 'statutory_notification',
      subjectId: id,
      before: { status: before.status, outcome: before.outcome, linked_inspection_id: before.linked_inspection_id, owner_id: before.owner_id },
      after: { status, outcome, linked_inspection_id: inspectionId, evidence_item_id: evidenceItemId, note, owner_id: ownerId },
    });
    if (ownerId !== before.owner_id && ownerId !== user.id) await notify(trx, { userId: ownerId, title: `Notification ${before.reference} is yours to deal with`, body: `${user.name} made you its owner. ${before.summary}.`, link: notificationPath(id) });
    if (status === 'closed') {
      const submitter = await trx.selectFrom('users').select(['id']).where('id', '=', before.submitted_by).executeTakeFirst();
      if (submitter) await notify(trx, { userId: submitter.id, title: `Notification ${before.reference} dealt with`, body: `Outcome: ${NOTIFICATION_OUTCOME_TEXT[outcome!]}.`, link: notificationPath(id) });
    }
  });
}

/** A draft evidence item in the inspection, citing the notification, for the team to categorise. */
async function addAsEvidence(trx: Trx, n: StatutoryNotificationRow, inspectionId: string, userId: string, now: Date): Promise<string> {
  const type = notificationType(n.type);
  const details = n.details as Record<string, string | string[]>;
  const lines = [`Statutory notification ${n.reference} (${n.regulation ? `regulation ${n.regulation}` : notificationBasis(null)}), received ${londonDate(n.submitted_at)}: ${n.summary}.`];
  for (const f of type?.fields ?? []) {
    const v = details[f.name];
    const text = Array.isArray(v) ? v.map((x) => f.options?.find((o) => o.value === x)?.text ?? x).join('; ') : f.options ? (f.options.find((o) => o.value === v)?.text ?? v) : v;
    if (text) lines.push(`${f.label}: ${text}`);
  }
  const refersTo = typeof details[type?.dateField ?? 'eventDate'] === 'string' ? (details[type?.dateField ?? 'eventDate'] as string) : londonDate(n.submitted_at);
  const body = lines.join('\n');
  const item = await trx
    .insertInto('evidence_items')
    .values({ inspection_id: inspectionId, type: 'document', quality_statements: [], evidence_category: null, visit_id: null, case_id: null, refers_to_date: refersTo, inspector_id: userId, body, status: 'draft', created_at: now, updated_at: now, recorded_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('evidence_item_revisions').values({ evidence_item_id: item.id, kind: 'saved', version: 1, based_on_version: null, body, saved_by: userId, saved_at: now }).execute();
  return item.id;
}
