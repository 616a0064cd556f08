/**
 * Organisations taking part in an inspection (issue 15): GET /inspections/:id/participants,
 * GET …/participants/find (search by name, postcode or code; works without JavaScript),
 * GET …/participants/add, POST …/participants, POST …/participants/:organisationId/remove,
 * GET|POST …/participants/new-organisation (an organisation with no code, with a duplicate warning).
 */
import type { FastifyInstance } from 'fastify';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { addParticipant, createOrganisationForInspection, findOrganisationsToAdd, newOrganisationProblems, getOrganisationToAdd, listParticipants, NEW_ORGANISATION_KINDS, PossibleDuplicateError, removeParticipant } from '../../services/inspections/participants.service.js';
import { PARTICIPANT_CAPACITIES } from '../../data/tables/participants.tables.js';
import { ValidationError } from '../../services/errors.js';
import { field } from '../forms.view-model.js';
import { choice, mergeErrors, pageFormSchema, parseForm, text } from '../form-validation.js';
import { z } from 'zod';
import { inspectionPath } from '../paths.js';
import { assertUuids, pageErrors, statusFor } from './page-errors.js';
import { addParticipantPage, findParticipantPage, NEW_ORGANISATION_LIMITS, newOrganisationPage, participantsPage, type NewOrganisationForm } from './participants.view-model.js';

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

const capacityChoice = choice(PARTICIPANT_CAPACITIES, 'Select how the organisation takes part');

/** Adding an organisation: how it takes part (the service checks again, and that the organisation exists). */
const addParticipantSchema = z.object({ organisationId: z.string().trim().min(1, { error: 'Choose an organisation' }), capacity: capacityChoice });

/** A new organisation for the inspection, checked at the edge; the service checks again and looks for duplicates. */
const newOrganisationSchema = z.object({
  name: text('The organisation’s name', { max: NEW_ORGANISATION_LIMITS.name, required: 'Enter the organisation’s name' }),
  kind: choice(NEW_ORGANISATION_KINDS, 'Select what kind of organisation it is'),
  town: text('Town', { max: NEW_ORGANISATION_LIMITS.town }),
  postcode: z.string().trim().max(10, { error: 'Enter a real postcode, like LU1 2BQ, or leave it empty' }),
  localAuthorityCode: z.string().trim().max(9, { error: 'Enter a local authority code like E06000032, or leave it empty' }),
  capacity: capacityChoice,
});

