/**
 * Statutory notifications (issue 19): GET /notifications (the organisation's history, or the
 * regulator's triage queue), GET /notifications/new (choose), GET|POST /notifications/new/:type
 * (the form), GET /notifications/:id (receipt, status; triage for the regulator),
 * POST /notifications/:id/triage.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notificationType } from '../../domain/notifications/notification-types.data.js';
import { ConflictError, NotFoundError, ValidationError } from '../../services/errors.js';
import { notificationGaps } from '../../services/provider-portal/notification-monitoring.js';
import { requireActsFor, requireOrganisationUser } from '../../services/provider-portal/portal-access.js';
import { getNotification, listOrganisationNotifications, listTriageQueue, notificationFormChoices, submitNotification, triageNotification } from '../../services/provider-portal/statutory-notifications.service.js';
import { requireUser } from '../../services/authorisation.js';
import { field } from '../forms.view-model.js';
import { choice, dateParts, govukDate, pageFormSchema, parseForm, text, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { NOTIFICATION_OUTCOMES } from '../../data/tables/provider-portal.tables.js';
import type { FieldError } from '../../services/errors.js';
import { z } from 'zod';
import { choosePage, detailPage, formPage, listPage, type FormValues, type TriageForm } from './notifications.view-model.js';
import { notificationPath } from '../paths.js';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;
const typeParams = { type: 'object', properties: { type: { type: 'string', maxLength: 64 } }, required: ['type'] } as const;
const q = (request: FastifyRequest, k: string) => {
  const v = (request.query as Record<string, unknown>)[k];
  return typeof v === 'string' ? v : '';
};

/**
 * The form as typed. Dates come from GOV.UK date inputs: each is checked here with the date
 * pattern's messages ("Date of death must include a month"), its parts kept for the page; one that
 * is not a real date reaches the service as 'invalid', so it is always refused there too.
 */
function readForm(body: unknown, typeId: string): { values: FormValues; dates: Record<string, DateParts>; dateErrors: FieldError[] } {
  const type = notificationType(typeId);
  const values: FormValues = {};
  const dates: Record<string, DateParts> = {};
  const dateErrors: FieldError[] = [];
  for (const k of ['personReference', 'personAgeBand', 'personInitials']) values[k] = field(body, k);
  for (const f of type?.fields ?? []) {
    if (f.kind === 'date') {
      dates[f.name] = dateParts(body, f.name);
      const parsed = parseForm(z.object({ [f.name]: govukDate(f.name, f.label, {}) }), { [f.name]: dates[f.name] });
      values[f.name] = parsed.ok ? (parsed.value[f.name] ?? '') : 'invalid';
      if (!parsed.ok) dateErrors.push(...parsed.errors);
    } else if (f.kind === 'multi') {
      const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[f.name] : undefined;
      values[f.name] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
    } else values[f.name] = field(body, f.name);
  }
  return { values, dates, dateErrors };
}

/** The service's problems, with the date pattern's own message in place of its message for a date that is not real. */
function withDateErrors(serviceErrors: readonly FieldError[], dateErrors: readonly FieldError[]): FieldError[] {
  const named = new Set(dateErrors.map((e) => e.field.replace(/-(day|month|year)$/, '')));
  return [...serviceErrors.filter((e) => !named.has(e.field)), ...dateErrors];
}

/** Triage, checked at the edge: what is happening, what was done, the note (limit stated under it) and the inspection an outcome needs. */
const triageSchema = z
  .object({
    status: choice(['in_review', 'closed'], 'Select what is happening with this notification'),
    outcome: z.union([z.literal(''), choice(NOTIFICATION_OUTCOMES, 'Select what you did from the list')]),
    note: text('What you did', { max: TEXT_LIMITS.long, required: 'Enter what you did and why' }),
    inspectionId: z.string(),
    ownerId: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'closed' && !v.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Select what you did before you close the notification' });
    if (v.outcome === 'inspection_evidence' && !v.inspectionId) ctx.addIssue({ code: 'custom', path: ['inspectionId'], message: 'Select the inspection this notification is evidence for' });
  });

