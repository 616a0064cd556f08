/**
 * What the location's public page shows after the report (issue 8): a summary of what the
 * regulator did with feedback about the service (counts by outcome, never the text) and, for a
 * GP practice, its GP Patient Survey results against its ICB and England. Pure.
 */
import type { LocationPageData } from '../../services/register/location-page.service.js';
import { surveySection } from '../gp-survey/survey-chart.view-model.js';
import { locationFeedbackSection } from './give-feedback.view-model.js';

export function locationAfterReport(data: Pick<LocationPageData, 'detail' | 'feedback' | 'survey'>) {
  const location = data.detail.location;
  return {
    feedback: locationFeedbackSection(data.feedback, location.location_id, location.registration_status !== 'Deregistered'),
    survey: data.survey ? surveySection(data.survey, 'location') : null,
  };
}
