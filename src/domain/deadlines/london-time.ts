/**
 * Europe/London without a time zone database: GMT, or BST (UTC+1) from 01:00 UTC on the last
 * Sunday of March to 01:00 UTC on the last Sunday of October (the EU/UK rule since 1996).
 */
import { addDays, dayOfWeek, fromUtcMs, type CalendarDate } from './calendar-date.js';

function lastSunday(year: number, month: 3 | 10): CalendarDate {
  let d = fromUtcMs(Date.UTC(year, month, 0)); // last day of the month
  while (dayOfWeek(d) !== 0) d = addDays(d, -1);
  return d;
}

/** Worked out once per year and month: every page asks for today's date in London. */
const transitions = new Map<number, number>();

function transitionInstant(year: number, month: 3 | 10): number {
  const key = year * 100 + month;
  let at = transitions.get(key);
  if (at === undefined) transitions.set(key, (at = Date.parse(`${lastSunday(year, month)}T01:00:00.000Z`)));
  return at;
}

/** Offset from UTC in hours (0 or 1) at an instant. */
export function londonOffsetHours(instant: Date): 0 | 1 {
  const t = instant.getTime();
  const year = instant.getUTCFullYear();
  return t >= transitionInstant(year, 3) && t < transitionInstant(year, 10) ? 1 : 0;
}

/** The calendar date in London at an instant (an email sent 23:30 UTC on 31 May is 1 June in London). */
export function londonDate(instant: Date): CalendarDate {
  return fromUtcMs(instant.getTime() + londonOffsetHours(instant) * 3_600_000);
}

/** The UTC instant of 23:59:59.999 London time on a date. */
export function endOfLondonDay(date: CalendarDate): Date {
  const utcGuess = Date.parse(`${date}T23:59:59.999Z`);
  // At 23:59 London the clocks never change, so the offset one hour earlier is the offset that applies.
  const offset = londonOffsetHours(new Date(utcGuess - 3_600_000));
  return new Date(utcGuess - offset * 3_600_000);
}