export async function participantsPageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/inspections/:id/participants', { schema: { params: idParams, querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } }, async (request, reply) => {
    assertUuids(request.params);
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const [detail, view] = await Promise.all([getInspection(ctx, id), listParticipants(ctx, id)]);
    return reply.view('inspections/views/participants.njk', participantsPage(detail, view, (request.query as { notice?: string }).notice));
  });

  app.get('/inspections/:id/participants/find', { schema: { params: idParams, querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, page: { type: 'string', maxLength: 6 } } } } }, async (request, reply) => {
    assertUuids(request.params);
    const { id } = request.params as { id: string };
    const query = request.query as { q?: string; page?: string };
    const q = (query.q ?? '').slice(0, 100);
    const page = Math.min(500, Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1));
    const ctx = request.serviceContext();
    const detail = await getInspection(ctx, id);
    const result = q.trim().length >= 2 ? await findOrganisationsToAdd(ctx, id, q, page) : (await findOrganisationsToAdd(ctx, id, '', 1), null);
    return reply.view('inspections/views/participant-find.njk', findParticipantPage(detail, q, page, result));
  });

  app.get('/inspections/:id/participants/add', { schema: { params: idParams, querystring: { type: 'object', properties: { organisationId: { type: 'string', maxLength: 64 } } } } }, async (request, reply) => {
    assertUuids(request.params);
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const { organisation } = await getOrganisationToAdd(ctx, id, (request.query as { organisationId?: string }).organisationId ?? '');
    const detail = await getInspection(ctx, id);
    return reply.view('inspections/views/participant-add.njk', addParticipantPage(detail, organisation, ''));
  });

  app.post('/inspections/:id/participants', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    assertUuids(request.params);
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const organisationId = field(request.body, 'organisationId');
    const capacity = field(request.body, 'capacity');
    const parsed = parseForm(addParticipantSchema, { organisationId, capacity });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await addParticipant(ctx, id, parsed.value);
    } catch (e) {
      const errors = pageErrors(e, 'capacity');
      const { organisation } = await getOrganisationToAdd(ctx, id, organisationId);
      const detail = await getInspection(ctx, id);
      return reply.code(statusFor(e)).view('inspections/views/participant-add.njk', addParticipantPage(detail, organisation, capacity, errors));
    }
    return reply.redirect(`${inspectionPath(id, '/participants')}?notice=added`, 303);
  });

  app.post('/inspections/:id/participants/:organisationId/remove', { schema: pageFormSchema }, async (request, reply) => {
    assertUuids(request.params);
    const { id, organisationId } = request.params as { id: string; organisationId: string };
    await removeParticipant(request.serviceContext(), id, organisationId);
    return reply.redirect(`${inspectionPath(id, '/participants')}?notice=removed`, 303);
  });

  const emptyForm: NewOrganisationForm = { name: '', kind: '', town: '', postcode: '', localAuthorityCode: '', capacity: '' };
  app.get('/inspections/:id/participants/new-organisation', { schema: { params: idParams, querystring: { type: 'object', properties: { name: { type: 'string', maxLength: 200 } } } } }, async (request, reply) => {
    assertUuids(request.params);
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const detail = await getInspection(ctx, id);
    await findOrganisationsToAdd(ctx, id, '', 1); // the same permission as adding
    return reply.view('inspections/views/participant-new.njk', newOrganisationPage(detail, { ...emptyForm, name: (request.query as { name?: string }).name ?? '' }));
  });

  app.post('/inspections/:id/participants/new-organisation', { schema: { params: idParams, ...pageFormSchema } }, async (request, reply) => {
    assertUuids(request.params);
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const form: NewOrganisationForm = { name: field(request.body, 'name'), kind: field(request.body, 'kind'), town: field(request.body, 'town'), postcode: field(request.body, 'postcode'), localAuthorityCode: field(request.body, 'localAuthorityCode'), capacity: field(request.body, 'capacity') };
    const confirmNotDuplicate = field(request.body, 'confirmNotDuplicate') === 'yes';
    const duplicateError = (similar: { name: string }[]) => ({ field: 'confirmNotDuplicate', message: `An organisation with a similar name is already held (${similar.map((s) => s.name).join('; ')}): add it instead, or confirm this is a different organisation` });
    const parsed = parseForm(newOrganisationSchema, form);
    if (!parsed.ok) {
      // Every problem at once: the schema's, the service's (a postcode or code in the wrong form) and
      // any organisation already held with a similar name.
      const problems = await newOrganisationProblems(ctx, id, { ...form, confirmNotDuplicate });
      const errors = mergeErrors(parsed.errors, problems.errors, problems.similar.length ? [duplicateError(problems.similar)] : []);
      const detail = await getInspection(ctx, id);
      return reply.code(400).view('inspections/views/participant-new.njk', newOrganisationPage(detail, form, { errors, ...(problems.similar.length ? { similar: problems.similar } : {}) }));
    }
    try {
      await createOrganisationForInspection(ctx, id, { ...parsed.value, confirmNotDuplicate });
    } catch (e) {
      const detail = await getInspection(ctx, id);
      if (e instanceof PossibleDuplicateError) {
        return reply.code(409).view('inspections/views/participant-new.njk', newOrganisationPage(detail, form, { errors: [duplicateError(e.similar)], similar: e.similar }));
      }
      return reply.code(statusFor(e)).view('inspections/views/participant-new.njk', newOrganisationPage(detail, form, { errors: pageErrors(e, 'name') }));
    }
    return reply.redirect(`${inspectionPath(id, '/participants')}?notice=created`, 303);
  });
}
