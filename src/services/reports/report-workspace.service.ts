/**
 * The report as the inspection team, the reviewer or the organisation may see it now: its stage,
 * owner and clock, the text (the organisation sees the version sent to it), ratings, breaches,
 * recommendations and what this person can do next.
 */
import { londonDate } from '../../domain/deadlines/london-time.js';
import { publicationTiming } from '../../domain/inspection/publication-timing.js';
import { REPORT_STAGE_LABELS, stageClock, type ReportStage, type StageClock } from '../../domain/reports/report-stages.js';
import type { ServiceContext } from '../context.js';
import { assembleReport, type PublishedReport } from './published-report.service.js';
import { loadReport, type ReportAccess } from './report-common.js';
import { EDITING_TEAM_ROLES } from '../../domain/inspection/inspection-model.js';

export interface ReportWorkspace extends PublishedReport {
  stage: ReportStage;
  stageLabel: string;
  owner: string;
  clock: StageClock;
  version: number;
  currentVersion: number;
  flags: { open: number; total: number };
  faDue: string | null;
  /** When publishing now would be before fieldwork has ended: what the person must explain (null otherwise). */
  publishReasonNeeded: string | null;
  /** While a returned draft is being reworked: the manager's comments (team only). */
  returned: { comments: string; reviewerName: string; decidedAt: Date; version: number } | null;
  /** Regulator side: a recommendation's further addressees by name (issue 15), keyed by recommendation id. */
  alsoAddressedTo: Record<string, string[]>;
  you: { side: 'regulator' | 'organisation'; canEdit: boolean; canApprove: boolean; canSend: boolean; canReview: boolean; canPublish: boolean; canRespond: boolean };
}

function abilities(access: ReportAccess, stage: ReportStage): ReportWorkspace['you'] {
  const team = access.side === 'regulator' && !access.isReviewer;
  const editor = team && (access.isManager || (EDITING_TEAM_ROLES as readonly string[]).includes(access.teamRole ?? ''));
  const manager = team && (access.isManager || access.teamRole === 'inspection_manager');
  const lead = team && (manager || access.teamRole === 'lead_inspector');
  const reviewer = access.side === 'regulator' && (access.isReviewer || ['inspection_manager', 'administrator'].includes(access.user.role)) && access.teamRole === null;
  return {
    side: access.side,
    canEdit: editor && (stage === 'drafting' || stage === 'fa_review'),
    canApprove: manager && stage === 'awaiting_approval',
    canSend: lead && stage === 'approved',
    canReview: reviewer && stage === 'fa_review',
    canPublish: manager && stage === 'publication_ready',
    canRespond: access.side === 'organisation' && access.isLeadOrganisation && (stage === 'publication_ready' || stage === 'published'),
  };
}

export async function getReportWorkspace(ctx: ServiceContext, inspectionId: string, opts: { version?: number } = {}): Promise<ReportWorkspace> {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  const stage = report.stage as ReportStage;
  let version = report.current_version;
  if (access.side === 'organisation') {
    version = stage === 'factual_accuracy' || stage === 'fa_review' ? (report.approved_version ?? report.current_version) : (report.published_version ?? report.current_version);
  } else if (opts.version && opts.version >= 1 && opts.version <= report.current_version) {
    version = opts.version;
  }
  const assembled = await assembleReport(ctx.db, report, version);
  const flags = await ctx.db.selectFrom('report_personal_data_flags').select(['status']).where('report_id', '=', report.id).execute();
  const due = await ctx.db.selectFrom('fa_recipients').select(['due', 'extended_due']).where('report_id', '=', report.id).orderBy('due').executeTakeFirst();
  const faDue = due ? (due.extended_due ?? due.due) : null;
  const lastReview = access.side === 'regulator' && stage === 'drafting'
    ? await ctx.db.selectFrom('report_reviews as r').innerJoin('users as u', 'u.id', 'r.reviewer_id').select(['r.decision', 'r.comments', 'r.decided_at', 'r.version', 'u.name']).where('r.report_id', '=', report.id).orderBy('r.decided_at', 'desc').executeTakeFirst()
    : undefined;
  const alsoAddressedTo: Record<string, string[]> = {};
  const recIds = assembled.recommendations.map((r) => r.id);
  if (access.side === 'regulator' && recIds.length) {
    const rows = await ctx.db.selectFrom('report_recommendation_addressees as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id').select(['a.recommendation_id', 'o.name']).where('a.recommendation_id', 'in', recIds).orderBy('o.name').execute();
    for (const r of rows) (alsoAddressedTo[r.recommendation_id] ??= []).push(r.name);
  }
  return {
    ...assembled,
    alsoAddressedTo,
    stage,
    stageLabel: REPORT_STAGE_LABELS[stage],
    owner: report.owner_label,
    clock: stageClock(stage, londonDate(report.stage_entered_at), londonDate(ctx.clock.now()), { deadline: stage === 'factual_accuracy' ? faDue : null }),
    version,
    currentVersion: report.current_version,
    flags: access.side === 'regulator' ? { open: flags.filter((f) => f.status === 'open').length, total: flags.length } : { open: 0, total: 0 },
    faDue,
    publishReasonNeeded: publishReasonNeeded(access, londonDate(ctx.clock.now())),
    returned: lastReview && lastReview.decision === 'returned' ? { comments: lastReview.comments ?? '', reviewerName: lastReview.name, decidedAt: lastReview.decided_at, version: lastReview.version } : null,
    you: abilities(access, stage),
  };
}

function publishReasonNeeded(access: ReportAccess, today: string): string | null {
  const i = access.inspection;
  const timing = publicationTiming({ today, fieldworkEnd: i.fieldwork_end, fieldworkEnded: !['planned', 'notified', 'fieldwork'].includes(i.state), reason: null });
  return timing.ok ? null : timing.message;
}
