/**
 * Rating review requests (issue 19): GET /rating-reviews, GET|POST /inspections/:id/rating-review
 * (the organisation's request), GET /rating-reviews/:id, POST /rating-reviews/:id/decision
 * (grounds, reviewer), POST /rating-reviews/:id/outcome (the reviewer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { requireUser } from '../../services/authorisation.js';
import { ConflictError, ValidationError, type FieldError } from '../../services/errors.js';
import { completeReview, decideGrounds, getReviewRequest, listReviewRequests, REVIEW_SUBJECTS, reviewableReports, reviewRequestPage, submitReviewRequest } from '../../services/provider-portal/rating-review.service.js';
import { field } from '../forms.view-model.js';
import { choice, pageFormSchema, parseForm, TEXT_LIMITS, text } from '../form-validation.js';
import { z } from 'zod';

/** The review's outcome: each text checked at the edge against the limit stated under it, at its own field. */
const outcomeLimits = z.object({ processFailure: text('The process failure', { max: TEXT_LIMITS.long }), summary: text('The outcome', { max: 3000 }) });
import { detailPage, listPage, requestFormPage, type DecisionForm, type OutcomeForm } from './rating-review.view-model.js';
import { ratingReviewPath } from '../paths.js';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const noticeQuery = { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } as const;

/** The decision on the grounds, checked at the edge (the service checks the reviewer chosen may review). */
const decisionSchema = z
  .object({
    decision: choice(['accept', 'refuse'], 'Choose whether the request meets the grounds for a review'),
    reason: text('The reasons', { max: TEXT_LIMITS.long }),
    reviewerId: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'refuse' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Explain why the request does not meet the grounds: the organisation will read this' });
    if (v.decision === 'accept' && !v.reviewerId) ctx.addIssue({ code: 'custom', path: ['reviewerId'], message: 'Choose who will review the ratings' });
  });

export async function ratingReviewRoutes(app: FastifyInstance): Promise<void> {
  app.get('/rating-reviews', async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const view = listPage(await listReviewRequests(ctx), await reviewableReports(ctx), user.role === 'provider_user' ? 'organisation' : 'regulator');
    return reply.view('rating-review/views/list.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/inspections/:id/rating-review', { schema: { params: idParams } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const p = await reviewRequestPage(ctx, (request.params as { id: string }).id);
    const view = requestFormPage(p, { grounds: '', confirmsProcessGrounds: false }, [], londonDate(ctx.clock.now()));
    return reply.view('rating-review/views/request.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/inspections/:id/rating-review', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const { id } = request.params as { id: string };
    // The grounds are limited in words, not characters: the service counts them and says how many there are.
    const values = { grounds: field(request.body, 'grounds'), confirmsProcessGrounds: field(request.body, 'confirmsProcessGrounds') === 'yes' };
    try {
      const sent = await submitReviewRequest(ctx, id, values);
      return reply.redirect(ratingReviewPath(sent.id, '?notice=sent'), 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        const p = await reviewRequestPage(ctx, id);
        const view = requestFormPage(p, values, e.fields, londonDate(ctx.clock.now()));
        return reply.code(400).view('rating-review/views/request.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });

  app.get('/rating-reviews/:id', { schema: { params: idParams, querystring: noticeQuery } }, async (request, reply) => {
    const d = await getReviewRequest(request.serviceContext(), (request.params as { id: string }).id);
    const view = detailPage(d, {}, [], (request.query as { notice?: string }).notice);
    return reply.view('rating-review/views/detail.njk', { view, pageTitle: view.pageTitle });
  });

  const rerender = async (request: FastifyRequest, reply: FastifyReply, id: string, forms: { decision?: DecisionForm; outcome?: OutcomeForm }, e: unknown) => {
    if (e instanceof ValidationError || e instanceof ConflictError) {
      const errors: FieldError[] = e instanceof ValidationError ? e.fields : [{ field: 'decision', message: e.message }];
      const d = await getReviewRequest(request.serviceContext(), id);
      const view = detailPage(d, forms, errors);
      return reply.code(e.status).view('rating-review/views/detail.njk', { view, pageTitle: view.pageTitle });
    }
    throw e;
  };

  app.post('/rating-reviews/:id/decision', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form: DecisionForm = { decision: field(request.body, 'decision'), reason: field(request.body, 'reason'), reviewerId: field(request.body, 'reviewerId') };
    const parsed = parseForm(decisionSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await decideGrounds(request.serviceContext(), id, form);
      return reply.redirect(ratingReviewPath(id, '?notice=saved'), 303);
    } catch (e) {
      return rerender(request, reply, id, { decision: form }, e);
    }
  });

  app.post('/rating-reviews/:id/outcome', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form: OutcomeForm = { outcome: field(request.body, 'outcome'), processFailure: field(request.body, 'processFailure'), summary: field(request.body, 'summary'), ratings: Object.fromEntries(REVIEW_SUBJECTS.map((s) => [s, field(request.body, `rating-${s}`)])) };
    const limits = parseForm(outcomeLimits, form);
    try {
      if (!limits.ok) throw new ValidationError(limits.errors);
      await completeReview(request.serviceContext(), id, form);
      return reply.redirect(ratingReviewPath(id, '?notice=saved'), 303);
    } catch (e) {
      return rerender(request, reply, id, { outcome: form }, e);
    }
  });
}
