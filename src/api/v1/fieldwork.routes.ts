/** /api/v1: evidence items (autosaved drafts, conflicts, attachments), briefings and verbal feedback, immediate-action concerns. */
import { sendAttachment } from '../../web/send-attachment.js';
import type { FastifyInstance } from 'fastify';
import { addEvidenceAttachment, getEvidenceAttachment, MAX_ATTACHMENT_BYTES } from '../../services/fieldwork/attachments.service.js';
import { deleteBriefing, listBriefings, recordBriefing, updateBriefing, type BriefingInput } from '../../services/fieldwork/briefings.service.js';
import { acknowledgeConcern, closeConcern, getConcern, listConcerns, raiseConcern, respondToConcern, type ConcernInput } from '../../services/fieldwork/concerns.service.js';
import { createEnforcementAction } from '../../services/fieldwork/enforcement.service.js';
import { createEvidenceItem, getEvidenceItem, listConflicts, listEvidenceItems, saveEvidenceItem, type EvidenceItemInput } from '../../services/fieldwork/evidence-items.service.js';
import type { EnforcementActionKind } from '../../domain/fieldwork/enforcement-workflow.js';
import type { EvidenceItemStatus } from '../../domain/fieldwork/evidence-item.js';
import { briefingBody, concernActionBody, concernClosureBody, reasonBody, concernBody, concernResponseBody, createEvidenceItemBody, evidenceListQuery, filenameQuery, saveEvidenceItemBody } from './fieldwork.schemas.js';
import { apiSchema, idParams } from './schemas.js';

