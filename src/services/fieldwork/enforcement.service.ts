/**
 * Breaches and enforcement actions. A breach records the regulation and paragraph, the
 * evidence and the key question affected; an action (requirement notice, warning notice,
 * notice of proposal/decision for conditions, suspension or cancellation, urgent action,
 * letter of intent, special measures) moves through its own states. Each move generates its
 * document from a template and stores the statutory deadlines the rules engine computes.
 * The organisation submits representations (or an action plan, or assurance) with evidence.
 */
import { sql } from 'kysely';
import { formatDate } from '../../domain/shared/dates.js';
import { configuredDeadlineLength } from '../deadline-settings.js';
import { COMPLIANCE_DECISION_TEXT, escalationOptions, representationTimeliness, type ComplianceDecision } from '../../domain/enforcement/compliance.js';
import type { Executor, Trx } from '../../data/database.js';
import type { EnforcementActionRow } from '../../data/tables/fieldwork.tables.js';
import { computeDeadline, DEADLINE_RULE_IDS, DEADLINE_RULES_VERSION, type DeadlineRuleId } from '../../domain/deadlines/index.js';
import { renderEnforcementDocument } from '../../domain/fieldwork/enforcement-documents.js';
import {
  enforcementMove,
  isEnforcementActionKind,
  kindName,
  LETTER_OF_INTENT_HOURS,
  LETTER_OF_INTENT_RULE_TITLE,
  organisationEvent,
  WARNING_NOTICE_DECISIONS,
  type DeadlineStart,
  type EnforcementActionKind,
  type EnforcementEvent,
  type EnforcementState,
} from '../../domain/fieldwork/enforcement-workflow.js';
import { concernRespondBy, formatLondonDateTime } from '../../domain/fieldwork/concern-deadline.js';
import { findRegulation, describeRegulation } from '../../domain/framework/regulations.data.js';
import { parseKeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { normaliseStatements } from '../../domain/fieldwork/evidence-item.js';
import { qualityStatement } from '../../domain/framework/quality-statements.data.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { actsForOrganisation, type InspectionAccess } from '../inspections/inspection-access.js';
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { messageContacts } from '../inspections/inspection-messages.js';
import { notify } from '../notifications.service.js';
import { loadChild, loadEnforcementAccess, requireEnforcementEditor } from './fieldwork-access.js';
import { insertRepresentationFiles, withStoredAttachments, type AttachmentInput, type StoredAttachment } from './attachments.service.js';
import { getEnforcementAction, listBreaches, type BreachView, type EnforcementActionView } from './fieldwork-read.service.js';
import { enforcementActionPath } from '../../domain/shared/app-paths.js';

export interface BreachInput {
  regulation: string;
  paragraph?: string | null;
  keyQuestion?: string | null;
  qualityStatements?: string[];
  description: string;
  evidenceItemIds?: string[];
}

export interface ActionInput {
  kind: EnforcementActionKind;
  breachId?: string | null;
  concernId?: string | null;
  organisationId?: string | null;
  complianceDate?: string | null;
  /** Set by escalateEnforcementAction: the notice that was not complied with. */
  escalatedFromId?: string | null;
}

export interface ActionTransitionInput {
  event: EnforcementEvent;
  complianceDate?: string | null;
  decision?: string | null;
  decisionReason?: string | null;
  version?: number | null;
}

const isDeadlineRuleId = (v: string): v is DeadlineRuleId => (DEADLINE_RULE_IDS as readonly string[]).includes(v);

const ENFORCEMENT_STATES_OPEN = ['fieldwork', 'judgement', 'draft_report', 'factual_accuracy', 'publication_ready', 'published'];

function requireEnforcementState(access: InspectionAccess): void {
  if (!ENFORCEMENT_STATES_OPEN.includes(access.inspection.state)) throw new ConflictError('Breaches and enforcement actions are recorded from fieldwork onwards', 'wrong_state');
}

export async function recordBreach(ctx: ServiceContext, inspectionId: string, input: BreachInput): Promise<BreachView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadEnforcementAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireEnforcementEditor(access, 'record a breach');
    requireEnforcementState(access);
    const errors: FieldError[] = [];
    const regulation = findRegulation(input.regulation ?? '');
    if (!regulation) errors.push({ field: 'regulation', message: 'Enter a regulation of the 2014 Regulations (for example 17) or the 2009 Registration Regulations' });
    const keyQuestion = input.keyQuestion ? parseKeyQuestion(input.keyQuestion) : null;
    if (input.keyQuestion && !keyQuestion) errors.push({ field: 'keyQuestion', message: 'Choose the key question affected: safe, effective, caring, responsive or well-led' });
    const statements = normaliseStatements(input.qualityStatements ?? []);
    const unknown = statements.filter((c) => !qualityStatement(c));
    if (unknown.length) errors.push({ field: 'qualityStatements', message: `Unknown quality statement: ${unknown.join(', ')}` });
    if (!input.description?.trim()) errors.push({ field: 'description', message: 'Describe how the regulation was breached' });
    const evidence = [...new Set(input.evidenceItemIds ?? [])];
    if (evidence.length) {
      const found = await trx.selectFrom('evidence_items').select('id').where('inspection_id', '=', inspectionId).where('id', 'in', evidence).execute();
      if (found.length !== evidence.length) errors.push({ field: 'evidenceItemIds', message: 'Every evidence item must be one of this inspection’s' });
    }
    if (errors.length) throw new ValidationError(errors);
    const row = await trx
      .insertInto('breaches')
      .values({
        inspection_id: inspectionId,
        regulation: regulation!.number,
        paragraph: input.paragraph?.trim() || null,
        key_question: keyQuestion,
        quality_statements: statements,
        description: input.description.trim(),
        evidence_item_ids: evidence,
        recorded_by: access.user.id,
        recorded_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'breach_recorded', summary: `Breach recorded: ${describeRegulation(regulation!.number)}${input.paragraph ? `, ${input.paragraph.trim()}` : ''}`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'BREACH_RECORDED', subjectType: 'breach', subjectId: row.id, after: input });
    return row.id;
  });
  return (await listBreaches(ctx, inspectionId)).find((b) => b.id === id)!;
}

