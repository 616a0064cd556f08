/** Calendar dates as 'YYYY-MM-DD' strings, with pure arithmetic (no time zones involved). */
import { err, ok, type Result } from '../shared/result.js';

export type CalendarDate = string;

const DAY_MS = 86_400_000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseCalendarDate(value: string): Result<CalendarDate> {
  const m = PATTERN.exec(value);
  if (!m) return err(`expected a date as YYYY-MM-DD, got "${value}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return err(`"${value}" is not a real date`);
  return ok(value);
}

function toUtcMs(date: CalendarDate): number {
  const m = PATTERN.exec(date);
  if (!m) throw new Error(`not a calendar date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function fromUtcMs(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isWeekend(date: CalendarDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

/** Calendar months later; a day past the end of the target month clamps to its last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const y = yearOf(date);
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromUtcMs(Date.UTC(targetYear, targetMonth, Math.min(d, lastDay)));
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** "Friday 19 April 2024" */
export function formatLongDate(date: CalendarDate): string {
  return `${WEEKDAYS[dayOfWeek(date)]} ${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${yearOf(date)}`;
}

/** "7 October 2025": the GOV.UK style for dates in prose (no weekday). */
export function formatDayMonthYear(date: CalendarDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${yearOf(date)}`;
}

/**
 * A span of days in the GOV.UK style: "7 October 2025", "7 and 8 October 2025", "7 to 10 October 2025",
 * "30 September to 2 October 2025", "30 December 2025 to 2 January 2026".
 */
export function formatDateSpan(from: CalendarDate, to: CalendarDate): string {
  if (from === to) return formatDayMonthYear(from);
  if (from.slice(0, 4) !== to.slice(0, 4)) return `${formatDayMonthYear(from)} to ${formatDayMonthYear(to)}`;
  const fd = Number(from.slice(8, 10));
  if (from.slice(5, 7) !== to.slice(5, 7)) return `${fd} ${MONTHS[Number(from.slice(5, 7)) - 1]} to ${formatDayMonthYear(to)}`;
  return `${fd} ${addDays(from, 1) === to ? 'and' : 'to'} ${formatDayMonthYear(to)}`;
}
