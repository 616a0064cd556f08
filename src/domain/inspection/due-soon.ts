/**
 * "Due in the next 5 working days" and "nothing overdue once it no longer matters". A working
 * day window from the rules engine calendar (bank holidays of England and Wales), and the rule
 * that an item still outstanding counts only while it can still be acted on: evidence stops
 * mattering when it is withdrawn or the report is published (or the inspection is closed or
 * cancelled). Pure.
 */
import { CLOSED, type ActionStatus } from '../action-plans/action-plan.js';
import { addWorkingDays } from '../deadlines/working-days.js';
import type { CalendarDate } from '../deadlines/calendar-date.js';

export const DUE_SOON_WORKING_DAYS = 5;

/** Inspection states after which outstanding requests no longer matter. */
export const FINISHED_INSPECTION_STATES = ['published', 'closed', 'cancelled'] as const;

export function inspectionFinished(state: string): boolean {
  return (FINISHED_INSPECTION_STATES as readonly string[]).includes(state);
}

/**
 * An action-plan action is owed until it is done (completed, verified) or withdrawn, whatever the
 * inspection's state: the plan is written after publication. Nothing is owed on a cancelled inspection.
 */
export function actionStillOwed(status: ActionStatus, inspectionState: string): boolean {
  return inspectionState !== 'cancelled' && !CLOSED.includes(status);
}

/**
 * A visit is something coming up, never something overdue: it counts from today until it has
 * happened, while the inspection is not finished.
 */
export function visitStillAhead(visitDate: CalendarDate, today: CalendarDate, inspectionState: string): boolean {
  return !inspectionFinished(inspectionState) && visitDate >= today;
}

/** Today through the end of the n-th working day after today. */
export function dueSoonWindow(today: CalendarDate, workingDays = DUE_SOON_WORKING_DAYS): { from: CalendarDate; to: CalendarDate; explanation: string[] } {
  const r = addWorkingDays(today, workingDays);
  if (!r.ok) return { from: today, to: today, explanation: [r.error] };
  return { from: today, to: r.value.date, explanation: r.value.skipped.map((d) => `${d.date}: ${d.reason}`) };
}

export interface DueItem {
  kind: 'evidence' | 'concern' | 'action' | 'factual_accuracy' | 'visit' | 'case_list';
  title: string;
  /** YYYY-MM-DD */
  due: CalendarDate;
  link: string;
  inspectionReference: string;
  /** Still to do and still wanted. */
  open: boolean;
}

export interface DueSoonView<T extends DueItem> {
  overdue: T[];
  dueSoon: T[];
  window: { from: CalendarDate; to: CalendarDate };
}

/** Open items already past their date (overdue), and those due from today to the window's end. */
export function splitDueSoon<T extends DueItem>(items: readonly T[], today: CalendarDate, workingDays = DUE_SOON_WORKING_DAYS): DueSoonView<T> {
  const window = dueSoonWindow(today, workingDays);
  const open = items.filter((i) => i.open).sort((a, b) => a.due.localeCompare(b.due) || a.title.localeCompare(b.title));
  return {
    overdue: open.filter((i) => i.due < today),
    dueSoon: open.filter((i) => i.due >= today && i.due <= window.to),
    window: { from: window.from, to: window.to },
  };
}
