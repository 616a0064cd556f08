/**
 * What the location's public page shows after the report (issue 8): a summary of what the
 * regulator did with feedback about the service (counts by outcome, never the text) and, for a
 * GP practice, its GP Patient Survey results against its ICB and England.
 */
import type { RegisterLocation } from '../../data/tables/register.tables.js';
import type { ServiceContext } from '../../services/context.js';
import { locationFeedbackSummary } from '../../services/feedback/feedback-triage.service.js';
import { practiceSurveyComparison } from '../../services/gp-survey/gp-survey.service.js';
import { surveySection } from '../gp-survey/survey-chart.view-model.js';
import { locationFeedbackSection } from './give-feedback.view-model.js';

export async function locationAfterReport(ctx: ServiceContext, location: Pick<RegisterLocation, 'organisation_id' | 'location_id' | 'ods_code' | 'registration_status'>) {
  const [feedback, survey] = await Promise.all([
    locationFeedbackSummary(ctx, location.organisation_id),
    location.ods_code ? practiceSurveyComparison(ctx, location.ods_code) : Promise.resolve(null),
  ]);
  return {
    feedback: locationFeedbackSection(feedback, location.location_id, location.registration_status !== 'Deregistered'),
    survey: survey ? surveySection(survey, 'location') : null,
  };
}
