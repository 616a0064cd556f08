/**
 * What other parts read of an inspection's judgement and enforcement (the report, issue #7;
 * follow-up, issue #8). Access is checked as everywhere: organisations see approved ratings
 * only once the judgement is approved, and enforcement actions once issued.
 */
import { KEY_QUESTIONS } from '../../domain/vocabulary/key-questions.js';
import type { Executor } from '../../data/database.js';
import type { EnforcementActionRow } from '../../data/tables/fieldwork.tables.js';
import {
  availableEnforcementEvents,
  canRecordCompliance,
  ENFORCEMENT_STATE_LABELS,
  isEnforcementActionKind,
  kindName,
  organisationEvent,
  visibleToOrganisation,
  type EnforcementActionKind,
  type EnforcementState,
} from '../../domain/fieldwork/enforcement-workflow.js';
import { COMPLIANCE_DECISION_TEXT, COMPLY_BY_KINDS, complianceCheckWindow, escalationOptions, type ComplianceCheckWindow, type ComplianceDecision, type EscalationOption } from '../../domain/enforcement/compliance.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { describeRegulation } from '../../domain/framework/regulations.data.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { actsForOrganisation, type InspectionAccess } from '../inspections/inspection-access.js';
import { loadChild, loadEnforcementAccess, userNames } from './fieldwork-access.js';

export interface RatingRow {
  subject: string;
  rating: string;
  proposedRating: string;
  departureReason: string | null;
  explanation: string[];
  ratingDate: string | null;
  percentage: number | null;
}

export interface ApprovedJudgement {
  scoringMethod: string;
  overallMethod: string;
  approvedAt: string;
  approvedBy: string | null;
  overall: RatingRow;
  keyQuestions: RatingRow[];
}

export interface BreachView {
  id: string;
  regulation: string;
  regulationTitle: string;
  paragraph: string | null;
  keyQuestion: string | null;
  qualityStatements: string[];
  description: string;
  evidenceItemIds: string[];
  status: string;
  recordedBy: string;
  recordedAt: string;
  actions: { id: string; kind: string; kindName: string; state: string }[];
}

export interface EnforcementActionView {
  id: string;
  inspectionId: string;
  inspectionReference: string;
  kind: EnforcementActionKind;
  kindName: string;
  state: EnforcementState;
  stateLabel: string;
  breachId: string | null;
  breach: { regulation: string; regulationTitle: string; paragraph: string | null; keyQuestion: string | null } | null;
  concernId: string | null;
  organisation: { id: string; name: string };
  complianceDate: string | null;
  issuedOn: string | null;
  decision: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  version: number;
  deadlines: { rule: string; title: string; startDate: string; due: string; dueBy: string; explanation: string[] }[];
  documents: { id: string; kind: string; title: string; generatedAt: string }[];
  representations: {
    id: string;
    kind: string;
    body: string;
    submittedBy: string;
    submittedAt: string;
    due: string | null;
    late: boolean;
    lateDecision: 'accepted' | 'declined' | null;
    lateDecisionReason: string | null;
    files: { id: string; filename: string; sizeBytes: number }[];
  }[];
  /** Issue 16: the regulator's decision on compliance with the date to comply by, and when it is checked. */
  compliance: { decision: ComplianceDecision; decisionText: string; evidence: string | null; decidedAt: string | null } | null;
  complianceCheck: ComplianceCheckWindow | null;
  escalatedFromId: string | null;
  escalations: { id: string; kind: string; kindName: string; state: string }[];
  you: {
    availableEvents: string[];
    canSubmit: boolean;
    submitKind: 'representations' | 'action_plan' | 'assurance' | null;
    canRecordCompliance: boolean;
    escalationOptions: EscalationOption[];
    lateToDecide: string[];
  };
}

/** The window in which the follow-up checks compliance, for an action with a date to comply by (COMPLIANCE_CHECK_WITHIN_DAYS). */
export function complianceCheckFor(ctx: Pick<ServiceContext, 'config' | 'clock'>, action: { kind: string; compliance_date: string | null }): ComplianceCheckWindow | null {
  if (!action.compliance_date || !(COMPLY_BY_KINDS as readonly string[]).includes(action.kind)) return null;
  return complianceCheckWindow(action.compliance_date, ctx.config.complianceCheckWithinDays, londonDate(ctx.clock.now()));
}

const SUBJECT_ORDER: readonly string[] = [...KEY_QUESTIONS, 'overall'];

