/** Working days in England and Wales: Monday to Friday, except bank holidays. */
import { err, ok, type Result } from '../shared/result.js';
import { BANK_HOLIDAY_FIRST_YEAR, BANK_HOLIDAY_LAST_YEAR, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays.data.js';
import { addDays, isWeekend, yearOf, type CalendarDate } from './calendar-date.js';

export interface WorkingDayCalendar {
  name: string;
  firstYear: number;
  lastYear: number;
  holidays: ReadonlyMap<CalendarDate, string>;
}

export const ENGLAND_AND_WALES: WorkingDayCalendar = {
  name: 'England and Wales',
  firstYear: BANK_HOLIDAY_FIRST_YEAR,
  lastYear: BANK_HOLIDAY_LAST_YEAR,
  holidays: new Map(ENGLAND_AND_WALES_BANK_HOLIDAYS),
};

export function bankHolidayName(date: CalendarDate, calendar: WorkingDayCalendar = ENGLAND_AND_WALES): string | undefined {
  return calendar.holidays.get(date);
}

export function isWorkingDay(date: CalendarDate, calendar: WorkingDayCalendar = ENGLAND_AND_WALES): boolean {
  return !isWeekend(date) && !calendar.holidays.has(date);
}

function covered(date: CalendarDate, calendar: WorkingDayCalendar): boolean {
  const y = yearOf(date);
  return y >= calendar.firstYear && y <= calendar.lastYear;
}

export interface WorkingDayCount {
  date: CalendarDate;
  /** Non-working days skipped on the way, with the reason ("Saturday", "Good Friday"). */
  skipped: { date: CalendarDate; reason: string }[];
}

/**
 * The nth working day after `start` (start itself is day 0, whatever kind of day it is).
 * Fails when the count runs outside the years the calendar has data for.
 */
export function addWorkingDays(start: CalendarDate, n: number, calendar: WorkingDayCalendar = ENGLAND_AND_WALES): Result<WorkingDayCount> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`addWorkingDays needs a whole number ≥ 0, got ${n}`);
  const skipped: WorkingDayCount['skipped'] = [];
  let date = start;
  let counted = 0;
  while (counted < n) {
    date = addDays(date, 1);
    if (!covered(date, calendar)) return err(`no ${calendar.name} bank holiday data for ${yearOf(date)} (covered: ${calendar.firstYear}–${calendar.lastYear})`);
    if (isWorkingDay(date, calendar)) counted++;
    else skipped.push({ date, reason: calendar.holidays.get(date) ?? (new Date(`${date}T12:00:00Z`).getUTCDay() === 6 ? 'Saturday' : 'Sunday') });
  }
  return ok({ date, skipped });
}
