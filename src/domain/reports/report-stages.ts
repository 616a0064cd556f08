/**
 * Report stages: every stage has an owner (who must act) and a clock (how long it has waited,
 * against a target), so no draft can sit unseen. The moves between stages are a table.
 * Targets are UNVERIFIED working assumptions (CQC publishes none per stage): named options.
 */
import { addWorkingDays, isWorkingDay, type CalendarDate } from '../deadlines/index.js';
import { addDays } from '../deadlines/calendar-date.js';
import { err, ok, type Result } from '../shared/result.js';
import type { InspectionState } from '../inspection/inspection-lifecycle.js';

export const REPORT_STAGES_VERSION = 'report-stages/1';

export const REPORT_STAGES = ['drafting', 'awaiting_approval', 'approved', 'factual_accuracy', 'fa_review', 'publication_ready', 'published'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

export const REPORT_STAGE_LABELS: Record<ReportStage, string> = {
  drafting: 'Being drafted',
  awaiting_approval: 'Waiting for approval',
  approved: 'Approved, ready to send',
  factual_accuracy: 'With the organisation for factual accuracy',
  fa_review: 'Factual accuracy comments being reviewed',
  publication_ready: 'Ready to publish',
  published: 'Published',
};

/** Who owns each stage. */
export type StageOwner = 'lead_inspector' | 'inspection_manager' | 'organisation' | 'factual_accuracy_reviewer' | 'none';
export const STAGE_OWNERS: Record<ReportStage, StageOwner> = {
  drafting: 'lead_inspector',
  awaiting_approval: 'inspection_manager',
  approved: 'lead_inspector',
  factual_accuracy: 'organisation',
  fa_review: 'factual_accuracy_reviewer',
  publication_ready: 'inspection_manager',
  published: 'none',
};

/** The inspection lifecycle state each stage belongs to. */
export const STAGE_INSPECTION_STATE: Record<ReportStage, InspectionState> = {
  drafting: 'draft_report',
  awaiting_approval: 'draft_report',
  approved: 'draft_report',
  factual_accuracy: 'factual_accuracy',
  fa_review: 'factual_accuracy',
  publication_ready: 'publication_ready',
  published: 'published',
};

/** Working-day targets per stage (UNVERIFIED assumptions; pass another table to change them). */
export const DEFAULT_STAGE_TARGETS: Record<ReportStage, number | null> = {
  drafting: 10,
  awaiting_approval: 3,
  approved: 2,
  factual_accuracy: null, // the statutory deadline applies instead
  fa_review: 10,
  publication_ready: 3,
  published: null,
};

export const REPORT_MOVES = ['submit_for_approval', 'approve', 'return', 'send_for_factual_accuracy', 'close_factual_accuracy', 'complete_review', 'reopen_review', 'publish'] as const;
export type ReportMove = (typeof REPORT_MOVES)[number];

const MOVES: readonly { from: ReportStage; move: ReportMove; to: ReportStage }[] = [
  { from: 'drafting', move: 'submit_for_approval', to: 'awaiting_approval' },
  { from: 'awaiting_approval', move: 'approve', to: 'approved' },
  { from: 'awaiting_approval', move: 'return', to: 'drafting' },
  { from: 'approved', move: 'return', to: 'drafting' },
  { from: 'approved', move: 'send_for_factual_accuracy', to: 'factual_accuracy' },
  { from: 'factual_accuracy', move: 'close_factual_accuracy', to: 'fa_review' },
  { from: 'fa_review', move: 'complete_review', to: 'publication_ready' },
  { from: 'publication_ready', move: 'reopen_review', to: 'fa_review' },
  { from: 'publication_ready', move: 'publish', to: 'published' },
];

const MOVE_PHRASES: Record<ReportMove, string> = {
  submit_for_approval: 'be sent for approval',
  approve: 'be approved',
  return: 'be returned with comments',
  send_for_factual_accuracy: 'be sent for factual accuracy',
  close_factual_accuracy: 'go to review of factual accuracy comments',
  complete_review: 'be marked ready to publish',
  reopen_review: 'go back to review of factual accuracy comments',
  publish: 'be published',
};

export function moveReport(stage: ReportStage, move: ReportMove): Result<ReportStage, string> {
  const rule = MOVES.find((m) => m.from === stage && m.move === move);
  if (!rule) return err(`A report that is ${REPORT_STAGE_LABELS[stage].toLowerCase()} cannot ${MOVE_PHRASES[move]}`);
  return ok(rule.to);
}

export interface StageClock {
  stage: ReportStage;
  label: string;
  owner: StageOwner;
  since: CalendarDate;
  /** Working days waited so far (the day it arrived does not count). */
  workingDaysWaited: number;
  calendarDaysWaited: number;
  target: number | null;
  /** When the target (or a given deadline) runs out. */
  due: CalendarDate | null;
  overdue: boolean;
  explanation: string;
}

function workingDaysBetween(from: CalendarDate, to: CalendarDate): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

function calendarDaysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** How long a report has waited in its stage, against its target or deadline. */
export function stageClock(stage: ReportStage, since: CalendarDate, today: CalendarDate, opts: { deadline?: CalendarDate | null; targets?: Record<ReportStage, number | null> } = {}): StageClock {
  const targets = opts.targets ?? DEFAULT_STAGE_TARGETS;
  const target = targets[stage];
  let due: CalendarDate | null = opts.deadline ?? null;
  if (!due && target !== null) {
    const r = addWorkingDays(since, target);
    due = r.ok ? r.value.date : null;
  }
  const waited = today > since ? workingDaysBetween(since, today) : 0;
  const overdue = stage !== 'published' && due !== null && today > due;
  const explanation =
    stage === 'published'
      ? 'Published: nothing is waiting.'
      : opts.deadline
        ? `Waiting ${waited} working day${waited === 1 ? '' : 's'}; the deadline is ${opts.deadline}${overdue ? ' and has passed' : ''}.`
        : target !== null
          ? `Waiting ${waited} working day${waited === 1 ? '' : 's'} against a target of ${target}${overdue ? ': over target' : ''}.`
          : `Waiting ${waited} working day${waited === 1 ? '' : 's'}.`;
  return { stage, label: REPORT_STAGE_LABELS[stage], owner: STAGE_OWNERS[stage], since, workingDaysWaited: waited, calendarDaysWaited: Math.max(0, calendarDaysBetween(since, today)), target, due, overdue, explanation };
}
