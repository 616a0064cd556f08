/**
 * Action plans after a published report (issue 8). The organisation writes the plan: actions
 * with an owner, due date and milestones, each covering recommendations and breaches of the
 * report; it records progress and completion with evidence. The regulator accepts (or returns)
 * the plan and verifies or reopens each action with a reason. One transaction per use case.
 */
import { regulationReference } from '../../domain/shared/plain-words.js';
import type { Config } from '../../config.js';
import { configuredDeadlineLength } from '../deadline-settings.js';
import type { Trx } from '../../data/database.js';
import type { ActionPlanStatus } from '../../data/tables/after-report.tables.js';
import { actionTransition, coverage, type ActionEvent, type ActionStatus, type PlanItem } from '../../domain/action-plans/action-plan.js';
import { computeDeadline } from '../../domain/deadlines/index.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { loadInspectionAccess, type InspectionAccess } from '../inspections/inspection-access.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { getPublishedReportForInspection, type PublishedReport } from '../reports/published-report.service.js';
import { isRealDate } from '../../domain/shared/dates.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PlanAccess {
  access: InspectionAccess;
  report: PublishedReport;
  side: 'organisation' | 'regulator';
  canEdit: boolean;
  canReview: boolean;
}

async function loadPlanAccess(ctx: ServiceContext, inspectionId: string): Promise<PlanAccess> {
  if (!UUID.test(inspectionId)) throw new NotFoundError('No inspection found');
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const report = await getPublishedReportForInspection(ctx.db, inspectionId);
  if (!report) throw new NotFoundError('There is no published report for this inspection, so there is no action plan yet');
  if (access.side === 'organisation') {
    const addressed = report.recommendations.some((r) => r.organisationId && access.organisationIds.includes(r.organisationId));
    if (!access.isLeadOrganisation && !addressed) throw new NotFoundError('No inspection found');
    return { access, report, side: 'organisation', canEdit: access.isLeadOrganisation, canReview: false };
  }
  const canReview = access.isManager || access.teamRole === 'lead_inspector' || access.teamRole === 'inspection_manager';
  return { access, report, side: 'regulator', canEdit: false, canReview };
}

export function planItems(report: PublishedReport): PlanItem[] {
  return [
    ...report.recommendations.map((r) => ({ kind: 'recommendation' as const, id: r.id, label: `${r.strength === 'must' ? 'Must' : 'Should'}: ${r.text}${r.organisationName ? ` (${r.organisationName})` : ''}` })),
    ...report.breaches.map((b) => ({ kind: 'breach' as const, id: b.id, label: `Breach of ${regulationReference(b.regulation, b.paragraph)} (${b.regulationTitle}): ${b.description}` })),
  ];
}

/** The date the plan is due: the rules engine's action-plan deadline from the publication date. */
export function planDeadline(report: PublishedReport, config: Pick<Config, 'actionPlanDays' | 'requirementNoticeActionPlanDays'>): { due: string; explanation: string[] } {
  const from = report.report.publication_date ?? report.report.published_at?.toISOString().slice(0, 10) ?? '';
  const d = computeDeadline('report-action-plan', from, undefined, configuredDeadlineLength(config, 'report-action-plan'));
  if (!d.ok) return { due: from, explanation: [d.error] };
  return { due: d.value.due, explanation: [...d.value.explanation, `The ${d.value.rule.title.toLowerCase()} deadline is labelled ${d.value.rule.label} in the rules engine.`] };
}

export interface ActionView {
  id: string;
  position: number;
  title: string;
  ownerName: string;
  dueDate: string;
  status: ActionStatus;
  completionEvidence: string | null;
  reopenReason: string | null;
  items: { kind: 'recommendation' | 'breach'; id: string }[];
  milestones: { id: string; title: string; dueDate: string; done: boolean }[];
  updates: { at: Date; kind: string; note: string; by: string | null }[];
}

export interface ActionPlanView {
  inspection: { id: string; reference: string; subjectName: string };
  publishedOn: string | null;
  plan: { id: string; status: ActionPlanStatus; reviewNote: string | null; submittedAt: Date | null; reviewedAt: Date | null } | null;
  due: { due: string; explanation: string[] };
  items: PlanItem[];
  uncovered: PlanItem[];
  actions: ActionView[];
  you: { side: 'organisation' | 'regulator'; canEdit: boolean; canReview: boolean };
}

