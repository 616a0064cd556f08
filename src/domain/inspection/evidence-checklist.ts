/** The live evidence checklist both sides see: status per item, overdue flags and counts. */
import { compareIsoDates, type IsoDate } from './working-days.js';

export const EVIDENCE_STATUSES = ['requested', 'provided', 'cannot_provide', 'withdrawn'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  requested: 'To do',
  provided: 'Provided',
  cannot_provide: 'Cannot provide',
  withdrawn: 'Withdrawn',
};

export interface ChecklistItemInput {
  id: string;
  status: EvidenceStatus;
  dueDate: IsoDate;
}

export interface ChecklistSummary {
  total: number;
  provided: number;
  cannotProvide: number;
  outstanding: number;
  overdue: number;
  withdrawn: number;
}

/**
 * Overdue: still requested after its due date (due today is not overdue). Nothing is overdue once
 * it no longer matters: a withdrawn request, or any request once the inspection is finished
 * (report published, closed or cancelled).
 */
export function isOverdue(item: Pick<ChecklistItemInput, 'status' | 'dueDate'>, today: IsoDate, opts: { inspectionFinished?: boolean } = {}): boolean {
  return !opts.inspectionFinished && item.status === 'requested' && compareIsoDates(item.dueDate, today) < 0;
}

export function summariseChecklist(items: readonly ChecklistItemInput[], today: IsoDate, opts: { inspectionFinished?: boolean } = {}): ChecklistSummary {
  return {
    total: items.filter((i) => i.status !== 'withdrawn').length,
    provided: items.filter((i) => i.status === 'provided').length,
    cannotProvide: items.filter((i) => i.status === 'cannot_provide').length,
    outstanding: opts.inspectionFinished ? 0 : items.filter((i) => i.status === 'requested').length,
    overdue: items.filter((i) => isOverdue(i, today, opts)).length,
    withdrawn: items.filter((i) => i.status === 'withdrawn').length,
  };
}
