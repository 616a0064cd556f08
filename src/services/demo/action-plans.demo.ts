/**
 * Demo action plans, once the demo's reports are published (the reports part, issue 7):
 * - the Luton area review (published 2026-10-27): the joint plan of the ICB, the trust and the
 *   council (multi-agency.demo.ts), accepted, part-way, with the ICB's action overdue (due
 *   2026-11-20) and escalated by the follow-up job;
 * - Stopsley Village Practice (published 2026-02-10, after the warning notice of 2025-10-24): the
 *   practice's plan, accepted, with the governance action verified and the rest in progress.
 * Every step runs through the services with the demo users and historical clocks. Idempotent:
 * an inspection that already has a plan is left alone; one not yet published is skipped.
 */
import { addDays } from '../../domain/deadlines/calendar-date.js';
import { fixedClock } from '../../domain/shared/clock.js';
import { type Role } from '../../domain/vocabulary/roles.js';
import { runActionPlanFollowUp } from '../action-plans/action-follow-up.service.js';
import { addAction, changeAction, getActionPlan, reviewPlan, submitPlan } from '../action-plans/action-plan.service.js';
import { systemActor, type ServiceContext, type SignedInUser } from '../context.js';
import { getPublishedReportForInspection } from '../reports/published-report.service.js';
import { loadLutonJointPlan } from './multi-agency.demo.js';

export interface DemoPlanScript {
  label: string;
  inspectionId: string;
  /** Who writes the plan (an admin of the lead organisation) and who reviews it (the lead inspector). */
  writerEmail: string;
  reviewerEmail: string;
  startedAt: string;
  /** Due dates of the actions in order; the first also gets progress. */
  dueDates: string[];
  owners: string[];
  progress: { at: string; note: string };
  /** Verify the last action (complete then verify) at this time, with this evidence. */
  verified?: { at: string; evidence: string };
  /** Run the follow-up job at this time (to send the reminder and escalation of an overdue action). */
  followUpAt?: string;
}

async function userCtx(ctx: ServiceContext, email: string, at: string): Promise<ServiceContext | null> {
  const u = await ctx.db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.organisation_id', 'users.is_org_admin', 'organisations.name as organisation_name'])
    .where('users.email', '=', email)
    .executeTakeFirst();
  if (!u) return null;
  const user: SignedInUser = { id: u.id, email: u.email, name: u.name, role: u.role as Role, organisationId: u.organisation_id, organisationName: u.organisation_name, isOrgAdmin: u.is_org_admin };
  return { ...ctx, actor: { kind: 'user', user }, clock: fixedClock(at) };
}