export async function createEnforcementAction(ctx: ServiceContext, inspectionId: string, input: ActionInput): Promise<EnforcementActionView> {
  const id = await inTransaction(ctx, async (trx) => {
    const access = await loadEnforcementAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireEnforcementEditor(access, 'choose an enforcement action');
    requireEnforcementState(access);
    const errors: FieldError[] = [];
    if (!isEnforcementActionKind(input.kind)) errors.push({ field: 'kind', message: 'Choose the enforcement action' });
    let organisationId = input.organisationId ?? null;
    if (input.breachId) {
      const breach = await trx.selectFrom('breaches').select(['id', 'status']).where('id', '=', input.breachId).where('inspection_id', '=', inspectionId).executeTakeFirst();
      if (!breach) errors.push({ field: 'breachId', message: 'The breach must be one of this inspection’s' });
    }
    if (input.concernId) {
      const concern = await trx.selectFrom('concerns').select(['id', 'organisation_id', 'enforcement_action_id']).where('id', '=', input.concernId).where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirst();
      if (!concern) errors.push({ field: 'concernId', message: 'The concern must be one of this inspection’s' });
      else if (concern.enforcement_action_id) errors.push({ field: 'concernId', message: 'This concern has already led to an enforcement action' });
      else organisationId ??= concern.organisation_id;
    }
    organisationId ??= access.inspection.subject_organisation_id;
    const involved = await involvedOrganisationIds(trx, access.inspection);
    if (!organisationId || !involved.includes(organisationId)) errors.push({ field: 'organisationId', message: 'Choose the organisation the action is against, from those named on the inspection' });
    if (input.escalatedFromId) {
      const from = await trx.selectFrom('enforcement_actions').select(['id', 'inspection_id', 'organisation_id']).where('id', '=', input.escalatedFromId).executeTakeFirst();
      if (!from || from.inspection_id !== inspectionId || from.organisation_id !== organisationId) errors.push({ field: 'escalatedFromId', message: 'The action escalated from must be one of this inspection’s, against the same organisation' });
    }
    if (input.complianceDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.complianceDate)) errors.push({ field: 'complianceDate', message: 'The compliance date must be a real date, like 2026-01-31' });
    if (errors.length) throw new ValidationError(errors);
    const now = ctx.clock.now();
    const row = await trx
      .insertInto('enforcement_actions')
      .values({
        inspection_id: inspectionId,
        breach_id: input.breachId ?? null,
        concern_id: input.concernId ?? null,
        organisation_id: organisationId!,
        kind: input.kind,
        compliance_date: input.complianceDate ?? null,
        escalated_from_id: input.escalatedFromId ?? null,
        created_by: access.user.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.concernId) await trx.updateTable('concerns').set({ enforcement_action_id: row.id }).where('id', '=', input.concernId).execute();
    await addTimelineEvent(trx, ctx, inspectionId, { kind: 'enforcement_action_chosen', summary: `${kindName(input.kind)} chosen${input.concernId ? ' following an immediate-action concern' : ''}`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'ENFORCEMENT_ACTION_CREATED', subjectType: 'enforcement_action', subjectId: row.id, after: input });
    return row.id;
  });
  return getEnforcementAction(ctx, id);
}

