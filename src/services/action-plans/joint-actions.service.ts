/**
 * Issue 15, the joint action plan: editing and withdrawing an action (with the change or the reason
 * kept in its history), the choices of owner (organisations taking part and their people), and
 * revisions of an accepted plan. One transaction per use case, with its audit row.
 */
import { describeActionChanges, planChangeRefusal, withdrawRefusal, type PlanStatus } from '../../domain/action-plans/action-plan.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { notify } from '../notifications.service.js';
import { queueEmail } from '../mail.service.js';
import { actsForAction, checkAction, loadPlanAccess, ownerOf, planView, possibleOwners, teamToTell, type ActionPlanView, type ActionView, type NewAction, type PlanAccess } from './action-plan.service.js';
import { actionPlanPath } from '../../domain/shared/app-paths.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OwnerChoices {
  organisations: { id: string; name: string; isLead: boolean }[];
  /** Active people of each organisation (and its locations) who may be named as owners. */
  people: { id: string; name: string; jobTitle: string | null; organisationId: string }[];
}

/** Who may own an action drafted by this person: every organisation taking part for the lead; its own for anyone else. */
export async function ownerChoices(ctx: ServiceContext, a: PlanAccess): Promise<OwnerChoices> {
  const all = await possibleOwners(ctx.db, a.access.inspection);
  const organisations = a.isLead || a.side === 'regulator' ? all : all.filter((o) => a.access.organisationIds.includes(o.id));
  if (!organisations.length) return { organisations, people: [] };
  const children = await ctx.db.selectFrom('organisations').select(['id', 'parent_id']).where('parent_id', 'in', organisations.map((o) => o.id)).execute();
  const parentOf = new Map(children.map((c) => [c.id, c.parent_id as string]));
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'name', 'job_title', 'organisation_id'])
    .where('status', '=', 'active')
    .where('role', 'in', ['provider_user', 'commissioner_user'])
    .where('organisation_id', 'in', [...organisations.map((o) => o.id), ...children.map((c) => c.id)])
    .orderBy('name')
    .execute();
  return { organisations, people: rows.map((u) => ({ id: u.id, name: u.name, jobTitle: u.job_title, organisationId: parentOf.get(u.organisation_id) ?? u.organisation_id })) };
}

async function loadAction(ctx: ServiceContext, actionId: string): Promise<{ a: PlanAccess; inspectionId: string; planStatus: string; ownerOrganisationId: string | null }> {
  if (!UUID.test(actionId)) throw new NotFoundError('No action found');
  const row = await ctx.db.selectFrom('action_plan_actions as a').innerJoin('action_plans as p', 'p.id', 'a.plan_id').select(['p.inspection_id', 'p.status', 'a.owner_organisation_id']).where('a.id', '=', actionId).executeTakeFirst();
  if (!row) throw new NotFoundError('No action found');
  const a = await loadPlanAccess(ctx, row.inspection_id);
  const owner = ownerOf(a.access.inspection, row);
  // Someone who may not see the action is told it does not exist.
  if (a.side === 'organisation' && !a.isLead && !(owner && a.access.organisationIds.includes(owner))) throw new NotFoundError('No action found');
  return { a, inspectionId: row.inspection_id, planStatus: row.status, ownerOrganisationId: owner };
}

/** The edit page: the action, the plan around it and who may own it. */
export async function getActionForEdit(ctx: ServiceContext, actionId: string): Promise<{ plan: ActionPlanView; action: ActionView; choices: OwnerChoices }> {
  const { a, ownerOrganisationId, planStatus } = await loadAction(ctx, actionId);
  if (!actsForAction(a, ownerOrganisationId)) throw new ForbiddenError(a.side === 'regulator' ? 'The organisations change their actions: the regulator reviews the plan' : 'Only the organisation that owns the action, or the lead organisation, can change it');
  const refusal = planChangeRefusal(planStatus as PlanStatus);
  if (refusal) throw new ConflictError(refusal);
  const plan = await planView(ctx, a);
  const action = plan.actions.find((x) => x.id === actionId);
  if (!action) throw new NotFoundError('No action found');
  return { plan, action, choices: await ownerChoices(ctx, a) };
}

