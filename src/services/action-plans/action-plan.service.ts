/**
 * Action plans after a published report (issue 8). The organisation writes the plan: actions
 * with an owner, due date and milestones, each covering recommendations and breaches of the
 * report; it records progress and completion with evidence. The regulator accepts (or returns)
 * the plan and verifies or reopens each action with a reason. One transaction per use case.
 *
 * Issue 15, a joint plan: each recommendation is addressed to one or more organisations taking part;
 * each action is owned by one organisation and a named person in it; each organisation drafts and
 * updates its own actions and sees the recommendations addressed to it; the lead organisation sees
 * all and submits the plan. Edits and withdrawals are kept in the action's history
 * (joint-actions.service.ts), and an accepted plan changes only through a recorded revision.
 */
import { countOf } from '../../domain/shared/plain-words.js';
import { regulationReference } from '../../domain/shared/plain-words.js';
import type { Config } from '../../config.js';
import { configuredDeadlineLength } from '../deadline-settings.js';
import type { Executor, Trx } from '../../data/database.js';
import { actionDueAgainstNotice } from '../../domain/enforcement/compliance.js';
import type { ActionPlanStatus } from '../../data/tables/after-report.tables.js';
import { actionTransition, coverage, dueDateRefusal, planChangeRefusal, type ActionEvent, type ActionStatus, type PlanItem } from '../../domain/action-plans/action-plan.js';
import { involvedOrganisationIds, organisationFamily } from '../../data/repositories/inspection.repository.js';
import type { InspectionRow } from '../../data/tables/inspections.tables.js';
import { mayOnInspection } from '../access.js';
import { computeDeadline } from '../../domain/deadlines/index.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { loadInspectionAccess, type InspectionAccess } from '../inspections/inspection-access.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { getPublishedReportForInspection, type PublishedReport } from '../reports/published-report.service.js';
import { isRealDate } from '../../domain/shared/dates.js';
import { actionPlanPath } from '../../domain/shared/app-paths.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PlanAccess {
  access: InspectionAccess;
  report: PublishedReport;
  side: 'organisation' | 'regulator';
  /** Organisation side: the lead organisation (sees every action, submits the plan). */
  isLead: boolean;
  /** Organisation side: may draft and change its own actions. */
  canEdit: boolean;
  canSubmit: boolean;
  canReview: boolean;
  /** Every recommendation's addressees (organisation ids). */
  addressees: Map<string, string[]>;
}

/** Recommendation id to the organisations it is addressed to: its first organisation and any added (issue 15). */
export async function recommendationAddressees(db: Executor, report: PublishedReport): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(report.recommendations.map((r) => [r.id, r.organisationId ? [r.organisationId] : []]));
  const ids = report.recommendations.map((r) => r.id);
  if (!ids.length) return out;
  const more = await db.selectFrom('report_recommendation_addressees').select(['recommendation_id', 'organisation_id']).where('recommendation_id', 'in', ids).execute();
  for (const m of more) {
    const list = out.get(m.recommendation_id) ?? [];
    if (!list.includes(m.organisation_id)) list.push(m.organisation_id);
    out.set(m.recommendation_id, list);
  }
  return out;
}

/** Is the recommendation addressed to one of these organisations (a provider's locations count as the provider)? */
export function addressedTo(addressees: Map<string, string[]>, recommendationId: string, organisationIds: readonly string[]): boolean {
  return (addressees.get(recommendationId) ?? []).some((id) => organisationIds.includes(id));
}

