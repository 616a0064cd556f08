/**
 * Comparing a practice's GP Patient Survey results with its ICB and with England.
 *
 * Method (COMPARISON_METHOD): a two-sided two-proportion z-test at the 95% level (|z| > 1.96),
 * with a pooled proportion. The practice's own responses are part of its ICB's and England's
 * figures, so it is compared with the rest of them (the comparator minus the practice), which
 * keeps the two samples independent. Numbers of responses are the unweighted bases; the
 * survey's published percentages are weighted, so this is an approximation (docs/gp-patient-survey.md).
 */
export const COMPARISON_METHOD = {
  version: 'gpps-comparison/1',
  name: 'two-proportion z-test, two-sided, 95% level, practice against the rest of the comparator',
  zCritical: 1.959964,
} as const;

export interface SurveyFigure {
  percentage: number | null;
  responses: number;
  suppressed: boolean;
}

/** ICB or England figures from practice rows: the mean of percentages weighted by responses. */
export function weightedFigure(rows: readonly SurveyFigure[]): SurveyFigure {
  let n = 0;
  let weighted = 0;
  for (const r of rows) {
    if (r.suppressed || r.percentage === null) continue;
    n += r.responses;
    weighted += r.percentage * r.responses;
  }
  if (n === 0) return { percentage: null, responses: 0, suppressed: true };
  return { percentage: weighted / n, responses: n, suppressed: false };
}

export type Difference = 'higher' | 'lower' | 'no-significant-difference' | 'not-compared';

export interface ComparisonResult {
  difference: Difference;
  /** 'better' / 'worse' once the direction of the measure is known. */
  judgement: 'better' | 'worse' | 'similar' | null;
  z: number | null;
  /** Percentage points, practice minus comparator (rounded to 1 decimal for display elsewhere). */
  gap: number | null;
  explanation: string;
}

export function compareWith(practice: SurveyFigure, comparator: SurveyFigure, higherIsBetter: boolean, comparatorName: string): ComparisonResult {
  if (practice.suppressed || practice.percentage === null) return { difference: 'not-compared', judgement: null, z: null, gap: null, explanation: 'Not compared: the practice result is suppressed (fewer than 10 responses).' };
  if (comparator.suppressed || comparator.percentage === null) return { difference: 'not-compared', judgement: null, z: null, gap: null, explanation: `Not compared: no ${comparatorName} figure.` };
  const n1 = practice.responses;
  const p1 = practice.percentage / 100;
  // The rest of the comparator, without the practice's own responses.
  const overlap = comparator.responses > n1 ? n1 : 0;
  const n2 = comparator.responses - overlap;
  const p2 = n2 > 0 ? (comparator.percentage / 100 * comparator.responses - p1 * overlap) / n2 : comparator.percentage / 100;
  const gap = practice.percentage - comparator.percentage;
  if (n2 <= 0) return { difference: 'not-compared', judgement: null, z: null, gap, explanation: `Not compared: ${comparatorName} has no responses beyond the practice's own.` };
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (p1 - p2) / se;
  const significant = Math.abs(z) > COMPARISON_METHOD.zCritical;
  const difference: Difference = !significant ? 'no-significant-difference' : z > 0 ? 'higher' : 'lower';
  const judgement = difference === 'no-significant-difference' ? 'similar' : (difference === 'higher') === higherIsBetter ? 'better' : 'worse';
  const pts = `${Math.abs(gap).toFixed(1)} percentage points ${gap >= 0 ? 'above' : 'below'} ${comparatorName}`;
  return {
    difference,
    judgement,
    z,
    gap,
    explanation: significant
      ? `${pts}: a statistically significant difference (z = ${z.toFixed(2)}, ${COMPARISON_METHOD.version}).`
      : `${pts}: not a statistically significant difference (z = ${z.toFixed(2)}, ${COMPARISON_METHOD.version}).`,
  };
}

export interface MeasureComparison {
  measure: string;
  title: string;
  practice: SurveyFigure;
  icb: SurveyFigure;
  england: SurveyFigure;
  vsIcb: ComparisonResult;
  vsEngland: ComparisonResult;
}

export function comparePractice(
  measures: readonly { id: string; title: string; higherIsBetter: boolean }[],
  figures: { practice: Map<string, SurveyFigure>; icb: Map<string, SurveyFigure>; england: Map<string, SurveyFigure> },
): MeasureComparison[] {
  const none: SurveyFigure = { percentage: null, responses: 0, suppressed: true };
  return measures.map((m) => {
    const practice = figures.practice.get(m.id) ?? none;
    const icb = figures.icb.get(m.id) ?? none;
    const england = figures.england.get(m.id) ?? none;
    return { measure: m.id, title: m.title, practice, icb, england, vsIcb: compareWith(practice, icb, m.higherIsBetter, 'the ICB'), vsEngland: compareWith(practice, england, m.higherIsBetter, 'England') };
  });
}
