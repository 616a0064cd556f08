import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './foundation.tables.js';

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export const FEEDBACK_SUBMITTERS = ['myself', 'someone_else', 'patient_participation_group'] as const;
export type FeedbackSubmitter = (typeof FEEDBACK_SUBMITTERS)[number];
export const FEEDBACK_STATUSES = ['received', 'in_review', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
export const FEEDBACK_OUTCOMES = ['used_in_inspection', 'shared_with_provider', 'referred_to_safeguarding', 'used_for_monitoring', 'no_further_action'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

export interface FeedbackTable {
  id: Generated<string>;
  reference: string;
  organisation_id: string;
  location_id: string;
  location_name: string;
  submitted_as: FeedbackSubmitter;
  patient_participation_group_id: string | null;
  what_happened: string;
  happened_on: string;
  happened_precision: 'day' | 'month';
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  may_contact: boolean;
  risk_flagged: boolean;
  risk_matches: Json;
  risk_rule_version: string;
  themes: TextArray;
  status: ColumnType<FeedbackStatus, FeedbackStatus | undefined, FeedbackStatus>;
  outcome: FeedbackOutcome | null;
  action_taken: string | null;
  linked_inspection_id: string | null;
  triaged_by: string | null;
  triaged_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  received_at: Timestamp;
  shared_at: NullableTimestamp;
  response_due: string | null;
  response: string | null;
  responded_by: string | null;
  responded_at: NullableTimestamp;
}

export interface FeedbackTriageEventsTable {
  id: Generated<number>;
  feedback_id: string;
  at: Timestamp;
  user_id: string | null;
  status: FeedbackStatus;
  outcome: FeedbackOutcome | null;
  note: string;
  linked_inspection_id: string | null;
}

export interface FeedbackSubmissionAttemptsTable {
  id: Generated<number>;
  client_key: string;
  attempted_at: Timestamp;
  outcome: 'accepted' | 'rate_limited' | 'honeypot';
}

export const SURVEY_AREA_TYPES = ['practice', 'icb', 'england'] as const;
export type SurveyAreaType = (typeof SURVEY_AREA_TYPES)[number];

export interface GpSurveyImportsTable {
  id: Generated<number>;
  survey_year: number;
  mapping_version: string;
  filename: string;
  rows_read: number;
  practices: number;
  rejected: number;
  imported_at: Timestamp;
}

export interface GpSurveyResultsTable {
  survey_year: number;
  area_type: SurveyAreaType;
  area_code: string;
  area_name: string | null;
  icb_code: string | null;
  measure: string;
  /** numeric: read as a string by pg. */
  percentage: ColumnType<string | null, number | null, number | null>;
  responses: number;
  suppressed: boolean;
  source: 'file' | 'computed';
  mapping_version: string;
  updated_at: Timestamp;
}

export const ACTION_PLAN_STATUSES = ['draft', 'submitted', 'accepted', 'returned', 'revising'] as const;
export type ActionPlanStatus = (typeof ACTION_PLAN_STATUSES)[number];
export const ACTION_STATUSES = ['open', 'in_progress', 'completed', 'verified', 'reopened', 'withdrawn'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionPlansTable {
  id: Generated<string>;
  inspection_id: string;
  report_id: string;
  status: ColumnType<ActionPlanStatus, ActionPlanStatus | undefined, ActionPlanStatus>;
  due_date: string;
  due_explanation: TextArray;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  reviewed_at: NullableTimestamp;
  reviewed_by: string | null;
  review_note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActionPlanActionsTable {
  id: Generated<string>;
  plan_id: string;
  position: number;
  title: string;
  owner_name: string;
  due_date: string;
  status: ColumnType<ActionStatus, ActionStatus | undefined, ActionStatus>;
  completion_evidence: string | null;
  completed_at: NullableTimestamp;
  verified_at: NullableTimestamp;
  verified_by: string | null;
  reopen_reason: string | null;
  /** Issue 15: the organisation that owns the action and the named person in it (a user, or owner_name typed). */
  owner_organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
  owner_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_at: NullableTimestamp;
  withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
  reminder_sent_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActionPlanActionItemsTable {
  action_id: string;
  item_kind: 'recommendation' | 'breach';
  item_id: string;
}

export interface ActionPlanMilestonesTable {
  id: Generated<string>;
  action_id: string;
  title: string;
  due_date: string;
  done_at: NullableTimestamp;
}

export interface ActionPlanUpdatesTable {
  id: Generated<number>;
  action_id: string;
  at: Timestamp;
  user_id: string | null;
  kind: 'progress' | 'completed' | 'verified' | 'reopened' | 'reminder' | 'escalation' | 'drafted' | 'edited' | 'withdrawn' | 'revision';
  note: string;
}

export interface AfterReportTables {
  action_plans: ActionPlansTable;
  action_plan_actions: ActionPlanActionsTable;
  action_plan_action_items: ActionPlanActionItemsTable;
  action_plan_milestones: ActionPlanMilestonesTable;
  action_plan_updates: ActionPlanUpdatesTable;
  feedback: FeedbackTable;
  feedback_triage_events: FeedbackTriageEventsTable;
  feedback_submission_attempts: FeedbackSubmissionAttemptsTable;
  gp_survey_imports: GpSurveyImportsTable;
  gp_survey_results: GpSurveyResultsTable;
}

export type Feedback = Selectable<FeedbackTable>;
export type FeedbackTriageEvent = Selectable<FeedbackTriageEventsTable>;
export type GpSurveyResult = Selectable<GpSurveyResultsTable>;
