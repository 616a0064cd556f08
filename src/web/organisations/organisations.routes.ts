/**
 * Organisations and their people.
 * GET /organisation (your own), GET /organisations/:id, GET|POST /organisations/:id/invite,
 * GET /organisations/:id/people/:userId, POST …/remove, …/restore, …/admin, …/resend.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findOrganisationById } from '../../data/repositories/organisation.repository.js';
import { requireUser } from '../../services/authorisation.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../services/errors.js';
import { getMyOrganisationView, getOrganisationView } from '../../services/organisations.service.js';
import { addPerson, newPersonProblems, canManagePeople, canViewOrganisation, getColleague, removePerson, resendInvitation, restorePerson, setOrgAdmin, setRegisteredCapacity } from '../../services/users.service.js';
import { field } from '../forms.view-model.js';
import { mergeErrors, pageFormSchema, parseForm } from '../form-validation.js';
import { personSchema } from '../person-form.schema.js';
import { invitePage, organisationPage, personPage, type InviteForm } from './organisations.view-model.js';
import { personPath } from '../paths.js';

const idParams = {
  params: {
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, userId: { type: 'string', format: 'uuid' } },
    required: ['id'],
  },
} as const;


export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  // A malformed id is a page that does not exist.
  app.addHook('preValidation', async (request) => {
    const params = request.params as { id?: string; userId?: string };
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if ((params.id !== undefined && !uuid.test(params.id)) || (params.userId !== undefined && !uuid.test(params.userId))) throw new NotFoundError();
  });

  app.get('/organisation', async (request, reply) => {
    const ctx = request.serviceContext();
    const view = await getMyOrganisationView(ctx);
    return reply.view('organisations/views/organisation.njk', organisationPage(view, null, (o) => canViewOrganisation(ctx, o)));
  });

  app.get('/organisations/:id', { schema: idParams }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const view = await getOrganisationView(ctx, id);
    return reply.view('organisations/views/organisation.njk', organisationPage(view, null, (o) => canViewOrganisation(ctx, o)));
  });

  const manageableOrganisation = async (request: FastifyRequest) => {
    const ctx = request.serviceContext();
    requireUser(ctx);
    const { id } = request.params as { id: string };
    const organisation = await findOrganisationById(ctx.db, id);
    if (!organisation || !canViewOrganisation(ctx, organisation) || !canManagePeople(ctx, organisation)) throw new NotFoundError();
    return organisation;
  };

  app.get('/organisations/:id/invite', { schema: idParams }, async (request, reply) => {
    const organisation = await manageableOrganisation(request);
    const empty: InviteForm = { name: '', email: '', jobTitle: '', role: '', isOrgAdmin: false };
    return reply.view('organisations/views/invite.njk', invitePage(organisation, empty));
  });

  app.post('/organisations/:id/invite', { schema: { ...idParams, ...pageFormSchema } }, async (request, reply) => {
    const organisation = await manageableOrganisation(request);
    const form: InviteForm = {
      name: field(request.body, 'name'),
      email: field(request.body, 'email'),
      jobTitle: field(request.body, 'jobTitle'),
      role: field(request.body, 'role'),
      isOrgAdmin: field(request.body, 'isOrgAdmin') === 'yes',
    };
    const show = (errors: FieldError[]) => reply.code(400).view('organisations/views/invite.njk', invitePage(organisation, form, errors));
    const parsed = parseForm(personSchema, form);
    // Every problem at once: the schema's and the service's (the role, an address already in use).
    if (!parsed.ok) return show(mergeErrors(parsed.errors, await newPersonProblems(request.serviceContext(), { organisationId: organisation.id, ...form })));
    try {
      const { user } = await addPerson(request.serviceContext(), { organisationId: organisation.id, ...form });
      return reply.redirect(`${personPath(organisation.id, user.id)}?notice=invited`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return show(e.fields);
      throw e;
    }
  });

  const showPerson = async (request: FastifyRequest, reply: FastifyReply, opts: { notice?: string; error?: string; status?: number } = {}) => {
    const { id, userId } = request.params as { id: string; userId: string };
    const ctx = request.serviceContext();
    const colleague = await getColleague(ctx, id, userId);
    const isSelf = ctx.actor.kind === 'user' && ctx.actor.user.id === userId;
    return reply
      .code(opts.status ?? 200)
      .view('organisations/views/person.njk', personPage({ ...colleague, isSelf, notice: opts.notice, errors: opts.error ? [{ field: 'action', message: opts.error }] : [] }));
  };

  app.get('/organisations/:id/people/:userId', { schema: { ...idParams, querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } }, async (request, reply) =>
    showPerson(request, reply, { notice: (request.query as { notice?: string }).notice }),
  );

  const action = (name: string, run: (request: FastifyRequest, id: string, userId: string) => Promise<string>) =>
    app.post(`/organisations/:id/people/:userId/${name}`, { schema: { ...idParams, ...pageFormSchema } }, async (request, reply) => {
      const { id, userId } = request.params as { id: string; userId: string };
      try {
        const notice = await run(request, id, userId);
        const ctx = request.serviceContext();
        // Someone who removed their own access is signed out: send them to the start page.
        if (notice === 'removed' && ctx.actor.kind === 'user' && ctx.actor.user.id === userId) return reply.redirect('/', 303);
        return reply.redirect(`${personPath(id, userId)}?notice=${notice}`, 303);
      } catch (e) {
        if (e instanceof ConflictError) return showPerson(request, reply, { error: e.message, status: 409 });
        throw e;
      }
    });

  action('remove', async (request, id, userId) => {
    await removePerson(request.serviceContext(), id, userId);
    return 'removed';
  });
  action('restore', async (request, id, userId) => {
    await restorePerson(request.serviceContext(), id, userId);
    return 'restored';
  });
  action('resend', async (request, id, userId) => {
    await resendInvitation(request.serviceContext(), id, userId);
    return 'resent';
  });
  action('capacity', async (request, id, userId) => {
    // value: "<capacity>:yes" or "<capacity>:no" (one button each).
    const [capacity = '', held = ''] = field(request.body, 'value').split(':');
    await setRegisteredCapacity(request.serviceContext(), id, userId, capacity, held === 'yes');
    return held === 'yes' ? `capacity-${capacity}` : 'capacity-ended';
  });
  action('admin', async (request, id, userId) => {
    const grant = field(request.body, 'value') === 'grant';
    await setOrgAdmin(request.serviceContext(), id, userId, grant);
    return grant ? 'admin-granted' : 'admin-revoked';
  });
}