export async function loadPlanAccess(ctx: ServiceContext, inspectionId: string): Promise<PlanAccess> {
  if (!UUID.test(inspectionId)) throw new NotFoundError('No inspection found');
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const report = await getPublishedReportForInspection(ctx.db, inspectionId);
  if (!report) throw new NotFoundError('There is no published report for this inspection, so there is no action plan yet');
  const addressees = await recommendationAddressees(ctx.db, report);
  if (access.side === 'organisation') {
    const addressed = report.recommendations.some((r) => addressedTo(addressees, r.id, access.organisationIds));
    const owns = access.organisationIds.length
      ? await ctx.db.selectFrom('action_plan_actions as a').innerJoin('action_plans as p', 'p.id', 'a.plan_id').select('a.id').where('p.inspection_id', '=', inspectionId).where('a.owner_organisation_id', 'in', access.organisationIds).executeTakeFirst()
      : undefined;
    if (!access.isLeadOrganisation && !addressed && !owns) throw new NotFoundError('No inspection found');
    return { access, report, side: 'organisation', isLead: access.isLeadOrganisation, canEdit: mayOnInspection(access, 'action_plan.respond'), canSubmit: mayOnInspection(access, 'action_plan.submit'), canReview: false, addressees };
  }
  const canReview = access.isManager || access.teamRole === 'lead_inspector' || access.teamRole === 'inspection_manager';
  return { access, report, side: 'regulator', isLead: false, canEdit: false, canSubmit: false, canReview, addressees };
}

/** The organisation an action belongs to: its owner, or (an action from before joint plans) the lead organisation. */
export function ownerOf(inspection: { subject_organisation_id: string | null; lead_commissioner_id: string | null }, action: { owner_organisation_id: string | null }): string | null {
  return action.owner_organisation_id ?? inspection.subject_organisation_id ?? inspection.lead_commissioner_id;
}

/** May this person change (edit, withdraw, record progress on) this action? Its owner organisation, or the lead. */
export function actsForAction(a: PlanAccess, ownerOrganisationId: string | null): boolean {
  if (a.side !== 'organisation' || !a.canEdit) return false;
  return a.isLead || (!!ownerOrganisationId && a.access.organisationIds.includes(ownerOrganisationId));
}

export function planItems(report: PublishedReport): PlanItem[] {
  return [
    ...report.recommendations.map((r) => ({ kind: 'recommendation' as const, id: r.id, label: `${r.strength === 'must' ? 'Must' : 'Should'}: ${r.text}${r.organisationName ? ` (${r.organisationName})` : ''}` })),
    ...report.breaches.map((b) => ({ kind: 'breach' as const, id: b.id, label: `Breach of ${regulationReference(b.regulation, b.paragraph)} (${b.regulationTitle}): ${b.description}` })),
  ];
}

/**
 * Issue 16: the date to comply by of each plan item answering a breach under a notice (the breach
 * itself, and recommendations that answer it), from the enforcement actions the report names.
 */
export async function complyByForItems(db: Executor, report: PublishedReport): Promise<Map<string, { date: string; kindName: string }>> {
  const actionIds = report.breaches.flatMap((b) => b.enforcement.map((e) => e.actionId));
  const out = new Map<string, { date: string; kindName: string }>();
  if (!actionIds.length) return out;
  const rows = await db.selectFrom('enforcement_actions').select(['id', 'compliance_date']).where('id', 'in', actionIds).where('compliance_date', 'is not', null).where('state', '<>', 'withdrawn').execute();
  const byAction = new Map(rows.map((r) => [r.id, r.compliance_date as string]));
  for (const b of report.breaches) {
    const dated = b.enforcement.filter((e) => byAction.has(e.actionId)).map((e) => ({ date: byAction.get(e.actionId)!, kindName: e.kindName })).sort((x, y) => x.date.localeCompare(y.date))[0];
    if (!dated) continue;
    out.set(`breach:${b.id}`, dated);
    for (const r of report.recommendations.filter((x) => x.reportBreachId === b.id)) out.set(`recommendation:${r.id}`, dated);
  }
  return out;
}