export async function fieldworkRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'], { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_request, body, done) => done(null, body));
  const evidence = ['evidence items'];

  app.get<{ Params: { id: string }; Querystring: { status?: EvidenceItemStatus; statement?: string } }>(
    '/inspections/:id/evidence-items',
    { schema: apiSchema({ summary: 'Evidence items (inspection team)', tags: evidence, params: idParams, querystring: evidenceListQuery }) },
    async (request) => ({ items: await listEvidenceItems(request.serviceContext(), request.params.id, request.query) }),
  );
  app.post<{ Params: { id: string }; Body: EvidenceItemInput }>(
    '/inspections/:id/evidence-items',
    { schema: apiSchema({ summary: 'Start an evidence item (a draft, saved as the inspector types) or record a complete one', tags: evidence, params: idParams, body: createEvidenceItemBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await createEvidenceItem(request.serviceContext(), request.params.id, request.body)),
  );
  app.get<{ Params: { id: string } }>('/evidence-items/:id', { schema: apiSchema({ summary: 'One evidence item', tags: evidence, params: idParams }) }, async (request) => getEvidenceItem(request.serviceContext(), request.params.id));
  app.patch<{ Params: { id: string }; Body: EvidenceItemInput & { version: number } }>(
    '/evidence-items/:id',
    {
      schema: apiSchema({
        summary: 'Save an evidence item (autosave and edits)',
        description: 'Send the version you read. If someone else saved since, the answer is 409 edit_conflict with error.current (their saved item) and error.yours (your text, kept as a conflict revision): nothing is overwritten or lost.',
        tags: evidence,
        params: idParams,
        body: saveEvidenceItemBody,
      }),
    },
    async (request, reply) => {
      const result = await saveEvidenceItem(request.serviceContext(), request.params.id, request.body);
      if (result.ok) return result.item;
      return reply.code(409).send({ error: { code: 'edit_conflict', message: result.conflict.message, current: result.conflict.current, yours: result.conflict.yours } });
    },
  );
  app.get<{ Params: { id: string } }>('/evidence-items/:id/conflicts', { schema: apiSchema({ summary: 'Conflicting texts kept for an item', tags: evidence, params: idParams }) }, async (request) => ({
    conflicts: await listConflicts(request.serviceContext(), request.params.id),
  }));
  app.post<{ Params: { id: string }; Querystring: { filename: string }; Body: Buffer }>(
    '/evidence-items/:id/attachments',
    { bodyLimit: MAX_ATTACHMENT_BYTES, schema: apiSchema({ summary: 'Attach a photo or file (raw body, up to 8 MB)', tags: evidence, params: idParams, querystring: filenameQuery, consumes: ['application/octet-stream', 'image/png', 'image/jpeg', 'application/pdf'], successStatus: 201 }) },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) return reply.code(415).send({ error: { code: 'unsupported_media_type', message: 'Send the file as application/octet-stream' } });
      return reply.code(201).send(await addEvidenceAttachment(request.serviceContext(), request.params.id, { filename: request.query.filename, bytes: request.body }));
    },
  );
  app.get<{ Params: { id: string } }>(
    '/evidence-attachments/:id/download',
    { schema: apiSchema({ summary: 'Download an attachment (always as an attachment)', tags: evidence, params: idParams, produces: 'application/octet-stream' }) },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const f = await getEvidenceAttachment(ctx, request.params.id);
      return sendAttachment(reply, ctx, f);
    },
  );

  const briefings = ['briefings'];
  app.get<{ Params: { id: string } }>('/inspections/:id/briefings', { schema: apiSchema({ summary: 'The dated log of briefings and verbal feedback (both sides)', tags: briefings, params: idParams }) }, async (request) => ({
    briefings: await listBriefings(request.serviceContext(), request.params.id),
  }));
  app.post<{ Params: { id: string }; Body: BriefingInput }>(
    '/inspections/:id/briefings',
    { schema: apiSchema({ summary: 'Record a briefing or the verbal feedback', tags: briefings, params: idParams, body: briefingBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await recordBriefing(request.serviceContext(), request.params.id, request.body)),
  );
  app.put<{ Params: { id: string }; Body: BriefingInput }>(
    '/briefings/:id',
    { schema: apiSchema({ summary: 'Correct a briefing (the earlier version is kept and audited)', tags: briefings, params: idParams, body: briefingBody }) },
    async (request) => updateBriefing(request.serviceContext(), request.params.id, request.body),
  );
  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/briefings/:id/deletion',
    { schema: apiSchema({ summary: 'Delete a briefing logged in error, with the reason (its history is kept)', tags: briefings, params: idParams, body: reasonBody, successStatus: 204 }) },
    async (request, reply) => {
      await deleteBriefing(request.serviceContext(), request.params.id, request.body.reason);
      return reply.code(204).send();
    },
  );

  const concerns = ['concerns'];
  app.get<{ Params: { id: string } }>('/inspections/:id/concerns', { schema: apiSchema({ summary: 'Immediate-action concerns', tags: concerns, params: idParams }) }, async (request) => ({
    concerns: await listConcerns(request.serviceContext(), request.params.id),
  }));
  app.post<{ Params: { id: string }; Body: ConcernInput }>(
    '/inspections/:id/concerns',
    { schema: apiSchema({ summary: 'Raise a concern needing immediate action: the organisation and the commissioner are told at once', tags: concerns, params: idParams, body: concernBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await raiseConcern(request.serviceContext(), request.params.id, request.body)),
  );
  app.get<{ Params: { id: string } }>('/concerns/:id', { schema: apiSchema({ summary: 'One concern', tags: concerns, params: idParams }) }, async (request) => getConcern(request.serviceContext(), request.params.id));
  app.post<{ Params: { id: string } }>('/concerns/:id/acknowledgement', { schema: apiSchema({ summary: 'The organisation acknowledges the concern', tags: concerns, params: idParams }) }, async (request) =>
    acknowledgeConcern(request.serviceContext(), request.params.id),
  );
  app.post<{ Params: { id: string }; Body: { actionTaken: string } }>(
    '/concerns/:id/response',
    { schema: apiSchema({ summary: 'The organisation responds with the action taken', tags: concerns, params: idParams, body: concernResponseBody }) },
    async (request) => respondToConcern(request.serviceContext(), request.params.id, request.body),
  );
  app.post<{ Params: { id: string }; Body: { outcome: string; reason?: string | null } }>(
    '/concerns/:id/closure',
    { schema: apiSchema({ summary: 'Close the concern: the response accepted, or with a reason', tags: concerns, params: idParams, body: concernClosureBody }) },
    async (request) => closeConcern(request.serviceContext(), request.params.id, request.body),
  );
  app.post<{ Params: { id: string }; Body: { kind: EnforcementActionKind; complianceDate?: string | null } }>(
    '/concerns/:id/enforcement-actions',
    { schema: apiSchema({ summary: 'Open an enforcement action from the concern', tags: concerns, params: idParams, body: concernActionBody, successStatus: 201 }) },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const concern = await getConcern(ctx, request.params.id);
      return reply.code(201).send(await createEnforcementAction(ctx, concern.inspectionId, { kind: request.body.kind, concernId: concern.id, complianceDate: request.body.complianceDate ?? null }));
    },
  );
}
