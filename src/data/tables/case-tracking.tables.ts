/** Issue 15: case tracking (migrations/20261206T0110-case-tracking.ts). */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from './foundation.tables.js';

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface CaseTrackingTable {
  case_id: string;
  inspection_id: string;
  services_seen: TextArray;
  records_read: ColumnType<string, string | undefined, string>;
  recorded_by: string;
  recorded_at: Timestamp;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CaseTrackingFindingsTable {
  id: Generated<string>;
  case_id: string;
  inspection_id: string;
  /** good_practice | concern | immediate_action */
  kind: string;
  service_name: string | null;
  text: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface CaseTrackingLinksTable {
  id: Generated<string>;
  case_id: string;
  inspection_id: string;
  /** evidence_item | concern | visit */
  kind: string;
  target_id: string;
  linked_by: string;
  linked_at: Timestamp;
}

export interface CaseTrackingTables {
  case_tracking: CaseTrackingTable;
  case_tracking_findings: CaseTrackingFindingsTable;
  case_tracking_links: CaseTrackingLinksTable;
}

export type CaseTrackingRow = Selectable<CaseTrackingTable>;
export type CaseTrackingFindingRow = Selectable<CaseTrackingFindingsTable>;
