/** The public location page's line about a review of its ratings (issue 19). */
import type { ServiceContext } from '../../services/context.js';
import { locationRatingReview } from '../../services/provider-portal/rating-review.service.js';
import { formatDate } from '../register/register-format.js';

export async function locationRatingReviewSection(ctx: Pick<ServiceContext, 'db'>, organisationId: string): Promise<{ open: boolean; text: string } | null> {
  const r = await locationRatingReview(ctx.db, organisationId);
  if (!r) return null;
  if (r.open) return { open: true, text: 'A review of this service’s ratings is taking place. The ratings below stay in place until the review is complete.' };
  if (r.completed) return { open: false, text: `A review of this service’s ratings was completed on ${formatDate(r.completed.on)}: ${r.completed.outcome === 'changed' ? 'the ratings were changed' : 'the ratings stayed the same'}. ${r.completed.summary}` };
  return null;
}
