import type { FastifyInstance } from 'fastify';
import { CASE_LIST_COLUMNS, CASE_LIST_COLUMN_DESCRIPTIONS } from '../../domain/inspection/case-list.js';
import { addCases, CaseListError, importCaseListCsv, listCases, type ManualCaseInput } from '../../services/inspections/cases.service.js';
import { drawCaseSample, getSample, listSamples, swapSampleCase, type DrawSampleInput, type SwapInput } from '../../services/inspections/sampling.service.js';
import { sendJsonError } from '../../web/plugins/errors.js';
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
