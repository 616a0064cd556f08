import { sendAttachment } from '../../web/send-attachment.js';
import type { FastifyInstance } from 'fastify';
import {
  assignEvidenceRequest,
  createEvidenceRequests,
  getEvidenceChecklist,
  getEvidenceRequest,
  markCannotProvide, withdrawEvidenceRequest,
  updateEvidenceRequest,
  type EvidenceRequestChanges,
  type NewEvidenceRequest,
} from '../../services/inspections/evidence.service.js';
import { getEvidenceFileForDownload } from '../../services/inspections/uploads.service.js';
import { apiSchema, assignBody, evidenceRequestChangesBody, evidenceRequestsBody, idParams, reasonBody } from './schemas.js';

const tags = ['evidence'];

export async function evidenceRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/inspections/:id/evidence-requests',
    { schema: apiSchema({ summary: 'The evidence checklist: every request with status, due date and overdue flag, and counts', tags, params: idParams }) },
    async (request) => getEvidenceChecklist(request.serviceContext(), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { requests: NewEvidenceRequest[] } }>(
    '/inspections/:id/evidence-requests',
    {
      schema: apiSchema({
        summary: 'Request documents (inspection team); due dates default from the notice period',
        tags,
        params: idParams,
        body: evidenceRequestsBody,
        successStatus: 201,
      }),
    },
    async (request, reply) => reply.code(201).send({ requests: await createEvidenceRequests(request.serviceContext(), request.params.id, request.body.requests) }),
  );

  app.get<{ Params: { id: string } }>('/evidence-requests/:id', { schema: apiSchema({ summary: 'One evidence request with every file version', tags, params: idParams }) }, async (request) =>
    getEvidenceRequest(request.serviceContext(), request.params.id),
  );

  app.patch<{ Params: { id: string }; Body: EvidenceRequestChanges }>(
    '/evidence-requests/:id',
    { schema: apiSchema({ summary: 'Change the title, description or due date (inspection team)', tags, params: idParams, body: evidenceRequestChangesBody }) },
    async (request) => updateEvidenceRequest(request.serviceContext(), request.params.id, request.body),
  );

  app.post<{ Params: { id: string }; Body: { userId: string | null } }>(
    '/evidence-requests/:id/assignment',
    { schema: apiSchema({ summary: 'Assign the item to a colleague in your organisation (null to unassign)', tags, params: idParams, body: assignBody }) },
    async (request) => assignEvidenceRequest(request.serviceContext(), request.params.id, request.body.userId),
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/evidence-requests/:id/cannot-provide',
    { schema: apiSchema({ summary: 'Explain why the organisation cannot provide this document', tags, params: idParams, body: reasonBody }) },
    async (request) => markCannotProvide(request.serviceContext(), request.params.id, request.body.reason),
  );
  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/evidence-requests/:id/withdrawal',
    { schema: apiSchema({ summary: 'Withdraw a request no longer needed: it stays on the checklist as withdrawn, never overdue, and the organisation is told', tags, params: idParams, body: reasonBody }) },
    async (request) => withdrawEvidenceRequest(request.serviceContext(), request.params.id, request.body.reason),
  );

  app.get<{ Params: { id: string } }>(
    '/evidence-files/:id/download',
    { schema: apiSchema({ summary: 'Download a file version (always as an attachment)', tags, params: idParams, produces: 'application/octet-stream' }) },
    async (request, reply) => {
      const ctx = request.serviceContext();
      const f = await getEvidenceFileForDownload(ctx, request.params.id);
      return sendAttachment(reply, ctx, f, { 'Repr-Digest': `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:` });
    },
  );
}
