import { sql, type Kysely } from 'kysely';

/**
 * Inspections, part 1 (issue #5): the shared record of an inspection up to fieldwork,
 * evidence requests with versioned files and resumable uploads, case lists and samples,
 * the programme and meetings, and personal access tokens for the JSON API.
 * docs/inspections.md describes the model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence inspection_reference_seq start 1`.execute(db);

  await sql`
    create table inspections (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      kind text not null check (kind in ('comprehensive','focused','area_review_safeguarding_lac','joint_inspection')),
      subject_type text not null check (subject_type in ('location','provider','area')),
      subject_organisation_id uuid references organisations(id),
      area_name text,
      lead_commissioner_id uuid references organisations(id),
      partner_inspectorates text[] not null default '{}',
      key_questions text[] not null default '{}',
      notice_type text not null check (notice_type in ('announced','short_notice','unannounced')),
      state text not null default 'planned' check (state in ('planned','notified','fieldwork','judgement','draft_report','factual_accuracy','publication_ready','published','closed','cancelled')),
      fieldwork_start date not null,
      fieldwork_end date not null,
      planned_notification_date date,
      notified_at timestamptz,
      fieldwork_started_at timestamptz,
      cancelled_reason text,
      case_list_request text,
      case_list_due_date date,
      programme_agreed_at timestamptz,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (fieldwork_end >= fieldwork_start),
      check (subject_type = 'area' or subject_organisation_id is not null),
      check (subject_type <> 'area' or (lead_commissioner_id is not null and area_name is not null))
    )`.execute(db);
  await sql`create index inspections_subject on inspections (subject_organisation_id)`.execute(db);
  await sql`create index inspections_lead_commissioner on inspections (lead_commissioner_id)`.execute(db);
  await sql`create index inspections_state on inspections (state, fieldwork_start)`.execute(db);

  await sql`
    create table inspection_scope_services (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid references organisations(id),
      service_name text not null check (length(trim(service_name)) > 0),
      commissioned_by text not null check (commissioned_by in ('nhs','local_authority','other')),
      recommendations_allowed boolean not null,
      recommendations_note text,
      position integer not null,
      check (recommendations_allowed or recommendations_note is not null)
    )`.execute(db);
  await sql`create unique index inspection_scope_services_name on inspection_scope_services (inspection_id, lower(service_name))`.execute(db);
  await sql`create index inspection_scope_services_org on inspection_scope_services (organisation_id)`.execute(db);

  await sql`
    create table inspection_team (
      inspection_id uuid not null references inspections(id) on delete cascade,
      user_id uuid not null references users(id),
      role text not null check (role in ('lead_inspector','inspector','specialist_adviser','expert_by_experience','inspection_manager')),
      added_at timestamptz not null default now(),
      primary key (inspection_id, user_id)
    )`.execute(db);
  await sql`create unique index inspection_team_one_lead on inspection_team (inspection_id) where role = 'lead_inspector'`.execute(db);
  await sql`create index inspection_team_user on inspection_team (user_id)`.execute(db);

  await sql`
    create table inspection_contacts (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      user_id uuid references users(id),
      name text not null,
      email text not null,
      role text not null check (role in ('executive_lead','designated_nurse','designated_doctor','named_nurse','named_doctor','registered_manager','nominated_individual','practice_manager','other')),
      position integer not null
    )`.execute(db);
  await sql`create index inspection_contacts_inspection on inspection_contacts (inspection_id)`.execute(db);

  await sql`
    create table inspection_events (
      id bigserial primary key,
      inspection_id uuid not null references inspections(id) on delete cascade,
      occurred_at timestamptz not null default now(),
      kind text not null,
      summary text not null,
      actor_user_id uuid references users(id),
      actor_label text not null,
      visible_to_organisation boolean not null
    )`.execute(db);
  await sql`create index inspection_events_inspection on inspection_events (inspection_id, occurred_at, id)`.execute(db);

  await sql`
    create table evidence_requests (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      title text not null check (length(trim(title)) > 0),
      description text,
      due_date date not null,
      due_date_explanation text,
      status text not null default 'requested' check (status in ('requested','provided','cannot_provide')),
      assigned_to uuid references users(id),
      cannot_provide_reason text,
      position integer not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'cannot_provide' or cannot_provide_reason is not null)
    )`.execute(db);
  await sql`create index evidence_requests_inspection on evidence_requests (inspection_id, position)`.execute(db);

  await sql`
    create table evidence_files (
      id uuid primary key default gen_random_uuid(),
      evidence_request_id uuid not null references evidence_requests(id) on delete cascade,
      version integer not null check (version >= 1),
      original_filename text not null,
      content_type text not null,
      size_bytes bigint not null check (size_bytes > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text not null unique,
      uploaded_by uuid references users(id),
      uploaded_at timestamptz not null default now(),
      unique (evidence_request_id, version)
    )`.execute(db);

  await sql`
    create table upload_sessions (
      id uuid primary key default gen_random_uuid(),
      evidence_request_id uuid not null references evidence_requests(id) on delete cascade,
      filename text not null,
      content_type text not null,
      declared_size bigint not null check (declared_size > 0),
      received_bytes bigint not null default 0 check (received_bytes >= 0),
      storage_key text not null unique,
      status text not null default 'receiving' check (status in ('receiving','complete','failed','cancelled')),
      failure_reason text,
      evidence_file_id uuid references evidence_files(id),
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      expires_at timestamptz not null,
      check (received_bytes <= declared_size)
    )`.execute(db);
  await sql`create index upload_sessions_request on upload_sessions (evidence_request_id)`.execute(db);
  await sql`create index upload_sessions_expires on upload_sessions (status, expires_at)`.execute(db);

  await sql`
    create table case_lists (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      source text not null check (source in ('csv','manual')),
      filename text,
      rows_read integer not null,
      inserted integer not null,
      updated integer not null,
      uploaded_by uuid references users(id),
      uploaded_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      case_list_id uuid references case_lists(id),
      case_reference text not null,
      services_used text[] not null,
      age_band text not null check (age_band in ('0-4','5-10','11-15','16-17','18+')),
      looked_after boolean not null,
      child_protection_plan boolean not null,
      child_in_need boolean not null,
      consent_to_contact boolean not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index cases_reference on cases (inspection_id, organisation_id, upper(case_reference))`.execute(db);

  await sql`
    create table samples (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      seed text not null,
      algorithm text not null,
      criteria jsonb not null,
      design jsonb not null,
      eligible_case_ids uuid[] not null,
      strata jsonb not null,
      rationale text not null,
      explanation text not null,
      drawn_by uuid references users(id),
      drawn_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index samples_inspection on samples (inspection_id, drawn_at)`.execute(db);

  await sql`
    create table sample_members (
      id uuid primary key default gen_random_uuid(),
      sample_id uuid not null references samples(id) on delete cascade,
      case_id uuid not null references cases(id),
      stratum text not null,
      rank integer not null,
      position integer not null,
      swapped_out_at timestamptz,
      swapped_out_reason text,
      swapped_out_by uuid references users(id),
      replaced_by uuid references sample_members(id),
      unique (sample_id, case_id),
      check (swapped_out_at is null or swapped_out_reason is not null)
    )`.execute(db);

  await sql`
    create table programme_visits (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      service_name text not null check (length(trim(service_name)) > 0),
      organisation_id uuid references organisations(id),
      visit_date date not null,
      start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      place text not null,
      inspector_ids uuid[] not null default '{}',
      activities text[] not null default '{}',
      notes text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_time > start_time)
    )`.execute(db);
  await sql`create index programme_visits_inspection on programme_visits (inspection_id, visit_date, start_time)`.execute(db);

  await sql`
    create table inspection_meetings (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      kind text not null check (kind in ('opening','closing','huddle')),
      held_at timestamptz not null,
      place text,
      attendees jsonb not null,
      notes text,
      programme_agreed boolean not null default false,
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index inspection_meetings_inspection on inspection_meetings (inspection_id, held_at)`.execute(db);

  await sql`
    create table personal_access_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      name text not null check (length(trim(name)) > 0),
      token_hash text not null unique,
      token_prefix text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index personal_access_tokens_user on personal_access_tokens (user_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'personal_access_tokens',
    'inspection_meetings',
    'programme_visits',
    'sample_members',
    'samples',
    'cases',
    'case_lists',
    'upload_sessions',
    'evidence_files',
    'evidence_requests',
    'inspection_events',
    'inspection_contacts',
    'inspection_team',
    'inspection_scope_services',
    'inspections',
  ]) {
    await sql`drop table ${sql.table(t)}`.execute(db);
  }
  await sql`drop sequence inspection_reference_seq`.execute(db);
}