export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  app.get('/notifications', { schema: { querystring: { type: 'object', properties: { status: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireUser(ctx);
    const status = q(request, 'status');
    if (user.role === 'provider_user') {
      const view = listPage(await listOrganisationNotifications(ctx), 'organisation', '', null);
      return reply.view('notifications/views/list.njk', { view, pageTitle: view.pageTitle });
    }
    const rows = await listTriageQueue(ctx, { status: status === 'mine' ? '' : status, mine: status === 'mine' });
    const view = listPage(rows, 'regulator', status, await notificationGaps(ctx));
    return reply.view('notifications/views/list.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/notifications/new', { schema: { querystring: { type: 'object', properties: { organisationId: { type: 'string', maxLength: 64 }, type: { type: 'string', maxLength: 64 }, chosen: { type: 'string', maxLength: 4 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const { organisations, types } = await notificationFormChoices(ctx);
    const values = { organisationId: q(request, 'organisationId') || (organisations.length === 1 ? organisations[0]!.id : ''), type: q(request, 'type') };
    if (q(request, 'chosen') === 'yes') {
      const errors = [];
      if (!organisations.some((o) => o.id === values.organisationId)) errors.push({ field: 'organisationId', message: 'Select the service the notification is about' });
      if (!types.some((t) => t.id === values.type)) errors.push({ field: 'type', message: 'Select what you are telling us about' });
      if (!errors.length) return reply.redirect(`/notifications/new/${values.type}?organisationId=${values.organisationId}`, 303);
      const view = choosePage(organisations, types, values, errors);
      return reply.code(400).view('notifications/views/choose.njk', { view, pageTitle: view.pageTitle });
    }
    const view = choosePage(organisations, types, values, []);
    return reply.view('notifications/views/choose.njk', { view, pageTitle: view.pageTitle });
  });

  app.get('/notifications/new/:type', { schema: { params: typeParams, querystring: { type: 'object', properties: { organisationId: { type: 'string', maxLength: 64 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireOrganisationUser(ctx, 'notifications.submit');
    const type = notificationType((request.params as { type: string }).type);
    if (!type) throw new NotFoundError();
    const org = await requireActsFor(ctx.db, user, q(request, 'organisationId'));
    const view = formPage(type, org, {}, []);
    return reply.view('notifications/views/form.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/notifications/new/:type', { schema: { params: typeParams, querystring: { type: 'object', properties: { organisationId: { type: 'string', maxLength: 64 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const user = requireOrganisationUser(ctx, 'notifications.submit');
    const type = notificationType((request.params as { type: string }).type);
    if (!type) throw new NotFoundError();
    const org = await requireActsFor(ctx.db, user, q(request, 'organisationId'));
    const { values, dates, dateErrors } = readForm(request.body, type.id);
    try {
      const sent = await submitNotification(ctx, { organisationId: org.id, type: type.id, values, channel: 'web' });
      return reply.redirect(notificationPath(sent.id, '?notice=sent'), 303);
    } catch (e) {
      if (e instanceof ValidationError) {
        const view = formPage(type, org, values, withDateErrors(e.fields, dateErrors), dates);
        return reply.code(400).view('notifications/views/form.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });

  app.get('/notifications/:id', { schema: { params: idParams, querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const detail = await getNotification(request.serviceContext(), id);
    const view = detailPage(detail, null, [], q(request, 'notice'));
    return reply.view('notifications/views/detail.njk', { view, pageTitle: view.pageTitle });
  });

  app.post('/notifications/:id/triage', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const form: TriageForm = { status: field(request.body, 'status'), outcome: field(request.body, 'outcome'), note: field(request.body, 'note'), inspectionId: field(request.body, 'inspectionId'), ownerId: field(request.body, 'ownerId') };
    const parsed = parseForm(triageSchema, form);
    if (!parsed.ok) {
      const view = detailPage(await getNotification(ctx, id), form, parsed.errors);
      return reply.code(400).view('notifications/views/detail.njk', { view, pageTitle: view.pageTitle });
    }
    try {
      await triageNotification(ctx, id, form);
      return reply.redirect(notificationPath(id, '?notice=saved'), 303);
    } catch (e) {
      if (e instanceof ValidationError || e instanceof ConflictError) {
        const detail = await getNotification(ctx, id);
        const errors = e instanceof ValidationError ? e.fields : [{ field: 'status', message: e.message }];
        const view = detailPage(detail, form, errors);
        return reply.code(e.status).view('notifications/views/detail.njk', { view, pageTitle: view.pageTitle });
      }
      throw e;
    }
  });
}