async function startDeadlines(trx: Trx, ctx: ServiceContext, action: EnforcementActionRow, starts: readonly DeadlineStart[], from: Date): Promise<{ title: string; due: string }[]> {
  const out: { title: string; due: string }[] = [];
  for (const rule of starts) {
    if (rule === 'letter-of-intent-assurance') {
      const d = concernRespondBy(from, LETTER_OF_INTENT_HOURS);
      const explanation = [`${LETTER_OF_INTENT_RULE_TITLE}: ${LETTER_OF_INTENT_HOURS} hours from the letter (secondary source: "often 24 hours").`, `Due by ${formatLondonDateTime(d.respondBy)}.`];
      await trx.insertInto('enforcement_deadlines').values({ action_id: action.id, rule, title: LETTER_OF_INTENT_RULE_TITLE, start_date: londonDate(from), due: londonDate(d.respondBy), due_by: d.respondBy, explanation, version: d.version, created_at: ctx.clock.now() }).execute();
      out.push({ title: LETTER_OF_INTENT_RULE_TITLE, due: londonDate(d.respondBy) });
      continue;
    }
    if (!isDeadlineRuleId(rule)) throw new Error(`unknown deadline rule ${rule}`);
    // Day 0 is the date of the notice (or of receipt), in London.
    const d = computeDeadline(rule, londonDate(from), undefined, configuredDeadlineLength(ctx.config, rule));
    if (!d.ok) throw new ConflictError(`The deadline cannot be computed: ${d.error}`, 'deadline_unavailable');
    await trx
      .insertInto('enforcement_deadlines')
      .values({ action_id: action.id, rule, title: d.value.rule.title, start_date: d.value.start, due: d.value.due, due_by: d.value.dueBy, explanation: d.value.explanation, version: DEADLINE_RULES_VERSION, created_at: ctx.clock.now() })
      .execute();
    out.push({ title: d.value.rule.title, due: d.value.due });
  }
  return out;
}

async function documentFacts(trx: Executor, access: InspectionAccess, action: EnforcementActionRow, date: string, deadlines: { title: string; due: string }[]) {
  const org = await trx.selectFrom('organisations').select(['name', 'parent_id']).where('id', '=', action.organisation_id).executeTakeFirstOrThrow();
  const provider = org.parent_id ? await trx.selectFrom('organisations').select('name').where('id', '=', org.parent_id).executeTakeFirst() : null;
  const breach = action.breach_id ? await trx.selectFrom('breaches').selectAll().where('id', '=', action.breach_id).executeTakeFirst() : null;
  return {
    providerName: provider?.name ?? org.name,
    subjectName: access.inspection.subject_type === 'area' ? `${access.inspection.area_name} area` : org.name,
    reference: access.inspection.reference,
    date,
    breach: breach ? { regulation: breach.regulation, paragraph: breach.paragraph, description: breach.description } : null,
    complianceDate: action.compliance_date,
    deadlines,
    decision: action.decision,
    decisionReason: action.decision_reason,
    compliance: action.compliance_decision ? { decision: COMPLIANCE_DECISION_TEXT[action.compliance_decision].toLowerCase(), evidence: action.compliance_evidence ?? '', nextStep: complianceNextStep(action.kind, action.compliance_decision, breach?.regulation ?? null) } : null,
    signedBy: `${access.user.name}\nfor the regulator`,
  };
}

