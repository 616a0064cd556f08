/** Formatting shared by the register's pages. Pure. */
import { ratingAge, sectorOf } from '../../domain/register/rating-age.js';
import { isRating } from '../../domain/register/rating-vocabulary.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "23 April 2019"; only the year when that is all the source says. */
export function formatDate(iso: string | null | undefined, precision: 'day' | 'year' = 'day'): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (precision === 'year') return String(y);
  return `${d} ${MONTHS[(m ?? 1) - 1] ?? ''} ${y}`;
}

/**
 * A date range in the GOV.UK style: "7 October 2025", "7 and 8 October 2025",
 * "7 to 10 October 2025", "30 September to 2 October 2025", "30 December 2025 to 2 January 2026".
 * (Issue 17 gathers people-facing dates into one module; this is the register's until then.)
 */
export function formatDateRange(from: string | null | undefined, to: string | null | undefined): string {
  if (!from) return formatDate(to);
  if (!to || to.slice(0, 10) === from.slice(0, 10)) return formatDate(from);
  const [fy, fm, fd] = from.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (fy !== ty) return `${formatDate(from)} to ${formatDate(to)}`;
  if (fm !== tm) return `${fd} ${MONTHS[fm - 1]} to ${formatDate(to)}`;
  const consecutive = Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd) === 86_400_000;
  return `${fd} ${consecutive ? 'and' : 'to'} ${formatDate(to)}`;
}

const TAG_CLASSES: Record<string, string> = {
  Outstanding: 'govuk-tag--turquoise',
  Good: 'govuk-tag--green',
  'Requires improvement': 'govuk-tag--orange',
  Inadequate: 'govuk-tag--red',
};

export interface TagParams {
  text: string;
  classes: string;
}

export function ratingTag(rating: string | null | undefined): TagParams {
  if (!rating) return { text: 'Not rated', classes: 'govuk-tag--grey' };
  return { text: rating, classes: TAG_CLASSES[rating] ?? 'govuk-tag--grey' };
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
