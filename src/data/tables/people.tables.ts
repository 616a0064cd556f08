import type { Generated, Selectable } from 'kysely';
import type { Timestamp } from './foundation.tables.js';

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

export interface PeopleTables {
  patient_participation_groups: PatientParticipationGroupsTable;
}

export type PatientParticipationGroup = Selectable<PatientParticipationGroupsTable>;