export async function loadDemoActionPlan(ctx: ServiceContext, s: DemoPlanScript): Promise<string> {
  const report = await getPublishedReportForInspection(ctx.db, s.inspectionId);
  if (!report) return `Action plan for ${s.label}: its report is not published yet`;
  if (await ctx.db.selectFrom('action_plans').select('id').where('inspection_id', '=', s.inspectionId).executeTakeFirst()) return `Action plan for ${s.label}: already there`;
  const writer = await userCtx(ctx, s.writerEmail, s.startedAt);
  if (!writer) return `Action plan for ${s.label}: no account ${s.writerEmail}`;
  // One action per recommendation (a "must" also answers its breach), then any breach left over.
  const groups: string[][] = report.recommendations.map((r) => [`recommendation:${r.id}`, ...(r.reportBreachId ? [`breach:${r.reportBreachId}`] : [])]);
  const answered = new Set(report.recommendations.map((r) => r.reportBreachId).filter(Boolean));
  for (const b of report.breaches) if (!answered.has(b.id)) groups.push([`breach:${b.id}`]);
  const titles = [...report.recommendations.map((r) => r.text), ...report.breaches.filter((b) => !answered.has(b.id)).map((b) => `Put right the breach of Regulation ${b.regulation} (${b.regulationTitle})`)];
  const ids: string[] = [];
  for (let i = 0; i < groups.length; i++) {
    ids.push(
      await addAction(writer, s.inspectionId, {
        title: titles[i] ?? 'Action',
        ownerName: s.owners[i % s.owners.length] ?? 'Lead',
        dueDate: s.dueDates[i] ?? s.dueDates[s.dueDates.length - 1] ?? addDays(s.startedAt.slice(0, 10), 90),
        covers: groups[i] ?? [],
        milestones: '',
      }),
    );
  }
  if (ids.length === 0) return `Action plan for ${s.label}: the report has no recommendations or breaches`;
  await submitPlan(writer, s.inspectionId);
  const reviewer = await userCtx(ctx, s.reviewerEmail, addDays(s.startedAt.slice(0, 10), 4) + 'T10:00:00Z');
  if (reviewer) await reviewPlan(reviewer, s.inspectionId, 'accept', 'Plan accepted. We will follow up each action by its due date.');
  const progress = await userCtx(ctx, s.writerEmail, s.progress.at);
  if (progress) await changeAction(progress, ids[0] as string, 'progress', s.progress.note);
  if (s.verified && ids.length > 1 && reviewer) {
    const done = await userCtx(ctx, s.writerEmail, s.verified.at);
    const last = ids[ids.length - 1] as string;
    if (done) await changeAction(done, last, 'complete', s.verified.evidence);
    const verify = await userCtx(ctx, s.reviewerEmail, addDays(s.verified.at.slice(0, 10), 3) + 'T10:00:00Z');
    if (verify) await changeAction(verify, last, 'verify', '');
  }
  if (s.followUpAt) {
    for (const at of [addDays(s.followUpAt.slice(0, 10), -8), s.followUpAt.slice(0, 10)]) await runActionPlanFollowUp({ ...ctx, actor: systemActor('action_plan_follow_up'), clock: fixedClock(`${at}T07:00:00Z`) });
  }
  const view = await getActionPlan(writer, s.inspectionId);
  return `Action plan for ${s.label}: ${view.actions.length} action${view.actions.length === 1 ? '' : 's'}, ${view.actions.filter((a) => a.status === 'verified').length} verified`;
}

/** The two demo plans, for the inspections the earlier parts made (found by subject and dates). */
export async function loadDemoActionPlans(ctx: ServiceContext): Promise<string[]> {
  const lines: string[] = [];
  const team = async (inspectionId: string) =>
    (await ctx.db.selectFrom('inspection_team').innerJoin('users', 'users.id', 'inspection_team.user_id').select('users.email').where('inspection_team.inspection_id', '=', inspectionId).where('inspection_team.role', '=', 'lead_inspector').executeTakeFirst())?.email;
  const luton = await ctx.db.selectFrom('inspections').select('id').where('kind', '=', 'area_review_safeguarding_lac').where('area_name', '=', 'Luton').where('fieldwork_start', '=', '2026-09-14').executeTakeFirst();
  if (luton) {
    // Issue 15: a joint plan drafted by the ICB, the trust and the council.
    lines.push(await loadLutonJointPlan(ctx, luton.id));
  } else lines.push('Action plan for the Luton area review: no inspection yet');
  const stopsley = await ctx.db
    .selectFrom('inspections')
    .innerJoin('organisations', 'organisations.id', 'inspections.subject_organisation_id')
    .select('inspections.id')
    .where('organisations.ods_code', '=', 'E81006')
    .where('inspections.fieldwork_start', '=', '2025-10-07')
    .executeTakeFirst();
  if (stopsley) {
    lines.push(
      await loadDemoActionPlan(ctx, {
        label: 'Stopsley Village Practice',
        inspectionId: stopsley.id,
        writerEmail: 'sarah.mitchell@nhs.example',
        reviewerEmail: (await team(stopsley.id)) ?? 'daniel.osei@inspectorate.example',
        startedAt: '2026-02-20T10:00:00Z',
        dueDates: ['2026-12-18', '2026-06-30', '2026-04-30'],
        owners: ['Dr Imran Qureshi, GP partner', 'Sarah Mitchell, practice manager'],
        progress: { at: '2026-05-12T16:00:00Z', note: 'Monthly governance meetings running since March; first complaints audit reported to the partners.' },
        verified: { at: '2026-04-28T12:00:00Z', evidence: 'Every request to meet the practice manager since March answered within 10 working days (log and replies).' },
      }),
    );
  } else lines.push('Action plan for Stopsley Village Practice: no inspection yet');
  return lines;
}
