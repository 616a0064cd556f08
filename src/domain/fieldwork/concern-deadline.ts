/**
 * Immediate-action concerns (issue #6): the organisation must acknowledge and respond with the
 * action taken within a number of hours (default 24, configurable: CONCERN_RESPONSE_HOURS).
 * The rule is data with a version; the clock is an argument.
 */
import { formatDateTime } from '../shared/dates.js';
export const CONCERN_RESPONSE_VERSION = 'concern-response/1';
export const DEFAULT_CONCERN_RESPONSE_HOURS = 24;
export const MIN_CONCERN_RESPONSE_HOURS = 1;
export const MAX_CONCERN_RESPONSE_HOURS = 24 * 14;

export const CONCERN_STATUSES = ['open', 'acknowledged', 'responded', 'closed'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];

export interface ConcernDeadline {
  respondBy: Date;
  hours: number;
  version: typeof CONCERN_RESPONSE_VERSION;
  explanation: string;
}

function londonTime(d: Date): string {
  return formatDateTime(d, { withDay: true, zone: true });
}

export function formatLondonDateTime(d: Date): string {
  return londonTime(d);
}

/** Hours, not working days: a concern that needs immediate action does not wait for Monday. */
export function concernRespondBy(raisedAt: Date, hours: number): ConcernDeadline {
  const respondBy = new Date(raisedAt.getTime() + hours * 3_600_000);
  return {
    respondBy,
    hours,
    version: CONCERN_RESPONSE_VERSION,
    explanation: `${CONCERN_RESPONSE_VERSION}: acknowledge and respond with the action taken within ${hours} hour${hours === 1 ? '' : 's'} of the concern being raised (${londonTime(raisedAt)}), so by ${londonTime(respondBy)}.`,
  };
}

export interface ConcernTimes {
  respondBy: Date;
  respondedAt: Date | null;
  escalatedAt: Date | null;
}

/** Overdue: no response with the action taken by the deadline. An acknowledgement alone is not a response. */
export function isConcernOverdue(c: ConcernTimes, now: Date): boolean {
  return c.respondedAt === null && now.getTime() > c.respondBy.getTime();
}

export function needsEscalation(c: ConcernTimes, now: Date): boolean {
  return isConcernOverdue(c, now) && c.escalatedAt === null;
}

export function wasLate(at: Date, respondBy: Date): boolean {
  return at.getTime() > respondBy.getTime();
}