function complianceNextStep(kind: string, decision: ComplianceDecision, regulation: string | null): string | null {
  if (decision === 'complied') return null;
  const options = escalationOptions(kind, regulation).map((o) => o.name.toLowerCase());
  return options.length ? `We will decide what further action to take. It may include: ${options.join('; ')}.` : null;
}

/** A change to an action whose report is published changes the public register: the changes feed lists the organisation. */
async function touchPublicRegister(trx: Trx, action: Pick<EnforcementActionRow, 'inspection_id' | 'organisation_id'>): Promise<void> {
  const published = await trx.selectFrom('inspection_reports').select('id').where('inspection_id', '=', action.inspection_id).where('stage', '=', 'published').executeTakeFirst();
  if (!published) return;
  await trx.updateTable('register_locations').set({ last_changed_at: sql`now()` }).where('organisation_id', '=', action.organisation_id).execute();
  await trx.updateTable('register_providers').set({ last_changed_at: sql`now()` }).where('organisation_id', '=', action.organisation_id).execute();
}

export async function applyMove(
  trx: Trx,
  ctx: ServiceContext,
  access: InspectionAccess,
  action: EnforcementActionRow,
  event: EnforcementEvent,
  extra: { decision?: string | null; decisionReason?: string | null; complianceDate?: string | null },
  opts: { startDeadlines?: boolean } = {},
): Promise<EnforcementState> {
  const move = enforcementMove(action.kind as EnforcementActionKind, action.state as EnforcementState, event);
  if (!move.ok) throw new ConflictError(move.error, 'illegal_transition');
  const m = move.value;
  const now = ctx.clock.now();
  const today = londonDate(now);
  let to: EnforcementState = m.to;
  if (event === 'decide' && extra.decision === 'withdrawn') to = 'withdrawn';
  const isIssue = ['issue', 'serve_proposal', 'send', 'place'].includes(event);
  await trx
    .updateTable('enforcement_actions')
    .set({
      state: to,
      updated_at: now,
      version: action.version + 1,
      ...(isIssue ? { issued_on: today } : {}),
      ...(extra.complianceDate !== undefined && extra.complianceDate !== null ? { compliance_date: extra.complianceDate } : {}),
      ...(event === 'decide' ? { decision: extra.decision ?? null, decision_reason: extra.decisionReason?.trim() ?? null, decided_at: now } : {}),
    })
    .where('id', '=', action.id)
    .execute();
  const updated = { ...action, state: to, compliance_date: extra.complianceDate ?? action.compliance_date, decision: event === 'decide' ? (extra.decision ?? null) : action.decision, decision_reason: event === 'decide' ? (extra.decisionReason ?? null) : action.decision_reason };
  // A late representation accepted by the enforcement officer starts no new statutory clock by itself (issue 16).
  const deadlines = opts.startDeadlines === false ? [] : await startDeadlines(trx, ctx, updated, m.deadlines, now);
  let documentTitle: string | null = null;
  if (m.document) {
    const doc = renderEnforcementDocument(m.document, await documentFacts(trx, access, updated, today, deadlines));
    await trx.insertInto('enforcement_documents').values({ action_id: action.id, kind: m.document, title: doc.title, body: doc.body, template_version: doc.templateVersion, generated_at: now }).execute();
    documentTitle = doc.title;
    if (m.by === 'regulator') {
      await messageContacts(trx, ctx, action.inspection_id, {
        title: `${doc.title}: ${access.inspection.reference}`,
        summary: `${m.summary}.${deadlines.map((d) => ` ${d.title}: by ${formatDate(d.due)}.`).join('')}`,
        emailBody: doc.body,
        link: enforcementActionPath(action.inspection_id, action.id),
      });
    }
  }
  const summary = `${to === 'withdrawn' && event === 'decide' ? 'Decision: warning notice withdrawn' : m.summary}${deadlines.length ? ` (${deadlines.map((d) => `${d.title.toLowerCase()} by ${d.due}`).join('; ')})` : ''}`;
  await addTimelineEvent(trx, ctx, action.inspection_id, { kind: `enforcement_${event}`, summary, visibleToOrganisation: to !== 'draft' });
  await touchPublicRegister(trx, action);
  await recordAudit(trx, ctx, { action: `ENFORCEMENT_${event.toUpperCase()}`, subjectType: 'enforcement_action', subjectId: action.id, before: { state: action.state }, after: { state: to, deadlines, document: documentTitle, ...extra } });
  return to;
}

