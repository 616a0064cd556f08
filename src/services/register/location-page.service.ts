/**
 * Everything the public location page (/locations/{id}) reads, in one use case: the register
 * record with its ratings and reports, public enforcement, which published reports have a PDF,
 * the feedback summary, the GP Patient Survey comparison and any rating review.
 *
 * The page handler renders it; `bench/register.ts` serves the very same reads from a bare route,
 * so the benchmark's baseline runs exactly the queries the page runs (docs/performance.md).
 */
import type { LocationDetail } from '../../data/repositories/register.repository.js';
import type { ServiceContext } from '../context.js';
import { locationFeedbackSummary, type LocationFeedbackSummary } from '../feedback/feedback-triage.service.js';
import { practiceSurveyComparison, type PracticeSurveyComparison } from '../gp-survey/gp-survey.service.js';
import { locationRatingReview } from '../provider-portal/rating-review.service.js';
import { publicEnforcementFor, type PublicEnforcementEntry } from './public-enforcement.service.js';
import { getLocationProfile } from './register.service.js';

export interface LocationPageData {
  detail: LocationDetail;
  enforcement: PublicEnforcementEntry[];
  /** Link ids of this location's published reports whose PDF has been rendered. */
  reportsWithPdf: Set<string>;
  feedback: LocationFeedbackSummary;
  survey: PracticeSurveyComparison | null;
  ratingReview: Awaited<ReturnType<typeof locationRatingReview>>;
}

export async function loadLocationPage(ctx: Pick<ServiceContext, 'db' | 'config'>, locationId: string): Promise<LocationPageData> {
  const detail = await getLocationProfile(ctx, locationId);
  const orgId = detail.location.organisation_id;
  const ownReports = detail.reports.filter((r) => r.source === 'inspectorate').map((r) => r.link_id);
  // Independent reads, sent together (each on its own pooled connection).
  const [enforcement, withPdf, feedback, survey, ratingReview] = await Promise.all([
    publicEnforcementFor(ctx.db, [orgId]),
    ownReports.length
      ? ctx.db.selectFrom('inspection_reports').select('link_id').where('link_id', 'in', ownReports).where('stage', '=', 'published').where('pdf_storage_key', 'is not', null).execute()
      : Promise.resolve([]),
    locationFeedbackSummary(ctx, orgId),
    detail.location.ods_code ? practiceSurveyComparison(ctx, detail.location.ods_code) : Promise.resolve(null),
    locationRatingReview(ctx.db, orgId),
  ]);
  return { detail, enforcement, reportsWithPdf: new Set(withPdf.map((r) => r.link_id)), feedback, survey, ratingReview };
}
