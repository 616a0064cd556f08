import type { Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from './foundation.tables.js';

/** A GP practice's patient participation group: a named group of patients attached to the practice. */
export interface PatientParticipationGroupsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  description: string | null;
  contact_email: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A private link to a group's feedback page (ADR 0007): only the token's SHA-256 is kept. */
export interface PpgAccessLinksTable {
  id: Generated<string>;
  patient_participation_group_id: string;
  token_hash: string;
  sent_to: string;
  reason: 'requested' | 'group_feedback_sent';
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_reason: 'replaced' | 'stopped_by_group' | null;
}

export interface PeopleTables {
  patient_participation_groups: PatientParticipationGroupsTable;
  ppg_access_links: PpgAccessLinksTable;
}

export type PatientParticipationGroup = Selectable<PatientParticipationGroupsTable>;
