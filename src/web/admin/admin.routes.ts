/**
 * Administration, for the administrator role only (anyone else: page not found).
 * GET /admin/users, GET|POST /admin/users/new, GET /admin/audit, GET /admin/outbox, GET /admin/outbox/:id,
 * GET /admin/jobs, POST /admin/jobs/:id/retry (jobs.routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { findOrganisationByAnyId } from '../../data/repositories/organisation.repository.js';
import { USER_STATUSES, type UserStatus } from '../../data/tables/foundation.tables.js';
import { ROLES, type Role } from '../../domain/vocabulary/roles.js';
import { AUDIT_PAGE_SIZE, listAuditEvents, type AuditFilter } from '../../services/audit.service.js';
import { requireAllowed } from '../../services/access.js';
import { ValidationError, type FieldError } from '../../services/errors.js';
import { getOutboxEmail, listOutbox, OUTBOX_PAGE_SIZE } from '../../services/mail.service.js';
import { addPerson, newPersonProblems, searchUsersAsAdministrator, USERS_PAGE_SIZE } from '../../services/users.service.js';
import { field } from '../forms.view-model.js';
import { adminPersonSchema } from '../person-form.schema.js';
import { dateParts, govukDate, isoDateParts, mergeErrors, pageFormSchema, parseForm, type DateParts } from '../form-validation.js';
import { z } from 'zod';
import { personPath } from '../paths.js';
import { jobsRoutes } from './jobs.routes.js';
import { auditPage, newUserPage, outboxEmailPage, outboxPage, usersPage, type NewUserForm, type UsersQuery } from './admin.view-model.js';

const stringQuery = (...names: string[]) => ({
  querystring: { type: 'object', properties: Object.fromEntries([...names, 'page'].map((n) => [n, { type: 'string', maxLength: 200 }])) },
});

/** The audit filter's dates: GOV.UK date inputs, both optional. */
const auditDatesSchema = z.object({ from: govukDate('from', 'From date', {}), to: govukDate('to', 'To date', {}) });

/**
 * A date of the audit filter as typed (from-day, from-month, from-year); an address with
 * from=YYYY-MM-DD (a page link or a bookmark) is read as the same date.
 */
function auditDateParts(q: Record<string, string | undefined>, name: 'from' | 'to'): DateParts {
  const typed = dateParts(q, name);
  const whole = q[name]?.trim();
  if (typed.day || typed.month || typed.year || !whole) return typed;
  const iso = isoDateParts(whole);
  return iso.year ? iso : { day: whole, month: '', year: '' };
}

function pageNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export async function adminRoutes(app: FastifyInstance, opts: { config: Config }): Promise<void> {
  await app.register(jobsRoutes);
  app.get('/admin/users', { schema: stringQuery('q', 'role', 'status') }, async (request, reply) => {
    const query = request.query as UsersQuery;
    const page = pageNumber(query.page);
    const result = await searchUsersAsAdministrator(
      request.serviceContext(),
      {
        text: query.q?.trim() || undefined,
        role: ROLES.includes(query.role as Role) ? (query.role as Role) : undefined,
        status: USER_STATUSES.includes(query.status as UserStatus) ? (query.status as UserStatus) : undefined,
      },
      page,
    );
    return reply.view('admin/views/users.njk', usersPage(query, page, result, USERS_PAGE_SIZE));
  });

  const emptyUser: NewUserForm = { organisation: '', name: '', email: '', jobTitle: '', role: '', isOrgAdmin: false };

  app.get('/admin/users/new', async (request, reply) => {
    requireAllowed(request.serviceContext(), 'users.administer');
    return reply.view('admin/views/new-user.njk', newUserPage(emptyUser));
  });

  app.post('/admin/users/new', { schema: pageFormSchema }, async (request, reply) => {
    const ctx = request.serviceContext();
    requireAllowed(ctx, 'users.administer');
    const form: NewUserForm = {
      organisation: field(request.body, 'organisation'),
      name: field(request.body, 'name'),
      email: field(request.body, 'email'),
      jobTitle: field(request.body, 'jobTitle'),
      role: field(request.body, 'role'),
      isOrgAdmin: field(request.body, 'isOrgAdmin') === 'yes',
    };
    const organisation = form.organisation.trim() ? await findOrganisationByAnyId(ctx.db, form.organisation.trim()) : undefined;
    const parsed = parseForm(adminPersonSchema, form);
    const unknownOrganisation = form.organisation.trim() && !organisation ? [{ field: 'organisation', message: `No organisation has the ID ${form.organisation.trim()}` }] : [];
    const show = (errors: FieldError[]) => reply.code(400).view('admin/views/new-user.njk', newUserPage(form, errors));
    if (!parsed.ok || !organisation) {
      // Every problem at once: the schema's, an unknown organisation, and the service's (the role for
      // the organisation, an address already in use).
      const input = { organisationId: organisation?.id ?? '', ...form, role: form.role || undefined };
      return show(mergeErrors(unknownOrganisation, parsed.errors, await newPersonProblems(ctx, input)));
    }
    try {
      const { user } = await addPerson(ctx, { organisationId: organisation.id, ...form, role: form.role || undefined });
      return reply.redirect(`${personPath(organisation.id, user.id)}?notice=invited`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return show(e.fields);
      throw e;
    }
  });

  app.get('/admin/audit', { schema: stringQuery('action', 'subjectType', 'subjectId', 'actor', 'from', 'to', ...['from', 'to'].flatMap((n) => [`${n}-day`, `${n}-month`, `${n}-year`])) }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const dates = { from: auditDateParts(q, 'from'), to: auditDateParts(q, 'to') };
    const parsed = parseForm(auditDatesSchema, dates);
    const range = parsed.ok ? parsed.value : { from: '', to: '' };
    const errors = parsed.ok && range.from && range.to && range.from > range.to ? [{ field: 'to-day', message: 'To date must be the same as or after the from date' }] : parsed.errors;
    const filter: AuditFilter = {
      action: q['action']?.trim() || undefined,
      subjectType: q['subjectType']?.trim() || undefined,
      subjectId: q['subjectId']?.trim() || undefined,
      actor: q['actor']?.trim() || undefined,
      from: (!errors.length && range.from) || undefined,
      to: (!errors.length && range.to) || undefined,
    };
    const page = pageNumber(q['page']);
    const result = await listAuditEvents(request.serviceContext(), filter, page);
    return reply.code(errors.length ? 400 : 200).view('admin/views/audit.njk', auditPage(filter, page, result, AUDIT_PAGE_SIZE, errors, dates));
  });

  app.get('/admin/outbox', { schema: stringQuery() }, async (request, reply) => {
    const page = pageNumber((request.query as { page?: string }).page);
    const result = await listOutbox(request.serviceContext(), page);
    return reply.view('admin/views/outbox.njk', outboxPage(page, result, OUTBOX_PAGE_SIZE));
  });

  app.get('/admin/outbox/:id', { schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 20 } } } } }, async (request, reply) => {
    const email = await getOutboxEmail(request.serviceContext(), (request.params as { id: string }).id);
    return reply.view('admin/views/outbox-email.njk', outboxEmailPage(email, opts.config.baseUrl));
  });
}
