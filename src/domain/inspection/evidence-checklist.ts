/** The live evidence checklist both sides see: status per item, overdue flags and counts. */
import { compareIsoDates, type IsoDate } from './working-days.js';

export const EVIDENCE_STATUSES = ['requested', 'provided', 'cannot_provide'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  requested: 'To do',
  provided: 'Provided',
  cannot_provide: 'Cannot provide',
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
}

/** Overdue: still requested after its due date (due today is not overdue). */
export function isOverdue(item: Pick<ChecklistItemInput, 'status' | 'dueDate'>, today: IsoDate): boolean {
  return item.status === 'requested' && compareIsoDates(item.dueDate, today) < 0;
}

export function summariseChecklist(items: readonly ChecklistItemInput[], today: IsoDate): ChecklistSummary {
  return {
    total: items.length,
    provided: items.filter((i) => i.status === 'provided').length,
    cannotProvide: items.filter((i) => i.status === 'cannot_provide').length,
    outstanding: items.filter((i) => i.status === 'requested').length,
    overdue: items.filter((i) => isOverdue(i, today)).length,
  };
}