export async function transitionEnforcementAction(ctx: ServiceContext, actionId: string, input: ActionTransitionInput): Promise<EnforcementActionView> {
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, actionId, 'enforcement action', (db, id) => db.selectFrom('enforcement_actions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(), { enforcement: true });
    if (access.side !== 'regulator') throw new NotFoundError('No enforcement action found');
    requireEnforcementEditor(access, 'change an enforcement action');
    if (input.version !== undefined && input.version !== null && input.version !== row.version) throw new ConflictError('Someone else changed this enforcement action since you loaded it. Reload it and try again.', 'version_conflict');
    if (input.event === 'record_compliance') throw new ValidationError([{ field: 'event', message: 'Record compliance with its decision and evidence (POST /enforcement-actions/{id}/compliance)' }]);
    const errors: FieldError[] = [];
    const complianceDate = input.complianceDate ?? row.compliance_date;
    if (row.kind === 'warning-notice' && input.event === 'issue') {
      if (!complianceDate) errors.push({ field: 'complianceDate', message: 'Enter the date by which the provider must comply with the warning notice' });
      else if (complianceDate <= londonDate(ctx.clock.now())) errors.push({ field: 'complianceDate', message: 'The compliance date must be after the date of the notice' });
    }
    if (input.event === 'decide') {
      if (!input.decision || !(WARNING_NOTICE_DECISIONS as readonly string[]).includes(input.decision)) errors.push({ field: 'decision', message: `Choose the decision: ${WARNING_NOTICE_DECISIONS.join(', ')}` });
      if (!input.decisionReason?.trim()) errors.push({ field: 'decisionReason', message: 'Give the reasons for the decision' });
    }
    if (errors.length) throw new ValidationError(errors);
    const move = enforcementMove(row.kind as EnforcementActionKind, row.state as EnforcementState, input.event);
    if (move.ok && move.value.by === 'organisation') throw new ForbiddenError('The organisation makes this step by sending its representations, action plan or assurance');
    await applyMove(trx, ctx, access, row, input.event, { decision: input.decision ?? null, decisionReason: input.decisionReason ?? null, complianceDate: input.complianceDate ?? null });
  });
  return getEnforcementAction(ctx, actionId);
}

/** The deadline each organisation reply answers. */
function replyRule(kind: string, event: EnforcementEvent): string | null {
  if (event === 'receive_representations') return kind === 'warning-notice' ? 'warning-notice-representations' : 'notice-of-proposal-representations';
  if (event === 'receive_action_plan') return 'requirement-notice-action-plan';
  if (event === 'receive_assurance') return 'letter-of-intent-assurance';
  return null;
}

export async function submitRepresentations(ctx: ServiceContext, actionId: string, input: { body: string; files?: readonly AttachmentInput[] }): Promise<EnforcementActionView> {
  // Files are checked and written before the transaction; if it fails they are removed, so nothing is half-stored.
  await withStoredAttachments(ctx, input.files ?? [], (stored) => recordRepresentations(ctx, actionId, input.body, stored), { subjectType: 'enforcement_action', subjectId: actionId, authorise: () => getEnforcementAction(ctx, actionId) });
  return getEnforcementAction(ctx, actionId);
}

