/** The public location page's line about a review of its ratings (issue 19). Pure. */
import type { LocationPageData } from '../../services/register/location-page.service.js';
import { formatDate } from '../register/register-format.js';

/** The line about a review of a location's ratings, when there is one. */
export type RatingReviewSection = { open: boolean; text: string } | null;

export function locationRatingReviewSection(r: LocationPageData['ratingReview']): RatingReviewSection {
  if (!r) return null;
  if (r.open) return { open: true, text: 'A review of this service’s ratings is taking place. The ratings below stay in place until the review is complete.' };
  if (r.completed) return { open: false, text: `A review of this service’s ratings was completed on ${formatDate(r.completed.on)}: ${r.completed.outcome === 'changed' ? 'the ratings were changed' : 'the ratings stayed the same'}. ${r.completed.summary}` };
  return null;
}