export async function getActionPlan(ctx: ServiceContext, inspectionId: string): Promise<ActionPlanView> {
  const a = await loadPlanAccess(ctx, inspectionId);
  const plan = await ctx.db.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).executeTakeFirst();
  const actions = plan ? await ctx.db.selectFrom('action_plan_actions').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute() : [];
  const ids = actions.map((x) => x.id);
  const [items, milestones, updates] = ids.length
    ? await Promise.all([
        ctx.db.selectFrom('action_plan_action_items').selectAll().where('action_id', 'in', ids).execute(),
        ctx.db.selectFrom('action_plan_milestones').selectAll().where('action_id', 'in', ids).orderBy('due_date').execute(),
        ctx.db.selectFrom('action_plan_updates as u').leftJoin('users', 'users.id', 'u.user_id').selectAll('u').select('users.name as user_name').where('u.action_id', 'in', ids).orderBy('u.at').orderBy('u.id').execute(),
      ])
    : [[], [], []];
  const views: ActionView[] = actions.map((x) => ({
    id: x.id,
    position: x.position,
    title: x.title,
    ownerName: x.owner_name,
    dueDate: x.due_date,
    status: x.status,
    completionEvidence: x.completion_evidence,
    reopenReason: x.reopen_reason,
    items: items.filter((i) => i.action_id === x.id).map((i) => ({ kind: i.item_kind, id: i.item_id })),
    milestones: milestones.filter((m) => m.action_id === x.id).map((m) => ({ id: m.id, title: m.title, dueDate: m.due_date, done: m.done_at !== null })),
    updates: updates.filter((u) => u.action_id === x.id).map((u) => ({ at: u.at, kind: u.kind, note: u.note, by: u.user_name })),
  }));
  const all = planItems(a.report);
  const cov = coverage(all, views);
  return {
    inspection: { id: a.report.inspection.id, reference: a.report.inspection.reference, subjectName: a.report.inspection.subjectName },
    publishedOn: a.report.report.publication_date,
    plan: plan ? { id: plan.id, status: plan.status, reviewNote: plan.review_note, submittedAt: plan.submitted_at, reviewedAt: plan.reviewed_at } : null,
    due: plan ? { due: plan.due_date, explanation: plan.due_explanation } : planDeadline(a.report, ctx.config),
    items: all,
    uncovered: cov.uncovered,
    actions: views,
    you: { side: a.side, canEdit: a.canEdit && (!plan || plan.status === 'draft' || plan.status === 'returned'), canReview: a.canReview },
  };
}

export interface NewAction {
  title: string;
  ownerName: string;
  dueDate: string;
  /** "recommendation:<uuid>" or "breach:<uuid>" */
  covers: string[];
  /** One milestone a line: "YYYY-MM-DD title". */
  milestones: string;
}

export async function addAction(ctx: ServiceContext, inspectionId: string, input: NewAction): Promise<string> {
  const a = await loadPlanAccess(ctx, inspectionId);
  if (!a.canEdit) throw new ForbiddenError(a.side === 'regulator' ? 'The organisation writes its action plan: the regulator reviews it' : 'Only the organisation the report is about can change its action plan');
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ field: 'title', message: 'Enter the action' });
  const ownerName = input.ownerName.trim();
  if (!ownerName) errors.push({ field: 'ownerName', message: 'Enter who owns the action' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate) || Number.isNaN(Date.parse(input.dueDate))) errors.push({ field: 'dueDate', message: 'Due date must be a real date' });
  const valid = new Set(planItems(a.report).map((i) => `${i.kind}:${i.id}`));
  const covers = [...new Set(input.covers.filter(Boolean))];
  if (covers.length === 0) errors.push({ field: 'covers', message: 'Select the recommendations or breaches this action answers' });
  if (covers.some((c) => !valid.has(c))) errors.push({ field: 'covers', message: 'Select recommendations and breaches from this report' });
  const milestones: { title: string; dueDate: string }[] = [];
  for (const line of input.milestones.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const m = parseMilestoneLine(line);
    if (!m) {
      errors.push({ field: 'milestones', message: `Write each milestone as a date and what will be done, like "30 10 2026 Audit of complaints": "${line.slice(0, 60)}" is not` });
      break;
    }
    milestones.push({ dueDate: m.dueDate, title: m.title.slice(0, 500) });
  }
  if (errors.length) throw new ValidationError(errors);
  const user = a.access.user;
  return inTransaction(ctx, async (trx) => {
    let plan = await trx.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirst();
    if (!plan) {
      const due = planDeadline(a.report, ctx.config);
      plan = await trx.insertInto('action_plans').values({ inspection_id: inspectionId, report_id: a.report.report.id, due_date: due.due, due_explanation: due.explanation, created_by: user.id }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { action: 'ACTION_PLAN_STARTED', subjectType: 'action_plan', subjectId: plan.id, after: { inspection_id: inspectionId, due_date: plan.due_date } });
    }
    if (plan.status === 'submitted' || plan.status === 'accepted') throw new ConflictError('The plan has been sent to the regulator: it can be changed again only if it is returned');
    const position = (await trx.selectFrom('action_plan_actions').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow()).n;
    const action = await trx.insertInto('action_plan_actions').values({ plan_id: plan.id, position: Number(position) + 1, title, owner_name: ownerName, due_date: input.dueDate }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('action_plan_action_items').values(covers.map((c) => ({ action_id: action.id, item_kind: c.split(':')[0] as 'recommendation' | 'breach', item_id: c.split(':')[1] as string }))).execute();
    if (milestones.length) await trx.insertInto('action_plan_milestones').values(milestones.map((m) => ({ action_id: action.id, title: m.title, due_date: m.dueDate }))).execute();
    await recordAudit(trx, ctx, { action: 'ACTION_PLAN_ACTION_ADDED', subjectType: 'action_plan_action', subjectId: action.id, after: { plan_id: plan.id, title, owner_name: ownerName, due_date: input.dueDate, covers, milestones } });
    return action.id;
  });
}

