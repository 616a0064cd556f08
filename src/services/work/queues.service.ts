/**
 * Work queues: each person's list of what is waiting for them, where they look first (the
 * "Your work" page, linked from the navigation and the home page).
 *  - Factual accuracy reviewers: checks whose comments wait for decisions (never an inspection
 *    they were on: reviewers are independent of the visit).
 *  - Inspection managers: drafts ready to approve, reports ready to publish (theirs, or every
 *    one whose team has no manager).
 *  - Lead inspectors: drafts returned with the manager's comments, drafts approved and ready to send.
 * Each row says what, since when and by when (the report stage clock).
 */
import { sql } from 'kysely';
import type { Executor } from '../../data/database.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { stageClock, type ReportStage } from '../../domain/reports/report-stages.js';
import { requireUser } from '../authorisation.js';
import type { ServiceContext, SignedInUser } from '../context.js';
import { subjectNames } from '../inspections/inspection-detail.js';
import { TEAM_ROLES } from '../../domain/inspection/inspection-model.js';
import { reportPath } from '../../domain/shared/app-paths.js';

export const QUEUE_KEYS = ['fa_review', 'to_approve', 'to_publish', 'returned', 'to_send'] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];

export const QUEUE_TITLES: Record<QueueKey, string> = {
  fa_review: 'Factual accuracy checks waiting for your decisions',
  to_approve: 'Draft reports ready to approve',
  to_publish: 'Reports ready to publish',
  returned: 'Draft reports returned to you',
  to_send: 'Approved drafts to send for factual accuracy',
};

export interface QueueItem {
  inspectionId: string;
  reference: string;
  subjectName: string;
  /** What is waiting, e.g. "3 comments to decide". */
  what: string;
  since: Date;
  due: string | null;
  overdue: boolean;
  link: string;
  /** The manager's return comments (returned drafts). */
  comments: string | null;
}

export interface Queue {
  key: QueueKey;
  title: string;
  items: QueueItem[];
}

type ReportRowWithInspection = InspectionRow & { report_id: string; stage: string; stage_entered_at: Date };

async function reportsAt(db: Executor, stages: readonly ReportStage[], filter: (q: ReturnType<typeof base>) => ReturnType<typeof base>): Promise<ReportRowWithInspection[]> {
  const rows = await filter(base(db, stages)).orderBy('r.stage_entered_at').execute();
  return rows as ReportRowWithInspection[];
}

function base(db: Executor, stages: readonly ReportStage[]) {
  return db
    .selectFrom('inspection_reports as r')
    .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
    .selectAll('i')
    .select(['r.id as report_id', 'r.stage', 'r.stage_entered_at'])
    .where('r.stage', 'in', [...stages]);
}

async function toItems(db: Executor, ctx: Pick<ServiceContext, 'clock'>, rows: ReportRowWithInspection[], what: (r: ReportRowWithInspection) => string, link: (r: ReportRowWithInspection) => string, comments?: Map<string, string>): Promise<QueueItem[]> {
  const names = await subjectNames(db, rows);
  const today = londonDate(ctx.clock.now());
  return rows.map((r) => {
    const clock = stageClock(r.stage as ReportStage, londonDate(r.stage_entered_at), today);
    return { inspectionId: r.id, reference: r.reference, subjectName: names.get(r.id) ?? '', what: what(r), since: r.stage_entered_at, due: clock.due, overdue: clock.overdue, link: link(r), comments: comments?.get(r.report_id) ?? null };
  });
}

const onTeamAs = (db: Executor, userId: string, roles: string[]) => db.selectFrom('inspection_team').select('inspection_id').where('user_id', '=', userId).where('role', 'in', roles);

async function reviewerQueue(ctx: ServiceContext, user: SignedInUser): Promise<Queue> {
  const rows = await reportsAt(ctx.db, ['fa_review'], (q) => q.where('i.id', 'not in', onTeamAs(ctx.db, user.id, [...TEAM_ROLES])));
  const undecided = new Map(
    rows.length
      ? (
          await ctx.db
            .selectFrom('fa_comments')
            .select(['report_id', sql<number>`count(*)::int`.as('n')])
            .where('report_id', 'in', rows.map((r) => r.report_id))
            .where('status', '=', 'submitted')
            .where('decision', 'is', null)
            .groupBy('report_id')
            .execute()
        ).map((x) => [x.report_id, Number(x.n)])
      : [],
  );
  const items = await toItems(
    ctx.db,
    ctx,
    rows,
    (r) => {
      const n = undecided.get(r.report_id) ?? 0;
      return n ? `${n} comment${n === 1 ? '' : 's'} to decide` : 'Every comment decided: mark the review complete';
    },
    (r) => reportPath(r.id, '/factual-accuracy/review'),
  );
  return { key: 'fa_review', title: QUEUE_TITLES.fa_review, items };
}

