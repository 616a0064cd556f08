/**
 * Risk-based monitoring (issue 8): one explainable score per location, so inspection managers
 * can see which services to look at next. Versioned data; every point comes with its reason.
 * The re-inspection date comes from the rules engine (latestReinspection), never a copy of it.
 * docs/monitoring.md explains each rule.
 */
import { latestReinspection, type ReinspectionSector } from '../deadlines/index.js';
import { addMonths, parseCalendarDate } from '../deadlines/calendar-date.js';
import { countOf } from '../shared/plain-words.js';
import type { KeyQuestion } from '../vocabulary/key-questions.js';

/** risk-score/2 (issue 16): open enforcement, Inadequate or Requires improvement key questions, overdue enforcement and unanswered feedback weigh more; reasons in plain words with people's dates. */
export const RISK_SCORE_VERSION = 'risk-score/2';

export const RISK_SCORE_RULES = {
  overdueBase: 30,
  overduePerMonth: 2,
  overdueMonthlyCap: 20,
  dueSoonMonths: 3,
  dueSoon: 10,
  rating: { Inadequate: 20, 'Requires improvement': 10 } as Record<string, number>,
  surveyWorse: 5,
  surveyFarBelowPoints: 10,
  surveyFarBelowExtra: 5,
  surveyCap: 25,
  feedbackEach: 1,
  feedbackCap: 10,
  urgentFeedbackEach: 8,
  urgentFeedbackCap: 24,
  concernEach: 10,
  concernCap: 30,
  enforcementEach: 40,
  enforcementCap: 80,
  inadequateKeyQuestionEach: 25,
  inadequateKeyQuestionCap: 50,
  requiresImprovementKeyQuestionEach: 8,
  requiresImprovementKeyQuestionCap: 24,
  overdueEnforcementEach: 20,
  overdueEnforcementCap: 40,
  unansweredFeedbackEach: 10,
  unansweredFeedbackCap: 30,
} as const;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "5 December 2027" */
function day(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

export interface RiskInput {
  sector: ReinspectionSector;
  /** Overall rating and the date it was published (YYYY-MM-DD); null when never rated. */
  rating: string | null;
  ratingDate: string | null;
  registrationDate: string | null;
  keyQuestions?: Partial<Record<KeyQuestion, string | null>>;
  /** Survey measures significantly worse than England, with the gap in percentage points (negative = below). */
  surveyWorse: { title: string; gap: number }[];
  feedbackLast12Months: number;
  urgentFeedbackLast12Months: number;
  openConcerns: number;
  openEnforcement: number;
  /** Current key question ratings, by name (e.g. "Well-led"), for the counts of Inadequate and Requires improvement. */
  keyQuestionRatings?: { name: string; rating: string }[];
  /** Open enforcement actions past a deadline or past their date to comply by without a compliance decision. */
  overdueEnforcement?: number;
  /** Feedback shared with the service that it did not answer by the date set. */
  unansweredFeedback?: number;
}

export interface RiskReason {
  points: number;
  text: string;
}

export interface RiskScore {
  score: number;
  reasons: RiskReason[];
  latestReinspection: string | null;
  version: string;
}

const RATED = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0));
}