async function teamToTell(trx: Trx, inspectionId: string): Promise<{ id: string; email: string }[]> {
  return trx
    .selectFrom('inspection_team')
    .innerJoin('users', 'users.id', 'inspection_team.user_id')
    .select(['users.id', 'users.email'])
    .where('inspection_team.inspection_id', '=', inspectionId)
    .where('inspection_team.role', 'in', ['lead_inspector', 'inspection_manager'])
    .where('users.status', '=', 'active')
    .execute();
}

/** The lead organisation's people: the subject (and its provider) or the lead commissioner. */
export async function organisationPeople(trx: Trx, inspectionId: string, adminsOnly = false): Promise<{ id: string; email: string }[]> {
  const i = await trx.selectFrom('inspections').select(['subject_organisation_id', 'lead_commissioner_id']).where('id', '=', inspectionId).executeTakeFirstOrThrow();
  const ids = [i.subject_organisation_id, i.lead_commissioner_id].filter((x): x is string => !!x);
  const parents = ids.length ? await trx.selectFrom('organisations').select('parent_id').where('id', 'in', ids).execute() : [];
  const all = [...ids, ...parents.map((p) => p.parent_id).filter((x): x is string => !!x)];
  if (!all.length) return [];
  let q = trx.selectFrom('users').select(['id', 'email']).where('organisation_id', 'in', all).where('status', '=', 'active');
  if (adminsOnly) q = q.where('is_org_admin', '=', true);
  return q.execute();
}

export async function submitPlan(ctx: ServiceContext, inspectionId: string): Promise<void> {
  const view = await getActionPlan(ctx, inspectionId);
  if (!view.you.canEdit || !view.plan) throw new ForbiddenError('Only the organisation can send its action plan, once it has at least one action');
  if (view.uncovered.length) throw new ValidationError([{ field: 'covers', message: `The plan does not yet cover: ${view.uncovered.map((u) => u.label).join('; ')}` }]);
  const plan = view.plan;
  await inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const user = ctx.actor.kind === 'user' ? ctx.actor.user : null;
    await trx.updateTable('action_plans').set({ status: 'submitted', submitted_at: now, submitted_by: user?.id ?? null, updated_at: now }).where('id', '=', plan.id).execute();
    await recordAudit(trx, ctx, { action: 'ACTION_PLAN_SUBMITTED', subjectType: 'action_plan', subjectId: plan.id, before: { status: plan.status }, after: { status: 'submitted', actions: view.actions.length } });
    for (const m of await teamToTell(trx, inspectionId)) {
      await notify(trx, { userId: m.id, title: `Action plan sent for ${view.inspection.reference}`, body: `${view.inspection.subjectName} has sent its action plan (${view.actions.length} actions) for review.`, link: `/inspections/${inspectionId}/action-plan` });
      await queueEmail(trx, ctx, { to: m.email, subject: `Action plan sent for ${view.inspection.reference}`, text: `${view.inspection.subjectName} has sent its action plan for review: ${ctx.config.baseUrl}/inspections/${inspectionId}/action-plan` });
    }
  });
}

export async function reviewPlan(ctx: ServiceContext, inspectionId: string, decision: string, note: string): Promise<void> {
  const view = await getActionPlan(ctx, inspectionId);
  if (!view.you.canReview) throw new ForbiddenError('Only the lead inspector or an inspection manager can review the action plan');
  if (!view.plan || view.plan.status !== 'submitted') throw new ConflictError('There is no action plan waiting for review');
  if (decision !== 'accept' && decision !== 'return') throw new ValidationError([{ field: 'decision', message: 'Select whether you accept the plan or return it' }]);
  if (decision === 'return' && !note.trim()) throw new ValidationError([{ field: 'note', message: 'Enter what the organisation must change' }]);
  const plan = view.plan;
  await inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const status = decision === 'accept' ? 'accepted' : 'returned';
    await trx.updateTable('action_plans').set({ status, reviewed_at: now, reviewed_by: ctx.actor.kind === 'user' ? ctx.actor.user.id : null, review_note: note.trim() || null, updated_at: now }).where('id', '=', plan.id).execute();
    await recordAudit(trx, ctx, { action: decision === 'accept' ? 'ACTION_PLAN_ACCEPTED' : 'ACTION_PLAN_RETURNED', subjectType: 'action_plan', subjectId: plan.id, before: { status: plan.status }, after: { status, note: note.trim() || null } });
    for (const p of await organisationPeople(trx, inspectionId))
      await notify(trx, { userId: p.id, title: `Action plan ${status} for ${view.inspection.reference}`, body: note.trim() || `The regulator has ${status} your action plan.`, link: `/inspections/${inspectionId}/action-plan` });
  });
}

