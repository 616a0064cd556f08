import type { FastifyInstance } from 'fastify';
import { addVisits, getProgramme, recordMeeting, removeVisit, updateVisit, type MeetingInput, type VisitInput } from '../../services/inspections/programme.service.js';
import { apiSchema, idParams, meetingBody, visitChangesBody, visitsBody } from './schemas.js';

const tags = ['programme'];

export async function programmeRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/inspections/:id/programme', { schema: apiSchema({ summary: 'The programme: visits, a day-by-day week view and meetings', tags, params: idParams }) }, async (request) =>
    getProgramme(request.serviceContext(), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { visits: VisitInput[] } }>(
    '/inspections/:id/visits',
    { schema: apiSchema({ summary: 'Add visits to the programme (inspection team)', tags, params: idParams, body: visitsBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await addVisits(request.serviceContext(), request.params.id, request.body.visits)),
  );

  app.patch<{ Params: { id: string }; Body: Partial<VisitInput> }>('/visits/:id', { schema: apiSchema({ summary: 'Change a visit', tags, params: idParams, body: visitChangesBody }) }, async (request) =>
    updateVisit(request.serviceContext(), request.params.id, request.body),
  );

  app.delete<{ Params: { id: string } }>('/visits/:id', { schema: apiSchema({ summary: 'Remove a visit', tags, params: idParams }) }, async (request) => removeVisit(request.serviceContext(), request.params.id));

  app.post<{ Params: { id: string }; Body: MeetingInput }>(
    '/inspections/:id/meetings',
    { schema: apiSchema({ summary: 'Record a meeting and its attendees (the opening meeting can agree the programme)', tags, params: idParams, body: meetingBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await recordMeeting(request.serviceContext(), request.params.id, request.body)),
  );
}
