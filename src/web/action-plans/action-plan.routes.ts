/**
 * The action plan page: GET /inspections/:id/action-plan; POST …/actions, …/submit, …/review;
 * POST /action-plan-actions/:actionId/(progress|complete|verify|reopen).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addAction, changeAction, getActionPlan, reviewPlan, submitPlan } from '../../services/action-plans/action-plan.service.js';
import { editAction, getActionForEdit, getOwnerChoices, startRevision, withdrawAction } from '../../services/action-plans/joint-actions.service.js';
import { ServiceError, ValidationError, type FieldError } from '../../services/errors.js';
import { z } from 'zod';
import { choice, dateParts, govukDate, pageFormSchema, parseForm, text, TEXT_LIMITS } from '../form-validation.js';
import { field } from '../forms.view-model.js';
import { actionPlanPage, editActionPage, PLAN_TEXT_MAX, type EditActionForm, type NewActionForm } from './action-plan.view-model.js';
import { actionPlanPath } from '../paths.js';

/** The "Add an action" form, checked at the edge: every problem at once, at its field. */
const newActionSchema = z.object({
  title: text('Action', { max: TEXT_LIMITS.title, required: 'Enter the action' }),
  ownerOrganisationId: z.string(),
  ownerUserId: z.string(),
  ownerName: text('Owner', { max: TEXT_LIMITS.name }),
  due: govukDate('due', 'Due date', { required: 'Enter the due date' }),
  covers: z.array(z.string()).min(1, { error: 'Select the recommendations or breaches this action answers' }),
  milestones: text('Milestones', { max: TEXT_LIMITS.long }),
});

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

/** The plan's small forms, checked at the edge with the limit stated under their texts (the service says when a text is needed). */
const reviewSchema = z
  .object({ decision: choice(['accept', 'return'], 'Select whether you accept the plan or return it'), note: text('The note', { max: PLAN_TEXT_MAX }) })
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Enter what the organisation must change' });
  });
const reviseSchema = z.object({ reason: text('The reason', { max: PLAN_TEXT_MAX, required: 'Enter why the plan needs to change' }) });
const withdrawSchema = z.object({ reason: text('The reason', { max: PLAN_TEXT_MAX, required: 'Enter why the action is withdrawn' }) });
const actionUpdateSchema = z.object({ text: text('What you entered', { max: PLAN_TEXT_MAX }) });

async function show(request: FastifyRequest, reply: FastifyReply, inspectionId: string, opts: { errors?: FieldError[]; form?: NewActionForm; notice?: string; status?: number; typed?: Record<string, string> } = {}) {
  const ctx = request.serviceContext();
  const [plan, choices] = await Promise.all([getActionPlan(ctx, inspectionId), getOwnerChoices(ctx, inspectionId)]);
  const view = actionPlanPage(plan, ctx.clock.now().toISOString().slice(0, 10), { ...opts, choices });
  return reply.code(opts.status ?? 200).view('action-plans/views/action-plan.njk', { view, pageTitle: view.pageTitle });
}

function asErrors(e: unknown, fallbackField: string): FieldError[] | null {
  if (e instanceof ValidationError) return e.fields.map((f) => (f.field === 'dueDate' ? { ...f, field: 'due-day' } : f));
  if (e instanceof ServiceError && (e.status === 409 || e.status === 403)) return [{ field: fallbackField, message: e.message }];
  return null;
}