/** The earliest date to comply by among the items an action covers, if any. */
function earliestComplyBy(complyBy: Map<string, { date: string; kindName: string }>, covers: readonly string[]): { date: string; kindName: string } | null {
  return covers.map((c) => complyBy.get(c)).filter((x): x is { date: string; kindName: string } => !!x).sort((a, b) => a.date.localeCompare(b.date))[0] ?? null;
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
  /** Issue 15: the owning organisation and, when chosen from its users, the person's account. */
  ownerOrganisation: { id: string; name: string } | null;
  ownerUserId: string | null;
  dueDate: string;
  status: ActionStatus;
  completionEvidence: string | null;
  reopenReason: string | null;
  withdrawnReason: string | null;
  items: { kind: 'recommendation' | 'breach'; id: string }[];
  milestones: { id: string; title: string; dueDate: string; done: boolean }[];
  /** Issue 16: set when the action answers a breach under a notice but is due after its date to comply by. */
  complyByWarning: string | null;
  updates: { at: Date; kind: string; note: string; by: string | null }[];
  /** May the person looking change this action (its owner organisation, or the lead, while the plan is open)? */
  yours: boolean;
}

export interface ActionPlanView {
  inspection: { id: string; reference: string; subjectName: string };
  publishedOn: string | null;
  plan: { id: string; status: ActionPlanStatus; reviewNote: string | null; submittedAt: Date | null; reviewedAt: Date | null } | null;
  due: { due: string; explanation: string[] };
  items: PlanItem[];
  uncovered: PlanItem[];
  actions: ActionView[];
  /** Revisions of the accepted plan, newest last. */
  revisions: { number: number; reason: string; openedAt: Date; by: string | null }[];
  /** Each recommendation's addressees, by name. */
  addresseeNames: Map<string, string[]>;
  you: { side: 'organisation' | 'regulator'; isLead: boolean; canEdit: boolean; canSubmit: boolean; canRevise: boolean; canReview: boolean; organisationIds: string[] };
}

export async function getActionPlan(ctx: ServiceContext, inspectionId: string): Promise<ActionPlanView> {
  const a = await loadPlanAccess(ctx, inspectionId);
  return planView(ctx, a);
}

