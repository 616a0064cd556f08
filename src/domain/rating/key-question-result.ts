import type { KeyQuestion } from '../vocabulary/key-questions.js';
import { toDecimalPlaces, type Fraction } from '../shared/fraction.js';
import type { Score } from './score-bands.js';
import type { Rating } from '../vocabulary/ratings.js';

export interface StatementOutcome {
  code: string;
  score: Score;
  /** Exact; only saf-2023 derives a statement percentage from categories. */
  percentage?: Fraction;
}

export interface ScoredRatingResult {
  rating: Rating;
  /** Exact percentage. */
  percentage: Fraction;
  /** Rounded to 2 decimals, for display. */
  percentageDisplay: number;
  method: 'saf-2023' | 'saf-2024' | 'local-authority';
  version: string;
  keyQuestion?: KeyQuestion;
  statements: StatementOutcome[];
  explanation: string[];
}

export const display = (f: Fraction): number => toDecimalPlaces(f, 2);

export function formatPercent(f: Fraction): string {
  return `${display(f)}%`;
}