/** Inspections this manager answers for: on the team as manager, or with no manager on the team. */
function managedBy(ctx: ServiceContext, user: SignedInUser) {
  return ctx.db
    .selectFrom('inspections as m')
    .select('m.id')
    .where((eb) =>
      eb.or([
        eb('m.id', 'in', onTeamAs(ctx.db, user.id, ['inspection_manager'])),
        eb('m.id', 'not in', ctx.db.selectFrom('inspection_team').select('inspection_id').where('role', '=', 'inspection_manager')),
      ]),
    );
}

async function managerQueues(ctx: ServiceContext, user: SignedInUser): Promise<Queue[]> {
  // Four-eyes: never the lead inspector of the inspection.
  const notLead = onTeamAs(ctx.db, user.id, ['lead_inspector']);
  const approve = await reportsAt(ctx.db, ['awaiting_approval'], (q) => q.where('i.id', 'in', managedBy(ctx, user)).where('i.id', 'not in', notLead));
  const publish = await reportsAt(ctx.db, ['publication_ready'], (q) => q.where('i.id', 'in', managedBy(ctx, user)).where('i.id', 'not in', notLead));
  return [
    { key: 'to_approve', title: QUEUE_TITLES.to_approve, items: await toItems(ctx.db, ctx, approve, () => 'Approve or return the draft', (r) => reportPath(r.id, '/review')) },
    { key: 'to_publish', title: QUEUE_TITLES.to_publish, items: await toItems(ctx.db, ctx, publish, () => 'Publish the report', (r) => reportPath(r.id)) },
  ];
}

async function leadQueues(ctx: ServiceContext, user: SignedInUser): Promise<Queue[]> {
  const mine = onTeamAs(ctx.db, user.id, ['lead_inspector']);
  const drafting = await reportsAt(ctx.db, ['drafting'], (q) => q.where('i.id', 'in', mine));
  const lastReviews = drafting.length
    ? await ctx.db
        .selectFrom('report_reviews')
        .select(['report_id', 'decision', 'comments', 'decided_at'])
        .where('report_id', 'in', drafting.map((r) => r.report_id))
        .orderBy('decided_at', 'desc')
        .execute()
    : [];
  const latest = new Map<string, { decision: string; comments: string | null }>();
  for (const r of lastReviews) if (!latest.has(r.report_id)) latest.set(r.report_id, r);
  const returned = drafting.filter((r) => latest.get(r.report_id)?.decision === 'returned');
  const comments = new Map(returned.map((r) => [r.report_id, latest.get(r.report_id)?.comments ?? '']));
  const toSend = await reportsAt(ctx.db, ['approved'], (q) => q.where('i.id', 'in', mine));
  return [
    { key: 'returned', title: QUEUE_TITLES.returned, items: await toItems(ctx.db, ctx, returned, () => 'Rework the draft and send it for approval again', (r) => reportPath(r.id), comments) },
    { key: 'to_send', title: QUEUE_TITLES.to_send, items: await toItems(ctx.db, ctx, toSend, () => 'Send the draft to the organisations for factual accuracy', (r) => reportPath(r.id)) },
  ];
}

/** The queues for the signed-in person's role (an empty list for roles without one). */
export async function listMyQueues(ctx: ServiceContext): Promise<Queue[]> {
  const user = requireUser(ctx);
  const queues: Queue[] = [];
  if (user.role === 'factual_accuracy_reviewer') queues.push(await reviewerQueue(ctx, user));
  if (user.role === 'inspection_manager') queues.push(...(await managerQueues(ctx, user)));
  if (user.role === 'inspector' || user.role === 'inspection_manager') queues.push(...(await leadQueues(ctx, user)));
  return queues;
}
