/** /api/v1: breaches, enforcement actions with their states, deadlines and documents, and representations. */
import type { FastifyInstance } from 'fastify';
import { createEnforcementAction, recordBreach, submitRepresentations, transitionEnforcementAction, type ActionInput, type ActionTransitionInput, type BreachInput } from '../../services/fieldwork/enforcement.service.js';
import { getEnforcementAction, getEnforcementDocument, listBreaches, listEnforcementActions } from '../../services/fieldwork/fieldwork-read.service.js';
import { actionBody, actionTransitionBody, breachBody, representationsBody } from './fieldwork.schemas.js';
import { apiSchema, idParams } from './schemas.js';

const tags = ['enforcement'];

export async function enforcementRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>('/inspections/:id/breaches', { schema: apiSchema({ summary: 'Breaches of regulations', tags, params: idParams }) }, async (request) => ({
    breaches: await listBreaches(request.serviceContext(), request.params.id),
  }));
  app.post<{ Params: { id: string }; Body: BreachInput }>(
    '/inspections/:id/breaches',
    { schema: apiSchema({ summary: 'Record a breach: regulation and paragraph, evidence, key question affected', tags, params: idParams, body: breachBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await recordBreach(request.serviceContext(), request.params.id, request.body)),
  );
  app.get<{ Params: { id: string } }>('/inspections/:id/enforcement-actions', { schema: apiSchema({ summary: 'Enforcement actions with deadlines and documents', tags, params: idParams }) }, async (request) => ({
    actions: await listEnforcementActions(request.serviceContext(), request.params.id),
  }));
  app.post<{ Params: { id: string }; Body: ActionInput }>(
    '/inspections/:id/enforcement-actions',
    { schema: apiSchema({ summary: 'Choose an enforcement action (a draft until issued)', tags, params: idParams, body: actionBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await createEnforcementAction(request.serviceContext(), request.params.id, request.body)),
  );
  app.get<{ Params: { id: string } }>('/enforcement-actions/:id', { schema: apiSchema({ summary: 'One enforcement action', tags, params: idParams }) }, async (request) => getEnforcementAction(request.serviceContext(), request.params.id));
  app.post<{ Params: { id: string }; Body: ActionTransitionInput }>(
    '/enforcement-actions/:id/transitions',
    { schema: apiSchema({ summary: 'Issue, serve, decide, close or withdraw: documents and statutory deadlines follow', tags, params: idParams, body: actionTransitionBody }) },
    async (request) => transitionEnforcementAction(request.serviceContext(), request.params.id, request.body),
  );
  app.post<{ Params: { id: string }; Body: { body: string } }>(
    '/enforcement-actions/:id/representations',
    { schema: apiSchema({ summary: 'The organisation sends representations (or its action plan, or assurance)', tags, params: idParams, body: representationsBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await submitRepresentations(request.serviceContext(), request.params.id, request.body)),
  );
  app.get<{ Params: { id: string } }>('/enforcement-documents/:id', { schema: apiSchema({ summary: 'A generated enforcement document', tags, params: idParams }) }, async (request) =>
    getEnforcementDocument(request.serviceContext(), request.params.id),
  );
}
