/** The regulator's feedback pages: GET /feedback (queue), GET|POST /feedback/:id (triage). */
import type { FastifyInstance } from 'fastify';
import { ConflictError, ValidationError } from '../../services/errors.js';
import { getFeedbackForTriage, listFeedbackQueue, triageFeedback } from '../../services/feedback/feedback-triage.service.js';
import { field } from '../forms.view-model.js';
import { z } from 'zod';
import { choice, pageFormSchema, parseForm, text, TEXT_LIMITS } from '../form-validation.js';
import { FEEDBACK_OUTCOMES } from '../../data/tables/after-report.tables.js';
import { queuePage, triagePage, type TriageForm } from './triage.view-model.js';
import { feedbackPath } from '../paths.js';

/** Triage, checked at the edge: what is happening, the outcome, the note (limit stated under it) and the inspection an outcome needs. */
const triageSchema = z
  .object({
    status: choice(['in_review', 'closed'], 'Select what is happening with this feedback'),
    outcome: z.union([z.literal(''), choice(FEEDBACK_OUTCOMES, 'Select an outcome from the list')]),
    note: text('What you did', { max: TEXT_LIMITS.long, required: 'Enter what you did and why' }),
    inspectionId: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'closed' && !v.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Select what was done with the feedback before you close it' });
    if (v.outcome === 'used_in_inspection' && !v.inspectionId) ctx.addIssue({ code: 'custom', path: ['inspectionId'], message: 'Select the inspection whose evidence this feedback is part of' });
  });

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

export async function feedbackTriageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/feedback', { schema: { querystring: { type: 'object', properties: { status: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
    const status = (request.query as { status?: string }).status ?? '';
    const rows = await listFeedbackQueue(request.serviceContext(), { status });
    const view = queuePage(rows, status);
    return reply.view('feedback/views/queue.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/feedback/:id', { schema: { params: idParams, querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const detail = await getFeedbackForTriage(request.serviceContext(), id);
    const view = triagePage(detail, null, [], (request.query as { notice?: string }).notice);
    return reply.view('feedback/views/triage.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/feedback/:id', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const form: TriageForm = { status: field(request.body, 'status'), outcome: field(request.body, 'outcome'), note: field(request.body, 'note'), inspectionId: field(request.body, 'inspectionId') };
    const parsed = parseForm(triageSchema, form);
    if (!parsed.ok) {
      const view = triagePage(await getFeedbackForTriage(ctx, id), form, parsed.errors);
      return reply.code(400).view('feedback/views/triage.njk', { view, pageTitle: view.pageTitle });
    }
    try {
      await triageFeedback(ctx, id, form);
      return reply.redirect(feedbackPath(id, '?notice=saved'), 303);
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const detail = await getFeedbackForTriage(ctx, id);
        const errors = e instanceof ValidationError ? e.fields : [{ field: 'status', message: e.message }];
        const view = triagePage(detail, form, errors);
        return reply.code(e.status).view('feedback/views/triage.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });
}
