/** CSV and calendar downloads of an inspection (issue 15, item 8): attachments, never cached. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Download } from '../../services/work/downloads.service.js';
import { actionPlanCsv, caseListCsv, evidenceChecklistCsv, programmeCalendar, programmeCsv, sampleCsv } from '../../services/work/downloads.service.js';
import { assertUuids } from '../inspections/page-errors.js';

type Params = { Params: { id: string }; Querystring: { mine?: string; sample?: string } };

function send(reply: FastifyReply, d: Download) {
  return reply
    .header('content-type', d.contentType)
    .header('content-disposition', `attachment; filename="${d.filename}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(d.body);
}

export async function downloadRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    assertUuids((request.params ?? {}) as Record<string, string>);
  });
  const query = { querystring: { type: 'object', properties: { mine: { type: 'string', maxLength: 5 } } } } as const;
  app.get<Params>('/inspections/:id/evidence.csv', async (request, reply) => send(reply, await evidenceChecklistCsv(request.serviceContext(), request.params.id)));
  app.get<Params>('/inspections/:id/cases.csv', async (request, reply) => send(reply, await caseListCsv(request.serviceContext(), request.params.id)));
  const sampleQuery = { querystring: { type: 'object', properties: { sample: { type: 'string', maxLength: 64 } } } } as const;
  app.get<Params>('/inspections/:id/sample.csv', { schema: sampleQuery }, async (request, reply) => {
    const sample = request.query.sample;
    if (sample !== undefined) assertUuids({ sample });
    return send(reply, await sampleCsv(request.serviceContext(), request.params.id, sample ? { sampleId: sample } : {}));
  });
  app.get<Params>('/inspections/:id/programme.csv', async (request, reply) => send(reply, await programmeCsv(request.serviceContext(), request.params.id)));
  app.get<Params>('/inspections/:id/programme.ics', { schema: query }, async (request, reply) => send(reply, await programmeCalendar(request.serviceContext(), request.params.id, { mine: request.query.mine === '1' })));
  app.get<Params>('/inspections/:id/action-plan.csv', async (request, reply) => send(reply, await actionPlanCsv(request.serviceContext(), request.params.id)));
}
