/**
 * Shared by the report services: who may see and act on a report, loading it (locked),
 * moving its stage (owner and clock), moving the inspection's lifecycle state, and the
 * personal-data check over the current version.
 */
import { sql } from 'kysely';
import { findInspection, organisationFamily } from '../../data/repositories/inspection.repository.js';
import type { Executor, Trx } from '../../data/database.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { transition, type InspectionEvent, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { checkPersonalData, reconcileFlags, type KnownPerson, type PdFinding, type PdKind } from '../../domain/reports/personal-data-check.js';
import type { ReportSection } from '../../domain/reports/report-sections.js';
import { placeholderBlocker } from '../../domain/reports/report-structures.js';
import { REPORT_STAGES, STAGE_OWNERS, type ReportStage } from '../../domain/reports/report-stages.js';
import { recordAudit } from '../audit.service.js';
import { isLeadInspector, requireOnInspection } from '../access.js';
import { requireUser } from '../authorisation.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { loadInspectionAccess, NOT_FOUND_MESSAGE, type InspectionAccess } from '../inspections/inspection-access.js';
import { addTimelineEvent, bumpVersion } from '../inspections/inspection-events.js';
import { announceHandOff } from '../work/hand-offs.js';

export const REPORT_NOT_FOUND = 'No report found';

/** Stages in which the organisation may see the report (from the moment it is sent to them). */
export const ORGANISATION_VISIBLE_STAGES: readonly ReportStage[] = ['factual_accuracy', 'fa_review', 'publication_ready', 'published'];

export interface ReportAccess extends InspectionAccess {
  /** A factual accuracy reviewer who is not on the team (sees the report from the factual accuracy stage). */
  isReviewer: boolean;
}

/** Inspection access, plus factual accuracy reviewers, who are never on the team. */
export async function loadReportAccess(db: Executor, ctx: Pick<ServiceContext, 'actor'>, inspectionId: string, opts: { forUpdate?: boolean } = {}): Promise<ReportAccess> {
  const user = requireUser(ctx);
  if (user.role === 'factual_accuracy_reviewer') {
    const inspection = await findInspection(db, inspectionId, opts);
    if (!inspection) throw new NotFoundError(NOT_FOUND_MESSAGE);
    return { inspection, user, side: 'regulator', teamRole: null, isManager: false, organisationIds: [], isLeadOrganisation: false, isReviewer: true };
  }
  const access = await loadInspectionAccess(db, ctx, inspectionId, opts);
  return { ...access, isReviewer: false };
}

