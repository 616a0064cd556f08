/** Issue 8's pages, registered in app.ts with one line: feedback on care, survey evidence, monitoring. */
import type { FastifyInstance } from 'fastify';
import { giveFeedbackRoutes } from './feedback/give-feedback.routes.js';
import { feedbackTriageRoutes } from './feedback/triage.routes.js';
import { sharedFeedbackRoutes } from './feedback/shared-feedback.routes.js';
import { groupFeedbackRoutes } from './feedback/group-feedback.routes.js';
import { surveyEvidenceRoutes } from './gp-survey/survey-evidence.routes.js';
import { monitoringRoutes } from './monitoring/monitoring.routes.js';
import { actionPlanRoutes } from './action-plans/action-plan.routes.js';
import { followUpRoutes } from './follow-up/follow-up.routes.js';
import { providerPortalRoutes } from './provider-portal.routes.js';

export async function afterReportRoutes(app: FastifyInstance): Promise<void> {
  await app.register(giveFeedbackRoutes);
  await app.register(feedbackTriageRoutes);
  await app.register(sharedFeedbackRoutes);
  // ADR 0007: a patient participation group's private link to its feedback.
  await app.register(groupFeedbackRoutes);
  await app.register(surveyEvidenceRoutes);
  await app.register(monitoringRoutes);
  await app.register(actionPlanRoutes);
  await app.register(followUpRoutes);
  // Issue 19: the provider's side between inspections.
  await app.register(providerPortalRoutes);
}