/** Changes an action's wording, owner, due date, what it answers or milestones; the change is kept in its history. */
export async function editAction(ctx: ServiceContext, actionId: string, input: NewAction & { note?: string }): Promise<string> {
  const { a, inspectionId, ownerOrganisationId } = await loadAction(ctx, actionId);
  if (!actsForAction(a, ownerOrganisationId)) throw new ForbiddenError('Only the organisation that owns the action, or the lead organisation, can change it');
  const before = await ctx.db.selectFrom('action_plan_actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow();
  const c = await checkAction(ctx, a, input, { previousDueDate: before.due_date });
  const names = new Map((await possibleOwners(ctx.db, a.access.inspection)).map((o) => [o.id, o.name]));
  await inTransaction(ctx, async (trx) => {
    const plan = await trx.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirstOrThrow();
    const refusal = planChangeRefusal(plan.status);
    if (refusal) throw new ConflictError(refusal);
    const locked = await trx.selectFrom('action_plan_actions').selectAll().where('id', '=', actionId).forUpdate().executeTakeFirstOrThrow();
    if (locked.status === 'withdrawn') throw new ConflictError('A withdrawn action cannot be changed');
    const beforeItems = await trx.selectFrom('action_plan_action_items').select(['item_kind', 'item_id']).where('action_id', '=', actionId).execute();
    const changes = describeActionChanges(
      { title: locked.title, ownerName: locked.owner_name, ownerOrganisation: names.get(ownerOf(a.access.inspection, locked) ?? '') ?? '', dueDate: locked.due_date, covers: beforeItems.map((i) => `${i.item_kind}:${i.item_id}`) },
      { title: c.title, ownerName: c.ownerName, ownerOrganisation: names.get(c.ownerOrganisationId) ?? '', dueDate: c.dueDate, covers: c.covers },
    );
    if (!changes.length && !input.milestones.trim()) throw new ValidationError([{ field: 'title', message: 'Nothing has changed: change the action, or go back to the plan' }]);
    const now = ctx.clock.now();
    await trx.updateTable('action_plan_actions').set({ title: c.title, owner_name: c.ownerName, owner_organisation_id: c.ownerOrganisationId, owner_user_id: c.ownerUserId, due_date: c.dueDate, updated_at: now, reminder_sent_at: null, escalated_at: null }).where('id', '=', actionId).execute();
    await trx.deleteFrom('action_plan_action_items').where('action_id', '=', actionId).execute();
    await trx.insertInto('action_plan_action_items').values(c.covers.map((x) => ({ action_id: actionId, item_kind: x.split(':')[0] as 'recommendation' | 'breach', item_id: x.split(':')[1] as string }))).execute();
    if (c.milestones.length) await trx.insertInto('action_plan_milestones').values(c.milestones.map((m) => ({ action_id: actionId, title: m.title, due_date: m.dueDate }))).execute();
    const note = [...changes, ...(c.milestones.length ? [`${c.milestones.length} milestone${c.milestones.length === 1 ? '' : 's'} added`] : []), ...(input.note?.trim() ? [`Why: ${input.note.trim()}`] : [])].join('. ');
    await trx.insertInto('action_plan_updates').values({ action_id: actionId, at: now, user_id: a.access.user.id, kind: 'edited', note: note.slice(0, 2000) }).execute();
    await recordAudit(trx, ctx, {
      action: 'ACTION_PLAN_ACTION_EDITED',
      subjectType: 'action_plan_action',
      subjectId: actionId,
      before: { title: locked.title, owner_name: locked.owner_name, owner_organisation_id: locked.owner_organisation_id, due_date: locked.due_date, covers: beforeItems },
      after: { title: c.title, owner_name: c.ownerName, owner_organisation_id: c.ownerOrganisationId, owner_user_id: c.ownerUserId, due_date: c.dueDate, covers: c.covers, note: input.note?.trim() || null },
    });
  });
  return inspectionId;
}

/** Withdraws an action, with the reason (kept in its history); the plan must then still cover everything. */
export async function withdrawAction(ctx: ServiceContext, actionId: string, reason: string): Promise<string> {
  const { a, inspectionId, ownerOrganisationId } = await loadAction(ctx, actionId);
  if (!actsForAction(a, ownerOrganisationId)) throw new ForbiddenError('Only the organisation that owns the action, or the lead organisation, can withdraw it');
  await inTransaction(ctx, async (trx) => {
    const plan = await trx.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirstOrThrow();
    const refusal = planChangeRefusal(plan.status);
    if (refusal) throw new ConflictError(refusal);
    const before = await trx.selectFrom('action_plan_actions').selectAll().where('id', '=', actionId).forUpdate().executeTakeFirstOrThrow();
    const problem = withdrawRefusal(before.status, reason);
    if (problem?.code === 'missing') throw new ValidationError([{ field: 'reason', message: problem.message }]);
    if (problem) throw new ConflictError(problem.message);
    const now = ctx.clock.now();
    await trx.updateTable('action_plan_actions').set({ status: 'withdrawn', withdrawn_at: now, withdrawn_by: a.access.user.id, withdrawn_reason: reason.trim(), updated_at: now }).where('id', '=', actionId).execute();
    await trx.insertInto('action_plan_updates').values({ action_id: actionId, at: now, user_id: a.access.user.id, kind: 'withdrawn', note: reason.trim() }).execute();
    await recordAudit(trx, ctx, { action: 'ACTION_PLAN_ACTION_WITHDRAWN', subjectType: 'action_plan_action', subjectId: actionId, before: { status: before.status }, after: { status: 'withdrawn', reason: reason.trim() } });
  });
  return inspectionId;
}

/** The lead organisation opens a recorded revision of an accepted plan (with the reason); the regulator reviews it again. */
export async function startRevision(ctx: ServiceContext, inspectionId: string, reason: string): Promise<void> {
  const a = await loadPlanAccess(ctx, inspectionId);
  if (!a.canSubmit) throw new ForbiddenError('Only the lead organisation can start a revision of the action plan');
  if (!reason.trim()) throw new ValidationError([{ field: 'reason', message: 'Enter why the plan needs to change' }]);
  await inTransaction(ctx, async (trx) => {
    const plan = await trx.selectFrom('action_plans').selectAll().where('inspection_id', '=', inspectionId).forUpdate().executeTakeFirst();
    if (!plan || plan.status !== 'accepted') throw new ConflictError('Only an accepted plan is revised: until then, change the actions directly');
    const n = (await trx.selectFrom('action_plan_revisions').select((eb) => eb.fn.max('number').as('n')).where('plan_id', '=', plan.id).executeTakeFirst())?.n ?? 0;
    const now = ctx.clock.now();
    await trx.insertInto('action_plan_revisions').values({ plan_id: plan.id, number: Number(n) + 1, reason: reason.trim(), opened_by: a.access.user.id, opened_at: now }).execute();
    await trx.updateTable('action_plans').set({ status: 'revising', updated_at: now }).where('id', '=', plan.id).execute();
    await recordAudit(trx, ctx, { action: 'ACTION_PLAN_REVISION_STARTED', subjectType: 'action_plan', subjectId: plan.id, before: { status: plan.status }, after: { status: 'revising', revision: Number(n) + 1, reason: reason.trim() } });
    for (const m of await teamToTell(trx, inspectionId)) {
      await notify(trx, { userId: m.id, title: `Action plan being revised for ${a.report.inspection.reference}`, body: `Revision ${Number(n) + 1}: ${reason.trim()}`.slice(0, 1000), link: actionPlanPath(inspectionId) });
      await queueEmail(trx, ctx, { to: m.email, subject: `Action plan being revised for ${a.report.inspection.reference}`, text: `The lead organisation has started revision ${Number(n) + 1} of the accepted action plan: ${reason.trim()}\n${ctx.config.baseUrl}${actionPlanPath(inspectionId)}` });
    }
  });
}

/** The add-an-action form's choices of owner, for someone who may draft actions (empty otherwise). */
export async function getOwnerChoices(ctx: ServiceContext, inspectionId: string): Promise<OwnerChoices> {
  const a = await loadPlanAccess(ctx, inspectionId);
  if (!a.canEdit) return { organisations: [], people: [] };
  return ownerChoices(ctx, a);
}
