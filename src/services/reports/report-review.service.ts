/**
 * Review and approval: the draft goes to an inspection manager, who approves it or returns it
 * with comments. The personal-data check must be clear first. The drafts dashboard lists every
 * report not yet published, its owner and how long it has waited, so nothing is stuck unseen.
 */
import type { Trx } from '../../data/database.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { personalDataBlockers } from '../../domain/reports/personal-data-check.js';
import { moveReport, REPORT_STAGE_LABELS, stageClock, type ReportMove, type ReportStage, type StageClock } from '../../domain/reports/report-stages.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { recordAudit } from '../audit.service.js';
import { requireUser } from '../authorisation.js';
import { isRegulatorRole } from '../../domain/vocabulary/roles.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { subjectNames } from '../inspections/inspection-detail.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { assertNoPlaceholders, currentSections, loadReport, openFlags, refreshPersonalDataFlags, requireReportApprover, requireReportEditor, setStage } from './report-common.js';

function nextStage(stage: string, move: ReportMove): ReportStage {
  const r = moveReport(stage as ReportStage, move);
  if (!r.ok) throw new ConflictError(r.error, 'wrong_stage');
  return r.value;
}

async function assertPersonalDataClear(trx: Trx, report: InspectionReportRow): Promise<void> {
  await refreshPersonalDataFlags(trx, report, await currentSections(trx, report), report.current_version);
  const blockers = personalDataBlockers(await openFlags(trx, report.id));
  if (blockers.length) throw new ConflictError(blockers.join('; '), 'personal_data_unresolved');
}

export async function submitForApproval(ctx: ServiceContext, inspectionId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'send the draft for approval');
    const to = nextStage(report.stage, 'submit_for_approval');
    assertNoPlaceholders(await currentSections(trx, report), 'sent for approval');
    await assertPersonalDataClear(trx, report);
    await setStage(trx, ctx, report, access.inspection, to);
    await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'report_submitted', summary: `Draft report (version ${report.current_version}) sent for approval`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'REPORT_SUBMITTED_FOR_APPROVAL', subjectType: 'inspection_report', subjectId: report.id, before: { stage: report.stage }, after: { stage: to, version: report.current_version } });
  });
}

export async function approveDraft(ctx: ServiceContext, inspectionId: string, comments?: string | null): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    await requireReportApprover(trx, access, report, 'report.approve', 'approve the draft report');
    const to = nextStage(report.stage, 'approve');
    assertNoPlaceholders(await currentSections(trx, report), 'approved');
    await assertPersonalDataClear(trx, report);
    const now = ctx.clock.now();
    await trx.insertInto('report_reviews').values({ report_id: report.id, version: report.current_version, decision: 'approved', comments: comments?.trim() || null, reviewer_id: access.user.id, decided_at: now }).execute();
    await trx.updateTable('inspection_reports').set({ approved_version: report.current_version, approved_by: access.user.id, approved_at: now }).where('id', '=', report.id).execute();
    await setStage(trx, ctx, report, access.inspection, to);
    await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'report_approved', summary: `Draft report version ${report.current_version} approved`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'REPORT_APPROVED', subjectType: 'inspection_report', subjectId: report.id, before: { stage: report.stage }, after: { stage: to, version: report.current_version, comments } });
  });
}

export async function returnDraft(ctx: ServiceContext, inspectionId: string, comments: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    await requireReportApprover(trx, access, report, 'report.approve', 'return the draft report');
    if (!comments?.trim()) throw new ValidationError([{ field: 'comments', message: 'Say what needs to change before the draft can be approved' }]);
    const to = nextStage(report.stage, 'return');
    await trx.insertInto('report_reviews').values({ report_id: report.id, version: report.current_version, decision: 'returned', comments: comments.trim(), reviewer_id: access.user.id, decided_at: ctx.clock.now() }).execute();
    await trx.updateTable('inspection_reports').set({ approved_version: null, approved_by: null, approved_at: null }).where('id', '=', report.id).execute();
    await setStage(trx, ctx, report, access.inspection, to);
    await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'report_returned', summary: `Draft report returned with comments: ${comments.trim()}`, visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'REPORT_RETURNED', subjectType: 'inspection_report', subjectId: report.id, before: { stage: report.stage }, after: { stage: to, comments: comments.trim() } });
  });
}

