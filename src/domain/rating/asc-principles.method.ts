/**
 * Overall rating from the five key question ratings: adult social care principles (the default
 * for `ratings overall`), primary medical services, and the NHS table applied to one location.
 */
import { KEY_QUESTIONS, keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { describeRegulation } from '../framework/regulations.data.js';
import { aggregateByAscPrinciples, aggregateByNhsTable, type Rated } from './aggregate-ratings.js';
import { applyKeyQuestionLimiters, type Breach, type KeyQuestionRatings } from './limiters.js';
import { optionNote, UNRATED_KEY_QUESTIONS_OPTION, type RatingOptions } from './rating-options.js';
import { methodDescriptor, type MethodName } from './rating-methods.data.js';
import type { WellLedLimiter } from './rating-principles.data.js';
import { isBetter, isRating, type RatingValue } from '../vocabulary/ratings.js';

export const OVERALL_METHODS = ['asc-principles', 'primary-medical', 'nhs-trust'] as const satisfies readonly MethodName[];
export type OverallMethod = (typeof OVERALL_METHODS)[number];

export interface OverallInput {
  keyQuestions: Partial<Record<KeyQuestion, RatingValue | null>>;
  breaches?: readonly Breach[];
  wellLedLimiters?: readonly WellLedLimiter[];
  /** A care home that also provides homecare is not given an overall rating (domain.md 1.7). */
  careHomeAlsoProvidesHomecare?: boolean;
}

export interface OverallResult {
  overall: RatingValue;
  method: OverallMethod;
  version: string;
  /** The key question ratings after the limiters. */
  keyQuestions: KeyQuestionRatings;
  explanation: string[];
}

export function describeKeyQuestions(ratings: Partial<Record<KeyQuestion, RatingValue | null>>): string {
  return KEY_QUESTIONS.map((k) => `${keyQuestionName(k)} ${ratings[k] ?? 'not rated'}`).join(', ');
}

export function rateOverall(method: OverallMethod, input: OverallInput, options: RatingOptions): OverallResult {
  const { version, title } = methodDescriptor(method);
  const explanation: string[] = [`Method ${method}@${version} (${title}).`];
  const given = Object.fromEntries(KEY_QUESTIONS.map((k) => [k, input.keyQuestions[k] ?? null])) as KeyQuestionRatings;
  explanation.push(`Key questions: ${describeKeyQuestions(given)}.`);
  const breaches = input.breaches ?? [];
  const limited = applyKeyQuestionLimiters(given, breaches, method === 'asc-principles' ? (input.wellLedLimiters ?? []) : [], options);
  explanation.push(...limited.explanation);
  const ratings = limited.ratings;
  const done = (overall: RatingValue): OverallResult => ({ overall, method, version, keyQuestions: ratings, explanation });

  if (method === 'asc-principles' && input.careHomeAlsoProvidesHomecare) {
    explanation.push('A care home that also provides homecare is not given an overall rating: overall Not rated.');
    return done('Not rated');
  }

  const rated: Rated[] = KEY_QUESTIONS.flatMap((k) => {
    const r = ratings[k];
    return isRating(r) ? [{ label: keyQuestionName(k), rating: r }] : [];
  });
  const unrated = KEY_QUESTIONS.filter((k) => !isRating(ratings[k]));
  if (unrated.length > 0) {
    const names = unrated.map(keyQuestionName).join(', ');
    const policy = options.unratedKeyQuestions;
    const note =
      method === 'nhs-trust'
        ? '(the NHS table counts only underlying ratings that exist, as at every level of trust aggregation)'
        : optionNote(UNRATED_KEY_QUESTIONS_OPTION, policy);
    if ((policy === 'no-overall' && method !== 'nhs-trust') || rated.length === 0) {
      const overall: RatingValue = unrated.some((k) => ratings[k] === 'Insufficient evidence to rate') ? 'Insufficient evidence to rate' : 'Not rated';
      explanation.push(`${names} ${unrated.length === 1 ? 'has' : 'have'} no rating, so there is no overall rating: overall ${overall} ${note}.`);
      return done(overall);
    }
    explanation.push(`${names} ${unrated.length === 1 ? 'has' : 'have'} no rating; the principles are applied to the ${rated.length} rated key questions ${note}.`);
  }

  if (method === 'primary-medical') explanation.push('Primary medical services: the aggregation table was not retrieved, so the adult social care principles are used (UNVERIFIED).');
  const aggregation = method === 'nhs-trust' ? aggregateByNhsTable(rated, options, 'Location') : aggregateByAscPrinciples(rated, options);
  explanation.push(aggregation.rule);
  let overall = aggregation.rating;

  if (method === 'asc-principles' && breaches.length > 0) {
    const regs = [...new Set(breaches.map((b) => describeRegulation(b.regulation)))].join(', ');
    if (isBetter(overall, 'Requires improvement')) {
      explanation.push(`Overall limited to Requires improvement: breach of ${regs} (principle 1).`);
      overall = 'Requires improvement';
    } else {
      explanation.push(`Breach of ${regs}: overall can be no better than Requires improvement, and is already ${overall} (principle 1).`);
    }
  }
  explanation.push(`Overall: ${overall}.`);
  return done(overall);
}

/**
 * The overall rating method that follows the kind of service (issue 16): the GP method for primary
 * medical services, the NHS trust method for NHS healthcare organisations, the adult social care
 * principles otherwise (the method set when nothing is known).
 */
export function overallMethodFor(service: { inspectionDirectorate: string | null; type: string | null } | null): (typeof OVERALL_METHODS)[number] {
  const d = (service?.inspectionDirectorate ?? '').toLowerCase();
  const t = (service?.type ?? '').toLowerCase();
  if (d.includes('primary medical') || t === 'primary medical services') return 'primary-medical';
  if (t === 'nhs healthcare organisation') return 'nhs-trust';
  return 'asc-principles';
}
