/**
 * Immediate-action concerns: an inspector raises one (what, where, risk, who must act); the
 * organisation's contacts and the commissioner are told at once by email and in-app; the
 * organisation acknowledges and responds with the action taken by the deadline (default 24
 * hours, CONCERN_RESPONSE_HOURS); the escalate_concerns job tells the inspection manager about
 * overdue ones. Everything is on the timeline and in the audit trail.
 */
import type { Executor, Trx } from '../../data/database.js';
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import type { ConcernRow } from '../../data/tables/fieldwork.tables.js';
import { concernRespondBy, formatLondonDateTime, isConcernOverdue, MAX_CONCERN_RESPONSE_HOURS, MIN_CONCERN_RESPONSE_HOURS, needsEscalation, wasLate, type ConcernStatus } from '../../domain/fieldwork/concern-deadline.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, newCorrelationId, systemActor, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, ValidationError, type FieldError } from '../errors.js';
import { actsForOrganisation, loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from '../inspections/inspection-access.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { messageContacts } from '../inspections/inspection-messages.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { loadChild, requireFieldworkState, userNames } from './fieldwork-access.js';
import { concernPath } from '../../domain/shared/app-paths.js';

export interface ConcernInput {
  what: string;
  where: string;
  risk: string;
  whoMustAct: string;
  organisationId: string;
  /** Defaults to config.concernResponseHours (24). */
  responseHours?: number;
}

export interface ConcernView {
  id: string;
  inspectionId: string;
  inspectionReference: string;
  what: string;
  where: string;
  risk: string;
  whoMustAct: string;
  organisation: { id: string; name: string };
  raisedBy: string;
  raisedAt: string;
  responseHours: number;
  respondBy: string;
  respondByText: string;
  deadlineExplanation: string;
  status: ConcernStatus;
  overdue: boolean;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedLate: boolean;
  actionTaken: string | null;
  respondedAt: string | null;
  respondedBy: string | null;
  respondedLate: boolean;
  escalatedAt: string | null;
  escalatedTo: string[];
  enforcementActionId: string | null;
  closed: { at: string; by: string | null; outcome: 'response_accepted' | 'closed_with_reason'; reason: string | null } | null;
  you: { canAcknowledge: boolean; canRespond: boolean; canOpenEnforcement: boolean; canClose: boolean };
}

const findConcern = (db: Executor, id: string) => db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirst();
const lockConcern = (db: Executor, id: string) => db.selectFrom('concerns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/**
 * Besides the inspection's contacts (told through messageContacts): the users of the organisation
 * that must act and of the commissioner (the lead commissioner), each once.
 */
async function otherRecipients(trx: Trx, inspection: InspectionAccess['inspection'], organisationId: string): Promise<{ id: string; name: string; email: string }[]> {
  const orgs = [...new Set([organisationId, inspection.lead_commissioner_id].filter((x): x is string => !!x))];
  const contacts = await trx.selectFrom('inspection_contacts').select('email').where('inspection_id', '=', inspection.id).execute();
  const known = new Set(contacts.map((c) => c.email.toLowerCase()));
  const users = await trx.selectFrom('users').select(['id', 'name', 'email']).where('organisation_id', 'in', orgs).where('status', '<>', 'removed').orderBy('name').execute();
  return users.filter((u) => !known.has(u.email.toLowerCase()));
}

export async function raiseConcern(ctx: ServiceContext, inspectionId: string, input: ConcernInput): Promise<ConcernView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'raise a concern');
    requireFieldworkState(access, 'raise a concern');
    const errors: FieldError[] = [];
    if (!input.what?.trim()) errors.push({ field: 'what', message: 'Describe the concern' });
    if (!input.where?.trim()) errors.push({ field: 'where', message: 'Enter where it was found' });
    if (!input.risk?.trim()) errors.push({ field: 'risk', message: 'Describe the risk' });
    if (!input.whoMustAct?.trim()) errors.push({ field: 'whoMustAct', message: 'Enter who must act' });
    const involved = await involvedOrganisationIds(trx, access.inspection);
    if (!input.organisationId || !involved.includes(input.organisationId)) errors.push({ field: 'organisationId', message: 'Choose the organisation that must act, from those named on the inspection' });
    const hours = input.responseHours ?? ctx.config.concernResponseHours;
    if (!Number.isInteger(hours) || hours < MIN_CONCERN_RESPONSE_HOURS || hours > MAX_CONCERN_RESPONSE_HOURS) errors.push({ field: 'responseHours', message: `The response time must be a whole number of hours from ${MIN_CONCERN_RESPONSE_HOURS} to ${MAX_CONCERN_RESPONSE_HOURS}` });
    if (errors.length) throw new ValidationError(errors);
    const now = ctx.clock.now();
    const deadline = concernRespondBy(now, hours);
    const row = await trx
      .insertInto('concerns')
      .values({
        inspection_id: inspectionId,
        what: input.what.trim(),
        location_text: input.where.trim(),
        risk: input.risk.trim(),
        who_must_act: input.whoMustAct.trim(),
        organisation_id: input.organisationId,
        raised_by: access.user.id,
        raised_at: now,
        response_hours: hours,
        respond_by: deadline.respondBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const link = concernPath(inspectionId, row.id);
    const title = `Immediate action needed: ${access.inspection.reference}`;
    // The timeline is shared by every organisation on the inspection: it names who must act, not what was found.
    const orgName = (await trx.selectFrom('organisations').select('name').where('id', '=', input.organisationId).executeTakeFirstOrThrow()).name;
    const summary = `A concern needing immediate action: ${input.what.trim()} (${input.where.trim()}). Acknowledge it and respond with the action taken by ${formatLondonDateTime(deadline.respondBy)}.`;
    const emailBody = [
      'The inspection team has found a concern that needs immediate action. It will not wait for the report.',
      '',
      `What: ${input.what.trim()}`,
      `Where: ${input.where.trim()}`,
      `Risk: ${input.risk.trim()}`,
      `Who must act: ${input.whoMustAct.trim()}`,
      '',
      `Acknowledge this concern and respond with the action you have taken by ${formatLondonDateTime(deadline.respondBy)} (${hours} hours).`,
    ].join('\n');
    const told = await messageContacts(trx, ctx, inspectionId, { title, summary, emailBody, link, signOff: `${access.user.name}\nInspection team` });
    for (const u of await otherRecipients(trx, access.inspection, input.organisationId)) {
      await queueEmail(trx, ctx, { to: u.email, subject: title, text: `Dear ${u.name},\n\n${emailBody}\n\nSee the concern: ${ctx.config.baseUrl}${link}\n` });
      await notify(trx, { userId: u.id, title, body: summary, link });
      told.push(u.name);
    }
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'concern_raised', summary: `Concern needing immediate action raised with ${orgName}; response due by ${formatLondonDateTime(deadline.respondBy)}; told ${told.join(', ')}`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'CONCERN_RAISED', subjectType: 'concern', subjectId: row.id, after: { ...input, responseHours: hours, respondBy: deadline.respondBy.toISOString(), explanation: deadline.explanation, told } });
    return row.id;
  });
  return getConcern(ctx, id);
}