export async function findReport(db: Executor, inspectionId: string, opts: { forUpdate?: boolean } = {}): Promise<InspectionReportRow | undefined> {
  let q = db.selectFrom('inspection_reports').selectAll().where('inspection_id', '=', inspectionId);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The report for this user, or "not found" if they may not see it (the embargo for organisations). */
export async function loadReport(db: Executor, ctx: Pick<ServiceContext, 'actor'>, inspectionId: string, opts: { forUpdate?: boolean } = {}): Promise<{ access: ReportAccess; report: InspectionReportRow }> {
  const access = await loadReportAccess(db, ctx, inspectionId, opts);
  const report = await findReport(db, inspectionId, opts);
  if (!report) throw new NotFoundError(REPORT_NOT_FOUND);
  if (!canSeeReport(access, report.stage as ReportStage)) throw new NotFoundError(REPORT_NOT_FOUND);
  return { access, report };
}

export function canSeeReport(access: ReportAccess, stage: ReportStage): boolean {
  if (access.isReviewer) return ORGANISATION_VISIBLE_STAGES.includes(stage);
  if (access.side === 'regulator') return true;
  return ORGANISATION_VISIBLE_STAGES.includes(stage);
}

export function requireReportEditor(access: ReportAccess, what = 'edit the draft report'): void {
  if (access.side !== 'regulator' || access.isReviewer) throw new ForbiddenError(`Only the inspection team can ${what}`);
  if (access.isManager) return;
  if (access.teamRole === 'lead_inspector' || access.teamRole === 'inspector' || access.teamRole === 'inspection_manager') return;
  throw new ForbiddenError(`Only the lead inspector, inspectors on the team or an inspection manager can ${what}`);
}

/**
 * Four-eyes facts for the report: the lead inspector and anyone who wrote a version of the draft
 * (or started it) may not approve or publish it.
 */
export async function reportFourEyes(db: Executor, access: ReportAccess, report: Pick<InspectionReportRow, 'id' | 'created_by'>): Promise<{ isLeadInspector: boolean; isAuthor: boolean }> {
  const wrote = await db.selectFrom('report_versions').select('id').where('report_id', '=', report.id).where('saved_by', '=', access.user.id).executeTakeFirst();
  return { isLeadInspector: await isLeadInspector(db, access.inspection.id, access.user.id), isAuthor: report.created_by === access.user.id || !!wrote };
}

/** Approve, return or publish: the declared table's four-eyes rule (src/domain/access/permissions.ts). */
export async function requireReportApprover(db: Executor, access: ReportAccess, report: Pick<InspectionReportRow, 'id' | 'created_by'>, action: 'report.approve' | 'report.publish', what: string): Promise<void> {
  if (access.side !== 'regulator' || access.isReviewer) throw new ForbiddenError(`Only an inspection manager can ${what}`);
  requireOnInspection(access, action, what, await reportFourEyes(db, access, report));
}

export function requireManager(access: ReportAccess, what: string): void {
  if (access.side === 'regulator' && !access.isReviewer && (access.isManager || access.teamRole === 'inspection_manager')) return;
  throw new ForbiddenError(`Only an inspection manager can ${what}`);
}

export function requireLeadOrManager(access: ReportAccess, what: string): void {
  if (access.side === 'regulator' && !access.isReviewer && (access.isManager || access.teamRole === 'inspection_manager' || access.teamRole === 'lead_inspector')) return;
  throw new ForbiddenError(`Only the lead inspector or an inspection manager can ${what}`);
}

export function requireStage(report: InspectionReportRow, stages: readonly ReportStage[], message: string): void {
  if (!stages.includes(report.stage as ReportStage)) throw new ConflictError(message, 'wrong_stage');
}

/** Who owns a stage, in words and (where one person does) by id. */
export async function stageOwner(db: Executor, inspection: InspectionRow, stage: ReportStage): Promise<{ userId: string | null; organisationId: string | null; label: string }> {
  const owner = STAGE_OWNERS[stage];
  const teamMember = async (role: string) =>
    db
      .selectFrom('inspection_team as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['u.id', 'u.name'])
      .where('t.inspection_id', '=', inspection.id)
      .where('t.role', '=', role)
      .executeTakeFirst();
  if (owner === 'lead_inspector') {
    const lead = await teamMember('lead_inspector');
    return { userId: lead?.id ?? null, organisationId: null, label: lead ? `Lead inspector: ${lead.name}` : 'Lead inspector' };
  }
  if (owner === 'inspection_manager') {
    const manager = await teamMember('inspection_manager');
    return { userId: manager?.id ?? null, organisationId: null, label: manager ? `Inspection manager: ${manager.name}` : 'Inspection managers' };
  }
  if (owner === 'organisation') {
    const orgId = inspection.subject_organisation_id ?? inspection.lead_commissioner_id;
    const org = orgId ? await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst() : undefined;
    return { userId: null, organisationId: org?.id ?? null, label: org ? `Organisation: ${org.name}` : 'The organisation' };
  }
  if (owner === 'factual_accuracy_reviewer') return { userId: null, organisationId: null, label: 'Factual accuracy reviewers' };
  return { userId: null, organisationId: null, label: 'Nobody: published' };
}

/** Moves the report to a stage: new owner, clock restarted, history kept. */
export async function setStage(trx: Trx, ctx: Pick<ServiceContext, 'clock' | 'config'>, report: InspectionReportRow, inspection: InspectionRow, stage: ReportStage): Promise<void> {
  if (!REPORT_STAGES.includes(stage)) throw new Error(`unknown stage ${stage}`);
  const now = ctx.clock.now();
  const owner = await stageOwner(trx, inspection, stage);
  await trx.updateTable('report_stage_history').set({ left_at: now }).where('report_id', '=', report.id).where('left_at', 'is', null).execute();
  await trx.insertInto('report_stage_history').values({ report_id: report.id, stage, owner_label: owner.label, entered_at: now }).execute();
  await trx
    .updateTable('inspection_reports')
    .set({ stage, owner_user_id: owner.userId, owner_organisation_id: owner.organisationId, owner_label: owner.label, stage_entered_at: now, updated_at: now, version: sql`version + 1` })
    .where('id', '=', report.id)
    .execute();
  // Whoever must act next is told (in-app and by email): src/services/work/hand-offs.ts.
  if (report.stage !== stage) await announceHandOff(trx, ctx, inspection, report.id, report.stage as ReportStage, stage);
}

/** Moves the inspection's lifecycle state through the state table (report moves only come from here). */
export async function moveInspection(trx: Trx, ctx: ServiceContext, access: ReportAccess, event: InspectionEvent, opts: { visibleToOrganisation: boolean }): Promise<InspectionState> {
  const r = access.inspection;
  const outcome = transition(r.state as InspectionState, event, {
    noticeType: r.notice_type as never,
    hasFieldworkDates: true,
    contactCount: 1,
    viaReportWorkflow: true,
    actor: { role: access.user.role, teamRole: access.teamRole },
  });
  if (!outcome.ok) {
    if (outcome.error.code === 'not_permitted') throw new ForbiddenError(outcome.error.message);
    throw new ConflictError(outcome.error.message, outcome.error.code);
  }
  const t = outcome.value;
  await bumpVersion(trx, ctx, r.id, r.version);
  await trx.updateTable('inspections').set({ state: t.to }).where('id', '=', r.id).execute();
  await addTimelineEvent(trx, ctx, r.id, { kind: t.event, summary: t.summary, visibleToOrganisation: opts.visibleToOrganisation });
  await recordAudit(trx, ctx, {
    action: `INSPECTION_${t.event.toUpperCase()}`,
    subjectType: 'inspection',
    subjectId: r.id,
    before: { state: t.from },
    after: { state: t.to, explanation: t.explanation },
  });
  return t.to;
}

export async function currentSections(db: Executor, report: Pick<InspectionReportRow, 'id' | 'current_version'>, version?: number): Promise<ReportSection[]> {
  const row = await db
    .selectFrom('report_versions')
    .select('sections')
    .where('report_id', '=', report.id)
    .where('version', '=', version ?? report.current_version)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Version ${version ?? report.current_version} of this report does not exist`);
  return row.sections as ReportSection[];
}

/** Names the check must catch: the report's own list of people, and the organisations' contacts (staff). */
export async function knownPeople(db: Executor, report: Pick<InspectionReportRow, 'known_people' | 'inspection_id'>): Promise<KnownPerson[]> {
  const listed = Array.isArray(report.known_people) ? (report.known_people as KnownPerson[]) : [];
  const contacts = await db.selectFrom('inspection_contacts').select('name').where('inspection_id', '=', report.inspection_id).execute();
  return [...listed, ...contacts.map((c) => ({ name: c.name, category: 'staff' as const }))];
}

export async function caseReferences(db: Executor, inspectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('cases').select('case_reference').where('inspection_id', '=', inspectionId).execute();
  return rows.map((r) => r.case_reference);
}

/** Runs the check over the current version and brings the stored flags in line with it. */
export async function refreshPersonalDataFlags(trx: Trx, report: InspectionReportRow, sections: ReportSection[], version: number): Promise<PdFinding[]> {
  const findings = checkPersonalData({ sections, knownPeople: await knownPeople(trx, report), caseReferences: await caseReferences(trx, report.inspection_id) });
  const stored = await trx.selectFrom('report_personal_data_flags').select(['fingerprint', 'status']).where('report_id', '=', report.id).execute();
  const rec = reconcileFlags(stored as { fingerprint: string; status: 'open' | 'removed' | 'allowed' }[], findings);
  for (const f of rec.added) {
    await trx
      .insertInto('report_personal_data_flags')
      .values({ report_id: report.id, fingerprint: f.fingerprint, section_key: f.sectionKey, kind: f.kind, matched: f.matched, context: f.context, person_category: f.personCategory, status: 'open', first_seen_version: version, last_seen_version: version })
      .execute();
  }
  if (rec.reopened.length)
    await trx.updateTable('report_personal_data_flags').set({ status: 'open', resolution_note: 'Back in the text: it must be removed or allowed again', resolved_by: null, resolved_at: null }).where('report_id', '=', report.id).where('fingerprint', 'in', rec.reopened).execute();
  if (rec.cleared.length)
    await trx.updateTable('report_personal_data_flags').set({ status: 'removed', resolution_note: 'No longer in the text' }).where('report_id', '=', report.id).where('fingerprint', 'in', rec.cleared).execute();
  const present = findings.map((f) => f.fingerprint);
  if (present.length) await trx.updateTable('report_personal_data_flags').set({ last_seen_version: version }).where('report_id', '=', report.id).where('fingerprint', 'in', present).execute();
  for (const f of findings) await trx.updateTable('report_personal_data_flags').set({ context: f.context }).where('report_id', '=', report.id).where('fingerprint', '=', f.fingerprint).execute();
  return findings;
}

export async function openFlags(db: Executor, reportId: string): Promise<{ fingerprint: string; status: 'open'; matched: string; kind: PdKind }[]> {
  const rows = await db.selectFrom('report_personal_data_flags').select(['fingerprint', 'matched', 'kind']).where('report_id', '=', reportId).where('status', '=', 'open').execute();
  return rows.map((r) => ({ fingerprint: r.fingerprint, status: 'open' as const, matched: r.matched, kind: r.kind as PdKind }));
}

export async function userFamily(db: Executor, user: SignedInUser): Promise<string[]> {
  return organisationFamily(db, user.organisationId);
}

/** A section still holding its structure's placeholder text blocks approval and publication (issue 15). */
export function assertNoPlaceholders(sections: readonly ReportSection[], what: 'approved' | 'published' | 'sent for approval'): void {
  const blocker = placeholderBlocker(sections, what);
  if (blocker) throw new ConflictError(blocker, 'placeholder_sections');
}
