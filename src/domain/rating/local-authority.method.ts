/** Local authority assessments: QS1–QS9 scored 1–4, total over 36, banded (domain.md 1.2, 1.4). */
import { LA_QUALITY_STATEMENTS, LA_STATEMENT_CODES, LA_THEME_NAMES, LA_THEMES } from '../framework/local-authority-framework.data.js';
import { err, ok, type Result } from '../shared/result.js';
import { display, formatPercent, type ScoredRatingResult, type StatementOutcome } from './key-question-result.js';
import { methodDescriptor } from './rating-methods.data.js';
import type { RatingOptions } from './rating-options.js';
import { bandPercentage, describeBand } from './score-bands.js';
import { checkScore, scoresPercentage } from './statement-scores.js';

export function rateLocalAuthority(scores: Readonly<Record<string, unknown>>, options: RatingOptions): Result<ScoredRatingResult> {
  const unknown = Object.keys(scores).filter((k) => !(LA_STATEMENT_CODES as readonly string[]).includes(k.toUpperCase()));
  if (unknown.length > 0) return err(`unknown local authority quality statement ${unknown.map((u) => `"${u}"`).join(', ')} (expected QS1 to QS9)`);
  const upper = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k.toUpperCase(), v]));
  const missing = LA_STATEMENT_CODES.filter((c) => !(c in upper));
  if (missing.length > 0) return err(`all nine quality statements are needed; missing ${missing.join(', ')}`);
  const statements: StatementOutcome[] = [];
  for (const code of LA_STATEMENT_CODES) {
    const score = checkScore(upper[code], code);
    if (!score.ok) return score;
    statements.push({ code, score: score.value });
  }
  const { version, title } = methodDescriptor('local-authority');
  const explanation = [`Method local-authority@${version} (${title}).`];
  for (const theme of LA_THEMES) {
    const parts = LA_QUALITY_STATEMENTS.filter((q) => q.theme === theme).map((q) => `${q.code} ${q.name} ${statements.find((s) => s.code === q.code)?.score}`);
    explanation.push(`${LA_THEME_NAMES[theme]}: ${parts.join(', ')}.`);
  }
  const percentage = scoresPercentage(statements.map((s) => s.score));
  const total = statements.reduce((a, s) => a + s.score, 0);
  const { band, roundingNote } = bandPercentage(percentage, options.bandRounding);
  explanation.push(`Total ${total} of 36 = ${formatPercent(percentage)}, in the ${describeBand(band)} band: overall ${band.rating}${roundingNote ? ` (${roundingNote})` : ''}.`);
  return ok({ rating: band.rating, percentage, percentageDisplay: display(percentage), method: 'local-authority', version, statements, explanation });
}
