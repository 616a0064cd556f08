/** Issue 15: organisations taking part in an inspection, and recommendations addressed to several organisations. */
import type { Generated } from 'kysely';
import type { Timestamp } from './foundation.tables.js';

/** Declared capacities (the subject, lead commissioner and scope providers are also worked out from the plan). */
export const PARTICIPANT_CAPACITIES = ['lead_commissioner', 'scope_provider', 'scope_commissioner', 'partner'] as const;
export type ParticipantCapacity = (typeof PARTICIPANT_CAPACITIES)[number];

export interface InspectionParticipantsTable {
  inspection_id: string;
  organisation_id: string;
  capacity: ParticipantCapacity;
  added_by: string | null;
  added_at: Timestamp;
}

export interface ReportRecommendationAddresseesTable {
  recommendation_id: string;
  organisation_id: string;
}

export interface ActionPlanRevisionsTable {
  id: Generated<string>;
  plan_id: string;
  number: number;
  reason: string;
  opened_by: string | null;
  opened_at: Timestamp;
}

export interface ParticipantTables {
  inspection_participants: InspectionParticipantsTable;
  report_recommendation_addressees: ReportRecommendationAddresseesTable;
  action_plan_revisions: ActionPlanRevisionsTable;
}