function requireActsFor(access: InspectionAccess, row: ConcernRow, what: string): void {
  if (access.side !== 'organisation') throw new ForbiddenError(`Only the organisation that must act can ${what}`);
  if (!access.organisationIds.includes(row.organisation_id)) throw new ForbiddenError(`Only the organisation that must act can ${what}`);
}

async function tellTeamLead(trx: Trx, inspectionId: string, title: string, body: string, link: string): Promise<void> {
  const leads = await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', inspectionId).where('role', 'in', ['lead_inspector', 'inspection_manager']).execute();
  for (const l of leads) await notify(trx, { userId: l.user_id, title, body, link });
}

export async function acknowledgeConcern(ctx: ServiceContext, concernId: string): Promise<ConcernView> {
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, concernId, 'concern', lockConcern);
    requireActsFor(access, row, 'acknowledge this concern');
    if (row.acknowledged_at) throw new ConflictError('This concern has already been acknowledged', 'already_acknowledged');
    const now = ctx.clock.now();
    const late = wasLate(now, row.respond_by);
    await trx.updateTable('concerns').set({ acknowledged_at: now, acknowledged_by: access.user.id, status: row.status === 'open' ? 'acknowledged' : row.status }).where('id', '=', row.id).execute();
    const summary = `Concern acknowledged by ${access.user.name} (${access.user.organisationName})${late ? `, late: the response was due by ${formatLondonDateTime(row.respond_by)}` : ''}`;
    await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'concern_acknowledged', summary, visibleToOrganisation: true });
    await tellTeamLead(trx, row.inspection_id, `Concern acknowledged: ${access.inspection.reference}`, summary, concernPath(row.inspection_id, row.id));
    await recordAudit(trx, ctx, { action: 'CONCERN_ACKNOWLEDGED', subjectType: 'concern', subjectId: row.id, after: { acknowledgedAt: now.toISOString(), late } });
  });
  return getConcern(ctx, concernId);
}