export async function planView(ctx: ServiceContext, a: PlanAccess): Promise<ActionPlanView> {
  const inspectionId = a.access.inspection.id;
  const plan = await ctx.db.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).executeTakeFirst();
  const allActions = plan ? await ctx.db.selectFrom('action_plan_actions').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute() : [];
  // A participant other than the lead sees the actions it owns; the lead and the regulator see all.
  const actions = a.side === 'organisation' && !a.isLead ? allActions.filter((x) => { const o = ownerOf(a.access.inspection, x); return !!o && a.access.organisationIds.includes(o); }) : allActions;
  const ids = actions.map((x) => x.id);
  const [items, milestones, updates] = ids.length
    ? await Promise.all([
        ctx.db.selectFrom('action_plan_action_items').selectAll().where('action_id', 'in', ids).execute(),
        ctx.db.selectFrom('action_plan_milestones').selectAll().where('action_id', 'in', ids).orderBy('due_date').execute(),
        ctx.db.selectFrom('action_plan_updates as u').leftJoin('users', 'users.id', 'u.user_id').selectAll('u').select('users.name as user_name').where('u.action_id', 'in', ids).orderBy('u.at').orderBy('u.id').execute(),
      ])
    : [[], [], []];
  const orgIds = [...new Set([...actions.map((x) => ownerOf(a.access.inspection, x)), ...[...a.addressees.values()].flat()].filter((x): x is string => !!x))];
  const orgNames = new Map(orgIds.length ? (await ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [o.id, o.name]) : []);
  const complyBy = await complyByForItems(ctx.db, a.report);
  const open = planChangeRefusal(plan?.status ?? null) === null;
  const views: ActionView[] = actions.map((x) => {
    const owner = ownerOf(a.access.inspection, x);
    return {
      id: x.id,
      position: x.position,
      title: x.title,
      ownerName: x.owner_name,
      ownerOrganisation: owner ? { id: owner, name: orgNames.get(owner) ?? '' } : null,
      ownerUserId: x.owner_user_id,
      dueDate: x.due_date,
      status: x.status,
      completionEvidence: x.completion_evidence,
      reopenReason: x.reopen_reason,
      withdrawnReason: x.withdrawn_reason,
      items: items.filter((i) => i.action_id === x.id).map((i) => ({ kind: i.item_kind, id: i.item_id })),
      milestones: milestones.filter((m) => m.action_id === x.id).map((m) => ({ id: m.id, title: m.title, dueDate: m.due_date, done: m.done_at !== null })),
      updates: updates.filter((u) => u.action_id === x.id).map((u) => ({ at: u.at, kind: u.kind, note: u.note, by: u.user_name })),
      complyByWarning: (() => {
        const c = earliestComplyBy(
          complyBy,
          items.filter((i) => i.action_id === x.id).map((i) => `${i.item_kind}:${i.item_id}`),
        );
        return c ? actionDueAgainstNotice(c.date, c.kindName, x.due_date).warning : null;
      })(),
      yours: open && x.status !== 'withdrawn' && actsForAction(a, owner),
    };
  });
  // Everyone but the lead sees the recommendations addressed to them (and nothing of the rest).
  const all = planItems(a.report).filter((i) => a.side === 'regulator' || a.isLead || (i.kind === 'recommendation' && addressedTo(a.addressees, i.id, a.access.organisationIds)));
  const cov = coverage(all, views.filter((v) => v.status !== 'withdrawn'));
  const revisions = plan
    ? await ctx.db.selectFrom('action_plan_revisions as r').leftJoin('users as u', 'u.id', 'r.opened_by').select(['r.number', 'r.reason', 'r.opened_at', 'u.name']).where('r.plan_id', '=', plan.id).orderBy('r.number').execute()
    : [];
  return {
    inspection: { id: a.report.inspection.id, reference: a.report.inspection.reference, subjectName: a.report.inspection.subjectName },
    publishedOn: a.report.report.publication_date,
    plan: plan ? { id: plan.id, status: plan.status, reviewNote: plan.review_note, submittedAt: plan.submitted_at, reviewedAt: plan.reviewed_at } : null,
    due: plan ? { due: plan.due_date, explanation: plan.due_explanation } : planDeadline(a.report, ctx.config),
    items: all,
    uncovered: cov.uncovered,
    actions: views,
    revisions: revisions.map((r) => ({ number: r.number, reason: r.reason, openedAt: r.opened_at, by: r.name })),
    addresseeNames: new Map([...a.addressees].map(([id, orgs]) => [id, orgs.map((o) => orgNames.get(o) ?? '').filter(Boolean)])),
    you: {
      side: a.side,
      isLead: a.isLead,
      canEdit: a.canEdit && open,
      canSubmit: a.canSubmit && open,
      canRevise: a.canSubmit && plan?.status === 'accepted',
      canReview: a.canReview,
      organisationIds: a.access.organisationIds,
    },
  };
}

export interface NewAction {
  title: string;
  /** The named person when they have no account (or, through the API, always). */
  ownerName: string;
  /** Issue 15: the organisation owning the action (default: the signed-in person's) and the person chosen from its users. */
  ownerOrganisationId?: string | null;
  ownerUserId?: string | null;
  dueDate: string;
  /** "recommendation:<uuid>" or "breach:<uuid>" */
  covers: string[];
  /** One milestone a line: "YYYY-MM-DD title". */
  milestones: string;
}

export interface CheckedAction {
  title: string;
  ownerOrganisationId: string;
  ownerUserId: string | null;
  ownerName: string;
  dueDate: string;
  covers: string[];
  milestones: { title: string; dueDate: string }[];
}

/** The organisations that may own actions: every organisation taking part (a location counts as its provider too). */
export async function possibleOwners(db: Executor, inspection: InspectionRow): Promise<{ id: string; name: string; isLead: boolean }[]> {
  const involved = await involvedOrganisationIds(db, inspection);
  if (!involved.length) return [];
  const rows = await db.selectFrom('organisations').select(['id', 'name', 'parent_id', 'kind']).where('id', 'in', involved).execute();
  const ids = new Set<string>();
  for (const r of rows) ids.add(r.kind === 'location' && r.parent_id ? r.parent_id : r.id);
  const orgs = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...ids]).orderBy('name').execute();
  const leads = await leadOrganisationIds(db, inspection);
  const withLocations = await db.selectFrom('organisations').select(['id', 'parent_id']).where('parent_id', 'in', [...ids]).execute();
  return orgs.map((o) => ({ id: o.id, name: o.name, isLead: leads.includes(o.id) || withLocations.some((l) => l.parent_id === o.id && leads.includes(l.id)) }));
}

