/**
 * What one inspection is waiting for, from whom, since when and by when (domain/inspection/
 * waiting-for.ts), from the record as this person may see it: an organisation sees only its own
 * outstanding evidence and concerns, and the report's stage only once the draft is sent to it.
 */
import { londonDate } from '../../domain/deadlines/london-time.js';
import { inspectionFinished } from '../../domain/inspection/due-soon.js';
import { waitingFor, type WaitingFor } from '../../domain/inspection/waiting-for.js';
import { stageClock, REPORT_STAGE_LABELS, type ReportStage } from '../../domain/reports/report-stages.js';
import type { ServiceContext } from '../context.js';
import { loadInspectionAccess } from '../inspections/inspection-access.js';
import { ORGANISATION_VISIBLE_STAGES } from '../reports/report-common.js';

export async function getWaitingFor(ctx: ServiceContext, inspectionId: string): Promise<WaitingFor | null> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const i = access.inspection;
  if (inspectionFinished(i.state)) return null;
  const orgs = access.side === 'organisation' && !access.isLeadOrganisation ? access.organisationIds : null;
  const none = ['00000000-0000-0000-0000-000000000000'];
  const lead = await ctx.db.selectFrom('inspection_team as t').innerJoin('users as u', 'u.id', 't.user_id').select('u.name').where('t.inspection_id', '=', i.id).where('t.role', '=', 'lead_inspector').executeTakeFirst();
  let evidence = ctx.db.selectFrom('evidence_requests as e').innerJoin('organisations as o', 'o.id', 'e.organisation_id').select(['e.due_date', 'o.name']).where('e.inspection_id', '=', i.id).where('e.status', '=', 'requested');
  if (orgs) evidence = evidence.where('e.organisation_id', 'in', orgs.length ? orgs : none);
  const ev = await evidence.orderBy('e.due_date').execute();
  let concerns = ctx.db.selectFrom('concerns as c').innerJoin('organisations as o', 'o.id', 'c.organisation_id').select(['c.raised_at', 'c.respond_by', 'o.name']).where('c.inspection_id', '=', i.id).where('c.responded_at', 'is', null).where('c.closed_at', 'is', null);
  if (orgs) concerns = concerns.where('c.organisation_id', 'in', orgs.length ? orgs : none);
  const cs = await concerns.orderBy('c.respond_by').execute();
  const report = await ctx.db.selectFrom('inspection_reports').select(['id', 'stage', 'owner_label', 'stage_entered_at']).where('inspection_id', '=', i.id).executeTakeFirst();
  const judgement = await ctx.db.selectFrom('judgements').select('status').where('inspection_id', '=', i.id).executeTakeFirst();
  let reportFacts: { stageLabel: string; ownerLabel: string; since: string; due: string | null } | null = null;
  if (report) {
    const stage = report.stage as ReportStage;
    if (access.side === 'organisation' && !ORGANISATION_VISIBLE_STAGES.includes(stage)) {
      reportFacts = { stageLabel: 'The draft report is being prepared', ownerLabel: 'The inspection team', since: report.stage_entered_at.toISOString(), due: null };
    } else {
      let deadline: string | null = null;
      if (stage === 'factual_accuracy') {
        const fa = await ctx.db.selectFrom('fa_recipients').select(['due', 'extended_due']).where('report_id', '=', report.id).orderBy('due', 'desc').executeTakeFirst();
        deadline = fa ? (fa.extended_due ?? fa.due) : null;
      }
      const clock = stageClock(stage, londonDate(report.stage_entered_at), londonDate(ctx.clock.now()), { deadline });
      reportFacts = { stageLabel: REPORT_STAGE_LABELS[stage], ownerLabel: report.owner_label, since: report.stage_entered_at.toISOString(), due: clock.due };
    }
  } else if (access.side === 'organisation' && ['judgement', 'draft_report'].includes(i.state)) {
    reportFacts = { stageLabel: 'The draft report is being prepared', ownerLabel: 'The inspection team', since: i.fieldwork_end, due: null };
  }
  const unique = (xs: string[]) => [...new Set(xs)];
  return waitingFor({
    state: i.state,
    createdAt: i.created_at.toISOString(),
    teamConfirmed: !!i.team_confirmed_at,
    plannedNotificationDate: i.planned_notification_date,
    notifiedAt: i.notified_at?.toISOString() ?? null,
    fieldworkStart: i.fieldwork_start,
    fieldworkEnd: i.fieldwork_end,
    fieldworkStartedAt: i.fieldwork_started_at?.toISOString() ?? null,
    leadInspectorName: lead?.name ?? null,
    openConcerns: { count: cs.length, earliestRaisedAt: cs.length ? cs.map((c) => c.raised_at.toISOString()).sort()[0]! : null, earliestRespondBy: cs[0]?.respond_by.toISOString() ?? null, organisationNames: unique(cs.map((c) => c.name)) },
    outstandingEvidence: { count: ev.length, earliestDue: ev[0]?.due_date ?? null, organisationNames: unique(ev.map((e) => e.name)) },
    judgementApproved: judgement?.status === 'approved',
    report: reportFacts,
  });
}