export async function respondToConcern(ctx: ServiceContext, concernId: string, input: { actionTaken: string }): Promise<ConcernView> {
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, concernId, 'concern', lockConcern);
    requireActsFor(access, row, 'respond to this concern');
    if (!input.actionTaken?.trim()) throw new ValidationError([{ field: 'actionTaken', message: 'Describe the action you have taken' }]);
    if (input.actionTaken.length > 10_000) throw new ValidationError([{ field: 'actionTaken', message: 'The action taken must be 10,000 characters or fewer' }]);
    if (row.responded_at) throw new ConflictError('This concern has already been responded to', 'already_responded');
    const now = ctx.clock.now();
    const late = wasLate(now, row.respond_by);
    await trx
      .updateTable('concerns')
      .set({ action_taken: input.actionTaken.trim(), responded_at: now, responded_by: access.user.id, status: 'responded', ...(row.acknowledged_at ? {} : { acknowledged_at: now, acknowledged_by: access.user.id }) })
      .where('id', '=', row.id)
      .execute();
    const summary = `Response with the action taken received from ${access.user.name} (${access.user.organisationName})${late ? ', late' : ''}`;
    await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'concern_responded', summary, visibleToOrganisation: true });
    await tellTeamLead(trx, row.inspection_id, `Concern responded to: ${access.inspection.reference}`, `${summary}: ${input.actionTaken.trim()}`.slice(0, 500), concernPath(row.inspection_id, row.id));
    await recordAudit(trx, ctx, { action: 'CONCERN_RESPONDED', subjectType: 'concern', subjectId: row.id, after: { actionTaken: input.actionTaken.trim(), late } });
  });
  return getConcern(ctx, concernId);
}

/**
 * The escalate_concerns job: every overdue concern not yet escalated goes to the inspection
 * manager(s) on the team (or, if the team has none, every inspection manager), in-app and by email.
 */
