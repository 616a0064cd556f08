/** Formatting shared by the register's pages. Pure. */
import { formatDate as formatPeopleDate, formatDateRange as formatPeopleDateRange } from '../../domain/shared/dates.js';
import { ratingAge, sectorOf } from '../../domain/register/rating-age.js';
import { isRating, ratingTagClass } from '../../domain/vocabulary/ratings.js';

/** "23 April 2019"; only the year when that is all the source says. */
export function formatDate(iso: string | null | undefined, precision: 'day' | 'year' = 'day'): string {
  if (!iso) return '';
  if (precision === 'year') return iso.slice(0, 4);
  // A bare calendar date is a day; a timestamp is an instant, shown as its UK day.
  return formatPeopleDate(iso.length > 10 && !iso.includes('T') ? iso.slice(0, 10) : iso);
}

/** A date range in the GOV.UK style ("7 and 8 October 2025"): the shared people's-dates module. */
export function formatDateRange(from: string | null | undefined, to: string | null | undefined): string {
  return formatPeopleDateRange(from ?? null, to ?? null);
}

export interface TagParams {
  text: string;
  classes: string;
}

/** A rating as a GOV.UK tag, coloured by the one rating colour map. */
export function ratingTag(rating: string | null | undefined): TagParams {
  if (!rating) return { text: 'Not rated', classes: ratingTagClass(null) };
  return { text: rating, classes: ratingTagClass(rating) };
}

export interface RatingSummary {
  tag: TagParams;
  /** "Published 23 April 2019" / "Published in 2019" / "Date not published". */
  dateText: string;
  iso: string | null;
  ageText: string | null;
  overdue: boolean;
  overdueText: string | null;
  explanation: string | null;
}

export function summariseRating(
  rating: string | null | undefined,
  date: string | null | undefined,
  precision: 'day' | 'year',
  place: { inspection_directorate: string | null; type: string | null; registration_status?: string | null },
  today: string,
): RatingSummary {
  const tag = ratingTag(rating);
  if (!date) return { tag, dateText: 'Date not published', iso: null, ageText: null, overdue: false, overdueText: null, explanation: null };
  const age = ratingAge(rating, date, precision, sectorOf(place.inspection_directorate, place.type), today);
  // A service that is no longer registered is not due for inspection.
  if (place.registration_status === 'Deregistered') age.overdue = false;
  const dateText = precision === 'year' ? `Published in ${formatDate(date, 'year')}` : `Published ${formatDate(date)}`;
  return {
    tag,
    dateText,
    iso: precision === 'year' ? date.slice(0, 4) : date,
    ageText: isRating(rating) ? age.text : null,
    overdue: age.overdue,
    overdueText: age.overdue ? 'Older than the maximum time between inspections for this rating' : null,
    explanation: age.overdue ? age.explanation : null,
  };
}