export async function getApprovedJudgement(ctx: ServiceContext, inspectionId: string): Promise<ApprovedJudgement | null> {
  await loadEnforcementAccess(ctx.db, ctx, inspectionId);
  const j = await ctx.db.selectFrom('judgements').selectAll().where('inspection_id', '=', inspectionId).executeTakeFirst();
  if (!j || j.status !== 'approved' || !j.approved_at) return null;
  const rows = await ctx.db.selectFrom('judgement_ratings').selectAll().where('inspection_id', '=', inspectionId).execute();
  const names = await userNames(ctx.db, [j.approved_by]);
  const view = (r: (typeof rows)[number]): RatingRow => ({
    subject: r.subject,
    rating: r.approved_rating ?? r.proposed_rating,
    proposedRating: r.proposed_rating,
    departureReason: r.departure_reason,
    explanation: r.explanation,
    ratingDate: r.rating_date,
    percentage: r.proposed_percentage === null ? null : Number(r.proposed_percentage),
  });
  const sorted = [...rows].sort((a, b) => SUBJECT_ORDER.indexOf(a.subject) - SUBJECT_ORDER.indexOf(b.subject));
  const overall = sorted.find((r) => r.subject === 'overall');
  if (!overall) return null;
  return {
    scoringMethod: j.scoring_method,
    overallMethod: j.overall_method,
    approvedAt: j.approved_at.toISOString(),
    approvedBy: j.approved_by ? (names.get(j.approved_by) ?? null) : null,
    overall: view(overall),
    keyQuestions: sorted.filter((r) => r.subject !== 'overall').map(view),
  };
}

function actionVisible(access: InspectionAccess, a: Pick<EnforcementActionRow, 'state' | 'organisation_id'>): boolean {
  if (access.side === 'regulator') return true;
  return visibleToOrganisation(a.state as EnforcementState) && (access.isLeadOrganisation || actsForOrganisation(access, a.organisation_id));
}

export async function listBreaches(ctx: ServiceContext, inspectionId: string): Promise<BreachView[]> {
  const access = await loadEnforcementAccess(ctx.db, ctx, inspectionId);
  const breaches = await ctx.db.selectFrom('breaches').selectAll().where('inspection_id', '=', inspectionId).orderBy('recorded_at').execute();
  const actions = breaches.length ? await ctx.db.selectFrom('enforcement_actions').selectAll().where('breach_id', 'in', breaches.map((b) => b.id)).orderBy('created_at').execute() : [];
  const names = await userNames(ctx.db, breaches.map((b) => b.recorded_by));
  return breaches
    .map((b) => ({
      id: b.id,
      regulation: b.regulation,
      regulationTitle: describeRegulation(b.regulation),
      paragraph: b.paragraph,
      keyQuestion: b.key_question,
      qualityStatements: b.quality_statements,
      description: b.description,
      evidenceItemIds: access.side === 'regulator' ? b.evidence_item_ids : [],
      status: b.status,
      recordedBy: names.get(b.recorded_by) ?? '',
      recordedAt: b.recorded_at.toISOString(),
      actions: actions.filter((a) => a.breach_id === b.id && actionVisible(access, a)).map((a) => ({ id: a.id, kind: a.kind, kindName: kindName(a.kind as EnforcementActionKind), state: a.state })),
    }))
    .filter((b) => access.side === 'regulator' || b.actions.length > 0);
}

