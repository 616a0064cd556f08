/** The programme as a week: one column per day from fieldwork start to end, visits in time order. */
import { addDays, compareIsoDates, type IsoDate } from './working-days.js';

export interface ProgrammeVisitInput {
  id: string;
  visitDate: IsoDate;
  startTime: string;
  endTime: string;
  serviceName: string;
}

export interface ProgrammeDay<V> {
  date: IsoDate;
  visits: V[];
}

export function weekView<V extends ProgrammeVisitInput>(start: IsoDate, end: IsoDate, visits: readonly V[]): ProgrammeDay<V>[] {
  const days: ProgrammeDay<V>[] = [];
  const first = visits.reduce((m, v) => (compareIsoDates(v.visitDate, m) < 0 ? v.visitDate : m), start);
  const last = visits.reduce((m, v) => (compareIsoDates(v.visitDate, m) > 0 ? v.visitDate : m), end);
  for (let d = first; compareIsoDates(d, last) <= 0 && days.length < 62; d = addDays(d, 1)) {
    days.push({
      date: d,
      visits: visits
        .filter((v) => v.visitDate === d)
        .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.serviceName.localeCompare(b.serviceName) || a.id.localeCompare(b.id)),
    });
  }
  return days;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isValidTime(t: string): boolean {
  return TIME.test(t);
}
