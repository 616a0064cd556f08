/** Tables of inspections, part 1 (migrations/20261123T0400-inspections.ts; docs/inspections.md). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './foundation.tables.js';

/** A DATE column, read and written as 'YYYY-MM-DD'. */
type DateColumn = string;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface InspectionsTable {
  id: Generated<string>;
  reference: string;
  kind: string;
  subject_type: string;
  subject_organisation_id: string | null;
  area_name: string | null;
  lead_commissioner_id: string | null;
  partner_inspectorates: TextArray;
  key_questions: TextArray;
  notice_type: string;
  state: Generated<string>;
  fieldwork_start: DateColumn;
  fieldwork_end: DateColumn;
  planned_notification_date: DateColumn | null;
  notified_at: NullableTimestamp;
  fieldwork_started_at: NullableTimestamp;
  cancelled_reason: string | null;
  case_list_request: string | null;
  case_list_due_date: DateColumn | null;
  programme_agreed_at: NullableTimestamp;
  version: Generated<number>;
  created_by: string | null;
  /** Who confirmed the team (an inspection manager), null while a team an inspector proposed waits for it. */
  team_confirmed_by: string | null;
  team_confirmed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionScopeServicesTable {
  id: Generated<string>;
  inspection_id: string;
  organisation_id: string | null;
  service_name: string;
  commissioned_by: string;
  recommendations_allowed: boolean;
  recommendations_note: string | null;
  position: number;
}

export interface InspectionTeamTable {
  inspection_id: string;
  user_id: string;
  role: string;
  added_at: Timestamp;
}

export interface InspectionContactsTable {
  id: Generated<string>;
  inspection_id: string;
  organisation_id: string;
  user_id: string | null;
  name: string;
  email: string;
  role: string;
  position: number;
}

export interface InspectionEventsTable {
  id: Generated<number>;
  inspection_id: string;
  occurred_at: Timestamp;
  kind: string;
  summary: string;
  actor_user_id: string | null;
  actor_label: string;
  visible_to_organisation: boolean;
}

export interface EvidenceRequestsTable {
  id: Generated<string>;
  inspection_id: string;
  organisation_id: string;
  title: string;
  description: string | null;
  due_date: DateColumn;
  due_date_explanation: string | null;
  status: Generated<string>;
  assigned_to: string | null;
  cannot_provide_reason: string | null;
  withdrawn_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  withdrawn_by: ColumnType<string | null, string | null | undefined, string | null>;
  withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
  position: number;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EvidenceFilesTable {
  id: Generated<string>;
  evidence_request_id: string;
  version: number;
  original_filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface UploadSessionsTable {
  id: Generated<string>;
  evidence_request_id: string;
  filename: string;
  content_type: string;
  declared_size: number;
  received_bytes: Generated<number>;
  storage_key: string;
  status: Generated<string>;
  failure_reason: string | null;
  evidence_file_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
}

export interface CaseListsTable {
  id: Generated<string>;
  inspection_id: string;
  organisation_id: string;
  source: string;
  filename: string | null;
  rows_read: number;
  inserted: number;
  updated: number;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

export interface CasesTable {
  id: Generated<string>;
  inspection_id: string;
  organisation_id: string;
  case_list_id: string | null;
  case_reference: string;
  services_used: TextArray;
  age_band: string;
  looked_after: boolean;
  child_protection_plan: boolean;
  child_in_need: boolean;
  consent_to_contact: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SamplesTable {
  id: Generated<string>;
  inspection_id: string;
  seed: string;
  algorithm: string;
  criteria: Json;
  design: Json;
  eligible_case_ids: TextArray;
  strata: Json;
  rationale: string;
  explanation: string;
  drawn_by: string | null;
  drawn_at: Timestamp;
}

export interface SampleMembersTable {
  id: Generated<string>;
  sample_id: string;
  case_id: string;
  stratum: string;
  rank: number;
  position: number;
  swapped_out_at: NullableTimestamp;
  swapped_out_reason: string | null;
  swapped_out_by: string | null;
  replaced_by: string | null;
}

export interface ProgrammeVisitsTable {
  id: Generated<string>;
  inspection_id: string;
  service_name: string;
  organisation_id: string | null;
  visit_date: DateColumn;
  start_time: string;
  end_time: string;
  place: string;
  inspector_ids: TextArray;
  activities: TextArray;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionMeetingsTable {
  id: Generated<string>;
  inspection_id: string;
  kind: string;
  held_at: Timestamp;
  place: string | null;
  attendees: Json;
  notes: string | null;
  programme_agreed: Generated<boolean>;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

export interface PersonalAccessTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  /** src/domain/access/permissions.ts TOKEN_SCOPES. */
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  last_used_from: string | null;
  revoked_reason: string | null;
  /** The role and organisation-admin rights the token was made under (null for older tokens). */
  granted_role: string | null;
  granted_org_admin: boolean | null;
}

export interface InspectionTables {
  inspections: InspectionsTable;
  inspection_scope_services: InspectionScopeServicesTable;
  inspection_team: InspectionTeamTable;
  inspection_contacts: InspectionContactsTable;
  inspection_events: InspectionEventsTable;
  evidence_requests: EvidenceRequestsTable;
  evidence_files: EvidenceFilesTable;
  upload_sessions: UploadSessionsTable;
  case_lists: CaseListsTable;
  cases: CasesTable;
  samples: SamplesTable;
  sample_members: SampleMembersTable;
  programme_visits: ProgrammeVisitsTable;
  inspection_meetings: InspectionMeetingsTable;
  personal_access_tokens: PersonalAccessTokensTable;
}

export type InspectionRow = Selectable<InspectionsTable>;
export type EvidenceRequestRow = Selectable<EvidenceRequestsTable>;
export type EvidenceFileRow = Selectable<EvidenceFilesTable>;
export type UploadSessionRow = Selectable<UploadSessionsTable>;
export type CaseRow = Selectable<CasesTable>;
export type ProgrammeVisitRow = Selectable<ProgrammeVisitsTable>;