async function leadOrganisationIds(db: Executor, inspection: InspectionRow): Promise<string[]> {
  const declared = await db.selectFrom('inspection_participants').select('organisation_id').where('inspection_id', '=', inspection.id).where('capacity', '=', 'lead_commissioner').execute();
  return [inspection.subject_organisation_id, inspection.lead_commissioner_id, ...declared.map((d) => d.organisation_id)].filter((x): x is string => !!x);
}

/** Checks a drafted or edited action: every problem at once, at its field. */
export async function checkAction(ctx: ServiceContext, a: PlanAccess, input: NewAction, opts: { previousDueDate?: string } = {}): Promise<CheckedAction> {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ field: 'title', message: 'Enter the action' });
  const owners = await possibleOwners(ctx.db, a.access.inspection);
  const ownerOrganisationId = input.ownerOrganisationId?.trim() || (a.access.user.organisationId ?? '');
  let owner = owners.find((o) => o.id === ownerOrganisationId);
  if (!owner && UUID.test(ownerOrganisationId)) {
    // A location's people act for it, and its provider is the organisation that owns actions.
    const parent = await ctx.db.selectFrom('organisations').select('parent_id').where('id', '=', ownerOrganisationId).executeTakeFirst();
    if (parent?.parent_id) owner = owners.find((o) => o.id === parent.parent_id);
  }
  if (!owner) errors.push({ field: 'ownerOrganisationId', message: 'Choose an organisation taking part in the review' });
  else if (!a.isLead && !a.access.organisationIds.includes(owner.id)) errors.push({ field: 'ownerOrganisationId', message: 'You can draft actions only for your own organisation: the lead organisation drafts the others' });
  const ownerFamily = owner ? await organisationFamily(ctx.db, owner.id) : [];
  let ownerName = input.ownerName.trim();
  let ownerUserId: string | null = null;
  if (input.ownerUserId?.trim()) {
    const u = UUID.test(input.ownerUserId) ? await ctx.db.selectFrom('users').select(['id', 'name', 'organisation_id', 'status', 'job_title']).where('id', '=', input.ownerUserId.trim()).executeTakeFirst() : undefined;
    if (!u || u.status === 'removed' || !ownerFamily.includes(u.organisation_id)) errors.push({ field: 'ownerUserId', message: 'Choose a person who works for the organisation that owns the action' });
    else {
      ownerUserId = u.id;
      ownerName = u.job_title ? `${u.name}, ${u.job_title}` : u.name;
    }
  }
  if (!ownerName) errors.push({ field: 'ownerName', message: 'Enter who owns the action, or choose a person with an account' });
  // Issue 16: an action answering a breach under a notice defaults to the notice's date to comply by.
  const complyBy = earliestComplyBy(await complyByForItems(ctx.db, a.report), input.covers);
  const dueDate = !input.dueDate.trim() && complyBy ? complyBy.date : input.dueDate;
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const dueProblem = dueDateRefusal(dueDate, today);
  // A due date left as it was stays (an overdue action can still be reworded); a new one cannot be in the past.
  // The statutory date to comply by stays the due date even once it has passed (the action is then simply overdue).
  const isComplyBy = !!complyBy && dueDate === complyBy.date;
  if (dueProblem && !isComplyBy && !(opts.previousDueDate && dueDate === opts.previousDueDate && /^\d{4}-\d{2}-\d{2}$/.test(dueDate))) errors.push({ field: 'dueDate', message: dueProblem });
  const valid = new Set(planItems(a.report).map((i) => `${i.kind}:${i.id}`));
  const covers = [...new Set(input.covers.filter(Boolean))];
  if (covers.length === 0) errors.push({ field: 'covers', message: 'Select the recommendations or breaches this action answers' });
  else if (covers.some((c) => !valid.has(c))) errors.push({ field: 'covers', message: 'Select recommendations and breaches from this report' });
  else if (owner && !owner.isLead) {
    // An organisation other than the lead answers only what is addressed to it.
    const notAddressed = covers.filter((c) => !c.startsWith('recommendation:') || !addressedTo(a.addressees, c.slice('recommendation:'.length), ownerFamily));
    if (notAddressed.length) errors.push({ field: 'covers', message: `${owner.name} can answer only the recommendations addressed to it` });
  }
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
  return { title, ownerOrganisationId, ownerUserId, ownerName: ownerName.slice(0, 200), dueDate, covers, milestones };
}