export async function listReviews(ctx: ServiceContext, inspectionId: string) {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  if (access.side !== 'regulator') throw new NotFoundError('No report found');
  return ctx.db
    .selectFrom('report_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .select(['r.version', 'r.decision', 'r.comments', 'r.decided_at', 'u.name as reviewer_name'])
    .where('r.report_id', '=', report.id)
    .orderBy('r.decided_at', 'desc')
    .execute();
}

export interface DraftDashboardRow {
  inspectionId: string;
  reference: string;
  subjectName: string;
  stage: ReportStage;
  stageLabel: string;
  owner: string;
  clock: StageClock;
  faDue: string | null;
}

/** Every report not yet published, its owner and how long it has waited, longest first (regulator staff). */
export async function listDraftsDashboard(ctx: ServiceContext): Promise<DraftDashboardRow[]> {
  const user = requireUser(ctx);
  if (!isRegulatorRole(user.role)) throw new NotFoundError();
  // Inspectors see the drafts of inspections they are on, never others' (a planned unannounced
  // inspection stays confidential to its team); managers, administrators and reviewers see all.
  const onlyOwnTeams = user.role === 'inspector';
  const rows = await ctx.db
    .selectFrom('inspection_reports as r')
    .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
    .selectAll('i')
    .select(['r.stage', 'r.owner_label', 'r.stage_entered_at', 'r.id as report_id'])
    .where('r.stage', '<>', 'published')
    .$if(onlyOwnTeams, (q) => q.where('i.id', 'in', ctx.db.selectFrom('inspection_team').select('inspection_id').where('user_id', '=', user.id)))
    .execute();
  const names = await subjectNames(ctx.db, rows);
  const due = new Map(
    (await ctx.db.selectFrom('fa_recipients').select(['report_id', 'due', 'extended_due']).where('report_id', 'in', rows.length ? rows.map((r) => r.report_id) : ['00000000-0000-0000-0000-000000000000']).execute()).map((d) => [d.report_id, d.extended_due ?? d.due]),
  );
  const today = londonDate(ctx.clock.now());
  // Judged inspections whose draft has not been started are waiting too, on the lead inspector.
  const notStarted = await ctx.db
    .selectFrom('inspections as i')
    .leftJoin('inspection_reports as r', 'r.inspection_id', 'i.id')
    .leftJoin('judgements as j', 'j.inspection_id', 'i.id')
    .selectAll('i')
    .select('j.approved_at')
    .where('i.state', '=', 'draft_report')
    .where('r.id', 'is', null)
    .$if(onlyOwnTeams, (q) => q.where('i.id', 'in', ctx.db.selectFrom('inspection_team').select('inspection_id').where('user_id', '=', user.id)))
    .execute();
  const notStartedNames = await subjectNames(ctx.db, notStarted);
  const waiting: DraftDashboardRow[] = notStarted.map((i) => ({
    inspectionId: i.id,
    reference: i.reference,
    subjectName: notStartedNames.get(i.id) ?? '',
    stage: 'drafting',
    stageLabel: 'Judgement approved: draft not started',
    owner: 'Lead inspector',
    clock: stageClock('drafting', londonDate(i.approved_at ?? i.updated_at), today),
    faDue: null,
  }));
  return [...waiting, ...rows
    .map((r) => {
      const stage = r.stage as ReportStage;
      const faDue = stage === 'factual_accuracy' ? (due.get(r.report_id) ?? null) : null;
      return {
        inspectionId: r.id,
        reference: r.reference,
        subjectName: names.get(r.id) ?? '',
        stage,
        stageLabel: REPORT_STAGE_LABELS[stage],
        owner: r.owner_label,
        clock: stageClock(stage, londonDate(r.stage_entered_at), today, { deadline: faDue }),
        faDue,
      };
    })
  ].sort((a, b) => b.clock.workingDaysWaited - a.clock.workingDaysWaited || a.reference.localeCompare(b.reference));
}
