/**
 * Scores 1–4 and the percentage bands that turn a percentage into a score or a rating
 * (domain.md 1.4). One table serves quality statements, key questions and local authorities.
 */
import { floorFraction, fraction, roundHalfUp, compareFractions, type Fraction } from '../shared/fraction.js';
import { BAND_ROUNDING_OPTION, BAND_ROUNDINGS, optionNote, type BandRounding } from './rating-options.js';
import type { Rating } from '../vocabulary/ratings.js';

export const SCORES = [1, 2, 3, 4] as const;
export type Score = (typeof SCORES)[number];

export interface ScoreBand {
  score: Score;
  rating: Rating;
  meaning: string;
  /** Whole percentages, inclusive. */
  lowestPercent: number;
  highestPercent: number;
}

export const SCORE_BANDS: readonly ScoreBand[] = [
  { score: 4, rating: 'Outstanding', meaning: 'Evidence shows an exceptional standard', lowestPercent: 88, highestPercent: 100 },
  { score: 3, rating: 'Good', meaning: 'Evidence shows a good standard', lowestPercent: 63, highestPercent: 87 },
  { score: 2, rating: 'Requires improvement', meaning: 'Evidence shows some shortfalls', lowestPercent: 39, highestPercent: 62 },
  { score: 1, rating: 'Inadequate', meaning: 'Evidence shows significant shortfalls', lowestPercent: 25, highestPercent: 38 },
];

export function isScore(value: unknown): value is Score {
  return typeof value === 'number' && (SCORES as readonly number[]).includes(value);
}

export function bandForScore(score: Score): ScoreBand {
  const band = SCORE_BANDS.find((b) => b.score === score);
  if (!band) throw new Error(`no band for score ${score}`);
  return band;
}

function bandUnder(percentage: Fraction, rounding: BandRounding): ScoreBand {
  for (const band of SCORE_BANDS) {
    if (band.score === 1) return band;
    const previousTop = band.lowestPercent - 1; // 87 for Outstanding
    const inBand =
      rounding === 'over'
        ? compareFractions(percentage, fraction(previousTop, 1)) > 0
        : (rounding === 'floor' ? floorFraction(percentage) : roundHalfUp(percentage)) >= band.lowestPercent;
    if (inBand) return band;
  }
  throw new Error('unreachable: the lowest band always matches');
}

export interface Banding {
  band: ScoreBand;
  /** Set when the rounding option decided the band (the other readings disagree). */
  roundingNote?: string;
}

/** The band an exact percentage falls in. Says so when the UNVERIFIED rounding option decided it. */
export function bandPercentage(percentage: Fraction, rounding: BandRounding): Banding {
  const band = bandUnder(percentage, rounding);
  const disagree = BAND_ROUNDINGS.some((r) => bandUnder(percentage, r).score !== band.score);
  return disagree ? { band, roundingNote: `band edge: ${BAND_ROUNDING_OPTION.meaning[rounding]} ${optionNote(BAND_ROUNDING_OPTION, rounding)}` } : { band };
}

export function describeBand(band: ScoreBand): string {
  return band.score === 4 ? `${band.lowestPercent}% and above` : `${band.lowestPercent}–${band.highestPercent}%`;
}
