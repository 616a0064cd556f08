/**
 * How old a published rating is, and whether it is older than the maximum re-inspection
 * interval for that rating (domain.md section 5).
 *
 * NOTE for the lead: the rules engine in src/domain/deadlines/ is being written at the same
 * time; this table is the register's own copy of the intervals so the register is not
 * blocked. Reconcile the two into one versioned rule set later.
 */
import { isRating, type Rating } from '../vocabulary/ratings.js';

export const RATING_AGE_RULES_VERSION = 'register-intervals-2026-11';

export const SECTORS = ['primary_medical', 'adult_social_care', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

/** Maximum months between inspections, by sector and rating. Configurable data. */
export const MAX_INTERVAL_MONTHS: Record<Sector, Record<Rating, number>> = {
  // GP and urgent care: Inadequate 6 months, RI 12 months, Good/Outstanding 5 years (V).
  primary_medical: { Inadequate: 6, 'Requires improvement': 12, Good: 60, Outstanding: 60 },
  // Older adult social care frequencies: 6 months / 12 months / 2.5 years (S).
  adult_social_care: { Inadequate: 6, 'Requires improvement': 12, Good: 30, Outstanding: 30 },
  // No published interval for other sectors: the GP/urgent care table is used.
  other: { Inadequate: 6, 'Requires improvement': 12, Good: 60, Outstanding: 60 },
};

export function sectorOf(inspectionDirectorate: string | null | undefined, type: string | null | undefined): Sector {
  const d = (inspectionDirectorate ?? '').toLowerCase();
  const t = (type ?? '').toLowerCase();
  if (d.includes('adult social care') || t === 'social care org') return 'adult_social_care';
  if (d.includes('primary medical') || t === 'primary medical services') return 'primary_medical';
  return 'other';
}

export interface RatingAge {
  /** Whole months since publication (from the latest possible date when only the year is known). */
  months: number;
  /** "3 years, 2 months old", "less than a month old", "at least 5 years old" (when only the year is known). */
  text: string;
  maxIntervalMonths: number | undefined;
  /** True when older than the maximum re-inspection interval for its rating. */
  overdue: boolean;
  explanation: string;
  rulesVersion: string;
}

function parseDate(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

/** Whole calendar months from `from` to `to` (both YYYY-MM-DD). */
export function monthsBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  let months = (b.y - a.y) * 12 + (b.m - a.m);
  if (b.d < a.d) months -= 1;
  return Math.max(0, months);
}

function describeMonths(months: number, approximate: boolean): string {
  if (months < 1) return 'less than a month old';
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const parts: string[] = [];
  if (years > 0) parts.push(`${years} year${years === 1 ? '' : 's'}`);
  if (rest > 0 && !approximate) parts.push(`${rest} month${rest === 1 ? '' : 's'}`);
  if (approximate && years === 0) parts.push(`${rest} month${rest === 1 ? '' : 's'}`);
  return `${approximate ? 'at least ' : ''}${parts.join(', ')} old`;
}

/**
 * @param reportDate YYYY-MM-DD; with precision 'year' only its year is meaningful.
 * @param today YYYY-MM-DD from the caller's clock.
 */
export function ratingAge(rating: string | null | undefined, reportDate: string, precision: 'day' | 'year', sector: Sector, today: string): RatingAge {
  // When only the year is known, count from the year's last day so nothing is flagged too early.
  const from = precision === 'year' ? `${reportDate.slice(0, 4)}-12-31` : reportDate;
  const months = monthsBetween(from, today);
  const max = isRating(rating) ? MAX_INTERVAL_MONTHS[sector][rating] : undefined;
  const overdue = max !== undefined && months > max;
  const explanation =
    max === undefined
      ? 'No maximum re-inspection interval applies to this result.'
      : `${rating} ratings in ${sector.replace(/_/g, ' ')} services are due for re-inspection within ${formatInterval(max)}; this one is ${overdue ? 'older than that' : 'within it'}.`;
  return { months, text: describeMonths(months, precision === 'year'), maxIntervalMonths: max, overdue, explanation, rulesVersion: RATING_AGE_RULES_VERSION };
}

export function formatInterval(months: number): string {
  if (months % 12 === 0) return `${months / 12} year${months === 12 ? '' : 's'}`;
  if (months > 12) return `${months / 12} years`;
  return `${months} months`;
}
