/**
 * The rating vocabulary (domain.md 2): the ONE definition of the four ratings, the published
 * non-ratings, their order, the GOV.UK tag colour each is shown in (register, judgement, reports,
 * PDF), and the conversions from CQC's data (its casings, sentinels and blanks).
 */
import { err, ok, type Result } from '../shared/result.js';

export const RATINGS = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;
export type Rating = (typeof RATINGS)[number];

export const NON_RATINGS = ['Not rated', 'Insufficient evidence to rate'] as const;
export type NonRating = (typeof NON_RATINGS)[number];

export type RatingValue = Rating | NonRating;

/** For services not rated by law (domain.md 2). */
export const REGULATION_OUTCOMES = ['Regulations met', 'Not all regulations met'] as const;
export type RegulationOutcome = (typeof REGULATION_OUTCOMES)[number];

const RANK: Readonly<Record<Rating, number>> = { Outstanding: 4, Good: 3, 'Requires improvement': 2, Inadequate: 1 };

export function isRating(value: string | null | undefined): value is Rating {
  return value !== null && value !== undefined && (RATINGS as readonly string[]).includes(value);
}

/** The GOV.UK tag colour of each rating: the one colour map for every page and the PDF. */
export const RATING_TAG_CLASSES: Readonly<Record<Rating, string>> = {
  Outstanding: 'govuk-tag--turquoise',
  Good: 'govuk-tag--green',
  'Requires improvement': 'govuk-tag--orange',
  Inadequate: 'govuk-tag--red',
};

/** The tag class for any rating word; grey for non-ratings and blanks. */
export function ratingTagClass(value: string | null | undefined): string {
  return isRating(value) ? RATING_TAG_CLASSES[value] : 'govuk-tag--grey';
}

export function ratingRank(rating: Rating): number {
  return RANK[rating];
}

export function ratingFromRank(rank: number): Rating {
  const found = RATINGS.find((r) => RANK[r] === rank);
  if (!found) throw new Error(`no rating has rank ${rank}`);
  return found;
}

/** The worse of two ratings. */
export function worseOf(a: Rating, b: Rating): Rating {
  return RANK[a] <= RANK[b] ? a : b;
}

/** True when a is strictly better than b. */
export function isBetter(a: Rating, b: Rating): boolean {
  return RANK[a] > RANK[b];
}

/** Lower-case form for running text, as CQC writes it ("requires improvement"). */
export function inRunningText(value: RatingValue): string {
  return value.toLowerCase();
}

const ALIASES: Readonly<Record<string, RatingValue>> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires improvement': 'Requires improvement',
  inadequate: 'Inadequate',
  'not rated': 'Not rated',
  'insufficient evidence to rate': 'Insufficient evidence to rate',
  // Other sentinels seen in CQC data mean "no rating here".
  'no published rating': 'Not rated',
  'inspected but not rated': 'Not rated',
  'not yet inspected': 'Not rated',
};

/**
 * Parses a rating word case-insensitively ("Requires Improvement", " good "). `null` means
 * "no value given"; CQC's other sentinels map to "Not rated".
 */
export function parseRating(value: unknown): Result<RatingValue | null> {
  if (value === null || value === undefined) return ok(null);
  if (typeof value !== 'string') return err(`expected a rating word, got ${JSON.stringify(value)}`);
  const key = value.trim().replace(/\s+/g, ' ').toLowerCase();
  const found = ALIASES[key];
  return found ? ok(found) : err(`unknown rating "${value}" (expected Outstanding, Good, Requires improvement, Inadequate or Not rated)`);
}

/** CQC's words for "no rating here" as they appear in its data files and API (domain.md 2). */
export const CQC_NON_RATINGS = ['Not rated', 'No published rating', 'Inspected but not rated', 'Insufficient evidence to rate', 'Not yet inspected'] as const;
export type CqcNonRating = (typeof CQC_NON_RATINGS)[number];

const CQC_BY_LOWER = new Map<string, string>([...RATINGS, ...CQC_NON_RATINGS].map((r) => [r.toLowerCase(), r]));

/** A blank cell in CQC's data: empty, "-", "NA", "N/A", "null". */
export function isBlank(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  const v = value.trim();
  return v === '' || v === '-' || /^(na|n\/a|null)$/i.test(v);
}

/**
 * The canonical spelling of a rating or sentinel in CQC's data (two casings of "Requires
 * improvement", spaces); undefined for blanks and unknown words. Sentinels are kept as CQC wrote them.
 */
export function normaliseCqcRating(value: string | null | undefined): string | undefined {
  if (isBlank(value)) return undefined;
  return CQC_BY_LOWER.get(String(value).trim().replace(/\s+/g, ' ').toLowerCase());
}
