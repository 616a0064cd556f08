/** GET /inspections/:id/gp-patient-survey: the survey as evidence for the inspection team. */
import type { FastifyInstance } from 'fastify';
import { surveyEvidenceForInspection } from '../../services/gp-survey/survey-evidence.service.js';
import { surveySection } from './survey-chart.view-model.js';
import { inspectionPath } from '../paths.js';

export async function surveyEvidenceRoutes(app: FastifyInstance): Promise<void> {
  app.get('/inspections/:id/gp-patient-survey', { schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } } }, async (request, reply) => {
    const evidence = await surveyEvidenceForInspection(request.serviceContext(), (request.params as { id: string }).id);
    const view = {
      pageTitle: `GP Patient Survey – ${evidence.inspection.reference}`,
      reference: evidence.inspection.reference,
      backHref: inspectionPath(evidence.inspection.id),
      practices: evidence.practices.map((p) => ({ name: p.name, odsCode: p.odsCode, survey: p.comparison ? surveySection(p.comparison, 'evidence') : null })),
    };
    return reply.view('gp-survey/views/evidence.njk', { view, pageTitle: view.pageTitle });
  });
}
