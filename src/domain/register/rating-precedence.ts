/**
 * When a register import (CQC's API or open data) meets a rating this platform published for the
 * same location and scope, which one is current. Version `rating-precedence/1`:
 * - the imported rating replaces the published one only if its report date is later;
 * - on the same date, or when the imported rating has no date, the published rating stays current
 *   (it is the regulator's own decision; an imported copy can lag behind it);
 * - the losing rating is kept as history, never deleted.
 */
export const RATING_PRECEDENCE_VERSION = 'rating-precedence/1';

/** The `ratings.source` of ratings this platform published (publication.service.ts). */
export const PLATFORM_RATING_SOURCE = 'inspectorate';

export interface DatedRating {
  /** YYYY-MM-DD, or null when unknown. */
  reportDate: string | null;
}

export function importedRatingReplacesPublished(published: DatedRating, imported: DatedRating): boolean {
  if (!imported.reportDate) return false;
  if (!published.reportDate) return true;
  return imported.reportDate > published.reportDate;
}

/** The later of two YYYY-MM-DD dates (either may be missing). */
export function laterDate(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