export async function escalateOverdueConcerns(deps: Pick<ServiceContext, 'db' | 'config' | 'clock' | 'logger'>): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.selectFrom('concerns').select('id').where('responded_at', 'is', null).where('escalated_at', 'is', null).where('closed_at', 'is', null).where('respond_by', '<', now).execute();
  let n = 0;
  for (const { id } of due) {
    const ctx: ServiceContext = { ...deps, actor: systemActor('escalate_concerns'), correlationId: newCorrelationId() };
    const done = await inTransaction(ctx, async (trx) => {
      const row = await lockConcern(trx, id);
      if (!row || !needsEscalation({ respondBy: row.respond_by, respondedAt: row.responded_at, escalatedAt: row.escalated_at }, now)) return false;
      const inspection = await trx.selectFrom('inspections').select(['id', 'reference']).where('id', '=', row.inspection_id).executeTakeFirstOrThrow();
      let managers = (await trx.selectFrom('inspection_team as t').innerJoin('users as u', 'u.id', 't.user_id').select(['u.id', 'u.name', 'u.email']).where('t.inspection_id', '=', row.inspection_id).where('t.role', '=', 'inspection_manager').execute());
      if (!managers.length) managers = await trx.selectFrom('users').select(['id', 'name', 'email']).where('role', '=', 'inspection_manager').where('status', '<>', 'removed').execute();
      await trx.updateTable('concerns').set({ escalated_at: now, escalated_to: managers.map((m) => m.id) }).where('id', '=', row.id).execute();
      const link = concernPath(row.inspection_id, row.id);
      const title = `Overdue concern escalated: ${inspection.reference}`;
      const body = `No response with the action taken was received by ${formatLondonDateTime(row.respond_by)}${row.acknowledged_at ? ' (it was acknowledged)' : ' (it has not been acknowledged)'}: ${row.what}`;
      for (const m of managers) {
        await notify(trx, { userId: m.id, title, body, link });
        await queueEmail(trx, ctx, { to: m.email, subject: title, text: `Dear ${m.name},\n\n${body}\n\nSee the concern: ${ctx.config.baseUrl}${link}\n` });
      }
      await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'concern_escalated', summary: `Concern escalated to ${managers.map((m) => m.name).join(', ') || 'no inspection manager'}: no response by ${formatLondonDateTime(row.respond_by)}`, visibleToOrganisation: true });
      await recordAudit(trx, ctx, { action: 'CONCERN_ESCALATED', subjectType: 'concern', subjectId: row.id, after: { escalatedTo: managers.map((m) => m.id), respondBy: row.respond_by.toISOString() } });
      return true;
    });
    if (done) n++;
  }
  return n;
}

async function toView(db: Executor, ctx: ServiceContext, access: InspectionAccess, row: ConcernRow): Promise<ConcernView> {
  const names = await userNames(db, [row.raised_by, row.acknowledged_by, row.responded_by, row.closed_by, ...row.escalated_to]);
  const org = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', row.organisation_id).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const deadline = concernRespondBy(row.raised_at, row.response_hours);
  const orgActs = access.side === 'organisation' && access.organisationIds.includes(row.organisation_id);
  const editor = access.side === 'regulator' && (access.isManager || access.teamRole === 'lead_inspector' || access.teamRole === 'inspector' || access.teamRole === 'inspection_manager');
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    inspectionReference: access.inspection.reference,
    what: row.what,
    where: row.location_text,
    risk: row.risk,
    whoMustAct: row.who_must_act,
    organisation: org,
    raisedBy: names.get(row.raised_by) ?? '',
    raisedAt: row.raised_at.toISOString(),
    responseHours: row.response_hours,
    respondBy: row.respond_by.toISOString(),
    respondByText: formatLondonDateTime(row.respond_by),
    deadlineExplanation: deadline.explanation,
    status: row.status as ConcernStatus,
    overdue: !row.closed_at && isConcernOverdue({ respondBy: row.respond_by, respondedAt: row.responded_at, escalatedAt: row.escalated_at }, now),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by ? (names.get(row.acknowledged_by) ?? null) : null,
    acknowledgedLate: row.acknowledged_at ? wasLate(row.acknowledged_at, row.respond_by) : false,
    actionTaken: row.action_taken,
    respondedAt: row.responded_at?.toISOString() ?? null,
    respondedBy: row.responded_by ? (names.get(row.responded_by) ?? null) : null,
    respondedLate: row.responded_at ? wasLate(row.responded_at, row.respond_by) : false,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    escalatedTo: row.escalated_to.map((id) => names.get(id) ?? ''),
    enforcementActionId: row.enforcement_action_id,
    closed: row.closed_at && row.close_outcome ? { at: row.closed_at.toISOString(), by: row.closed_by ? (names.get(row.closed_by) ?? null) : null, outcome: row.close_outcome, reason: row.close_reason } : null,
    you: { canAcknowledge: orgActs && !row.acknowledged_at && !row.closed_at, canRespond: orgActs && !row.responded_at && !row.closed_at, canOpenEnforcement: editor && !row.enforcement_action_id && !row.closed_at, canClose: editor && !row.closed_at && !row.enforcement_action_id },
  };
}

