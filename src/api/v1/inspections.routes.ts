import type { FastifyInstance } from 'fastify';
import type { InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { changeInspectionState, type TransitionInput } from '../../services/inspections/inspection-lifecycle.service.js';
import { confirmInspectionTeam, createInspection, getInspection, getTimeline, listInspections, updateInspectionPlan, type PlanChanges, type PlanInput } from '../../services/inspections/inspection-plan.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { inspectionScopeCode, parseKeyQuestions, type InspectionScopeCode, type KeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { apiSchema, createInspectionBody, idParams, listInspectionsQuery, transitionBody, updateInspectionBody } from './schemas.js';

/** The JSON API speaks the inspection record's scope codes ("well_led"); services speak key question ids ("wellLed"). */
type Wire<T extends { keyQuestions?: unknown }> = Omit<T, 'keyQuestions'> & { keyQuestions?: (InspectionScopeCode | KeyQuestion)[] };
function fromWire<T extends { keyQuestions?: unknown }>(body: Wire<T>): T {
  return (body.keyQuestions ? { ...body, keyQuestions: parseKeyQuestions(body.keyQuestions) } : body) as unknown as T;
}
function toWire(d: InspectionDetail): Omit<InspectionDetail, 'keyQuestions'> & { keyQuestions: InspectionScopeCode[] } {
  return { ...d, keyQuestions: d.keyQuestions.map(inspectionScopeCode) };
}

const tags = ['inspections'];

export async function inspectionsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { state?: InspectionState } }>('/inspections', { schema: apiSchema({ summary: 'Inspections you can see', tags, querystring: listInspectionsQuery }) }, async (request) => ({
    inspections: await listInspections(request.serviceContext(), { state: request.query.state }),
  }));

  app.post<{ Body: Wire<PlanInput> }>('/inspections', { schema: apiSchema({ summary: 'Plan an inspection', tags, body: createInspectionBody, successStatus: 201 }) }, async (request, reply) => {
    const inspection = await createInspection(request.serviceContext(), fromWire<PlanInput>(request.body));
    return reply.code(201).header('Location', `/api/v1/inspections/${inspection.id}`).send(toWire(inspection));
  });

  app.get<{ Params: { id: string } }>('/inspections/:id', { schema: apiSchema({ summary: 'An inspection: subject, scope, team, contacts, state', tags, params: idParams }) }, async (request) =>
    toWire(await getInspection(request.serviceContext(), request.params.id)),
  );

  app.patch<{ Params: { id: string }; Body: Wire<PlanChanges> }>(
    '/inspections/:id',
    { schema: apiSchema({ summary: 'Change the plan (lead inspector or inspection manager); arrays replace what is there', tags, params: idParams, body: updateInspectionBody }) },
    async (request) => toWire(await updateInspectionPlan(request.serviceContext(), request.params.id, fromWire<PlanChanges>(request.body))),
  );

  app.post<{ Params: { id: string }; Body: TransitionInput }>(
    '/inspections/:id/transitions',
    {
      schema: apiSchema({
        summary: 'Move the inspection through its lifecycle: notify, start_fieldwork, end_fieldwork, cancel',
        description: 'Illegal moves answer 409 with the reason; moves the user may not make answer 403.',
        tags,
        params: idParams,
        body: transitionBody,
      }),
    },
    async (request) => toWire(await changeInspectionState(request.serviceContext(), request.params.id, request.body)),
  );

  app.post<{ Params: { id: string } }>(
    '/inspections/:id/team-confirmation',
    {
      schema: apiSchema({
        summary: 'Confirm the team an inspector proposed (inspection managers only)',
        description: 'Until a manager confirms it, the organisation cannot be notified and unannounced fieldwork cannot start.',
        tags,
        params: idParams,
      }),
    },
    async (request) => toWire(await confirmInspectionTeam(request.serviceContext(), request.params.id)),
  );

  app.get<{ Params: { id: string } }>('/inspections/:id/timeline', { schema: apiSchema({ summary: 'What happened, oldest first', tags, params: idParams }) }, async (request) => ({
    events: await getTimeline(request.serviceContext(), request.params.id),
  }));
}
