/** All report pages (issue #7): the public report and PDF, and the team, manager, reviewer and organisation pages. */
import type { FastifyInstance } from 'fastify';
import { publicReportRoutes } from './public-report.routes.js';
import { reportPagesRoutes } from './report-pages.routes.js';
import { factualAccuracyPagesRoutes } from './factual-accuracy-pages.routes.js';
import { reportDashboardRoutes } from './report-dashboards.routes.js';

export async function reportsPageRoutes(app: FastifyInstance): Promise<void> {
  await app.register(publicReportRoutes);
  await app.register(reportPagesRoutes);
  await app.register(factualAccuracyPagesRoutes);
  await app.register(reportDashboardRoutes);
}
