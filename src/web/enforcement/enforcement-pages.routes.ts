/**
 * Breaches and enforcement pages under /inspections/:id/enforcement: breaches with their
 * actions, each action with its state, documents and the statutory deadlines the rules engine
 * computed, the regulator's moves, and the organisation's representations.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_ATTACHMENT_BYTES, type AttachmentInput } from '../../services/fieldwork/attachments.service.js';
import { UploadRefusedError } from '../../services/inspections/uploads.service.js';
import type { EnforcementEvent } from '../../domain/fieldwork/enforcement-workflow.js';
import { ValidationError, type FieldError } from '../../services/errors.js';
import { createEnforcementAction, recordBreach, submitRepresentations, transitionEnforcementAction } from '../../services/fieldwork/enforcement.service.js';
import { getEnforcementAction, getEnforcementDocument, listBreaches, listEnforcementActions } from '../../services/fieldwork/fieldwork-read.service.js';
import { decideLateRepresentations, escalateEnforcementAction, recordComplianceDecision } from '../../services/fieldwork/enforcement-compliance.service.js';
import { getInspectionForEnforcement, listEnforcementWork } from '../../services/fieldwork/enforcement-work.service.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { enforcementWorkPage } from './enforcement-work.view-model.js';
import { field } from '../forms.view-model.js';
import { atDateDay, dateParts, govukDate, parseForm, text, TEXT_LIMITS, pageFormSchema } from '../form-validation.js';
import { z } from 'zod';
import { readMultipartForm } from '../multipart-form.js';
import { assertUuids, pageErrors, statusFor } from '../inspections/page-errors.js';
import { actionPage, documentPage, enforcementPage, isKind, NO_DATE, type ActionForm, type BreachForm, type TransitionForm } from './enforcement.view-model.js';
import { enforcementActionPath, enforcementPath } from '../paths.js';

const NOTICES: Record<string, string> = {
  breach: 'The breach has been recorded.',
  action: 'The enforcement action has been started as a draft.',
  moved: 'The enforcement action has been updated. Any document and deadlines are below.',
  sent: 'Your reply has been sent to the regulator.',
};
/** A page form's body: strings (or lists, from checkboxes); each form's zod schema says what they must hold. */
const anyForm = pageFormSchema;
const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } as const;
const MAX_REPRESENTATION_FILES = 5;
type P = { id: string; actionId?: string; docId?: string };

/** Limits stated in the forms' hints and checked once here, before the service. */
export const ENFORCEMENT_LIMITS = { paragraph: 100, description: TEXT_LIMITS.long, decisionReason: TEXT_LIMITS.long } as const;

/** The "Record a breach" form, checked at the edge: every problem at once, at its field. */
const breachSchema = z.object({
  regulation: z.string().trim().min(1, { error: 'Choose the regulation that was breached' }),
  paragraph: text('Paragraph', { max: ENFORCEMENT_LIMITS.paragraph }),
  keyQuestion: z.string(),
  description: text('How the regulation was breached', { max: ENFORCEMENT_LIMITS.description, required: 'Describe how the regulation was breached' }),
});

/** The moves on an action: the date to comply by (GOV.UK date input, needed to issue a warning notice) and the decision's reasons. */
const transitionSchema = z.object({
  complianceDate: govukDate('complianceDate', 'Date by which the provider must comply', {}),
  decisionReason: text('Reasons', { max: ENFORCEMENT_LIMITS.decisionReason }),
});

