/**
 * Provider information returns (issue 19): GET|POST /information-returns (list; the regulator
 * requests one), GET /information-returns/:id, POST /information-returns/:id/answers (save as you
 * go), POST /information-returns/:id/submit.
 */
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../services/authorisation.js';
import { ConflictError, ValidationError } from '../../services/errors.js';
import { findReturnRecipient, getReturn, listReturns, requestReturnByRegisterId, saveAnswers, submitReturn, type AnswerSave } from '../../services/provider-portal/information-returns.service.js';
import { field } from '../forms.view-model.js';
import { listPage, RETURN_NOTE_MAX, returnPage } from './information-returns.view-model.js';
import { mergeErrors, pageFormSchema, parseForm, text } from '../form-validation.js';
import { z } from 'zod';
import { informationReturnPath } from '../paths.js';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const noticeQuery = { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } as const;
/** Answers may be long (500 words); the service says what is wrong, so the schema only caps abuse. */
/** Asking for a return: the location's ID and a note within the limit stated under it (the service checks the location exists). */
const requestSchema = z.object({
  locationId: z.string().trim().min(1, { error: 'Enter the CQC location ID or provider ID of the service to ask' }),
  note: text('The note', { max: RETURN_NOTE_MAX }),
});

export async function informationReturnRoutes(app: FastifyInstance): Promise<void> {
  app.get('/information-returns', { schema: { querystring: noticeQuery } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const view = listPage(await listReturns(ctx), user.role === 'provider_user' ? 'organisation' : 'regulator', { locationId: '', note: '' }, [], (request.query as { notice?: string }).notice);
    return reply.view('information-returns/views/list.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/information-returns', { schema: pageFormSchema }, async (request, reply) => {
    const ctx = request.serviceContext();
    const form = { locationId: field(request.body, 'locationId').trim(), note: field(request.body, 'note') };
    try {
      // Every problem at once: the schema's and the ID's (one naming no location or provider), at the ID field.
      const parsed = parseForm(requestSchema, form);
      const recipient = form.locationId ? await findReturnRecipient(ctx, form.locationId) : null;
      const errors = mergeErrors(recipient && 'problem' in recipient ? [recipient.problem] : [], parsed.errors.map((x) => (x.field === 'locationId' ? { ...x, field: 'organisationId' } : x)));
      if (errors.length) throw new ValidationError(errors);
      const created = await requestReturnByRegisterId(ctx, { registerId: form.locationId, note: form.note });
      return reply.redirect(informationReturnPath(created.id, '?notice=requested'), 303);
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors = e instanceof ValidationError ? e.fields : [{ field: 'organisationId', message: e.message }];
        const view = listPage(await listReturns(ctx), 'regulator', form, errors);
        return reply.code(e.status).view('information-returns/views/list.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });

  app.get('/information-returns/:id', { schema: { params: idParams, querystring: noticeQuery } }, async (request, reply) => {
    const v = await getReturn(request.serviceContext(), (request.params as { id: string }).id);
    const view = returnPage(v, null, [], (request.query as { notice?: string }).notice);
    return reply.view('information-returns/views/return.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/information-returns/:id/answers', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const { id } = request.params as { id: string };
    const body = (request.body ?? {}) as Record<string, string>;
    const saves: AnswerSave[] = [];
    const typed: Record<string, string> = {};
    for (const k of Object.keys(body)) {
      const m = /^version-([a-z0-9_]+)$/.exec(k);
      if (!m) continue;
      const q = m[1]!;
      const value = field(body, `answer-${q}`);
      typed[q] = value;
      // Only answers this person changed are saved, so a colleague's other answers are never touched.
      if (value.trim() !== field(body, `original-${q}`).trim()) saves.push({ questionId: q, value, baseVersion: Number(field(body, k)) || 0 });
    }
    try {
      const outcome = await saveAnswers(ctx, id, saves);
      if (outcome.conflicts.length) {
        const view = returnPage(await getReturn(ctx, id), typed, [], undefined, outcome);
        return reply.code(409).view('information-returns/views/return.njk', { view, pageTitle: view.pageTitle });
      }
      if (field(body, 'then') === 'submit') {
        await submitReturn(ctx, id);
        return reply.redirect(informationReturnPath(id, '?notice=submitted'), 303);
      }
      return reply.redirect(informationReturnPath(id, '?notice=saved'), 303);
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const errors = e instanceof ValidationError ? e.fields : [{ field: 'answers', message: e.message }];
        const view = returnPage(await getReturn(ctx, id), typed, errors);
        return reply.code(e.status).view('information-returns/views/return.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });
}
