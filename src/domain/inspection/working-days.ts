/**
 * Date arithmetic over ISO dates ('YYYY-MM-DD'), in UTC so no time zone shifts a date.
 * Working days come from the shared England and Wales calendar in src/domain/deadlines
 * (weekends and bank holidays); this adds counting backwards, which inspections need.
 */
import { isWorkingDay as isCalendarWorkingDay } from '../deadlines/working-days.js';
import { londonDate as calendarLondonDate } from '../deadlines/london-time.js';

export type IsoDate = string;

const DAY_MS = 86_400_000;

export function parseIsoDate(d: IsoDate): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not an ISO date: ${d}`);
  const date = new Date(`${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== d) throw new Error(`not a real date: ${d}`);
  return date;
}

export function isValidIsoDate(d: string): boolean {
  try {
    parseIsoDate(d);
    return true;
  } catch {
    return false;
  }
}

export function formatIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return formatIsoDate(new Date(parseIsoDate(d).getTime() + n * DAY_MS));
}

/** Monday to Friday, except England and Wales bank holidays (years without holiday data: weekdays). */
export function isWorkingDay(d: IsoDate): boolean {
  parseIsoDate(d);
  return isCalendarWorkingDay(d);
}

/** Moves n working days forward (n > 0) or back (n < 0); n = 0 returns the date itself. */
export function addWorkingDays(d: IsoDate, n: number): IsoDate {
  let current = d;
  let remaining = Math.abs(n);
  const step = n < 0 ? -1 : 1;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) remaining--;
  }
  return current;
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((parseIsoDate(b).getTime() - parseIsoDate(a).getTime()) / DAY_MS);
}

/** The date in London for an instant. */
export function londonDate(instant: Date): IsoDate {
  return calendarLondonDate(instant);
}
