import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Json, NullableTimestamp, Timestamp } from './foundation.tables.js';

/** text[] columns: read as string[], written as string[]. */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export const RATING_SCOPES = ['overall', 'key_question', 'service'] as const;
export type RatingScope = (typeof RATING_SCOPES)[number];
export const DATE_PRECISIONS = ['day', 'year'] as const;
/** 'year' when the source gives only the year of publication (the GP ratings file). */
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export interface RegisterProvidersTable {
  organisation_id: string;
  provider_id: string;
  name: string;
  type: string | null;
  ownership_type: string | null;
  registration_status: string | null;
  registration_date: string | null;
  deregistration_date: string | null;
  companies_house_number: string | null;
  brand_id: string | null;
  brand_name: string | null;
  region: string | null;
  local_authority: string | null;
  inspection_directorate: string | null;
  source: string;
  source_hash: string;
  document: Json;
  created_at: Timestamp;
  last_changed_at: Timestamp;
}

export interface RegisterLocationsTable {
  organisation_id: string;
  location_id: string;
  provider_id: string | null;
  provider_name: string | null;
  name: string;
  ods_code: string | null;
  type: string | null;
  registration_status: string | null;
  registration_date: string | null;
  deregistration_date: string | null;
  dormancy: string | null;
  care_home: boolean | null;
  number_of_beds: number | null;
  town: string | null;
  postcode: string | null;
  /** Generated: upper case, no spaces. */
  postcode_norm: ColumnType<string, never, never>;
  /** Generated: the outward code (district), e.g. OL4. */
  outward_code: ColumnType<string, never, never>;
  region: string | null;
  local_authority: string | null;
  constituency: string | null;
  icb_code: string | null;
  icb_name: string | null;
  latitude: number | null;
  longitude: number | null;
  inspection_directorate: string | null;
  primary_inspection_category: string | null;
  service_types: TextArray;
  specialisms: TextArray;
  regulated_activities: TextArray;
  brand_id: string | null;
  brand_name: string | null;
  overall_rating: string | null;
  overall_rating_date: string | null;
  overall_rating_date_precision: ColumnType<DatePrecision, DatePrecision | undefined, DatePrecision>;
  overall_report_link_id: string | null;
  overall_inherited: ColumnType<boolean, boolean | undefined, boolean>;
  last_inspection_date: string | null;
  last_report_date: string | null;
  /** Generated: lower-cased name, provider name, town and postcode for trigram search. */
  search_text: ColumnType<string, never, never>;
  source: string;
  source_hash: string;
  document: Json;
  created_at: Timestamp;
  last_changed_at: Timestamp;
}

export interface RatingsTable {
  id: Generated<number>;
  organisation_id: string;
  scope: RatingScope;
  /** Service (scope 'service') or key question (scope 'key_question') name; '' for overall. */
  name: ColumnType<string, string | undefined, string>;
  /** For a service's key-question rating (care directory rows): the key question; '' otherwise. */
  key_question: ColumnType<string, string | undefined, string>;
  rating: string;
  report_date: string | null;
  date_precision: ColumnType<DatePrecision, DatePrecision | undefined, DatePrecision>;
  report_link_id: string | null;
  inherited: ColumnType<boolean, boolean | undefined, boolean>;
  source: string;
  current: ColumnType<boolean, boolean | undefined, boolean>;
  recorded_at: Timestamp;
  superseded_at: NullableTimestamp;
}

export interface ReportsTable {
  id: Generated<number>;
  organisation_id: string;
  link_id: string;
  report_date: string | null;
  report_type: string | null;
  report_uri: string | null;
  first_visit_date: string | null;
  source: string;
  created_at: Timestamp;
}

/** Postcode districts (outward codes): a position and, where found, the council (docs/identifiers.md). */
export interface PostcodeDistrictsTable {
  outward_code: string;
  latitude: number;
  longitude: number;
  local_authority: string | null;
  local_authority_source: string | null;
  region: string | null;
}

export interface RegisterTables {
  postcode_districts: PostcodeDistrictsTable;
  register_providers: RegisterProvidersTable;
  register_locations: RegisterLocationsTable;
  ratings: RatingsTable;
  reports: ReportsTable;
}

export type RegisterLocation = Selectable<RegisterLocationsTable>;
export type RegisterProvider = Selectable<RegisterProvidersTable>;
export type RatingRow = Selectable<RatingsTable>;
export type ReportRow = Selectable<ReportsTable>;
