/**
 * Statutory and policy deadlines as versioned data (domain.md 3–5). Counting convention: the day
 * of the triggering event is day 0; the deadline is the end (23:59:59.999 Europe/London) of the
 * last counted day. Working days skip weekends and England and Wales bank holidays.
 */
export const DEADLINE_RULES_VERSION = 'deadlines@2026-12-01';

export const DEADLINE_RULE_IDS = [
  'factual-accuracy-check',
  'warning-notice-representations',
  'warning-notice-reply',
  'notice-of-proposal-representations',
  'tribunal-appeal',
  'ratings-display',
  'regulation-16-3-response',
  'regulation-17-3-response',
  'requirement-notice-action-plan',
  'report-action-plan',
  'provider-information-return',
  'rating-review-request',
] as const;
export type DeadlineRuleId = (typeof DEADLINE_RULE_IDS)[number];

export interface DeadlineRule {
  id: DeadlineRuleId;
  title: string;
  amount: number;
  unit: 'working-days' | 'calendar-days';
  from: string;
  who: string;
  label: 'verified' | 'secondary' | 'UNVERIFIED';
}

export const DEADLINE_RULES: readonly DeadlineRule[] = [
  { id: 'factual-accuracy-check', title: 'Factual accuracy comments on a draft report', amount: 10, unit: 'working-days', from: 'the date the draft report was emailed (not the date on the letter)', who: 'Provider', label: 'verified' },
  { id: 'warning-notice-representations', title: 'Representations against a warning notice', amount: 10, unit: 'working-days', from: 'the date of the warning notice', who: 'Provider', label: 'verified' },
  { id: 'warning-notice-reply', title: "CQC's reply to warning notice representations", amount: 20, unit: 'working-days', from: 'the date the representations were received', who: 'CQC', label: 'verified' },
  { id: 'notice-of-proposal-representations', title: 'Representations against a notice of proposal', amount: 28, unit: 'calendar-days', from: 'the date the notice of proposal was served', who: 'Provider', label: 'secondary' },
  { id: 'tribunal-appeal', title: 'Appeal to the First-tier Tribunal against a notice of decision', amount: 28, unit: 'calendar-days', from: 'the date the notice of decision was served', who: 'Provider', label: 'secondary' },
  { id: 'ratings-display', title: 'Display the new ratings (Regulation 20A)', amount: 21, unit: 'calendar-days', from: 'the date the report was published, even if a review was requested', who: 'Provider', label: 'verified' },
  { id: 'regulation-16-3-response', title: 'Summary of complaints requested under Regulation 16(3)', amount: 28, unit: 'calendar-days', from: 'the date of the request', who: 'Provider', label: 'verified' },
  { id: 'regulation-17-3-response', title: 'Governance report and improvement plans requested under Regulation 17(3)', amount: 28, unit: 'calendar-days', from: 'the date of the request', who: 'Provider', label: 'verified' },
  { id: 'requirement-notice-action-plan', title: 'Action plan in response to a requirement notice', amount: 28, unit: 'calendar-days', from: 'the date of the requirement notice', who: 'Provider', label: 'UNVERIFIED' },
  { id: 'report-action-plan', title: "Action plan in response to the published report's recommendations and breaches", amount: 28, unit: 'calendar-days', from: 'the date the report was published', who: 'Provider or commissioners', label: 'UNVERIFIED' },
  { id: 'rating-review-request', title: 'Request for a review of ratings', amount: 15, unit: 'working-days', from: 'the date the report was published', who: 'Provider', label: 'secondary' },
  { id: 'provider-information-return', title: 'Provider information return (adult social care)', amount: 28, unit: 'calendar-days', from: 'the date it was requested (4 weeks)', who: 'Provider', label: 'secondary' },
];

export function deadlineRule(id: DeadlineRuleId): DeadlineRule {
  const rule = DEADLINE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no deadline rule ${id}`);
  return rule;
}

export const REINSPECTION_SECTORS = ['gp-and-urgent-care', 'adult-social-care'] as const;
export type ReinspectionSector = (typeof REINSPECTION_SECTORS)[number];

export interface ReinspectionIntervals {
  sector: ReinspectionSector;
  title: string;
  /** Calendar months after publication of the last rating. */
  months: { Inadequate: number; 'Requires improvement': number; Good: number; Outstanding: number };
  /** Requires improvement overall with an Inadequate key question: re-inspect as if Inadequate. */
  inadequateKeyQuestionRule: boolean;
  newRegistrationMonths: number;
  label: 'verified' | 'secondary';
}

/** Maximum intervals (domain.md 5). Configurable: pass another table to latestReinspection. */
export const DEFAULT_REINSPECTION_INTERVALS: readonly ReinspectionIntervals[] = [
  { sector: 'gp-and-urgent-care', title: 'GP practices and urgent care', months: { Inadequate: 6, 'Requires improvement': 12, Good: 60, Outstanding: 60 }, inadequateKeyQuestionRule: true, newRegistrationMonths: 12, label: 'verified' },
  { sector: 'adult-social-care', title: 'Adult social care (older published frequencies)', months: { Inadequate: 6, 'Requires improvement': 12, Good: 30, Outstanding: 30 }, inadequateKeyQuestionRule: false, newRegistrationMonths: 12, label: 'secondary' },
];
