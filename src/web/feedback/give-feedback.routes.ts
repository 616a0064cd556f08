/**
 * Give feedback on care (public, no account), working without JavaScript:
 * GET /give-feedback (search), GET /give-feedback/service?q= (results: choose one),
 * GET|POST /give-feedback/service/:locationId (the form), GET /give-feedback/sent/:reference
 * (receipt), GET /give-feedback/status?reference= (what we did with it).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeedbackForm } from '../../domain/feedback/feedback-submission.js';
import { findServicesForFeedback, getFeedbackTarget, normaliseReference, submitFeedback } from '../../services/feedback/feedback-submission.service.js';
import { feedbackStatusByReference } from '../../services/feedback/feedback-triage.service.js';
import { NotFoundError } from '../../services/errors.js';
import { field } from '../forms.view-model.js';
import { pageFormSchema } from '../form-validation.js';
import { chooseServicePage, EMPTY_FORM, feedbackFormPage, receiptPage, statusPage } from './give-feedback.view-model.js';

const FORM_FIELDS = Object.keys(EMPTY_FORM);
const locationParams = { type: 'object', properties: { locationId: { type: 'string', minLength: 1, maxLength: 64 } }, required: ['locationId'] } as const;
const query = (...names: string[]) => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string', maxLength: 200 }])) }) as const;

function readForm(request: FastifyRequest): FeedbackForm {
  return Object.fromEntries(FORM_FIELDS.map((f) => [f, field(request.body, f)])) as unknown as FeedbackForm;
}

export async function giveFeedbackRoutes(app: FastifyInstance): Promise<void> {
  app.get('/give-feedback', async (_request, reply) => {
    const view = chooseServicePage('', null, false);
    return reply.view('feedback/views/start.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/give-feedback/service', { schema: { querystring: query('q') } }, async (request, reply) => {
    const q = (request.query as { q?: string }).q ?? '';
    const result = q.trim() ? await findServicesForFeedback(request.serviceContext(), q) : null;
    const view = chooseServicePage(q, result, true);
    return reply.code(q.trim() ? 200 : 400).view('feedback/views/start.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/give-feedback/service/:locationId', { schema: { params: locationParams } }, async (request, reply) => {
    const target = await getFeedbackTarget(request.serviceContext(), (request.params as { locationId: string }).locationId);
    const view = feedbackFormPage(target, EMPTY_FORM, []);
    return reply.view('feedback/views/form.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/give-feedback/service/:locationId', { schema: { params: locationParams, ...pageFormSchema } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const { locationId } = request.params as { locationId: string };
    const form = readForm(request);
    const result = await submitFeedback(ctx, locationId, form, request.ip);
    if (result.kind === 'accepted') return reply.redirect(`/give-feedback/sent/${encodeURIComponent(result.reference)}`, 303);
    const target = await getFeedbackTarget(ctx, locationId);
    const view = feedbackFormPage(target, form, result.errors, { showHoneypot: result.errors.some((e) => e.field === 'website') });
    if (result.kind === 'refused' && result.retryAfterSeconds) reply.header('Retry-After', String(result.retryAfterSeconds));
    return reply.code(result.kind === 'refused' ? result.status : 400).view('feedback/views/form.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/give-feedback/sent/:reference', { schema: { params: { type: 'object', properties: { reference: { type: 'string', maxLength: 40 } }, required: ['reference'] } } }, async (request, reply) => {
    const reference = normaliseReference((request.params as { reference: string }).reference);
    const found = reference ? await feedbackStatusByReference(request.serviceContext(), reference) : null;
    if (!found) throw new NotFoundError();
    const view = receiptPage(found.reference, found.locationName);
    return reply.header('Cache-Control', 'no-store').view('feedback/views/sent.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/give-feedback/status', { schema: { querystring: query('reference') } }, async (request, reply) => {
    const input = (request.query as { reference?: string }).reference;
    const looked = input !== undefined;
    const found = input ? await feedbackStatusByReference(request.serviceContext(), input) : null;
    const view = statusPage(input ?? '', looked, found);
    return reply
      .header('Cache-Control', 'no-store')
      .code(looked && !input?.trim() ? 400 : 200)
      .view('feedback/views/status.njk', { view, pageTitle: view.pageTitle });
  });
}