export async function actionPlanRoutes(app: FastifyInstance): Promise<void> {
  app.get('/inspections/:id/action-plan', { schema: { params: idParams, querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } } }, async (request, reply) =>
    show(request, reply, (request.params as { id: string }).id, { notice: (request.query as { notice?: string }).notice }),
  );

  app.post('/inspections/:id/action-plan/actions', { schema: { params: idParams, body: { type: 'object', properties: { _csrf: { type: 'string' }, title: { type: 'string', maxLength: 2000 }, ownerOrganisationId: { type: 'string', maxLength: 64 }, ownerUserId: { type: 'string', maxLength: 64 }, ownerName: { type: 'string', maxLength: 200 }, dueDate: { type: 'string', maxLength: 20 }, milestones: { type: 'string', maxLength: 5000 }, covers: { anyOf: [{ type: 'string', maxLength: 100 }, { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 200 }] } } } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const raw = (request.body as { covers?: string | string[] }).covers;
    const form: NewActionForm = { title: field(request.body, 'title'), ownerOrganisationId: field(request.body, 'ownerOrganisationId'), ownerUserId: field(request.body, 'ownerUserId'), ownerName: field(request.body, 'ownerName'), due: dateParts(request.body, 'due'), milestones: field(request.body, 'milestones'), covers: Array.isArray(raw) ? raw : raw ? [raw] : [] };
    const parsed = parseForm(newActionSchema, form);
    const ownerMissing = !form.ownerUserId && !form.ownerName.trim() ? [{ field: 'ownerName', message: 'Enter who owns the action, or choose a person with an account' }] : [];
    if (!parsed.ok || ownerMissing.length) return show(request, reply, id, { errors: [...(parsed.ok ? [] : parsed.errors), ...ownerMissing], form, status: 400 });
    try {
      await addAction(request.serviceContext(), id, { ...parsed.value, dueDate: parsed.value.due });
      return reply.redirect(actionPlanPath(id, '?notice=added'), 303);
    } catch (e) {
      const errors = asErrors(e, 'title');
      if (errors) return show(request, reply, id, { errors, form, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });

  app.post('/inspections/:id/action-plan/submit', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    try {
      await submitPlan(request.serviceContext(), id);
      return reply.redirect(actionPlanPath(id, '?notice=submitted'), 303);
    } catch (e) {
      const errors = asErrors(e, 'covers');
      if (errors) return show(request, reply, id, { errors, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });

  app.post('/inspections/:id/action-plan/review', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const typed = { decision: field(request.body, 'decision'), note: field(request.body, 'note') };
    const parsed = parseForm(reviewSchema, typed);
    if (!parsed.ok) return show(request, reply, id, { errors: parsed.errors, typed, status: 400 });
    try {
      await reviewPlan(request.serviceContext(), id, typed.decision, typed.note);
      return reply.redirect(actionPlanPath(id, '?notice=reviewed'), 303);
    } catch (e) {
      const errors = asErrors(e, 'decision');
      if (errors) return show(request, reply, id, { errors, typed, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });

  app.post('/inspections/:id/action-plan/revise', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const typed = { reason: field(request.body, 'reason') };
    const parsed = parseForm(reviseSchema, typed);
    if (!parsed.ok) return show(request, reply, id, { errors: parsed.errors, typed, status: 400 });
    try {
      await startRevision(request.serviceContext(), id, typed.reason);
      return reply.redirect(actionPlanPath(id, '?notice=revising'), 303);
    } catch (e) {
      const errors = asErrors(e, 'reason');
      if (errors) return show(request, reply, id, { errors, typed, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });

  const actionParams = { type: 'object', properties: { actionId: { type: 'string', maxLength: 64 } }, required: ['actionId'] } as const;
  const showEdit = async (request: FastifyRequest, reply: FastifyReply, actionId: string, opts: { errors?: FieldError[]; form?: EditActionForm; withdrawReason?: string; status?: number } = {}) => {
    const ctx = request.serviceContext();
    const { plan, action, choices } = await getActionForEdit(ctx, actionId);
    const view = editActionPage(plan, action, choices, ctx.clock.now().toISOString().slice(0, 10), opts);
    return reply.code(opts.status ?? 200).view('action-plans/views/action-edit.njk', { view, pageTitle: view.pageTitle });
  };

  app.get('/action-plan-actions/:actionId/edit', { schema: { params: actionParams } }, async (request, reply) => showEdit(request, reply, (request.params as { actionId: string }).actionId));

  app.post('/action-plan-actions/:actionId/edit', { schema: { params: actionParams, body: { type: 'object', properties: { _csrf: { type: 'string' }, title: { type: 'string', maxLength: 2000 }, ownerOrganisationId: { type: 'string', maxLength: 64 }, ownerUserId: { type: 'string', maxLength: 64 }, ownerName: { type: 'string', maxLength: 200 }, note: { type: 'string', maxLength: 2000 }, milestones: { type: 'string', maxLength: 5000 }, covers: { anyOf: [{ type: 'string', maxLength: 100 }, { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 200 }] } } } } }, async (request, reply) => {
    const { actionId } = request.params as { actionId: string };
    const raw = (request.body as { covers?: string | string[] }).covers;
    const form: EditActionForm = { title: field(request.body, 'title'), ownerOrganisationId: field(request.body, 'ownerOrganisationId'), ownerUserId: field(request.body, 'ownerUserId'), ownerName: field(request.body, 'ownerName'), due: dateParts(request.body, 'due'), milestones: field(request.body, 'milestones'), covers: Array.isArray(raw) ? raw : raw ? [raw] : [], note: field(request.body, 'note') };
    const parsed = parseForm(newActionSchema, form);
    if (!parsed.ok) return showEdit(request, reply, actionId, { errors: parsed.errors, form, status: 400 });
    try {
      const inspectionId = await editAction(request.serviceContext(), actionId, { ...parsed.value, dueDate: parsed.value.due, note: form.note });
      return reply.redirect(actionPlanPath(inspectionId, '?notice=edited'), 303);
    } catch (e) {
      const errors = asErrors(e, 'title');
      if (errors) return showEdit(request, reply, actionId, { errors, form, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });

  app.post('/action-plan-actions/:actionId/withdraw', { schema: { params: actionParams, ...pageFormSchema } }, async (request, reply) => {
    const { actionId } = request.params as { actionId: string };
    const reason = field(request.body, 'reason');
    const parsed = parseForm(withdrawSchema, { reason });
    if (!parsed.ok) return showEdit(request, reply, actionId, { errors: parsed.errors, withdrawReason: reason, status: 400 });
    try {
      const inspectionId = await withdrawAction(request.serviceContext(), actionId, reason);
      return reply.redirect(actionPlanPath(inspectionId, '?notice=withdrawn'), 303);
    } catch (e) {
      const errors = asErrors(e, 'reason');
      if (errors) return showEdit(request, reply, actionId, { errors, withdrawReason: reason, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });

  app.post('/action-plan-actions/:actionId/:event', { schema: { params: { type: 'object', properties: { actionId: { type: 'string', maxLength: 64 }, event: { type: 'string', enum: ['progress', 'complete', 'verify', 'reopen'] } }, required: ['actionId', 'event'] }, ...pageFormSchema } }, async (request, reply) => {
    const { actionId, event } = request.params as { actionId: string; event: string };
    const ctx = request.serviceContext();
    const row = await ctx.db.selectFrom('action_plan_actions as a').innerJoin('action_plans as p', 'p.id', 'a.plan_id').select('p.inspection_id').where('a.id', '=', /^[0-9a-f-]{36}$/i.test(actionId) ? actionId : '00000000-0000-0000-0000-000000000000').executeTakeFirst();
    const words = field(request.body, 'text');
    // Each action has its own small forms: the error and what was typed come back at this one's field.
    const fieldId = `${event}-${actionId}`;
    const typed = { [fieldId]: words };
    const parsed = parseForm(actionUpdateSchema, { text: words });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const inspectionId = await changeAction(ctx, actionId, event, words);
      return reply.redirect(actionPlanPath(inspectionId, '?notice=updated'), 303);
    } catch (e) {
      const errors = asErrors(e, fieldId)?.map((x) => (x.field === 'text' ? { ...x, field: fieldId } : x)) ?? null;
      if (errors && row) return show(request, reply, row.inspection_id, { errors, typed, status: e instanceof ServiceError ? e.status : 400 });
      throw e;
    }
  });
}
