/** Regulator dashboards: /reports/drafts (every unpublished report, its owner and wait) and /reports/timeliness. */
import type { FastifyInstance } from 'fastify';
import { listDraftsDashboard } from '../../services/reports/report-review.service.js';
import { getTimeliness } from '../../services/reports/timeliness.service.js';
import { buildDraftsDashboard, buildTimelinessDashboard } from './report-dashboards.view-model.js';

export async function reportDashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/reports/drafts', async (request, reply) => {
    const view = buildDraftsDashboard(await listDraftsDashboard(request.serviceContext()));
    return reply.view('reports/views/drafts.njk', { pageTitle: view.pageTitle, view });
  });
  app.get('/reports/timeliness', async (request, reply) => {
    const view = buildTimelinessDashboard(await getTimeliness(request.serviceContext()));
    return reply.view('reports/views/timeliness.njk', { pageTitle: view.pageTitle, view });
  });
}
