import { sql, type Kysely } from 'kysely';

/**
 * After the report (issue #8): feedback on care from the public and patient participation
 * groups, with its triage; GP Patient Survey results by practice, ICB and England.
 * docs/feedback.md and docs/gp-patient-survey.md describe the model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table feedback (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      organisation_id uuid not null references organisations(id),
      location_id text not null,
      location_name text not null,
      submitted_as text not null check (submitted_as in ('myself','someone_else','patient_participation_group')),
      patient_participation_group_id uuid references patient_participation_groups(id),
      what_happened text not null check (length(trim(what_happened)) > 0),
      happened_on date not null,
      happened_precision text not null check (happened_precision in ('day','month')),
      contact_name text,
      contact_email text,
      contact_phone text,
      may_contact boolean not null default false,
      risk_flagged boolean not null,
      risk_matches jsonb not null default '[]',
      risk_rule_version text not null,
      themes text[] not null default '{}',
      status text not null default 'received' check (status in ('received','in_review','closed')),
      outcome text check (outcome in ('used_in_inspection','shared_with_provider','referred_to_safeguarding','used_for_monitoring','no_further_action')),
      action_taken text,
      linked_inspection_id uuid references inspections(id),
      triaged_by uuid references users(id),
      triaged_at timestamptz,
      closed_at timestamptz,
      received_at timestamptz not null default now(),
      check (submitted_as <> 'patient_participation_group' or patient_participation_group_id is not null),
      check (status <> 'closed' or (outcome is not null and action_taken is not null))
    )`.execute(db);
  await sql`create index feedback_organisation on feedback (organisation_id, status)`.execute(db);
  await sql`create index feedback_queue on feedback (status, risk_flagged desc, received_at)`.execute(db);

  await sql`
    create table feedback_triage_events (
      id bigint generated always as identity primary key,
      feedback_id uuid not null references feedback(id),
      at timestamptz not null default now(),
      user_id uuid references users(id),
      status text not null,
      outcome text,
      note text not null,
      linked_inspection_id uuid references inspections(id)
    )`.execute(db);
  await sql`create index feedback_triage_events_feedback on feedback_triage_events (feedback_id, at)`.execute(db);

  await sql`
    create table feedback_submission_attempts (
      id bigint generated always as identity primary key,
      client_key text not null,
      attempted_at timestamptz not null default now(),
      outcome text not null check (outcome in ('accepted','rate_limited','honeypot'))
    )`.execute(db);
  await sql`create index feedback_submission_attempts_key on feedback_submission_attempts (client_key, attempted_at)`.execute(db);

  await sql`
    create table gp_survey_imports (
      id bigint generated always as identity primary key,
      survey_year integer not null,
      mapping_version text not null,
      filename text not null,
      rows_read integer not null,
      practices integer not null,
      rejected integer not null,
      imported_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table gp_survey_results (
      survey_year integer not null,
      area_type text not null check (area_type in ('practice','icb','england')),
      area_code text not null,
      area_name text,
      icb_code text,
      measure text not null,
      percentage numeric(6,3),
      responses integer not null check (responses >= 0),
      suppressed boolean not null,
      source text not null check (source in ('file','computed')),
      mapping_version text not null,
      updated_at timestamptz not null default now(),
      primary key (survey_year, area_type, area_code, measure),
      check (suppressed or percentage is not null)
    )`.execute(db);
  await sql`create index gp_survey_results_area on gp_survey_results (area_code, survey_year)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['gp_survey_results', 'gp_survey_imports', 'feedback_submission_attempts', 'feedback_triage_events', 'feedback']) await sql`drop table if exists ${sql.ref(t)}`.execute(db);
}
