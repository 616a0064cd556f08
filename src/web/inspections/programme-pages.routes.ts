/**
 * Programme pages. GET /inspections/:id/programme, GET /inspections/:id/programme/week (printable),
 * GET|POST /inspections/:id/programme/visits/new, GET|POST /inspections/:id/programme/visits/:visitId,
 * POST …/visits/:visitId/remove, GET|POST /inspections/:id/programme/meetings/new.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MeetingKind, VisitActivity } from '../../domain/inspection/inspection-model.js';
import { NotFoundError, ValidationError, type FieldError } from '../../services/errors.js';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { addVisits, getProgramme, recordMeeting, removeVisit, updateVisit, type VisitInput } from '../../services/inspections/programme.service.js';
import { field } from '../forms.view-model.js';
import { mergeErrors, pageFormSchema, parseForm, atDateDay, dateParts, govukDate, isoDateParts, TEXT_LIMITS, text } from '../form-validation.js';
import { z } from 'zod';
import { inspectionPath } from '../paths.js';
import { pageErrors, statusFor } from './page-errors.js';
import { canEditProgramme, londonInstant, meetingPage, parseAttendees, programmePage, visitFormFrom, visitPage, weekPage, type MeetingForm, type VisitForm } from './programme.view-model.js';

const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } as const;

function many(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v ? [v] : [];
}

const visitSchema = {
  body: {
    type: 'object',
    properties: {
      ...Object.fromEntries(['_csrf', 'serviceName', 'organisationId', 'date', 'startTime', 'endTime', 'place', 'notes'].map((f) => [f, { type: 'string', maxLength: 5000 }])),
      inspectorIds: { anyOf: [{ type: 'string', maxLength: 60 }, { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 60 } }] },
      activities: { anyOf: [{ type: 'string', maxLength: 60 }, { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 60 } }] },
    },
  },
} as const;

function readVisit(body: unknown): VisitForm {
  return {
    serviceName: field(body, 'serviceName'),
    organisationId: field(body, 'organisationId'),
    date: dateParts(body, 'date'),
    startTime: field(body, 'startTime'),
    endTime: field(body, 'endTime'),
    place: field(body, 'place'),
    inspectorIds: many(body, 'inspectorIds'),
    activities: many(body, 'activities'),
    notes: field(body, 'notes'),
  };
}

/** The visit's date, checked at the edge with the GOV.UK date pattern (the service checks it is during fieldwork). */
const visitDateSchema = z.object({ date: govukDate('date', 'Date of the visit', { required: 'Enter the date of the visit' }), notes: text('Notes', { max: TEXT_LIMITS.long }) });

/** The meeting's date (GOV.UK date input) and time (as on visits: "09:30"). */
const meetingSchema = z.object({
  date: govukDate('date', 'Date of the meeting', { required: 'Enter the date of the meeting' }),
  time: z.string().trim().regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, { error: 'Enter the time of the meeting, like 09:00' }),
  place: text('Place', { max: TEXT_LIMITS.name }),
  notes: text('Notes', { max: TEXT_LIMITS.long }),
});

function toVisitInput(f: VisitForm, date: string): VisitInput {
  return {
    serviceName: f.serviceName,
    organisationId: f.organisationId || null,
    date,
    startTime: f.startTime,
    endTime: f.endTime,
    place: f.place,
    inspectorIds: f.inspectorIds,
    activities: f.activities as VisitActivity[],
    notes: f.notes.trim() || null,
  };
}

const stripIndex = (errors: FieldError[]) => atDateDay(errors.map((e) => ({ ...e, field: e.field.replace(/^visits\[\d+\]\./, '') })), 'date');