export async function addAction(ctx: ServiceContext, inspectionId: string, input: NewAction): Promise<string> {
  const a = await loadPlanAccess(ctx, inspectionId);
  if (!a.canEdit) throw new ForbiddenError(a.side === 'regulator' ? 'The organisations write the action plan: the regulator reviews it' : 'You do not have permission to change the action plan');
  const c = await checkAction(ctx, a, input);
  const user = a.access.user;
  return inTransaction(ctx, async (trx) => {
    let plan = await trx.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirst();
    if (!plan) {
      const due = planDeadline(a.report, ctx.config);
      plan = await trx.insertInto('action_plans').values({ inspection_id: inspectionId, report_id: a.report.report.id, due_date: due.due, due_explanation: due.explanation, created_by: user.id }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, { action: 'ACTION_PLAN_STARTED', subjectType: 'action_plan', subjectId: plan.id, after: { inspection_id: inspectionId, due_date: plan.due_date } });
    }
    const refusal = planChangeRefusal(plan.status);
    if (refusal) throw new ConflictError(refusal);
    const position = (await trx.selectFrom('action_plan_actions').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow()).n;
    const action = await trx
      .insertInto('action_plan_actions')
      .values({ plan_id: plan.id, position: Number(position) + 1, title: c.title, owner_name: c.ownerName, owner_organisation_id: c.ownerOrganisationId, owner_user_id: c.ownerUserId, created_by: user.id, due_date: c.dueDate })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('action_plan_action_items').values(c.covers.map((x) => ({ action_id: action.id, item_kind: x.split(':')[0] as 'recommendation' | 'breach', item_id: x.split(':')[1] as string }))).execute();
    if (c.milestones.length) await trx.insertInto('action_plan_milestones').values(c.milestones.map((m) => ({ action_id: action.id, title: m.title, due_date: m.dueDate }))).execute();
    await trx.insertInto('action_plan_updates').values({ action_id: action.id, at: ctx.clock.now(), user_id: user.id, kind: 'drafted', note: `Drafted for ${user.organisationName ?? 'the organisation'}${plan.status === 'revising' ? ' during a revision of the accepted plan' : ''}` }).execute();
    await recordAudit(trx, ctx, { action: 'ACTION_PLAN_ACTION_ADDED', subjectType: 'action_plan_action', subjectId: action.id, after: { plan_id: plan.id, title: c.title, owner_organisation_id: c.ownerOrganisationId, owner_user_id: c.ownerUserId, owner_name: c.ownerName, due_date: c.dueDate, covers: c.covers, milestones: c.milestones } });
    return action.id;
  });
}

