/**
 * "Notifications not sent": an adult social care location that has sent none of the notifications
 * a care service is expected to send (deaths, serious injuries, abuse, DoLS outcomes, police
 * incidents) for a long time is flagged for the inspection team, and the rules engine's well-led
 * limiter `notifications-not-sent` (rating-principles.data.ts) is the judgement it may lead to.
 * The length of "a long time" is a setting (NOTIFICATIONS_QUIET_MONTHS): CQC publishes no figure,
 * so this is a labelled rule, not a regulation.
 */
import { addMonths, formatLongDate, parseCalendarDate } from '../deadlines/calendar-date.js';
import { EXPECTED_NOTIFICATION_TYPES } from './notification-types.data.js';

export const NOTIFICATION_GAP_RULE_VERSION = 'notifications-not-sent/1';

export interface GapInput {
  /** YYYY-MM-DD of the latest expected notification, or null when there has been none. */
  lastExpected: string | null;
  /** When the location was registered (or first known), so a new service is not flagged at once. */
  since: string | null;
  today: string;
  quietMonths: number;
}

export interface GapResult {
  flagged: boolean;
  explanation: string;
  version: string;
}

export function notificationsNotSent(input: GapInput): GapResult {
  const from = input.lastExpected ?? input.since;
  const kinds = EXPECTED_NOTIFICATION_TYPES.length;
  if (!from || !parseCalendarDate(from).ok) return { flagged: false, explanation: 'No registration date is known, so the gap cannot be measured.', version: NOTIFICATION_GAP_RULE_VERSION };
  const limit = addMonths(from, input.quietMonths);
  const flagged = input.today > limit;
  const what = input.lastExpected ? `the last expected notification was on ${formatLongDate(input.lastExpected)}` : `no expected notification since ${formatLongDate(from)}`;
  return {
    flagged,
    explanation: flagged
      ? `Notifications not sent: ${what}, more than ${input.quietMonths} months ago (the ${kinds} kinds a care service is expected to send).`
      : `Notifications are being sent: ${what} (within ${input.quietMonths} months).`,
    version: NOTIFICATION_GAP_RULE_VERSION,
  };
}

/** The monitoring score's separate term for notifications (risk-score.ts adds it to its reasons). */
export const NOTIFICATION_RISK_RULES = { urgentEach: 6, urgentCap: 18, notSent: 10 } as const;

export function notificationRiskReasons(input: { urgentLast12Months: number; notSent: boolean }): { points: number; text: string }[] {
  const R = NOTIFICATION_RISK_RULES;
  const out: { points: number; text: string }[] = [];
  if (input.urgentLast12Months > 0)
    out.push({ points: Math.min(R.urgentCap, input.urgentLast12Months * R.urgentEach), text: `${input.urgentLast12Months} urgent statutory notification${input.urgentLast12Months === 1 ? '' : 's'} (deaths, serious injuries, abuse or flagged) in the last 12 months.` });
  if (input.notSent) out.push({ points: R.notSent, text: 'No expected statutory notifications for a long time: notifications may not be being sent.' });
  return out;
}
