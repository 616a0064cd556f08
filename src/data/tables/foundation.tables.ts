import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamptz column: read as Date; optional on insert (database default); settable on update. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamptz column. */
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Json = ColumnType<unknown, string | undefined | null, string | null>;

export const ORGANISATION_KINDS = ['regulator', 'provider', 'location', 'commissioner', 'local_authority'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  parent_id: string | null;
  cqc_location_id: string | null;
  cqc_provider_id: string | null;
  ods_code: string | null;
  /** Id minted by Inspectorate when no external id is known (docs/identifiers.md). */
  minted_id: string | null;
  /** ONS code of a local authority (E06000032 for Luton), issue 15. */
  local_authority_code: ColumnType<string | null, string | null | undefined, string | null>;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  county: string | null;
  postcode: string | null;
  phone: string | null;
  website: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommissioningTable {
  commissioner_id: string;
  service_id: string;
  note: string | null;
  created_at: Timestamp;
}

export const USER_STATUSES = ['invited', 'active', 'removed'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  job_title: string | null;
  /** One of ROLES (src/domain/vocabulary/roles.ts); the users.role CHECK constraint holds the same list. */
  role: string;
  organisation_id: string;
  is_org_admin: Generated<boolean>;
  status: Generated<UserStatus>;
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_signed_in_at: NullableTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export const USER_TOKEN_PURPOSES = ['password_reset', 'invitation'] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

export interface UserTokensTable {
  token_hash: string;
  user_id: string;
  purpose: UserTokenPurpose;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  attempted_at: Timestamp;
  device_hash: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface KnownDevicesTable {
  token_hash: string;
  user_id: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  correlation_id: string | null;
  before: Json;
  after: Json;
}

export interface OutboxEmailsTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  transport: 'outbox' | 'smtp';
  error: string | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export interface FoundationTables {
  organisations: OrganisationsTable;
  commissioning: CommissioningTable;
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  sign_in_attempts: SignInAttemptsTable;
  known_devices: KnownDevicesTable;
  audit_events: AuditEventsTable;
  outbox_emails: OutboxEmailsTable;
  notifications: NotificationsTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
