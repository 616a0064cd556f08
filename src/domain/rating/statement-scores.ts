/** Shared by saf-2023 and saf-2024: statement scores → key question percentage → rating. */
import { keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { qualityStatement } from '../framework/quality-statements.data.js';
import { fraction, toPercentage, type Fraction } from '../shared/fraction.js';
import { err, ok, type Result } from '../shared/result.js';
import { display, formatPercent, type ScoredRatingResult, type StatementOutcome } from './key-question-result.js';
import { methodDescriptor } from './rating-methods.data.js';
import { optionNote, STATEMENT_ONE_CAP_OPTION, type RatingOptions } from './rating-options.js';
import { bandPercentage, describeBand, isScore, type Score } from './score-bands.js';
import { isBetter } from '../vocabulary/ratings.js';

export function scoresPercentage(scores: readonly Score[]): Fraction {
  const total = scores.reduce<number>((a, b) => a + b, 0);
  return toPercentage(fraction(total, scores.length * 4));
}

/** Checks a quality statement code belongs to the key question. */
export function checkStatementCode(code: string, keyQuestion: KeyQuestion): Result<string> {
  const statement = qualityStatement(code);
  if (!statement) return err(`unknown quality statement "${code}"`);
  if (statement.keyQuestion !== keyQuestion) return err(`quality statement ${statement.code} belongs to ${keyQuestionName(statement.keyQuestion)}, not ${keyQuestionName(keyQuestion)}`);
  return ok(statement.code);
}

export function checkScore(value: unknown, where: string): Result<Score> {
  return isScore(value) ? ok(value) : err(`${where}: score must be a whole number from 1 to 4, got ${JSON.stringify(value)}`);
}

export function rateFromStatementOutcomes(
  method: 'saf-2023' | 'saf-2024',
  keyQuestion: KeyQuestion,
  statements: StatementOutcome[],
  options: RatingOptions,
  explanation: string[],
): ScoredRatingResult {
  const { version } = methodDescriptor(method);
  const kqName = keyQuestionName(keyQuestion);
  const percentage = scoresPercentage(statements.map((s) => s.score));
  const total = statements.reduce((a, s) => a + s.score, 0);
  const { band, roundingNote } = bandPercentage(percentage, options.bandRounding);
  let rating = band.rating;
  explanation.push(
    `${kqName}: statement scores ${statements.map((s) => `${s.code} ${s.score}`).join(', ')} = ${total} of ${statements.length * 4} = ${formatPercent(percentage)}, in the ${describeBand(band)} band: ${rating}${roundingNote ? ` (${roundingNote})` : ''}.`,
  );
  const scoredOne = statements.filter((s) => s.score === 1).map((s) => s.code);
  if (scoredOne.length > 0 && options.statementScoreOneCap === 'cap-requires-improvement' && isBetter(rating, 'Requires improvement')) {
    rating = 'Requires improvement';
    explanation.push(`${kqName} limited to Requires improvement: ${scoredOne.join(', ')} scored 1 ${optionNote(STATEMENT_ONE_CAP_OPTION, options.statementScoreOneCap)}.`);
  }
  explanation.push(`${kqName}: ${rating}.`);
  return { rating, percentage, percentageDisplay: display(percentage), method, version, keyQuestion, statements, explanation };
}