export async function changeAction(ctx: ServiceContext, actionId: string, event: string, text: string): Promise<string> {
  if (!UUID.test(actionId)) throw new NotFoundError();
  const row = await ctx.db.selectFrom('action_plan_actions as a').innerJoin('action_plans as p', 'p.id', 'a.plan_id').select(['a.id', 'p.inspection_id', 'p.status as plan_status']).where('a.id', '=', actionId).executeTakeFirst();
  if (!row) throw new NotFoundError();
  const a = await loadPlanAccess(ctx, row.inspection_id);
  if (!['progress', 'complete', 'verify', 'reopen'].includes(event)) throw new NotFoundError();
  if (a.side === 'organisation' && !a.access.isLeadOrganisation) throw new ForbiddenError('Only the organisation the report is about can update its actions');
  if (a.side === 'regulator' && !a.canReview) throw new ForbiddenError('Only the lead inspector or an inspection manager can verify or reopen actions');
  await inTransaction(ctx, async (trx) => {
    const before = await trx.selectFrom('action_plan_actions').selectAll().where('id', '=', actionId).forUpdate().executeTakeFirstOrThrow();
    const t = actionTransition(before.status, event as ActionEvent, a.side, text);
    if (!t.ok) {
      if (t.error.code === 'missing') throw new ValidationError([{ field: `${event}-${actionId}`, message: t.error.message }]);
      if (t.error.code === 'not_permitted') throw new ForbiddenError(t.error.message);
      throw new ConflictError(t.error.message, 'illegal_transition');
    }
    const now = ctx.clock.now();
    const userId = a.access.user.id;
    await trx
      .updateTable('action_plan_actions')
      .set({
        status: t.value.to,
        updated_at: now,
        ...(event === 'complete' ? { completion_evidence: text.trim(), completed_at: now } : {}),
        ...(event === 'verify' ? { verified_at: now, verified_by: userId } : {}),
        ...(event === 'reopen' ? { reopen_reason: text.trim(), verified_at: null, verified_by: null } : {}),
      })
      .where('id', '=', actionId)
      .execute();
    const kind = event === 'progress' ? 'progress' : event === 'complete' ? 'completed' : event === 'verify' ? 'verified' : 'reopened';
    await trx.insertInto('action_plan_updates').values({ action_id: actionId, at: now, user_id: userId, kind, note: text.trim() || 'Verified as complete' }).execute();
    await recordAudit(trx, ctx, { action: `ACTION_PLAN_ACTION_${kind.toUpperCase()}`, subjectType: 'action_plan_action', subjectId: actionId, before: { status: before.status }, after: { status: t.value.to, note: text.trim() || null } });
    const tell = a.side === 'organisation' ? await teamToTell(trx, row.inspection_id) : await organisationPeople(trx, row.inspection_id);
    for (const p of tell) await notify(trx, { userId: p.id, title: `Action ${kind}: ${before.title}`.slice(0, 200), body: text.trim() || 'The regulator verified this action as complete.', link: `/inspections/${row.inspection_id}/action-plan` });
  });
  return row.inspection_id;
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * One milestone line: a date, then what will be done. People write the date as day, month and
 * year ("30 10 2026", "30/10/2026", "30 October 2026"); the API sends YYYY-MM-DD.
 */
export function parseMilestoneLine(line: string): { dueDate: string; title: string } | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})\s+(.+)$/.exec(line);
  const dmy = /^(\d{1,2})[\s/.-]+(\d{1,2}|[A-Za-z]+)[\s/.-]+(\d{4})[\s:,-]+(.+)$/.exec(line);
  let y: number, mo: number, d: number, title: string;
  if (iso) [y, mo, d, title] = [Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4] as string];
  else if (dmy) {
    const monthText = (dmy[2] as string).toLowerCase();
    mo = /^\d+$/.test(monthText) ? Number(monthText) : MONTH_NAMES.findIndex((name) => monthText.length >= 3 && name.startsWith(monthText)) + 1;
    [y, d, title] = [Number(dmy[3]), Number(dmy[1]), dmy[4] as string];
  } else return null;
  if (!isRealDate(y, mo, d) || !title.trim()) return null;
  return { dueDate: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, title: title.trim() };
}
