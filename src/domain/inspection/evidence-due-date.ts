/**
 * Default due dates for evidence requests and the case list, from the notice period.
 * Versioned rules with an explanation, like every rule set (docs/adr/0001).
 *
 * - announced: 5 working days before fieldwork starts (domain.md 5: usually >= 2 weeks' notice);
 * - short notice: the working day before fieldwork starts (the Luton review: notified Thursday,
 *   fieldwork Monday, evidence due Friday);
 * - unannounced: requests are made on site, so 2 working days after fieldwork starts.
 * A default never falls before the working day after notification, nor after fieldwork starts
 * (except for unannounced inspections). Working days skip weekends and England and Wales bank
 * holidays. UNVERIFIED assumptions: the numbers are configurable here.
 */
import type { NoticeType } from './inspection-model.js';
import { addWorkingDays, compareIsoDates, type IsoDate } from './working-days.js';

export const EVIDENCE_DUE_RULES_VERSION = 'evidence-due-date/1';

export const EVIDENCE_DUE_RULES = {
  announcedWorkingDaysBeforeFieldwork: 5,
  shortNoticeWorkingDaysBeforeFieldwork: 1,
  unannouncedWorkingDaysAfterStart: 2,
} as const;

export interface DueDateInput {
  noticeType: NoticeType;
  fieldworkStart: IsoDate;
  /** The day the organisation is (or will be) notified; today when not yet notified. */
  notifiedOn: IsoDate | null;
}

export interface DueDate {
  dueDate: IsoDate;
  explanation: string;
  version: typeof EVIDENCE_DUE_RULES_VERSION;
}

export function defaultEvidenceDueDate(input: DueDateInput): DueDate {
  const r = EVIDENCE_DUE_RULES;
  const v = EVIDENCE_DUE_RULES_VERSION;
  if (input.noticeType === 'unannounced') {
    const due = addWorkingDays(input.fieldworkStart, r.unannouncedWorkingDaysAfterStart);
    return { dueDate: due, explanation: `${v}: unannounced, so due ${r.unannouncedWorkingDaysAfterStart} working days after fieldwork starts`, version: v };
  }
  const before = input.noticeType === 'announced' ? r.announcedWorkingDaysBeforeFieldwork : r.shortNoticeWorkingDaysBeforeFieldwork;
  let due = addWorkingDays(input.fieldworkStart, -before);
  let explanation = `${v}: ${input.noticeType.replace('_', ' ')}, so due ${before} working day${before === 1 ? '' : 's'} before fieldwork starts`;
  if (input.notifiedOn) {
    const earliest = addWorkingDays(input.notifiedOn, 1);
    if (compareIsoDates(due, earliest) < 0) {
      due = compareIsoDates(earliest, input.fieldworkStart) > 0 ? input.fieldworkStart : earliest;
      explanation += `, moved to ${due} to give at least one working day after notification`;
    }
  }
  return { dueDate: due, explanation, version: v };
}
