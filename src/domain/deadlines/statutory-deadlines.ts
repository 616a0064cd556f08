/** Deadline calculations: a rule from deadline-rules.data applied to a start date. */
import { formatTime } from '../shared/dates.js';
import { err, ok, type Result } from '../shared/result.js';
import { addDays, formatLongDate, parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { deadlineRule, DEADLINE_RULES_VERSION, type DeadlineRule, type DeadlineRuleId } from './deadline-rules.data.js';
import { endOfLondonDay, londonDate } from './london-time.js';
import { addWorkingDays, ENGLAND_AND_WALES, type WorkingDayCalendar } from './working-days.js';

export interface Deadline {
  rule: DeadlineRule;
  version: string;
  start: CalendarDate;
  due: CalendarDate;
  /** 23:59:59.999 Europe/London on the due date, as a UTC instant. */
  dueBy: Date;
  explanation: string[];
}

/** Start from a calendar date, or from an instant (an email's sent time), taken as its London date. */
/** A configured amount for a rule whose length is UNVERIFIED (e.g. ACTION_PLAN_DAYS), named in the explanation. */
export interface DeadlineOverride {
  amount: number;
  /** Where the amount comes from, for the explanation: "the ACTION_PLAN_DAYS setting". */
  source: string;
}

export function computeDeadline(id: DeadlineRuleId, from: CalendarDate | Date, calendar: WorkingDayCalendar = ENGLAND_AND_WALES, override?: DeadlineOverride): Result<Deadline> {
  const base = deadlineRule(id);
  if (override && !(Number.isInteger(override.amount) && override.amount > 0)) return err(`the configured length of "${base.title}" must be a whole number above 0, got ${override.amount}`);
  const rule = override && override.amount !== base.amount ? { ...base, amount: override.amount } : base;
  let start: CalendarDate;
  if (from instanceof Date) {
    if (Number.isNaN(from.getTime())) return err('the start instant is not a valid time');
    start = londonDate(from);
  } else {
    const parsed = parseCalendarDate(from);
    if (!parsed.ok) return parsed;
    start = parsed.value;
  }
  const explanation = [`${rule.title}: ${rule.amount} ${rule.unit === 'working-days' ? 'working days' : 'days'} from ${rule.from} (${DEADLINE_RULES_VERSION}${rule !== base ? `; ${rule.amount} instead of ${base.amount} by ${override!.source}` : ''}).`];
  explanation.push(`Day 0 is ${formatLongDate(start)}${from instanceof Date ? ` (${formatTime(from)} UK time)` : ''}.`);
  let due: CalendarDate;
  if (rule.unit === 'working-days') {
    const counted = addWorkingDays(start, rule.amount, calendar);
    if (!counted.ok) return counted;
    due = counted.value.date;
    const holidays = counted.value.skipped.filter((s) => s.reason !== 'Saturday' && s.reason !== 'Sunday');
    const weekends = counted.value.skipped.length - holidays.length;
    if (weekends > 0) explanation.push(`Skipped ${weekends} weekend day${weekends === 1 ? '' : 's'}.`);
    for (const h of holidays) explanation.push(`Skipped ${formatLongDate(h.date)}: ${h.reason} (${calendar.name} bank holiday).`);
  } else {
    due = addDays(start, rule.amount);
  }
  const dueBy = endOfLondonDay(due);
  explanation.push(`Due by the end of ${formatLongDate(due)} (11:59pm UK time).`);
  return ok({ rule, version: DEADLINE_RULES_VERSION, start, due, dueBy, explanation });
}

export const factualAccuracyDue = (draftSent: CalendarDate | Date, calendar?: WorkingDayCalendar) => computeDeadline('factual-accuracy-check', draftSent, calendar);
export const warningNoticeRepresentationsDue = (noticeDate: CalendarDate | Date, calendar?: WorkingDayCalendar) => computeDeadline('warning-notice-representations', noticeDate, calendar);
export const noticeOfProposalRepresentationsDue = (served: CalendarDate | Date) => computeDeadline('notice-of-proposal-representations', served);
export const tribunalAppealDue = (noticeOfDecisionServed: CalendarDate | Date) => computeDeadline('tribunal-appeal', noticeOfDecisionServed);
export const ratingsDisplayDue = (published: CalendarDate | Date) => computeDeadline('ratings-display', published);
export const regulationResponseDue = (regulation: '16(3)' | '17(3)', requested: CalendarDate | Date) =>
  computeDeadline(regulation === '16(3)' ? 'regulation-16-3-response' : 'regulation-17-3-response', requested);
