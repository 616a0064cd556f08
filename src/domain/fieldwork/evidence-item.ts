/** Evidence items gathered during fieldwork (domain.md 1.2, 1.3): vocabularies and the checks on an item. */
import { EVIDENCE_CATEGORIES, type EvidenceCategory } from '../framework/evidence-categories.data.js';
import { qualityStatement } from '../framework/quality-statements.data.js';
import { formatDate } from '../shared/dates.js';

export const EVIDENCE_ITEM_TYPES = ['observation', 'staff_conversation', 'person_conversation', 'record_review', 'document', 'data'] as const;
export type EvidenceItemType = (typeof EVIDENCE_ITEM_TYPES)[number];

export const EVIDENCE_ITEM_TYPE_LABELS: Record<EvidenceItemType, string> = {
  observation: 'Observation',
  staff_conversation: 'Conversation with staff',
  person_conversation: 'Conversation with a person using the service or their family',
  record_review: 'Record review',
  document: 'Document',
  data: 'Data',
};

export const EVIDENCE_ITEM_STATUSES = ['draft', 'recorded'] as const;
export type EvidenceItemStatus = (typeof EVIDENCE_ITEM_STATUSES)[number];

export const MAX_EVIDENCE_TEXT = 20_000;

export interface EvidenceItemFields {
  type: string | null;
  qualityStatements: string[];
  evidenceCategory: string | null;
  refersToDate: string | null;
  body: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function realDate(d: string): boolean {
  if (!isoDate.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

export function isEvidenceItemType(v: unknown): v is EvidenceItemType {
  return typeof v === 'string' && (EVIDENCE_ITEM_TYPES as readonly string[]).includes(v);
}

export function isEvidenceCategory(v: unknown): v is EvidenceCategory {
  return typeof v === 'string' && (EVIDENCE_CATEGORIES as readonly string[]).includes(v);
}

/** Normalises statement codes ("s1" → "S1"), dropping duplicates. */
export function normaliseStatements(codes: readonly string[]): string[] {
  return [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0))];
}

/**
 * A draft may be incomplete (it is saved as the inspector types), but what it has must be valid.
 * A recorded item needs everything: type, at least one statement, a category, the date and text.
 */
export function checkEvidenceItem(f: EvidenceItemFields, status: EvidenceItemStatus, fieldwork: { start: string; end: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const complete = status === 'recorded';
  if (f.type !== null && !isEvidenceItemType(f.type)) problems.push({ field: 'type', message: `The type must be one of: ${EVIDENCE_ITEM_TYPES.join(', ')}` });
  else if (complete && f.type === null) problems.push({ field: 'type', message: 'Select the type of evidence' });
  const unknown = f.qualityStatements.filter((c) => !qualityStatement(c));
  if (unknown.length) problems.push({ field: 'qualityStatements', message: `Unknown quality statement: ${unknown.join(', ')}` });
  else if (complete && f.qualityStatements.length === 0) problems.push({ field: 'qualityStatements', message: 'Select at least one quality statement this evidence relates to' });
  if (f.evidenceCategory !== null && !isEvidenceCategory(f.evidenceCategory)) problems.push({ field: 'evidenceCategory', message: `The evidence category must be one of: ${EVIDENCE_CATEGORIES.join(', ')}` });
  else if (complete && f.evidenceCategory === null) problems.push({ field: 'evidenceCategory', message: 'Select the evidence category' });
  if (f.refersToDate !== null && !realDate(f.refersToDate)) problems.push({ field: 'refersToDate', message: 'The date the evidence refers to must be a real date, like 2025-10-07' });
  else if (complete && f.refersToDate === null) problems.push({ field: 'refersToDate', message: 'Enter the date the evidence refers to' });
  else if (f.refersToDate !== null && f.refersToDate > fieldwork.end) problems.push({ field: 'refersToDate', message: `The date the evidence refers to cannot be after fieldwork ends (${formatDate(fieldwork.end)})` });
  if (f.body.length > MAX_EVIDENCE_TEXT) problems.push({ field: 'body', message: `The evidence must be ${MAX_EVIDENCE_TEXT.toLocaleString('en-GB')} characters or fewer` });
  else if (complete && f.body.trim().length === 0) problems.push({ field: 'body', message: 'Enter what you saw, heard or read' });
  return problems;
}
