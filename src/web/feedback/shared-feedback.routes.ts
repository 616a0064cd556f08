/** The organisation's pages for feedback shared with it (issue 16): GET /shared-feedback, GET|POST /shared-feedback/:id. */
import type { FastifyInstance } from 'fastify';
import { ConflictError, ValidationError } from '../../services/errors.js';
import { getSharedFeedback, listSharedFeedback, respondToFeedback, RESPONSE_MAX, type SharedFeedbackView } from '../../services/feedback/feedback-response.service.js';
import { errorFor, errorSummary, field, pageTitle } from '../forms.view-model.js';
import { characterCount, pageFormSchema, parseForm, text } from '../form-validation.js';
import { z } from 'zod';
import { formatDate } from '../register/register-format.js';
import { sharedFeedbackPath } from '../paths.js';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

function item(f: SharedFeedbackView) {
  return {
    ...f,
    href: sharedFeedbackPath(f.id),
    happenedText: f.happenedPrecision === 'month' ? formatDate(f.happenedOn).replace(/^\d+ /, '') : formatDate(f.happenedOn),
    sharedText: formatDate(f.sharedAt.toISOString()),
    dueText: f.responseDue ? formatDate(f.responseDue) : null,
    respondedText: f.respondedAt ? formatDate(f.respondedAt.toISOString()) : null,
    status: f.response ? { text: 'Answered', classes: 'govuk-tag--green' } : f.overdue ? { text: 'Overdue', classes: 'govuk-tag--red' } : { text: 'To answer', classes: 'govuk-tag--blue' },
  };
}

function itemPage(f: SharedFeedbackView, form: { response: string } | null, errors: { field: string; message: string }[], notice?: string) {
  const it = item(f);
  return {
    summaryRows: [
      { key: { text: 'When it happened' }, value: { text: it.happenedText } },
      { key: { text: 'Shared with you' }, value: { text: it.sharedText } },
      ...(it.dueText ? [{ key: { text: 'Respond by' }, value: { text: it.dueText } }] : []),
      ...(f.fromGroup ? [{ key: { text: 'From' }, value: { text: f.fromGroup } }] : []),
    ],
    pageTitle: pageTitle(`Feedback ${f.reference} – Shared feedback`, errors),
    errorSummary: errorSummary(errors),
    item: it,
    notice: notice === 'sent' ? 'Your response has been sent. The person who gave the feedback can see it.' : null,
    response: characterCount({
      id: 'response',
      name: 'response',
      label: { text: 'Your response', classes: 'govuk-label--m' },
      hint: 'The person who gave the feedback sees this on their status page. Do not include other people’s personal details.',
      max: RESPONSE_MAX,
      value: form?.response ?? '',
      errorMessage: errorFor(errors, 'response'),
    }),
    action: sharedFeedbackPath(f.id),
  };
}

/** A service's response, checked at the edge within the limit stated under it. */
const responseSchema = z.object({ response: text('Your response', { max: RESPONSE_MAX, required: 'Enter your response' }) });

export async function sharedFeedbackRoutes(app: FastifyInstance): Promise<void> {
  app.get('/shared-feedback', async (request, reply) => {
    const rows = (await listSharedFeedback(request.serviceContext())).map(item);
    return reply.view('feedback/views/shared-list.njk', { rows, pageTitle: 'Feedback shared with you' });
  });
  app.get('/shared-feedback/:id', { schema: { params: idParams, querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const view = itemPage(await getSharedFeedback(request.serviceContext(), id), null, [], (request.query as { notice?: string }).notice);
    return reply.view('feedback/views/shared-item.njk', { view, pageTitle: view.pageTitle });
  });
  app.post('/shared-feedback/:id', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const form = { response: field(request.body, 'response') };
    const parsed = parseForm(responseSchema, form);
    if (!parsed.ok) {
      const view = itemPage(await getSharedFeedback(ctx, id), form, parsed.errors);
      return reply.code(400).view('feedback/views/shared-item.njk', { view, pageTitle: view.pageTitle });
    }
    try {
      await respondToFeedback(ctx, id, form);
      return reply.redirect(`/shared-feedback/${id}?notice=sent`, 303);
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors = e instanceof ValidationError ? e.fields : [{ field: 'response', message: e.message }];
        const view = itemPage(await getSharedFeedback(ctx, id), form, errors);
        return reply.code(e.status).view('feedback/views/shared-item.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });
}
