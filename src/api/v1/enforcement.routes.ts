/** /api/v1: breaches, enforcement actions with their states, deadlines and documents, and representations. */
import { sendAttachment } from '../../web/send-attachment.js';
import type { FastifyInstance } from 'fastify';
import { createEnforcementAction, recordBreach, submitRepresentations, transitionEnforcementAction, type ActionInput, type ActionTransitionInput, type BreachInput } from '../../services/fieldwork/enforcement.service.js';
import { getEnforcementAction, getEnforcementDocument, listBreaches, listEnforcementActions } from '../../services/fieldwork/fieldwork-read.service.js';
import { addRepresentationFile, getRepresentationFile, MAX_ATTACHMENT_BYTES } from '../../services/fieldwork/attachments.service.js';
import { decideLateRepresentations, escalateEnforcementAction, recordComplianceDecision, type ComplianceDecisionInput } from '../../services/fieldwork/enforcement-compliance.service.js';
import { COMPLIANCE_DECISIONS } from '../../domain/enforcement/compliance.js';
import { actionBody, actionTransitionBody, breachBody, filenameQuery, representationsBody } from './fieldwork.schemas.js';
import { apiSchema, idParams } from './schemas.js';

const tags = ['enforcement'];

const complianceBody = {
  type: 'object',
  required: ['decision', 'evidence'],
  additionalProperties: false,
  properties: { decision: { type: 'string', enum: [...COMPLIANCE_DECISIONS] }, evidence: { type: 'string', maxLength: 10_000 }, version: { type: 'integer' } },
} as const;
const escalationBody = { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { type: 'string', maxLength: 40 } } } as const;
const lateDecisionBody = {
  type: 'object',
  required: ['decision'],
  additionalProperties: false,
  properties: { decision: { type: 'string', enum: ['accepted', 'declined'] }, reason: { type: 'string', maxLength: 5000 } },
} as const;

export async function enforcementRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'], { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
  app.post<{ Params: { id: string }; Querystring: { filename: string }; Body: Buffer }>(
    '/enforcement-representations/:id/files',
    { bodyLimit: MAX_ATTACHMENT_BYTES, schema: apiSchema({ summary: 'Attach evidence to your representations (raw body, up to 8 MB)', tags, params: idParams, querystring: filenameQuery, consumes: ['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'], successStatus: 201 }) },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) return reply.code(415).send({ error: { code: 'unsupported_media_type', message: 'Send the file as application/octet-stream' } });
      return reply.code(201).send(await addRepresentationFile(request.serviceContext(), request.params.id, { filename: request.query.filename, bytes: request.body }));
    },
  );
  app.get<{ Params: { id: string } }>(
    '/enforcement-representation-files/:id/download',
    { schema: apiSchema({ summary: 'Download evidence sent with representations (always as an attachment)', tags, params: idParams, produces: 'application/octet-stream' }) },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const f = await getRepresentationFile(ctx, request.params.id);
      return sendAttachment(reply, ctx, f);
    },
  );
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
  app.post<{ Params: { id: string }; Body: ComplianceDecisionInput }>(
    '/enforcement-actions/:id/compliance',
    { schema: apiSchema({ summary: 'Record whether the provider complied by the date to comply by (complied, partly_complied, not_complied), with the evidence', tags, params: idParams, body: complianceBody }) },
    async (request) => recordComplianceDecision(request.serviceContext(), request.params.id, request.body),
  );
  app.post<{ Params: { id: string }; Body: { kind: string } }>(
    '/enforcement-actions/:id/escalations',
    { schema: apiSchema({ summary: 'Not complied: open the next step of the escalation (a new action in draft, linked to this one)', tags, params: idParams, body: escalationBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await escalateEnforcementAction(request.serviceContext(), request.params.id, request.body)),
  );
  app.post<{ Params: { id: string }; Body: { decision: string; reason?: string } }>(
    '/enforcement-representations/:id/late-decision',
    { schema: apiSchema({ summary: 'Accept (with a reason) or decline representations sent after their due date; no new statutory clock starts', tags, params: idParams, body: lateDecisionBody }) },
    async (request) => decideLateRepresentations(request.serviceContext(), request.params.id, request.body),
  );
  app.get<{ Params: { id: string } }>('/enforcement-documents/:id', { schema: apiSchema({ summary: 'A generated enforcement document', tags, params: idParams }) }, async (request) =>
    getEnforcementDocument(request.serviceContext(), request.params.id),
  );
}