export async function getConcern(ctx: ServiceContext, concernId: string): Promise<ConcernView> {
  const { access, row } = await loadChild(ctx.db, ctx, concernId, 'concern', findConcern);
  if (access.side === 'organisation' && !actsForOrganisation(access, row.organisation_id) && !access.isLeadOrganisation) throw new ForbiddenError('This concern is for another organisation');
  return toView(ctx.db, ctx, access, row);
}

export async function listConcerns(ctx: ServiceContext, inspectionId: string): Promise<ConcernView[]> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const rows = await ctx.db.selectFrom('concerns').selectAll().where('inspection_id', '=', inspectionId).orderBy('raised_at', 'desc').execute();
  const visible = access.side === 'regulator' ? rows : rows.filter((r) => actsForOrganisation(access, r.organisation_id));
  return Promise.all(visible.map((r) => toView(ctx.db, ctx, access, r)));
}

export const CONCERN_CLOSE_OUTCOMES = ['response_accepted', 'closed_with_reason'] as const;
export type ConcernCloseOutcome = (typeof CONCERN_CLOSE_OUTCOMES)[number];

/**
 * The team closes a concern: by accepting the organisation's response (it must have responded), or
 * with a reason (raised in error, resolved on the spot). Escalation to enforcement stays the
 * other way out. The organisation is told; the concern is never overdue again.
 */
export async function closeConcern(ctx: ServiceContext, concernId: string, input: { outcome: string; reason?: string | null }): Promise<ConcernView> {
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, concernId, 'concern', lockConcern);
    requireInspectorEditor(access, 'close a concern');
    if (row.closed_at) throw new ConflictError('This concern is already closed', 'already_closed');
    if (row.enforcement_action_id) throw new ConflictError('This concern went to enforcement: it is followed up there', 'in_enforcement');
    const outcome = input.outcome as ConcernCloseOutcome;
    const reason = input.reason?.trim() || null;
    if (!(CONCERN_CLOSE_OUTCOMES as readonly string[]).includes(outcome)) throw new ValidationError([{ field: 'outcome', message: 'Choose whether you accept the response or close the concern for another reason' }]);
    if (outcome === 'response_accepted' && !row.responded_at) throw new ValidationError([{ field: 'outcome', message: 'The organisation has not responded yet: close it with a reason instead' }]);
    if (outcome === 'closed_with_reason' && !reason) throw new ValidationError([{ field: 'reason', message: 'Give the reason for closing the concern' }]);
    if (reason && reason.length > 5000) throw new ValidationError([{ field: 'reason', message: 'The reason must be 5000 characters or fewer' }]);
    const now = ctx.clock.now();
    await trx.updateTable('concerns').set({ status: 'closed', closed_at: now, closed_by: access.user.id, close_outcome: outcome, close_reason: reason }).where('id', '=', row.id).execute();
    const summary = outcome === 'response_accepted' ? `Concern closed: ${access.user.name} accepted the response${reason ? ` (${reason})` : ''}` : `Concern closed by ${access.user.name}: ${reason}`;
    await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'concern_closed', summary, visibleToOrganisation: true });
    const link = concernPath(row.inspection_id, row.id);
    const users = await trx.selectFrom('users').select(['id']).where('organisation_id', '=', row.organisation_id).where('status', '=', 'active').execute();
    for (const u of users) await notify(trx, { userId: u.id, title: `Concern closed: ${access.inspection.reference}`, body: summary, link });
    await recordAudit(trx, ctx, { action: 'CONCERN_CLOSED', subjectType: 'concern', subjectId: row.id, before: { status: row.status }, after: { status: 'closed', outcome, reason } });
  });
  return getConcern(ctx, concernId);
}