export async function teamToTell(trx: Trx, inspectionId: string): Promise<{ id: string; email: string }[]> {
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

/** The lead organisation's people and the people of every organisation owning an action in the plan. */
export async function planPeople(trx: Trx, inspectionId: string): Promise<{ id: string; email: string }[]> {
  const lead = await organisationPeople(trx, inspectionId);
  const owners = await trx.selectFrom('action_plan_actions as a').innerJoin('action_plans as p', 'p.id', 'a.plan_id').select('a.owner_organisation_id').distinct().where('p.inspection_id', '=', inspectionId).where('a.owner_organisation_id', 'is not', null).execute();
  const ids = owners.map((o) => o.owner_organisation_id).filter((x): x is string => !!x);
  const more = ids.length ? await trx.selectFrom('users').select(['id', 'email']).where('organisation_id', 'in', ids).where('status', '=', 'active').execute() : [];
  const seen = new Set<string>();
  return [...lead, ...more].filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

export async function submitPlan(ctx: ServiceContext, inspectionId: string): Promise<void> {
  const view = await getActionPlan(ctx, inspectionId);
  if (view.you.side === 'organisation' && !view.you.isLead) throw new ForbiddenError('The lead organisation sends the joint plan to the regulator');
  if (!view.you.canSubmit || !view.plan) throw new ForbiddenError('Only the lead organisation can send the action plan, once it has at least one action');
  if (!view.actions.some((x) => x.status !== 'withdrawn')) throw new ValidationError([{ field: 'covers', message: 'Add at least one action before sending the plan' }]);
  if (view.uncovered.length) throw new ValidationError([{ field: 'covers', message: `The plan does not yet cover: ${view.uncovered.map((u) => u.label).join('; ')}` }]);
  const plan = view.plan;
  await inTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const user = ctx.actor.kind === 'user' ? ctx.actor.user : null;
    await trx.updateTable('action_plans').set({ status: 'submitted', submitted_at: now, submitted_by: user?.id ?? null, updated_at: now }).where('id', '=', plan.id).execute();
    await recordAudit(trx, ctx, { action: 'ACTION_PLAN_SUBMITTED', subjectType: 'action_plan', subjectId: plan.id, before: { status: plan.status }, after: { status: 'submitted', actions: view.actions.filter((x) => x.status !== 'withdrawn').length } });
    for (const m of await teamToTell(trx, inspectionId)) {
      await notify(trx, { userId: m.id, title: `Action plan sent for ${view.inspection.reference}`, body: `${view.inspection.subjectName} has sent its action plan (${countOf(view.actions.length, 'action')}) for review.`, link: actionPlanPath(inspectionId) });
      await queueEmail(trx, ctx, { to: m.email, subject: `Action plan sent for ${view.inspection.reference}`, text: `${view.inspection.subjectName} has sent its action plan for review: ${ctx.config.baseUrl}${actionPlanPath(inspectionId)}` });
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
    for (const p of await planPeople(trx, inspectionId))
      await notify(trx, { userId: p.id, title: `Action plan ${status} for ${view.inspection.reference}`, body: note.trim() || `The regulator has ${status} your action plan.`, link: actionPlanPath(inspectionId) });
  });
}

export async function changeAction(ctx: ServiceContext, actionId: string, event: string, text: string): Promise<string> {
  if (!UUID.test(actionId)) throw new NotFoundError();
  const row = await ctx.db.selectFrom('action_plan_actions as a').innerJoin('action_plans as p', 'p.id', 'a.plan_id').select(['a.id', 'p.inspection_id', 'p.status as plan_status']).where('a.id', '=', actionId).executeTakeFirst();
  if (!row) throw new NotFoundError();
  const a = await loadPlanAccess(ctx, row.inspection_id);
  if (!['progress', 'complete', 'verify', 'reopen'].includes(event)) throw new NotFoundError();
  const owner = await ctx.db.selectFrom('action_plan_actions').select('owner_organisation_id').where('id', '=', actionId).executeTakeFirstOrThrow();
  if (a.side === 'organisation' && !(a.canEdit && (a.isLead || (!!ownerOf(a.access.inspection, owner) && a.access.organisationIds.includes(ownerOf(a.access.inspection, owner) as string))))) {
    throw new ForbiddenError('Only the organisation that owns the action, or the lead organisation, can update it');
  }
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
    const tell = a.side === 'organisation' ? await teamToTell(trx, row.inspection_id) : await planPeople(trx, row.inspection_id);
    for (const p of tell) await notify(trx, { userId: p.id, title: `Action ${kind}: ${before.title}`.slice(0, 200), body: text.trim() || 'The regulator verified this action as complete.', link: actionPlanPath(row.inspection_id) });
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
