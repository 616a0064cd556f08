/** Tables for issue 19 (the provider's side between inspections): migrations/20261205T1900-provider-portal.ts. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './foundation.tables.js';

type DateColumn = ColumnType<string, string, string>;
type TextArray = ColumnType<string[], string[], string[]>;

export const REGISTERED_CAPACITIES = ['registered_manager', 'nominated_individual', 'chief_executive'] as const;
export type RegisteredCapacity = (typeof REGISTERED_CAPACITIES)[number];

export interface RegisteredPersonsTable {
  organisation_id: string;
  user_id: string;
  capacity: RegisteredCapacity;
  recorded_at: Generated<Date>;
}

export const NOTIFICATION_STATUSES = ['received', 'in_review', 'closed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const NOTIFICATION_OUTCOMES = ['no_action', 'provider_follow_up', 'safeguarding_referral', 'inspection_evidence', 'concern_raised'] as const;
export type NotificationOutcome = (typeof NOTIFICATION_OUTCOMES)[number];
export type NotificationPriority = 'urgent' | 'high' | 'routine';

export interface StatutoryNotificationsTable {
  id: Generated<string>;
  reference: string;
  organisation_id: string;
  type: string;
  /** Null for a type listed without a regulation number (notification-types.data.ts). */
  regulation: string | null;
  details: Json;
  summary: string;
  provider_reference: string | null;
  channel: 'web' | 'api';
  submitted_by: string;
  submitted_at: Timestamp;
  priority: NotificationPriority;
  priority_explanation: string;
  risk_flagged: Generated<boolean>;
  risk_matches: Json;
  owner_id: string | null;
  respond_by: Timestamp;
  status: Generated<NotificationStatus>;
  outcome: NotificationOutcome | null;
  linked_inspection_id: string | null;
  evidence_item_id: string | null;
  closed_at: NullableTimestamp;
}

export interface StatutoryNotificationEventsTable {
  id: Generated<number>;
  notification_id: string;
  at: Timestamp;
  user_id: string;
  status: NotificationStatus;
  outcome: NotificationOutcome | null;
  note: string;
  linked_inspection_id: string | null;
}

/** The notification scope of a personal access token: one column beside the token model. */
export interface PersonalAccessTokenNotificationScope {
  scope_notifications: Generated<boolean>;
}

export const REVIEW_STATUSES = ['received', 'refused', 'under_review', 'completed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface RatingReviewRequestsTable {
  id: Generated<string>;
  report_id: string;
  organisation_id: string;
  requested_by: string;
  capacity: string;
  grounds: string;
  word_count: number;
  received_at: Timestamp;
  deadline_explanation: TextArray;
  status: Generated<ReviewStatus>;
  grounds_decision_by: string | null;
  grounds_decision_at: NullableTimestamp;
  grounds_decision_reason: string | null;
  reviewer_id: string | null;
  reviewer_assigned_by: string | null;
  outcome: 'unchanged' | 'changed' | null;
  process_failure: string | null;
  outcome_summary: string | null;
  new_ratings: Json;
  completed_at: NullableTimestamp;
}

export interface InformationReturnRequestsTable {
  id: Generated<string>;
  reference: string;
  organisation_id: string;
  question_set: string;
  requested_by: string;
  requested_at: Timestamp;
  due_by: Timestamp;
  due_date: DateColumn;
  deadline_explanation: TextArray;
  status: Generated<'open' | 'submitted' | 'withdrawn'>;
  submitted_by: string | null;
  submitted_at: NullableTimestamp;
  late: Generated<boolean>;
  late_flagged_at: NullableTimestamp;
  note: string | null;
}

export interface InformationReturnAnswersTable {
  request_id: string;
  question_id: string;
  value: string;
  version: Generated<number>;
  saved_by: string;
  saved_at: Timestamp;
}

/** Which inspection a submitted return became evidence of (the next one, when none was open). */
export interface InformationReturnEvidenceTable {
  request_id: string;
  inspection_id: string;
  evidence_item_id: string | null;
  added_at: Timestamp;
}

export interface ProviderPortalTables {
  registered_persons: RegisteredPersonsTable;
  statutory_notifications: StatutoryNotificationsTable;
  statutory_notification_events: StatutoryNotificationEventsTable;
  personal_access_tokens: PersonalAccessTokenNotificationScope;
  rating_review_requests: RatingReviewRequestsTable;
  information_return_requests: InformationReturnRequestsTable;
  information_return_answers: InformationReturnAnswersTable;
  information_return_evidence: InformationReturnEvidenceTable;
}

export type StatutoryNotificationRow = Selectable<StatutoryNotificationsTable>;
export type RatingReviewRequestRow = Selectable<RatingReviewRequestsTable>;
export type InformationReturnRequestRow = Selectable<InformationReturnRequestsTable>;