async function recordRepresentations(ctx: ServiceContext, actionId: string, body: string, stored: readonly StoredAttachment[]): Promise<void> {
  const input = { body };
  await inTransaction(ctx, async (trx) => {
    const { access, row } = await loadChild(trx, ctx, actionId, 'enforcement action', (db, id) => db.selectFrom('enforcement_actions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst());
    if (access.side !== 'organisation' || !actsForOrganisation(access, row.organisation_id)) {
      if (access.side === 'organisation') throw new NotFoundError('No enforcement action found');
      throw new ForbiddenError('Only the organisation the action is against can send representations');
    }
    if (row.state === 'draft') throw new NotFoundError('No enforcement action found');
    const event = organisationEvent(row.kind as EnforcementActionKind, row.state as EnforcementState);
    if (!event) throw new ConflictError(`Representations cannot be sent now: the ${kindName(row.kind as EnforcementActionKind).toLowerCase()} is ${row.state.replace(/_/g, ' ')}`, 'illegal_transition');
    if (!input.body?.trim()) throw new ValidationError([{ field: 'body', message: 'Enter your representations' }]);
    if (input.body.length > 50_000) throw new ValidationError([{ field: 'body', message: 'Representations must be 50,000 characters or fewer' }]);
    const kind = event === 'receive_action_plan' ? 'action_plan' : event === 'receive_assurance' ? 'assurance' : 'representations';
    const pending = await trx.selectFrom('enforcement_representations').select('id').where('action_id', '=', row.id).where('late', '=', true).where('late_decision', 'is', null).executeTakeFirst();
    if (pending) throw new ConflictError('Your earlier late representations are waiting for the enforcement officer’s decision', 'late_pending');
    const rule = replyRule(row.kind, event);
    const dueRow = rule ? await trx.selectFrom('enforcement_deadlines').select('due').where('action_id', '=', row.id).where('rule', '=', rule).orderBy('created_at', 'desc').executeTakeFirst() : undefined;
    const timeliness = representationTimeliness(londonDate(ctx.clock.now()), dueRow?.due ?? null);
    const rep = await trx
      .insertInto('enforcement_representations')
      .values({ action_id: row.id, organisation_id: access.user.organisationId, kind, body: input.body.trim(), submitted_by: access.user.id, submitted_at: ctx.clock.now(), due: timeliness.due, late: timeliness.late })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertRepresentationFiles(trx, ctx, rep.id, stored);
    if (timeliness.late) {
      // Late: flagged for the enforcement officer, who accepts (with a reason) or declines; the action does not move and no clock starts.
      await addTimelineEvent(trx, ctx, row.inspection_id, { kind: 'enforcement_late_representations', summary: `Late ${kind === 'representations' ? 'representations' : kind === 'action_plan' ? 'action plan' : 'assurance'} received: ${timeliness.explanation}`, visibleToOrganisation: true });
      await recordAudit(trx, ctx, { action: 'ENFORCEMENT_LATE_REPRESENTATIONS', subjectType: 'enforcement_representation', subjectId: rep.id, after: { actionId: row.id, due: timeliness.due, kind } });
      const officers = await trx.selectFrom('users').select('id').where('role', '=', 'enforcement_officer').where('status', '=', 'active').execute();
      const team = await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', row.inspection_id).where('role', 'in', ['lead_inspector', 'inspection_manager']).execute();
      for (const userId of new Set([...officers.map((o) => o.id), ...team.map((t) => t.user_id)]))
        await notify(trx, { userId, title: `Late representations to decide: ${access.inspection.reference}`, body: `${access.user.organisationName} replied to the ${kindName(row.kind as EnforcementActionKind).toLowerCase()} after the due date. Accept them with a reason, or decline them.`, link: enforcementActionPath(row.inspection_id, row.id) });
      return;
    }
    await applyMove(trx, ctx, access, row, event, {});
    const team = await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', row.inspection_id).where('role', 'in', ['lead_inspector', 'inspection_manager']).execute();
    for (const t of team) await notify(trx, { userId: t.user_id, title: `${kind === 'representations' ? 'Representations' : kind === 'action_plan' ? 'Action plan' : 'Assurance'} received: ${access.inspection.reference}`, body: `${access.user.name} (${access.user.organisationName}) replied to the ${kindName(row.kind as EnforcementActionKind).toLowerCase()}.`, link: enforcementActionPath(row.inspection_id, row.id) });
  });
}
