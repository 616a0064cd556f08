/**
 * Inspections, part 3 (issue #7): the draft report and its versions, the personal-data check,
 * review and approval, the factual accuracy check and publication. docs/reports.md describes them.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './foundation.tables.js';

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface InspectionReportsTable {
  id: Generated<string>;
  inspection_id: string;
  /** The public id: /reports/{link_id}, and reports.link_id / ratings.report_link_id on the register. */
  link_id: string;
  stage: string;
  owner_user_id: string | null;
  owner_organisation_id: string | null;
  owner_label: string;
  stage_entered_at: Timestamp;
  current_version: number;
  /** [{ name, category }]: people the personal-data check must catch (people using services, families, staff). */
  known_people: Json;
  approved_version: number | null;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  fa_sent_at: NullableTimestamp;
  fa_completed_at: NullableTimestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  publication_date: string | null;
  published_version: number | null;
  /** The report structure it was drafted in (src/domain/reports/report-structures.ts); null before structures. */
  structure: string | null;
  response_statement: string | null;
  response_statement_by: string | null;
  response_statement_at: NullableTimestamp;
  pdf_storage_key: string | null;
  pdf_template_version: string | null;
  pdf_rendered_at: NullableTimestamp;
  pdf_size_bytes: number | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportVersionsTable {
  id: Generated<number>;
  report_id: string;
  version: number;
  /** ReportSection[] (src/domain/reports/report-sections.ts). */
  sections: Json;
  /** The section this save changed (null for the first version built from the judgement). */
  changed_section: string | null;
  note: string | null;
  saved_by: string | null;
  saved_at: Timestamp;
  /** The ratings as this version published them, kept when a review of ratings made a newer version (null: the report's current ratings). */
  ratings: Json | null;
  /** The day this version was published, for versions replaced after publication. */
  published_on: string | null;
}

export interface ReportRatingsTable {
  id: Generated<number>;
  report_id: string;
  /** safe | effective | caring | responsive | wellLed | overall */
  subject: string;
  rating: string;
  /** The date the rating carries; null for a new rating, which takes the publication date. */
  rating_date: string | null;
  /** 'new' (this inspection) or 'carried-forward' (kept with its own date). */
  source: string;
  explanation: TextArray;
  position: number;
}

export interface ReportBreachesTable {
  id: Generated<string>;
  report_id: string;
  /** breaches.id from the fieldwork tables (issue #6), when drawn from the judgement. */
  breach_id: string | null;
  regulation: string;
  paragraph: string | null;
  regulation_title: string;
  key_question: string | null;
  description: string;
  /** [{ actionId, kind, kindName, state, issuedOn }] */
  enforcement: Json;
  position: number;
}

export interface ReportRecommendationsTable {
  id: Generated<string>;
  report_id: string;
  position: number;
  /** 'must' (a legal requirement, usually tied to a breach) or 'should' (good practice). */
  strength: string;
  text: string;
  organisation_id: string | null;
  organisation_name: string;
  service_name: string | null;
  /** False for services the regulator may not direct (e.g. local authority commissioned). */
  regulator_may_direct: ColumnType<boolean, boolean | undefined, boolean>;
  direction_note: string | null;
  report_breach_id: string | null;
  /** The wording before the factual accuracy reviewer changed it (null: never changed). Shown struck through. */
  original_text: string | null;
  text_changed_by: string | null;
  text_changed_at: NullableTimestamp;
  /** The accepted factual accuracy comment the change answers. */
  text_change_comment_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportReviewsTable {
  id: Generated<number>;
  report_id: string;
  version: number;
  decision: string;
  comments: string | null;
  reviewer_id: string;
  decided_at: Timestamp;
}

export interface ReportPersonalDataFlagsTable {
  id: Generated<string>;
  report_id: string;
  fingerprint: string;
  section_key: string;
  kind: string;
  matched: string;
  context: string;
  person_category: string | null;
  status: string;
  allow_reason: string | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
  first_seen_version: number;
  last_seen_version: number;
}

export interface ReportStageHistoryTable {
  id: Generated<number>;
  report_id: string;
  stage: string;
  owner_label: string;
  entered_at: Timestamp;
  left_at: NullableTimestamp;
}

export interface FaRecipientsTable {
  report_id: string;
  organisation_id: string;
  due: string;
  due_by: Timestamp;
  due_explanation: TextArray;
  extended_due: string | null;
  extended_due_by: NullableTimestamp;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  no_inaccuracies: boolean | null;
}

export interface FaCommentsTable {
  id: Generated<string>;
  report_id: string;
  organisation_id: string;
  section_key: string;
  passage: string;
  category: string;
  comment: string;
  proposed_change: string | null;
  evidence: string | null;
  status: string;
  decision: string | null;
  decision_reason: string | null;
  change_made: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FaCommentFilesTable {
  id: Generated<string>;
  comment_id: string;
  filename: string;
  content_type: string;
  size_bytes: ColumnType<number, number, number>;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface FaExtensionRequestsTable {
  id: Generated<string>;
  report_id: string;
  organisation_id: string;
  reason: string;
  requested_by: string | null;
  requested_at: Timestamp;
  status: string;
  new_due: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
}

export interface ReportTables {
  inspection_reports: InspectionReportsTable;
  report_versions: ReportVersionsTable;
  report_ratings: ReportRatingsTable;
  report_breaches: ReportBreachesTable;
  report_recommendations: ReportRecommendationsTable;
  report_reviews: ReportReviewsTable;
  report_personal_data_flags: ReportPersonalDataFlagsTable;
  report_stage_history: ReportStageHistoryTable;
  fa_recipients: FaRecipientsTable;
  fa_comments: FaCommentsTable;
  fa_comment_files: FaCommentFilesTable;
  fa_extension_requests: FaExtensionRequestsTable;
}

export type InspectionReportRow = Selectable<InspectionReportsTable>;
export type ReportRecommendationRow = Selectable<ReportRecommendationsTable>;
export type FaCommentRow = Selectable<FaCommentsTable>;
export type PersonalDataFlagRow = Selectable<ReportPersonalDataFlagsTable>;
