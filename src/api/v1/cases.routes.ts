import type { FastifyInstance } from 'fastify';
import { CASE_LIST_COLUMNS, CASE_LIST_COLUMN_DESCRIPTIONS } from '../../domain/inspection/case-list.js';
import { addCases, CaseListError, importCaseListCsv, listCases, type ManualCaseInput } from '../../services/inspections/cases.service.js';
import { drawCaseSample, getSample, listSamples, swapSampleCase, type DrawSampleInput, type SwapInput } from '../../services/inspections/sampling.service.js';
import { sendJsonError } from '../../web/plugins/errors.js';
import { addCaseFinding, getCaseTrackingSummary, getTrackedCase, linkToCase, recordCaseTracking } from '../../services/fieldwork/case-tracking.service.js';
import { apiSchema, casesBody, drawSampleBody, idParams, swapBody } from './schemas.js';

const tags = ['cases and sampling'];
export const MAX_CASE_LIST_BYTES = 5 * 1024 * 1024;

export async function casesRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CASE_LIST_BYTES }, (_request, body, done) => done(null, body));

  app.get('/case-list-columns', { schema: apiSchema({ summary: 'The case list CSV column set', tags }) }, async () => ({
    columns: CASE_LIST_COLUMNS.map((name) => ({ name, description: CASE_LIST_COLUMN_DESCRIPTIONS[name] })),
  }));

  app.get<{ Params: { id: string } }>('/inspections/:id/cases', { schema: apiSchema({ summary: 'Cases (pseudonymous references only)', tags, params: idParams }) }, async (request) => ({
    cases: await listCases(request.serviceContext(), request.params.id),
  }));

  app.post<{ Params: { id: string }; Body: { cases: ManualCaseInput[] } }>(
    '/inspections/:id/cases',
    { schema: apiSchema({ summary: 'Enter cases (organisation); all or none are stored', tags, params: idParams, body: casesBody }) },
    async (request) => addCases(request.serviceContext(), request.params.id, request.body.cases),
  );

  app.post<{ Params: { id: string }; Body: string; Querystring: { filename?: string } }>(
    '/inspections/:id/case-list',
    {
      schema: apiSchema({
        summary: 'Upload the case list as CSV (organisation)',
        description: 'Body: text/csv with the documented columns. Any invalid row: 422 with every error by line, and nothing is stored.',
        tags,
        params: idParams,
        querystring: { type: 'object', properties: { filename: { type: 'string', maxLength: 300 } } },
        consumes: ['text/csv'],
      }),
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') return sendJsonError(reply, 415, 'unsupported_media_type', 'Send the case list as text/csv');
      try {
        return await importCaseListCsv(request.serviceContext(), request.params.id, { csv: request.body, filename: request.query.filename ?? null });
      } catch (e) {
        if (!(e instanceof CaseListError)) throw e;
        return reply.code(422).send({
          error: { code: 'invalid_case_list', message: `The case list was not imported: ${e.lineErrors.length} problem${e.lineErrors.length === 1 ? '' : 's'}. Nothing was stored.`, lines: e.lineErrors },
        });
      }
    },
  );

  // Case tracking (issue 15): the team's record of each sampled case.
  const caseParams = { type: 'object', required: ['id', 'caseId'], additionalProperties: false, properties: { id: { type: 'string', format: 'uuid' }, caseId: { type: 'string', format: 'uuid' } } } as const;
  app.get<{ Params: { id: string } }>('/inspections/:id/case-tracking', { schema: apiSchema({ summary: 'Case-tracking summary by service and by finding, with each sampled case (the team)', tags, params: idParams }) }, async (request) =>
    getCaseTrackingSummary(request.serviceContext(), request.params.id),
  );
  app.get<{ Params: { id: string; caseId: string } }>('/inspections/:id/cases/:caseId/tracking', { schema: apiSchema({ summary: 'One tracked case: services seen, records read, findings and linked records', tags, params: caseParams }) }, async (request) =>
    getTrackedCase(request.serviceContext(), request.params.id, request.params.caseId),
  );
  app.put<{ Params: { id: string; caseId: string }; Body: { servicesSeen: string[]; recordsRead: string } }>(
    '/inspections/:id/cases/:caseId/tracking',
    { schema: apiSchema({ summary: 'Record the services seen and the records read for a sampled case', tags, params: caseParams, body: { type: 'object', required: ['servicesSeen', 'recordsRead'], additionalProperties: false, properties: { servicesSeen: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } }, recordsRead: { type: 'string', maxLength: 6000 } } } }) },
    async (request) => {
      await recordCaseTracking(request.serviceContext(), request.params.id, request.params.caseId, request.body);
      return getTrackedCase(request.serviceContext(), request.params.id, request.params.caseId);
    },
  );
  app.post<{ Params: { id: string; caseId: string }; Body: { kind: string; text: string; serviceName?: string | null } }>(
    '/inspections/:id/cases/:caseId/tracking/findings',
    { schema: apiSchema({ summary: 'Record what was found: good_practice, concern or immediate_action', tags, params: caseParams, successStatus: 201, body: { type: 'object', required: ['kind', 'text'], additionalProperties: false, properties: { kind: { type: 'string', maxLength: 40 }, text: { type: 'string', maxLength: 6000 }, serviceName: { anyOf: [{ type: 'string', maxLength: 200 }, { type: 'null' }] } } } }) },
    async (request, reply) => reply.code(201).send({ id: await addCaseFinding(request.serviceContext(), request.params.id, request.params.caseId, request.body) }),
  );
  app.post<{ Params: { id: string; caseId: string }; Body: { kind: string; targetId: string } }>(
    '/inspections/:id/cases/:caseId/tracking/links',
    { schema: apiSchema({ summary: 'Link an evidence item, concern or visit to the case (kind: evidence_item, concern, visit)', tags, params: caseParams, successStatus: 201, body: { type: 'object', required: ['kind', 'targetId'], additionalProperties: false, properties: { kind: { type: 'string', maxLength: 40 }, targetId: { type: 'string', format: 'uuid' } } } }) },
    async (request, reply) => {
      await linkToCase(request.serviceContext(), request.params.id, request.params.caseId, request.body);
      return reply.code(201).send(await getTrackedCase(request.serviceContext(), request.params.id, request.params.caseId));
    },
  );

  app.get<{ Params: { id: string } }>('/inspections/:id/samples', { schema: apiSchema({ summary: 'Samples drawn for this inspection', tags, params: idParams }) }, async (request) => ({
    samples: await listSamples(request.serviceContext(), request.params.id),
  }));

  app.post<{ Params: { id: string }; Body: DrawSampleInput }>(
    '/inspections/:id/samples',
    { schema: apiSchema({ summary: 'Draw a reproducible random sample (seed recorded)', tags, params: idParams, body: drawSampleBody, successStatus: 201 }) },
    async (request, reply) => reply.code(201).send(await drawCaseSample(request.serviceContext(), request.params.id, request.body)),
  );

  app.get<{ Params: { id: string } }>('/samples/:id', { schema: apiSchema({ summary: 'A sample with its members, seed and rationale', tags, params: idParams }) }, async (request) =>
    getSample(request.serviceContext(), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: SwapInput }>(
    '/samples/:id/swaps',
    { schema: apiSchema({ summary: 'Swap a case out of the sample, with a reason', tags, params: idParams, body: swapBody }) },
    async (request) => swapSampleCase(request.serviceContext(), request.params.id, request.body),
  );
}