export async function enforcementPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_REPRESENTATION_FILES, fields: 3, parts: MAX_REPRESENTATION_FILES + 3 } });
  app.addHook('preValidation', async (request) => assertUuids(request.params));

  const showList = async (request: FastifyRequest, reply: FastifyReply, opts: { breachForm?: BreachForm; actionForm?: ActionForm; errors?: FieldError[]; status?: number; notice?: string } = {}) => {
    const { id } = request.params as P;
    const ctx = request.serviceContext();
    const d = await getInspectionForEnforcement(ctx, id);
    const [breaches, actions] = await Promise.all([listBreaches(ctx, id), listEnforcementActions(ctx, id)]);
    const canEdit = d.you.side === 'regulator' && d.you.teamRole !== 'specialist_adviser' && d.you.teamRole !== 'expert_by_experience' && !['planned', 'notified', 'cancelled'].includes(d.state);
    const page = enforcementPage(d, breaches, actions, {
      canEdit,
      breachForm: opts.breachForm ?? { regulation: '', paragraph: '', keyQuestion: '', description: '' },
      actionForm: opts.actionForm ?? { breachId: '', kind: '' },
      errors: opts.errors ?? [],
      ...(opts.notice ? { noticeText: opts.notice } : {}),
    });
    return reply.code(opts.status ?? 200).view('enforcement/views/enforcement.njk', page);
  };

  /** Every enforcement action, for enforcement officers (who are not on inspection teams), managers and administrators. */
  app.get('/enforcement', { schema: { querystring: { type: 'object', properties: { show: { type: 'string', enum: ['open', 'all'] } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const show = (request.query as { show?: 'open' | 'all' }).show === 'all' ? 'all' : 'open';
    const view = enforcementWorkPage(await listEnforcementWork(ctx, { show }), show, londonDate(ctx.clock.now()));
    return reply.view('enforcement/views/work.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/inspections/:id/enforcement', { schema: noticeQuery }, async (request, reply) => showList(request, reply, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' }));

  app.post('/inspections/:id/breaches', { schema: anyForm }, async (request, reply) => {
    const { id } = request.params as P;
    const b = request.body;
    const breachForm: BreachForm = { regulation: field(b, 'regulation'), paragraph: field(b, 'paragraph'), keyQuestion: field(b, 'keyQuestion'), description: field(b, 'description') };
    const parsed = parseForm(breachSchema, breachForm);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const v = parsed.value;
      await recordBreach(request.serviceContext(), id, { ...v, keyQuestion: v.keyQuestion || null, paragraph: v.paragraph || null });
      return reply.redirect(enforcementPath(id, '?notice=breach'), 303);
    } catch (e) {
      return showList(request, reply, { breachForm, errors: pageErrors(e, 'description'), status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/enforcement-actions', { schema: anyForm }, async (request, reply) => {
    const { id } = request.params as P;
    const actionForm: ActionForm = { breachId: field(request.body, 'breachId'), kind: field(request.body, 'kind') };
    try {
      if (!isKind(actionForm.kind)) throw new ValidationError([{ field: 'kind', message: 'Choose the enforcement action' }]);
      const a = await createEnforcementAction(request.serviceContext(), id, { kind: actionForm.kind, breachId: actionForm.breachId || null });
      return reply.redirect(enforcementActionPath(id, a.id, '?notice=action'), 303);
    } catch (e) {
      return showList(request, reply, { actionForm, errors: pageErrors(e, 'kind'), status: statusFor(e) });
    }
  });

  const showAction = async (request: FastifyRequest, reply: FastifyReply, opts: { form?: TransitionForm; errors?: FieldError[]; status?: number; notice?: string } = {}) => {
    const { id, actionId } = request.params as P;
    const ctx = request.serviceContext();
    const d = await getInspectionForEnforcement(ctx, id);
    const a = await getEnforcementAction(ctx, actionId!);
    if (a.inspectionId !== id) return reply.code(404).view('errors/views/404.njk', {});
    return reply.code(opts.status ?? 200).view('enforcement/views/action.njk', actionPage(d, a, { ...(opts.form ? { form: opts.form } : {}), errors: opts.errors ?? [], ...(opts.notice ? { noticeText: opts.notice } : {}) }));
  };

  app.get('/inspections/:id/enforcement/:actionId', { schema: noticeQuery }, async (request, reply) => showAction(request, reply, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' }));

  app.post('/inspections/:id/enforcement/:actionId/transitions', { schema: anyForm }, async (request, reply) => {
    const { id, actionId } = request.params as P;
    const b = request.body;
    const form: TransitionForm = { complianceDate: dateParts(b, 'complianceDate'), decision: field(b, 'decision'), decisionReason: field(b, 'decisionReason'), body: '' };
    const parsed = parseForm(transitionSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await transitionEnforcementAction(request.serviceContext(), actionId!, {
        event: field(b, 'event') as EnforcementEvent,
        complianceDate: parsed.value.complianceDate || null,
        decision: form.decision || null,
        decisionReason: parsed.value.decisionReason || null,
        version: Number(field(b, 'version')) || null,
      });
      return reply.redirect(enforcementActionPath(id, actionId!, '?notice=moved'), 303);
    } catch (e) {
      return showAction(request, reply, { form, errors: atDateDay(pageErrors(e, 'event'), 'complianceDate'), status: statusFor(e) });
    }
  });

  /** Representations with evidence: a no-JavaScript multipart form (the CSRF token travels in the query), or a plain form. */
  app.post('/inspections/:id/enforcement/:actionId/representations', async (request, reply) => {
    const { id, actionId } = request.params as P;
    const typed: Record<string, string> = {};
    const body = () => (request.isMultipart() ? (typed['body'] ?? '') : field(request.body, 'body'));
    try {
      const files: AttachmentInput[] = request.isMultipart() ? (await readMultipartForm(request, { maxFileBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_REPRESENTATION_FILES }, typed)).files : [];
      await submitRepresentations(request.serviceContext(), actionId!, { body: body(), files });
      return reply.redirect(enforcementActionPath(id, actionId!, '?notice=sent'), 303);
    } catch (e) {
      const errors = e instanceof UploadRefusedError ? [{ field: 'files', message: (e as Error).message }] : pageErrors(e, 'body');
      return showAction(request, reply, { form: { complianceDate: NO_DATE, decision: '', decisionReason: '', body: body() }, errors, status: statusFor(e) });
    }
  });

  // Issue 16: the compliance decision, the next step, and late replies.
  app.post('/inspections/:id/enforcement/:actionId/compliance', { schema: anyForm }, async (request, reply) => {
    const { id, actionId } = request.params as P;
    const b = request.body;
    const form: TransitionForm = { complianceDate: NO_DATE, decision: field(b, 'complianceDecision'), decisionReason: field(b, 'evidence'), body: '' };
    try {
      await recordComplianceDecision(request.serviceContext(), actionId!, { decision: form.decision, evidence: form.decisionReason, version: Number(field(b, 'version')) || null });
      return reply.redirect(enforcementActionPath(id, actionId!, '?notice=moved'), 303);
    } catch (e) {
      return showAction(request, reply, { form, errors: pageErrors(e, 'decision'), status: statusFor(e) });
    }
  });
  app.post('/inspections/:id/enforcement/:actionId/escalations', { schema: anyForm }, async (request, reply) => {
    const { id, actionId } = request.params as P;
    try {
      const next = await escalateEnforcementAction(request.serviceContext(), actionId!, { kind: field(request.body, 'kind') });
      return reply.redirect(enforcementActionPath(id, next.id, '?notice=action'), 303);
    } catch (e) {
      return showAction(request, reply, { errors: pageErrors(e, 'kind'), status: statusFor(e) });
    }
  });
  app.post('/inspections/:id/enforcement/:actionId/representations/:repId/late-decision', { schema: anyForm }, async (request, reply) => {
    const { id, actionId, repId } = request.params as P & { repId: string };
    try {
      await decideLateRepresentations(request.serviceContext(), repId, { decision: field(request.body, 'decision'), reason: field(request.body, 'reason') });
      return reply.redirect(enforcementActionPath(id, actionId!, '?notice=moved'), 303);
    } catch (e) {
      return showAction(request, reply, { errors: pageErrors(e, 'decision'), status: statusFor(e) });
    }
  });

  app.get('/inspections/:id/enforcement/documents/:docId', async (request, reply) => {
    const { id, docId } = request.params as P;
    const ctx = request.serviceContext();
    const d = await getInspectionForEnforcement(ctx, id);
    const doc = await getEnforcementDocument(ctx, docId!);
    return reply.view('enforcement/views/document.njk', documentPage(d, doc, enforcementActionPath(id, doc.actionId)));
  });
}
