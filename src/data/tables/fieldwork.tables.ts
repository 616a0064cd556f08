/** Tables of inspections, part 2: fieldwork, judgement, enforcement (migrations/20261201T1000-fieldwork.ts; docs/fieldwork.md). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './foundation.tables.js';

type DateColumn = string;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
/** numeric comes back from pg as a string. */
type NumericColumn = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface EvidenceItemsTable {
  id: Generated<string>;
  inspection_id: string;
  type: string | null;
  quality_statements: TextArray;
  evidence_category: string | null;
  visit_id: string | null;
  case_id: string | null;
  refers_to_date: DateColumn | null;
  inspector_id: string;
  body: Generated<string>;
  status: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  recorded_at: NullableTimestamp;
}

export interface EvidenceItemRevisionsTable {
  id: Generated<number>;
  evidence_item_id: string;
  kind: 'saved' | 'conflict';
  version: number;
  based_on_version: number | null;
  body: string;
  saved_by: string;
  saved_at: Timestamp;
}

export interface AttachmentColumns {
  id: Generated<string>;
  filename: string;
  content_type: string;
  size_bytes: ColumnType<number, number, number>;
  sha256: string;
  storage_key: string;
}

export interface EvidenceItemAttachmentsTable extends AttachmentColumns {
  evidence_item_id: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface BriefingsTable {
  id: Generated<string>;
  inspection_id: string;
  kind: 'briefing' | 'verbal_feedback';
  held_at: Timestamp;
  attendees: Json;
  points: string;
  recommendation_areas: TextArray;
  recorded_by: string;
  recorded_at: Timestamp;
  form_token: Opt<string | null>;
  updated_at: Opt<Date | null>;
  updated_by: Opt<string | null>;
  deleted_at: Opt<Date | null>;
  deleted_by: Opt<string | null>;
  deleted_reason: Opt<string | null>;
}

/** Opt<T>: a nullable column that inserts may leave out. */
type Opt<T> = ColumnType<T, T | undefined, T>;

export interface BriefingRevisionsTable {
  id: Generated<number>;
  briefing_id: string;
  kind: 'edited' | 'deleted';
  before: Json;
  reason: string | null;
  changed_by: string;
  changed_at: Timestamp;
}

export interface DailySummariesTable {
  inspection_id: string;
  organisation_id: string;
  summary_date: string;
  recipients: number;
  items: number;
  sent_at: Timestamp;
}

export interface ConcernsTable {
  id: Generated<string>;
  inspection_id: string;
  what: string;
  location_text: string;
  risk: string;
  who_must_act: string;
  organisation_id: string;
  raised_by: string;
  raised_at: Timestamp;
  response_hours: number;
  respond_by: Timestamp;
  status: Generated<string>;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
  action_taken: string | null;
  responded_at: NullableTimestamp;
  responded_by: string | null;
  escalated_at: NullableTimestamp;
  escalated_to: TextArray;
  enforcement_action_id: string | null;
  closed_at: Opt<Date | null>;
  closed_by: Opt<string | null>;
  close_outcome: Opt<'response_accepted' | 'closed_with_reason' | null>;
  close_reason: Opt<string | null>;
}

export interface QualityStatementScoresTable {
  inspection_id: string;
  statement_code: string;
  score: number | null;
  category_scores: Json;
  rationale: Generated<string>;
  evidence_item_ids: TextArray;
  scored_by: string;
  scored_at: Timestamp;
  version: Generated<number>;
}

export interface JudgementsTable {
  inspection_id: string;
  scoring_method: string;
  overall_method: string;
  status: Generated<string>;
  proposed_at: Timestamp;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  version: Generated<number>;
}

export interface JudgementRatingsTable {
  inspection_id: string;
  subject: string;
  proposed_rating: string;
  proposed_percentage: NumericColumn;
  proposed_explanation: TextArray;
  approved_rating: string | null;
  departure_reason: string | null;
  explanation: TextArray;
  rating_date: DateColumn | null;
}

export interface BreachesTable {
  id: Generated<string>;
  inspection_id: string;
  regulation: string;
  paragraph: string | null;
  key_question: string | null;
  quality_statements: TextArray;
  description: string;
  evidence_item_ids: TextArray;
  status: Generated<string>;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface EnforcementActionsTable {
  id: Generated<string>;
  inspection_id: string;
  breach_id: string | null;
  concern_id: string | null;
  organisation_id: string;
  kind: string;
  state: Generated<string>;
  compliance_date: DateColumn | null;
  issued_on: DateColumn | null;
  decision: string | null;
  decision_reason: string | null;
  decided_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  /** complied | partly_complied | not_complied (src/domain/enforcement/compliance.ts). */
  compliance_decision: 'complied' | 'partly_complied' | 'not_complied' | null;
  compliance_evidence: string | null;
  compliance_decided_by: string | null;
  compliance_decided_at: NullableTimestamp;
  escalated_from_id: string | null;
}

export interface EnforcementDeadlinesTable {
  id: Generated<string>;
  action_id: string;
  rule: string;
  title: string;
  start_date: DateColumn;
  due: DateColumn;
  due_by: Timestamp;
  explanation: TextArray;
  version: string;
  created_at: Timestamp;
}

export interface EnforcementDocumentsTable {
  id: Generated<string>;
  action_id: string;
  kind: string;
  title: string;
  body: string;
  template_version: string;
  generated_at: Timestamp;
}

export interface EnforcementRepresentationsTable {
  id: Generated<string>;
  action_id: string;
  organisation_id: string;
  kind: 'representations' | 'action_plan' | 'assurance';
  body: string;
  submitted_by: string;
  submitted_at: Timestamp;
  due: DateColumn | null;
  late: Generated<boolean>;
  late_decision: 'accepted' | 'declined' | null;
  late_decision_reason: string | null;
  late_decided_by: string | null;
  late_decided_at: NullableTimestamp;
}

export interface EnforcementRepresentationFilesTable extends AttachmentColumns {
  representation_id: string;
  uploaded_at: Timestamp;
}

export interface FieldworkTables {
  evidence_items: EvidenceItemsTable;
  evidence_item_revisions: EvidenceItemRevisionsTable;
  evidence_item_attachments: EvidenceItemAttachmentsTable;
  briefings: BriefingsTable;
  briefing_revisions: BriefingRevisionsTable;
  daily_summaries: DailySummariesTable;
  concerns: ConcernsTable;
  quality_statement_scores: QualityStatementScoresTable;
  judgements: JudgementsTable;
  judgement_ratings: JudgementRatingsTable;
  breaches: BreachesTable;
  enforcement_actions: EnforcementActionsTable;
  enforcement_deadlines: EnforcementDeadlinesTable;
  enforcement_documents: EnforcementDocumentsTable;
  enforcement_representations: EnforcementRepresentationsTable;
  enforcement_representation_files: EnforcementRepresentationFilesTable;
}

export type EvidenceItemRow = Selectable<EvidenceItemsTable>;
export type ConcernRow = Selectable<ConcernsTable>;
export type BreachRow = Selectable<BreachesTable>;
export type EnforcementActionRow = Selectable<EnforcementActionsTable>;
