/**
 * Following an enforcement action through (issue 16): when compliance is checked, the
 * regulator's compliance decision, the next step of the escalation when a notice was not
 * complied with (domain.md 4), whether representations came in time, and the date an action
 * plan action answering a breach under a notice is due by. Pure rules with readable explanations.
 */
import { addDays, formatLongDate, type CalendarDate } from '../deadlines/calendar-date.js';
import { findRegulation, type Regulation } from '../framework/regulations.data.js';
import { enforcementPower, type EnforcementPower } from './enforcement-powers.data.js';

export const COMPLIANCE_RULES_VERSION = 'enforcement-compliance/1';

export const COMPLIANCE_DECISIONS = ['complied', 'partly_complied', 'not_complied'] as const;
export type ComplianceDecision = (typeof COMPLIANCE_DECISIONS)[number];

export const COMPLIANCE_DECISION_TEXT: Record<ComplianceDecision, string> = {
  complied: 'Complied',
  partly_complied: 'Partly complied',
  not_complied: 'Not complied',
};

/** How the public register says it (CQC publishes whether the requirement was met). */
export const PUBLIC_COMPLIANCE_TEXT: Record<ComplianceDecision, string> = {
  complied: 'Met: a follow-up check found the provider had done what the notice required',
  partly_complied: 'Partly met: a follow-up check found some of what the notice required had been done',
  not_complied: 'Not met: a follow-up check found the provider had not done what the notice required',
};

export function isComplianceDecision(v: unknown): v is ComplianceDecision {
  return typeof v === 'string' && (COMPLIANCE_DECISIONS as readonly string[]).includes(v);
}

/** The kinds of action whose compliance is checked against a date to comply by. */
export const COMPLY_BY_KINDS = ['warning-notice', 'requirement-notice'] as const;

export interface ComplianceCheckWindow {
  /** The follow-up may check compliance on or after this date: the date to comply by. */
  earliest: CalendarDate;
  /** The latest date to check, from the COMPLIANCE_CHECK_WITHIN_DAYS setting. */
  latest: CalendarDate;
  overdue: boolean;
  explanation: string[];
}

/**
 * When the follow-up that checks compliance should happen. domain.md 4 says compliance with a
 * section 29A notice is checked "after the last deadline"; how soon after is not published, so
 * the latest date is a local setting (COMPLIANCE_CHECK_WITHIN_DAYS), labelled as such.
 */
export function complianceCheckWindow(complyBy: CalendarDate, withinDays: number, today: CalendarDate): ComplianceCheckWindow {
  const latest = addDays(complyBy, withinDays);
  return {
    earliest: complyBy,
    latest,
    overdue: today > latest,
    explanation: [
      `The provider must comply by ${formatLongDate(complyBy)}, so compliance is checked on or after that date.`,
      `Check by ${formatLongDate(latest)}: ${withinDays} days after the date to comply by (the COMPLIANCE_CHECK_WITHIN_DAYS setting; a local choice, not a published CQC timescale).`,
    ],
  };
}

export interface EscalationOption {
  kind: EnforcementPower;
  name: string;
  route: string;
}

/**
 * What can follow a notice that was not (or only partly) complied with (domain.md 4): civil
 * powers by the notice of proposal route (conditions, suspension, cancellation), and, where the
 * breached regulation is directly prosecutable (domain.md 3.1), prosecution.
 */
export function escalationOptions(kind: string, regulationReference: string | null): EscalationOption[] {
  if (!(COMPLY_BY_KINDS as readonly string[]).includes(kind)) return [];
  const civil: EnforcementPower[] = kind === 'requirement-notice' ? ['warning-notice', 'condition', 'suspension', 'cancellation'] : ['condition', 'suspension', 'cancellation'];
  const regulation: Regulation | undefined = regulationReference ? findRegulation(regulationReference) : undefined;
  const powers: EnforcementPower[] = [...civil, ...(regulation && (regulation.prosecutable === 'yes' || regulation.prosecutable === 'in part') ? (['prosecution'] as const) : [])];
  return powers.map((p) => ({ kind: p, name: enforcementPower(p).name, route: enforcementPower(p).timelines || enforcementPower(p).effect }));
}

export interface RepresentationTimeliness {
  late: boolean;
  due: CalendarDate | null;
  explanation: string;
}

/** Representations sent after their due date are late (the due date itself is in time). */
export function representationTimeliness(submittedOn: CalendarDate, due: CalendarDate | null): RepresentationTimeliness {
  if (!due) return { late: false, due: null, explanation: 'No date was set for representations.' };
  if (submittedOn <= due) return { late: false, due, explanation: `Sent on ${formatLongDate(submittedOn)}, on time: due by ${formatLongDate(due)}.` };
  return { late: true, due, explanation: `Sent on ${formatLongDate(submittedOn)}, after they were due (${formatLongDate(due)}). The enforcement officer decides whether to consider them.` };
}

export interface ActionDueCheck {
  /** The date an action answering the breach defaults to: the date to comply by. */
  defaultDue: CalendarDate;
  warning: string | null;
}

/** An action plan action answering a breach under a notice should be done by the date to comply by. */
export function actionDueAgainstNotice(complyBy: CalendarDate, kindName: string, proposedDue: CalendarDate | null): ActionDueCheck {
  if (proposedDue && proposedDue > complyBy) {
    return { defaultDue: complyBy, warning: `This action answers a breach under a ${kindName.toLowerCase()} that must be complied with by ${formatLongDate(complyBy)}; the due date you chose, ${formatLongDate(proposedDue)}, is after it.` };
  }
  return { defaultDue: complyBy, warning: null };
}
