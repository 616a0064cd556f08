/** saf-2024: quality statements scored 1–4 directly → key question percentage → rating. */
import type { KeyQuestion } from '../vocabulary/key-questions.js';
import { keyQuestionName } from '../vocabulary/key-questions.js';
import { QUALITY_STATEMENTS } from '../framework/quality-statements.data.js';
import { err, ok, type Result } from '../shared/result.js';
import type { ScoredRatingResult, StatementOutcome } from './key-question-result.js';
import { display, formatPercent } from './key-question-result.js';
import { methodDescriptor } from './rating-methods.data.js';
import type { RatingOptions } from './rating-options.js';
import { bandPercentage, describeBand, type Score } from './score-bands.js';
import { checkScore, checkStatementCode, rateFromStatementOutcomes, scoresPercentage } from './statement-scores.js';

export function rateKeyQuestionSaf2024(keyQuestion: KeyQuestion, scores: Readonly<Record<string, unknown>>, options: RatingOptions): Result<ScoredRatingResult> {
  const entries = Object.entries(scores);
  if (entries.length === 0) return err(`no quality statement scores for ${keyQuestionName(keyQuestion)}`);
  const statements: StatementOutcome[] = [];
  for (const [code, value] of entries) {
    const checked = checkStatementCode(code, keyQuestion);
    if (!checked.ok) return checked;
    const score = checkScore(value, checked.value);
    if (!score.ok) return score;
    statements.push({ code: checked.value, score: score.value });
  }
  statements.sort((a, b) => QUALITY_STATEMENTS.findIndex((q) => q.code === a.code) - QUALITY_STATEMENTS.findIndex((q) => q.code === b.code));
  const { version, title } = methodDescriptor('saf-2024');
  return ok(rateFromStatementOutcomes('saf-2024', keyQuestion, statements, options, [`Method saf-2024@${version} (${title}).`]));
}

/**
 * The UNVERIFIED "pooled percentage" strategy for a provider's overall rating (option
 * providerOverallStrategy = pooled-percentage): every statement score, across key questions, banded.
 */
export function pooledOverallSaf2024(scores: Readonly<Record<string, number>>, options: RatingOptions): Result<{ rating: ScoredRatingResult['rating']; percentage: ScoredRatingResult['percentage']; percentageDisplay: number; explanation: string[] }> {
  const values: Score[] = [];
  for (const [code, value] of Object.entries(scores)) {
    const statement = QUALITY_STATEMENTS.find((q) => q.code === code.toUpperCase());
    if (!statement) return err(`unknown quality statement "${code}"`);
    const score = checkScore(value, statement.code);
    if (!score.ok) return score;
    values.push(score.value);
  }
  if (values.length === 0) return err('no quality statement scores');
  const percentage = scoresPercentage(values);
  const { band, roundingNote } = bandPercentage(percentage, options.bandRounding);
  return ok({
    rating: band.rating,
    percentage,
    percentageDisplay: display(percentage),
    explanation: [
      `Overall by pooled percentage (UNVERIFIED option providerOverallStrategy = pooled-percentage): ${values.length} statements, ${formatPercent(percentage)}, in the ${describeBand(band)} band: ${band.rating}${roundingNote ? ` (${roundingNote})` : ''}.`,
    ],
  });
}