/** @param today YYYY-MM-DD */
export function riskScore(input: RiskInput, today: string): RiskScore {
  const R = RISK_SCORE_RULES;
  const reasons: RiskReason[] = [];
  let latest: string | null = null;

  const rated = (RATED as readonly string[]).includes(input.rating ?? '');
  const from = rated ? input.ratingDate : input.registrationDate;
  if (from && parseCalendarDate(from).ok) {
    const r = latestReinspection({ sector: input.sector, from, overall: rated ? (input.rating as (typeof RATED)[number]) : 'new-registration', ...(input.keyQuestions ? { keyQuestions: input.keyQuestions } : {}) });
    if (r.ok) {
      latest = r.value.latest;
      const basis = rated ? `rated ${input.rating!.toLowerCase()} on ${day(from)}` : `registered on ${day(from)} and not yet rated`;
      if (today > latest) {
        const months = monthsBetween(latest, today);
        const points = R.overdueBase + Math.min(R.overdueMonthlyCap, months * R.overduePerMonth);
        reasons.push({ points, text: `Re-inspection overdue: ${basis}, it was due by ${day(latest)} (${r.value.months}-month maximum)${months ? `, ${months} month${months === 1 ? '' : 's'} ago` : ''}.` });
      } else {
        const soon = addMonths(today, R.dueSoonMonths);
        if (latest <= soon) reasons.push({ points: R.dueSoon, text: `Re-inspection due by ${day(latest)}, within ${R.dueSoonMonths} months (${basis}).` });
      }
    }
  }
  const ratingPoints = input.rating ? R.rating[input.rating] : undefined;
  if (ratingPoints) reasons.push({ points: ratingPoints, text: `Current rating is ${input.rating!.toLowerCase()}.` });

  if (input.surveyWorse.length) {
    let points = 0;
    const parts: string[] = [];
    for (const m of input.surveyWorse) {
      const far = m.gap <= -R.surveyFarBelowPoints;
      points += R.surveyWorse + (far ? R.surveyFarBelowExtra : 0);
      parts.push(`${m.title} (${Math.abs(m.gap).toFixed(1)} points below${far ? ', far below' : ''})`);
    }
    reasons.push({ points: Math.min(R.surveyCap, points), text: `GP Patient Survey significantly worse than England: ${parts.join('; ')}.` });
  }
  if (input.feedbackLast12Months) {
    reasons.push({ points: Math.min(R.feedbackCap, input.feedbackLast12Months * R.feedbackEach), text: `${input.feedbackLast12Months} piece${input.feedbackLast12Months === 1 ? '' : 's'} of feedback from the public in the last 12 months.` });
  }
  if (input.urgentFeedbackLast12Months) {
    reasons.push({ points: Math.min(R.urgentFeedbackCap, input.urgentFeedbackLast12Months * R.urgentFeedbackEach), text: `${input.urgentFeedbackLast12Months} of them suggested someone was at risk (flagged for urgent triage).` });
  }
  if (input.openConcerns) reasons.push({ points: Math.min(R.concernCap, input.openConcerns * R.concernEach), text: `${input.openConcerns} open concern${input.openConcerns === 1 ? '' : 's'} raised during inspection.` });
  if (input.openEnforcement) reasons.push({ points: Math.min(R.enforcementCap, input.openEnforcement * R.enforcementEach), text: `${countOf(input.openEnforcement, 'open enforcement action')} (for example a warning notice).` });
  const kq = input.keyQuestionRatings ?? [];
  const inadequate = kq.filter((k) => k.rating === 'Inadequate').map((k) => k.name);
  const ri = kq.filter((k) => k.rating === 'Requires improvement').map((k) => k.name);
  if (inadequate.length) reasons.push({ points: Math.min(R.inadequateKeyQuestionCap, inadequate.length * R.inadequateKeyQuestionEach), text: `Rated inadequate for ${inadequate.join(', ').toLowerCase()}.` });
  if (ri.length) reasons.push({ points: Math.min(R.requiresImprovementKeyQuestionCap, ri.length * R.requiresImprovementKeyQuestionEach), text: `Rated requires improvement for ${ri.join(', ').toLowerCase()}.` });
  if (input.overdueEnforcement) reasons.push({ points: Math.min(R.overdueEnforcementCap, input.overdueEnforcement * R.overdueEnforcementEach), text: `${countOf(input.overdueEnforcement, 'enforcement action')} overdue: a deadline or the date to comply by has passed without a decision.` });
  if (input.unansweredFeedback) reasons.push({ points: Math.min(R.unansweredFeedbackCap, input.unansweredFeedback * R.unansweredFeedbackEach), text: `${countOf(input.unansweredFeedback, 'piece')} of feedback shared with the service not answered by the date set.` });

  reasons.sort((a, b) => b.points - a.points);
  return { score: reasons.reduce((s, r) => s + r.points, 0), reasons, latestReinspection: latest, version: RISK_SCORE_VERSION };
}
