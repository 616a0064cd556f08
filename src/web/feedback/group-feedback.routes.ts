/**
 * A patient participation group's private link (ADR 0007), no account needed, working without
 * JavaScript: GET|POST /group-feedback (ask for the link by the group's email address),
 * GET /group-feedback/:token (the group's feedback and what became of it),
 * POST /group-feedback/:token/stop (the group stops its link).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ValidationError } from '../../services/errors.js';
import { groupFeedbackByLink } from '../../services/feedback/group-feedback.service.js';
import { requestGroupLink, stopGroupLink } from '../../services/feedback/group-feedback-links.service.js';
import { field } from '../forms.view-model.js';
import { z } from 'zod';
import { pageFormSchema, parseForm } from '../form-validation.js';
import type { FieldError } from '../../services/errors.js';
import { groupFeedbackPage, linkNotWorkingPage, linkSentPage, requestLinkPage } from './group-feedback.view-model.js';

const tokenParams = { type: 'object', properties: { token: { type: 'string', maxLength: 64 } }, required: ['token'] } as const;

/** The link is a secret: never cached, never sent on as a referrer, never indexed. */
function privately(reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').header('X-Robots-Tag', 'noindex');
}

/** A group's email address, checked at the edge. */
const linkRequestSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, { error: 'Enter your group’s email address' })
    .refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= 254, { error: 'Enter an email address in the correct format, like ppg@example.com' }),
});

export async function groupFeedbackRoutes(app: FastifyInstance): Promise<void> {
  app.get('/group-feedback', async (_request, reply) => {
    const view = requestLinkPage('', []);
    return reply.view('feedback/views/group-link-request.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/group-feedback', { schema: pageFormSchema }, async (request, reply) => {
    const email = field(request.body, 'email');
    const show = (errors: FieldError[]) => {
      const view = requestLinkPage(email, errors);
      return reply.code(400).view('feedback/views/group-link-request.njk', { view, pageTitle: view.pageTitle });
    };
    const parsed = parseForm(linkRequestSchema, { email });
    if (!parsed.ok) return show(parsed.errors);
    try {
      await requestGroupLink(request.serviceContext(), email);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return show(e.fields);
    }
    const view = linkSentPage(email.trim());
    return privately(reply).view('feedback/views/group-link-sent.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/group-feedback/:token', { schema: { params: tokenParams } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const found = await groupFeedbackByLink(request.serviceContext(), token);
    if (!found) {
      const view = linkNotWorkingPage(false);
      return privately(reply).code(404).view('feedback/views/group-link-not-working.njk', { view, pageTitle: view.pageTitle });
    }
    const view = groupFeedbackPage(found, `/group-feedback/${encodeURIComponent(token)}/stop`);
    return privately(reply).view('feedback/views/group-feedback.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/group-feedback/:token/stop', { schema: { params: tokenParams, ...pageFormSchema } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const stopped = await stopGroupLink(request.serviceContext(), token);
    const view = linkNotWorkingPage(stopped);
    return privately(reply).code(stopped ? 200 : 404).view('feedback/views/group-link-not-working.njk', { view, pageTitle: view.pageTitle });
  });
}