async function actionView(db: Executor, access: InspectionAccess, a: EnforcementActionRow, ctx: Pick<ServiceContext, 'config' | 'clock'>): Promise<EnforcementActionView> {
  const [org, breach, deadlines, documents, reps, escalations] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'name']).where('id', '=', a.organisation_id).executeTakeFirstOrThrow(),
    a.breach_id ? db.selectFrom('breaches').selectAll().where('id', '=', a.breach_id).executeTakeFirst() : Promise.resolve(undefined),
    db.selectFrom('enforcement_deadlines').selectAll().where('action_id', '=', a.id).orderBy('created_at').orderBy('due').execute(),
    db.selectFrom('enforcement_documents').select(['id', 'kind', 'title', 'generated_at']).where('action_id', '=', a.id).orderBy('generated_at').execute(),
    db.selectFrom('enforcement_representations').selectAll().where('action_id', '=', a.id).orderBy('submitted_at').execute(),
    db.selectFrom('enforcement_actions').select(['id', 'kind', 'state']).where('escalated_from_id', '=', a.id).orderBy('created_at').execute(),
  ]);
  const names = await userNames(db, reps.map((r) => r.submitted_by));
  const files = reps.length ? await db.selectFrom('enforcement_representation_files').select(['id', 'representation_id', 'filename', 'size_bytes']).where('representation_id', 'in', reps.map((r) => r.id)).orderBy('uploaded_at').execute() : [];
  const kind = a.kind as EnforcementActionKind;
  const state = a.state as EnforcementState;
  const orgEvent = organisationEvent(kind, state);
  const canSubmit = access.side === 'organisation' && actsForOrganisation(access, a.organisation_id) && orgEvent !== null;
  return {
    id: a.id,
    inspectionId: a.inspection_id,
    inspectionReference: access.inspection.reference,
    kind,
    kindName: kindName(kind),
    state,
    stateLabel: ENFORCEMENT_STATE_LABELS[state],
    breachId: a.breach_id,
    breach: breach ? { regulation: breach.regulation, regulationTitle: describeRegulation(breach.regulation), paragraph: breach.paragraph, keyQuestion: breach.key_question } : null,
    concernId: a.concern_id,
    organisation: org,
    complianceDate: a.compliance_date,
    issuedOn: a.issued_on,
    decision: a.decision,
    decisionReason: a.decision_reason,
    decidedAt: a.decided_at?.toISOString() ?? null,
    version: a.version,
    deadlines: deadlines.map((d) => ({ rule: d.rule, title: d.title, startDate: d.start_date, due: d.due, dueBy: d.due_by.toISOString(), explanation: d.explanation })),
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, generatedAt: d.generated_at.toISOString() })),
    representations: reps.map((r) => ({
      id: r.id,
      kind: r.kind,
      body: r.body,
      submittedBy: names.get(r.submitted_by) ?? '',
      submittedAt: r.submitted_at.toISOString(),
      due: r.due,
      late: r.late,
      lateDecision: r.late_decision,
      lateDecisionReason: r.late_decision_reason,
      files: files.filter((f) => f.representation_id === r.id).map((f) => ({ id: f.id, filename: f.filename, sizeBytes: Number(f.size_bytes) })),
    })),
    compliance: a.compliance_decision ? { decision: a.compliance_decision, decisionText: COMPLIANCE_DECISION_TEXT[a.compliance_decision], evidence: a.compliance_evidence, decidedAt: a.compliance_decided_at?.toISOString() ?? null } : null,
    complianceCheck: a.compliance_decision ? null : complianceCheckFor(ctx, a),
    escalatedFromId: a.escalated_from_id,
    escalations: escalations.map((e) => ({ id: e.id, kind: e.kind, kindName: isEnforcementActionKind(e.kind) ? kindName(e.kind) : e.kind, state: e.state })),
    you: {
      availableEvents: access.side === 'regulator' ? availableEnforcementEvents(kind, state) : [],
      canSubmit: canSubmit && !reps.some((r) => r.late && r.late_decision === null),
      submitKind: canSubmit ? (orgEvent === 'receive_action_plan' ? 'action_plan' : orgEvent === 'receive_assurance' ? 'assurance' : 'representations') : null,
      canRecordCompliance: access.side === 'regulator' && canRecordCompliance(kind, state) && !!a.compliance_date,
      escalationOptions: access.side === 'regulator' && (a.compliance_decision === 'not_complied' || a.compliance_decision === 'partly_complied') ? escalationOptions(a.kind, breach?.regulation ?? null) : [],
      lateToDecide: access.side === 'regulator' ? reps.filter((r) => r.late && r.late_decision === null).map((r) => r.id) : [],
    },
  };
}

export async function listEnforcementActions(ctx: ServiceContext, inspectionId: string): Promise<EnforcementActionView[]> {
  const access = await loadEnforcementAccess(ctx.db, ctx, inspectionId);
  const rows = await ctx.db.selectFrom('enforcement_actions').selectAll().where('inspection_id', '=', inspectionId).orderBy('created_at').execute();
  return Promise.all(rows.filter((a) => actionVisible(access, a)).map((a) => actionView(ctx.db, access, a, ctx)));
}

export async function getEnforcementAction(ctx: ServiceContext, actionId: string): Promise<EnforcementActionView> {
  const { access, row } = await loadChild(ctx.db, ctx, actionId, 'enforcement action', (db, id) => db.selectFrom('enforcement_actions').selectAll().where('id', '=', id).executeTakeFirst(), { enforcement: true });
  if (!actionVisible(access, row)) throw new NotFoundError('No enforcement action found');
  return actionView(ctx.db, access, row, ctx);
}

/** Whether the signed-in person may open this enforcement action's page (the rule getEnforcementAction applies), so a list links to it only then. */
export async function mayOpenEnforcementAction(ctx: ServiceContext, action: Pick<EnforcementActionRow, 'inspection_id' | 'state' | 'organisation_id'>): Promise<boolean> {
  try {
    return actionVisible(await loadEnforcementAccess(ctx.db, ctx, action.inspection_id), action);
  } catch (e) {
    if (e instanceof NotFoundError) return false;
    throw e;
  }
}

export async function getEnforcementDocument(ctx: ServiceContext, documentId: string): Promise<{ id: string; actionId: string; kind: string; title: string; body: string; templateVersion: string; generatedAt: string }> {
  const doc = await ctx.db.selectFrom('enforcement_documents').selectAll().where('id', '=', documentId).executeTakeFirst().catch(() => undefined);
  if (!doc) throw new NotFoundError('No document found');
  await getEnforcementAction(ctx, doc.action_id).catch((e: unknown) => {
    if (e instanceof NotFoundError) throw new NotFoundError('No document found');
    throw e;
  });
  return { id: doc.id, actionId: doc.action_id, kind: doc.kind, title: doc.title, body: doc.body, templateVersion: doc.template_version, generatedAt: doc.generated_at.toISOString() };
}