export async function programmePageRoutes(app: FastifyInstance): Promise<void> {
  const editableDetail = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const detail = await getInspection(request.serviceContext(), id);
    if (detail.you.side !== 'regulator') throw new NotFoundError();
    return detail;
  };

  app.get('/inspections/:id/programme', { schema: noticeQuery }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const [detail, programme] = await Promise.all([getInspection(ctx, id), getProgramme(ctx, id)]);
    return reply.view('inspections/views/programme.njk', programmePage(detail, programme, (request.query as { notice?: string }).notice));
  });

  app.get('/inspections/:id/programme/week', async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const [detail, programme] = await Promise.all([getInspection(ctx, id), getProgramme(ctx, id)]);
    return reply.view('inspections/views/programme-week.njk', weekPage(detail, programme));
  });

  const emptyVisit: VisitForm = { serviceName: '', organisationId: '', date: isoDateParts(''), startTime: '', endTime: '', place: '', inspectorIds: [], activities: [], notes: '' };
  app.get('/inspections/:id/programme/visits/new', async (request, reply) => {
    const detail = await editableDetail(request);
    return reply.view('inspections/views/visit.njk', visitPage(detail, { ...emptyVisit, date: isoDateParts(detail.fieldworkStart) }));
  });

  app.post('/inspections/:id/programme/visits/new', { schema: visitSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const form = readVisit(request.body);
    const parsed = parseForm(visitDateSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await addVisits(request.serviceContext(), id, [toVisitInput(form, parsed.value.date)]);
    } catch (e) {
      const detail = await getInspection(request.serviceContext(), id);
      return reply.code(statusFor(e)).view('inspections/views/visit.njk', visitPage(detail, form, { errors: stripIndex(pageErrors(e, 'serviceName')) }));
    }
    return reply.redirect(`${inspectionPath(id, '/programme')}?notice=added`, 303);
  });

  const findVisit = async (request: FastifyRequest) => {
    const { id, visitId } = request.params as { id: string; visitId: string };
    const programme = await getProgramme(request.serviceContext(), id);
    const visit = programme.visits.find((v) => v.id === visitId);
    if (!visit) throw new NotFoundError();
    return visit;
  };

  app.get('/inspections/:id/programme/visits/:visitId', async (request, reply) => {
    const detail = await editableDetail(request);
    const visit = await findVisit(request);
    return reply.view('inspections/views/visit.njk', visitPage(detail, visitFormFrom(visit), { visitId: visit.id }));
  });

  app.post('/inspections/:id/programme/visits/:visitId', { schema: visitSchema }, async (request, reply) => {
    const { id, visitId } = request.params as { id: string; visitId: string };
    await findVisit(request);
    const form = readVisit(request.body);
    const parsed = parseForm(visitDateSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await updateVisit(request.serviceContext(), visitId, toVisitInput(form, parsed.value.date));
    } catch (e) {
      const detail = await getInspection(request.serviceContext(), id);
      return reply.code(statusFor(e)).view('inspections/views/visit.njk', visitPage(detail, form, { visitId, errors: stripIndex(pageErrors(e, 'serviceName')) }));
    }
    return reply.redirect(`${inspectionPath(id, '/programme')}?notice=changed`, 303);
  });

  app.post('/inspections/:id/programme/visits/:visitId/remove', { schema: pageFormSchema }, async (request, reply) => {
    const { id, visitId } = request.params as { id: string; visitId: string };
    await findVisit(request);
    await removeVisit(request.serviceContext(), visitId);
    return reply.redirect(`${inspectionPath(id, '/programme')}?notice=removed`, 303);
  });

  const emptyMeeting: MeetingForm = { kind: 'opening', date: isoDateParts(''), time: '', place: '', attendees: '', notes: '', programmeAgreed: false };
  app.get('/inspections/:id/programme/meetings/new', async (request, reply) => {
    const detail = await editableDetail(request);
    if (!canEditProgramme(detail)) throw new NotFoundError();
    return reply.view('inspections/views/meeting.njk', meetingPage(detail, { ...emptyMeeting, date: isoDateParts(detail.fieldworkStart) }));
  });

  app.post('/inspections/:id/programme/meetings/new', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const b = request.body;
    const form: MeetingForm = {
      kind: field(b, 'kind'),
      date: dateParts(b, 'date'),
      time: field(b, 'time'),
      place: field(b, 'place'),
      attendees: field(b, 'attendees'),
      notes: field(b, 'notes'),
      programmeAgreed: field(b, 'programmeAgreed') === 'yes',
    };
    const parsed = parseForm(meetingSchema, form);
    try {
      const attendees = parseAttendees(form.attendees);
      const bad = attendees.findIndex((a) => !a.name || !a.role);
      const badAttendees = bad >= 0 ? [{ field: 'attendees', message: `Line ${bad + 1} of the attendees needs a name and a role, separated by a comma` }] : [];
      if (!parsed.ok || badAttendees.length) throw new ValidationError(mergeErrors(parsed.ok ? [] : parsed.errors, badAttendees));
      const heldAt = londonInstant(parsed.value.date, parsed.value.time.replace('.', ':').padStart(5, '0'));
      if (!heldAt) throw new ValidationError([{ field: 'time', message: 'Enter the time of the meeting, like 09:00' }]);
      await recordMeeting(request.serviceContext(), id, {
        kind: form.kind as MeetingKind,
        heldAt,
        place: parsed.value.place || null,
        attendees,
        notes: parsed.value.notes || null,
        programmeAgreed: form.programmeAgreed,
      });
    } catch (e) {
      const detail = await getInspection(request.serviceContext(), id);
      const errors = atDateDay(pageErrors(e, 'kind').map((x) => ({ ...x, field: x.field.startsWith('attendees') ? 'attendees' : x.field === 'heldAt' ? 'date' : x.field })), 'date');
      return reply.code(statusFor(e)).view('inspections/views/meeting.njk', meetingPage(detail, form, errors));
    }
    return reply.redirect(`${inspectionPath(id, '/programme')}?notice=meeting`, 303);
  });
}
