/**
 * Principle 2: after a focused inspection the new key question ratings combine with the existing
 * ratings of the key questions not inspected. Each keeps its own date and says where it came from.
 * Ratings inherited from a previous provider are shown but never aggregated (domain.md 1.6).
 */
import { formatDate } from '../shared/dates.js';
import { KEY_QUESTIONS, keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { rateOverall, type OverallInput, type OverallMethod, type OverallResult } from './asc-principles.method.js';
import type { RatingOptions } from './rating-options.js';
import type { RatingValue } from '../vocabulary/ratings.js';

export interface DatedRating {
  rating: RatingValue;
  /** Publication date of the report that gave the rating, YYYY-MM-DD. */
  date: string;
  reportId?: string;
  /** Continued "regulatory history" from a previous provider. */
  inherited?: boolean;
}

export type RatingSource = 'new' | 'carried-forward' | 'none';

export interface CombinedKeyQuestion {
  rating: RatingValue | null;
  date: string | null;
  source: RatingSource;
  reportId?: string;
}

export interface Combination {
  keyQuestions: Record<KeyQuestion, CombinedKeyQuestion>;
  explanation: string[];
}

export function combineFocusedInspection(existing: Partial<Record<KeyQuestion, DatedRating>>, inspected: Partial<Record<KeyQuestion, DatedRating>>): Combination {
  const explanation: string[] = [];
  const keyQuestions = {} as Record<KeyQuestion, CombinedKeyQuestion>;
  const fresh: string[] = [];
  for (const k of KEY_QUESTIONS) {
    const now = inspected[k];
    const before = existing[k];
    const name = keyQuestionName(k);
    if (now) {
      keyQuestions[k] = { rating: now.rating, date: now.date, source: 'new', ...(now.reportId ? { reportId: now.reportId } : {}) };
      fresh.push(`${name} ${now.rating} (${now.date})`);
    } else if (before && !before.inherited) {
      keyQuestions[k] = { rating: before.rating, date: before.date, source: 'carried-forward', ...(before.reportId ? { reportId: before.reportId } : {}) };
      explanation.push(`${name} not inspected: its existing rating ${before.rating} of ${/^\d{4}-\d{2}-\d{2}$/.test(before.date) ? formatDate(before.date) : before.date} is carried forward (principle 2).`);
    } else if (before?.inherited) {
      keyQuestions[k] = { rating: null, date: null, source: 'none' };
      explanation.push(`${name} not inspected: its rating ${before.rating} of ${before.date} was inherited from a previous provider and is not aggregated into a new rating.`);
    } else {
      keyQuestions[k] = { rating: null, date: null, source: 'none' };
      explanation.push(`${name} not inspected and has no existing rating.`);
    }
  }
  if (fresh.length > 0) explanation.unshift(`Inspected key questions, new ratings: ${fresh.join(', ')}.`);
  return { keyQuestions, explanation };
}

export interface FocusedOverallResult extends OverallResult {
  combined: Record<KeyQuestion, CombinedKeyQuestion>;
}

/** Combine, then rate the overall with the chosen method; the explanation covers both steps. */
export function rateAfterFocusedInspection(
  method: OverallMethod,
  existing: Partial<Record<KeyQuestion, DatedRating>>,
  inspected: Partial<Record<KeyQuestion, DatedRating>>,
  rest: Omit<OverallInput, 'keyQuestions'>,
  options: RatingOptions,
): FocusedOverallResult {
  const combination = combineFocusedInspection(existing, inspected);
  const keyQuestions = Object.fromEntries(KEY_QUESTIONS.map((k) => [k, combination.keyQuestions[k].rating])) as Record<KeyQuestion, RatingValue | null>;
  const result = rateOverall(method, { ...rest, keyQuestions }, options);
  const [first, ...others] = result.explanation;
  return { ...result, explanation: [...(first ? [first] : []), ...combination.explanation, ...others], combined: combination.keyQuestions };
}
