import type { FastifyInstance } from 'fastify';
import { findInspectionSubjects, SUBJECT_KINDS, type SubjectKind } from '../../services/inspections/subject-search.service.js';
import { apiSchema } from './schemas.js';

const tags = ['inspections'];
const query = {
  type: 'object',
  properties: {
    q: { type: 'string', minLength: 2, maxLength: 100 },
    kind: { type: 'string', enum: [...SUBJECT_KINDS] },
    page: { type: 'integer', minimum: 1, maximum: 500, default: 1 },
  },
  required: ['q'],
  additionalProperties: false,
} as const;

/** GET /api/v1/inspection-subjects?q=: what to inspect, by name (typos forgiven), postcode, CQC ID, ODS code or Inspectorate ID. */
export async function subjectsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { q: string; kind?: SubjectKind; page: number } }>(
    '/inspection-subjects',
    { schema: apiSchema({ summary: 'Find a location or provider to inspect: by name, postcode, CQC ID, ODS code or Inspectorate ID (a GP practice is a location); use its code as the plan\'s subject', tags, querystring: query }) },
    async (request) => {
      const result = await findInspectionSubjects(request.serviceContext(), request.query.q, request.query.kind ?? null, request.query.page);
      return { page: request.query.page, more: result.more, subjects: result.matches };
    },
  );
}
