/** saf-2023: evidence-category scores → statement % → statement score → key question % → rating. */
import { EVIDENCE_CATEGORIES, evidenceCategoriesFor, evidenceCategoryName, type EvidenceCategory, type ServiceType } from '../framework/evidence-categories.data.js';
import { keyQuestionName, type KeyQuestion } from '../vocabulary/key-questions.js';
import { QUALITY_STATEMENTS } from '../framework/quality-statements.data.js';
import { err, ok, type Result } from '../shared/result.js';
import { formatPercent, type ScoredRatingResult, type StatementOutcome } from './key-question-result.js';
import { methodDescriptor } from './rating-methods.data.js';
import type { RatingOptions } from './rating-options.js';
import { bandPercentage, describeBand, type Score } from './score-bands.js';
import { checkScore, checkStatementCode, rateFromStatementOutcomes, scoresPercentage } from './statement-scores.js';

const isCategory = (value: string): value is EvidenceCategory => (EVIDENCE_CATEGORIES as readonly string[]).includes(value);

export function rateKeyQuestionSaf2023(
  keyQuestion: KeyQuestion,
  scores: Readonly<Record<string, unknown>>,
  options: RatingOptions,
  serviceType?: ServiceType,
): Result<ScoredRatingResult> {
  const entries = Object.entries(scores);
  if (entries.length === 0) return err(`no quality statement scores for ${keyQuestionName(keyQuestion)}`);
  const { version, title } = methodDescriptor('saf-2023');
  const explanation = [`Method saf-2023@${version} (${title}).`];
  const allowed = serviceType ? evidenceCategoriesFor(serviceType) : EVIDENCE_CATEGORIES;
  const statements: StatementOutcome[] = [];
  for (const [code, categories] of entries) {
    const checked = checkStatementCode(code, keyQuestion);
    if (!checked.ok) return checked;
    if (typeof categories !== 'object' || categories === null || Array.isArray(categories)) {
      return err(`${checked.value}: expected evidence category scores such as {"peoplesExperience": 3}`);
    }
    const categoryScores: { category: EvidenceCategory; score: Score }[] = [];
    for (const [category, value] of Object.entries(categories)) {
      if (!isCategory(category)) return err(`${checked.value}: unknown evidence category "${category}" (expected one of ${EVIDENCE_CATEGORIES.join(', ')})`);
      if (!allowed.includes(category)) return err(`${checked.value}: evidence category ${category} is not used for ${serviceType} services`);
      const score = checkScore(value, `${checked.value} ${category}`);
      if (!score.ok) return score;
      categoryScores.push({ category, score: score.value });
    }
    if (categoryScores.length === 0) return err(`${checked.value}: no evidence category scores`);
    categoryScores.sort((a, b) => EVIDENCE_CATEGORIES.indexOf(a.category) - EVIDENCE_CATEGORIES.indexOf(b.category));
    const percentage = scoresPercentage(categoryScores.map((c) => c.score));
    const { band, roundingNote } = bandPercentage(percentage, options.bandRounding);
    const total = categoryScores.reduce((a, c) => a + c.score, 0);
    explanation.push(
      `${checked.value}: ${categoryScores.map((c) => `${evidenceCategoryName(c.category)} ${c.score}`).join(', ')} = ${total} of ${categoryScores.length * 4} = ${formatPercent(percentage)}, in the ${describeBand(band)} band: statement score ${band.score}${roundingNote ? ` (${roundingNote})` : ''}.`,
    );
    statements.push({ code: checked.value, score: band.score, percentage });
  }
  statements.sort((a, b) => QUALITY_STATEMENTS.findIndex((q) => q.code === a.code) - QUALITY_STATEMENTS.findIndex((q) => q.code === b.code));
  return ok(rateFromStatementOutcomes('saf-2023', keyQuestion, statements, options, explanation));
}
