/**
 * CQC's rating words as they appear in real files: two casings of "Requires improvement",
 * sentinels that are not ratings, and "-" / "NA" for blanks (domain.md section 2).
 */
export const RATINGS = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;
export type Rating = (typeof RATINGS)[number];

export const NON_RATINGS = ['Not rated', 'No published rating', 'Inspected but not rated', 'Insufficient evidence to rate', 'Not yet inspected'] as const;
export type NonRating = (typeof NON_RATINGS)[number];

const BY_LOWER = new Map<string, string>([...RATINGS, ...NON_RATINGS].map((r) => [r.toLowerCase(), r]));

/** A blank cell: empty, "-", "NA", "N/A", "null". */
export function isBlank(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  const v = value.trim();
  return v === '' || v === '-' || /^(na|n\/a|null)$/i.test(v);
}

/** The canonical spelling of a rating or sentinel; undefined for blanks and unknown words. */
export function normaliseRating(value: string | null | undefined): string | undefined {
  if (isBlank(value)) return undefined;
  return BY_LOWER.get(String(value).trim().replace(/\s+/g, ' ').toLowerCase());
}

export function isRating(value: string | null | undefined): value is Rating {
  return (RATINGS as readonly string[]).includes(value ?? '');
}
