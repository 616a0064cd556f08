/**
 * Proposed ratings for an inspection: the inspectors' quality statement scores and the breaches
 * with their enforcement actions go to the rules engine, which rates each key question,
 * applies the limiters and aggregates the overall rating, explaining each step. Nothing here
 * decides a rating itself.
 */
import { isBreachAction, type BreachAction } from '../enforcement/enforcement-powers.data.js';
import { KEY_QUESTIONS, keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { qualityStatement } from '../framework/quality-statements.data.js';
import { rateOverall, type OverallMethod } from '../rating/asc-principles.method.js';
import { applyKeyQuestionLimiters, emptyKeyQuestionRatings, type Breach } from '../rating/limiters.js';
import { automaticWellLedLimiters, type AutomaticLimiterFacts } from '../rating/automatic-limiters.data.js';
import { DEFAULT_RATING_OPTIONS, type RatingOptions } from '../rating/rating-options.js';
import type { RatingValue } from '../vocabulary/ratings.js';
import { rateKeyQuestionSaf2023 } from '../rating/saf-2023.method.js';
import { rateKeyQuestionSaf2024 } from '../rating/saf-2024.method.js';

export const SCORING_METHODS = ['saf-2024', 'saf-2023'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export interface StatementScore {
  code: string;
  /** saf-2024: the statement score. */
  score?: number | null;
  /** saf-2023: a score per evidence category. */
  categoryScores?: Readonly<Record<string, number>> | null;
}

export interface LimiterInput {
  regulation: string;
  /** The enforcement action's kind; kinds that are not breach actions (a letter of intent) do not limit. */
  action: string;
  keyQuestion: KeyQuestion | null;
}

export interface ProposedKeyQuestion {
  keyQuestion: KeyQuestion;
  name: string;
  /** From the scores alone. */
  scoredRating: RatingValue;
  /** After the limiters: the proposal. */
  rating: RatingValue;
  percentage: number | null;
  explanation: string[];
}

export interface Proposal {
  scoringMethod: ScoringMethod;
  overallMethod: OverallMethod;
  keyQuestions: ProposedKeyQuestion[];
  overall: { rating: RatingValue; explanation: string[] };
  problems: string[];
}

export function proposeRatings(input: {
  scoringMethod: ScoringMethod;
  overallMethod: OverallMethod;
  scores: readonly StatementScore[];
  breaches: readonly LimiterInput[];
  /** What the regulator knows about the service that may limit well-led by itself (e.g. notifications not sent). */
  facts?: AutomaticLimiterFacts;
  options?: RatingOptions;
}): Proposal {
  const options = input.options ?? DEFAULT_RATING_OPTIONS;
  const problems: string[] = [];
  const breaches: Breach[] = input.breaches.flatMap((b) => (isBreachAction(b.action) ? [{ regulation: b.regulation, action: b.action as BreachAction, ...(b.keyQuestion ? { keyQuestion: b.keyQuestion } : {}) }] : []));
  const automatic = automaticWellLedLimiters(input.overallMethod, input.facts ?? { notificationGap: null });
  const keyQuestions: ProposedKeyQuestion[] = [];
  const scored = emptyKeyQuestionRatings();
  for (const kq of KEY_QUESTIONS) {
    const mine = input.scores.filter((s) => qualityStatement(s.code)?.keyQuestion === kq);
    let scoredRating: RatingValue = 'Not rated';
    let percentage: number | null = null;
    const explanation: string[] = [];
    if (mine.length === 0) {
      explanation.push(`${keyQuestionName(kq)}: no quality statement has been scored, so it is not rated.`);
    } else {
      const result =
        input.scoringMethod === 'saf-2024'
          ? rateKeyQuestionSaf2024(kq, Object.fromEntries(mine.map((s) => [s.code, s.score])), options)
          : rateKeyQuestionSaf2023(kq, Object.fromEntries(mine.map((s) => [s.code, s.categoryScores ?? {}])), options);
      if (result.ok) {
        scoredRating = result.value.rating;
        percentage = result.value.percentageDisplay;
        explanation.push(...result.value.explanation);
      } else {
        problems.push(result.error);
        explanation.push(`${keyQuestionName(kq)} cannot be rated yet: ${result.error}.`);
      }
    }
    scored[kq] = scoredRating === 'Not rated' ? null : scoredRating;
    const wellLed = kq === 'wellLed' ? automatic.limiters : [];
    const limited = applyKeyQuestionLimiters({ ...emptyKeyQuestionRatings(), [kq]: scored[kq] }, breaches.filter((b) => b.keyQuestion === kq), wellLed, options);
    if (kq === 'wellLed') explanation.push(...automatic.explanation);
    explanation.push(...limited.explanation);
    keyQuestions.push({ keyQuestion: kq, name: keyQuestionName(kq), scoredRating, rating: limited.ratings[kq] ?? 'Not rated', percentage, explanation });
  }
  const overall = rateOverall(input.overallMethod, { keyQuestions: scored, breaches, wellLedLimiters: automatic.limiters }, options);
  return { scoringMethod: input.scoringMethod, overallMethod: input.overallMethod, keyQuestions, overall: { rating: overall.overall, explanation: overall.explanation }, problems };
}
