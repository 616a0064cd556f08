import { sql, type Kysely } from 'kysely';

/**
 * Inspections, part 3 (issue #7): draft report with versions, personal-data check, review and
 * approval, factual accuracy check, publication and the provider's response. docs/reports.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inspection_reports (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null unique references inspections(id),
      link_id text not null unique,
      stage text not null default 'drafting' check (stage in ('drafting','awaiting_approval','approved','factual_accuracy','fa_review','publication_ready','published')),
      owner_user_id uuid references users(id),
      owner_organisation_id uuid references organisations(id),
      owner_label text not null,
      stage_entered_at timestamptz not null default now(),
      current_version integer not null default 0,
      known_people jsonb not null default '[]',
      approved_version integer,
      approved_by uuid references users(id),
      approved_at timestamptz,
      fa_sent_at timestamptz,
      fa_completed_at timestamptz,
      published_at timestamptz,
      published_by uuid references users(id),
      publication_date date,
      published_version integer,
      response_statement text,
      response_statement_by uuid references users(id),
      response_statement_at timestamptz,
      pdf_storage_key text,
      pdf_template_version text,
      pdf_rendered_at timestamptz,
      pdf_size_bytes integer,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index inspection_reports_stage on inspection_reports (stage, stage_entered_at)`.execute(db);

  await sql`
    create table report_versions (
      id bigserial primary key,
      report_id uuid not null references inspection_reports(id),
      version integer not null,
      sections jsonb not null,
      changed_section text,
      note text,
      saved_by uuid references users(id),
      saved_at timestamptz not null default now(),
      unique (report_id, version)
    )`.execute(db);

  await sql`
    create table report_ratings (
      id bigserial primary key,
      report_id uuid not null references inspection_reports(id),
      subject text not null check (subject in ('safe','effective','caring','responsive','wellLed','overall')),
      rating text not null,
      rating_date date,
      source text not null default 'new' check (source in ('new','carried-forward')),
      explanation text[] not null default '{}',
      position integer not null default 0,
      unique (report_id, subject)
    )`.execute(db);

  await sql`
    create table report_breaches (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references inspection_reports(id),
      breach_id uuid,
      regulation text not null,
      paragraph text,
      regulation_title text not null,
      key_question text,
      description text not null,
      enforcement jsonb not null default '[]',
      position integer not null default 0
    )`.execute(db);
  await sql`create index report_breaches_report on report_breaches (report_id)`.execute(db);

  await sql`
    create table report_recommendations (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references inspection_reports(id),
      position integer not null default 0,
      strength text not null check (strength in ('must','should')),
      text text not null check (length(trim(text)) > 0),
      organisation_id uuid references organisations(id),
      organisation_name text not null,
      service_name text,
      regulator_may_direct boolean not null default true,
      direction_note text,
      report_breach_id uuid references report_breaches(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (regulator_may_direct or direction_note is not null)
    )`.execute(db);
  await sql`create index report_recommendations_report on report_recommendations (report_id, position)`.execute(db);
  await sql`create index report_recommendations_org on report_recommendations (organisation_id)`.execute(db);

  await sql`
    create table report_reviews (
      id bigserial primary key,
      report_id uuid not null references inspection_reports(id),
      version integer not null,
      decision text not null check (decision in ('approved','returned')),
      comments text,
      reviewer_id uuid not null references users(id),
      decided_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table report_personal_data_flags (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references inspection_reports(id),
      fingerprint text not null,
      section_key text not null,
      kind text not null,
      matched text not null,
      context text not null,
      person_category text,
      status text not null default 'open' check (status in ('open','removed','allowed')),
      allow_reason text,
      resolution_note text,
      resolved_by uuid references users(id),
      resolved_at timestamptz,
      first_seen_version integer not null,
      last_seen_version integer not null,
      unique (report_id, fingerprint)
    )`.execute(db);

  await sql`
    create table report_stage_history (
      id bigserial primary key,
      report_id uuid not null references inspection_reports(id),
      stage text not null,
      owner_label text not null,
      entered_at timestamptz not null,
      left_at timestamptz
    )`.execute(db);
  await sql`create index report_stage_history_report on report_stage_history (report_id, entered_at)`.execute(db);

  await sql`
    create table fa_recipients (
      report_id uuid not null references inspection_reports(id),
      organisation_id uuid not null references organisations(id),
      due date not null,
      due_by timestamptz not null,
      due_explanation text[] not null default '{}',
      extended_due date,
      extended_due_by timestamptz,
      submitted_at timestamptz,
      submitted_by uuid references users(id),
      no_inaccuracies boolean,
      primary key (report_id, organisation_id)
    )`.execute(db);

  await sql`
    create table fa_comments (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references inspection_reports(id),
      organisation_id uuid not null references organisations(id),
      section_key text not null,
      passage text not null,
      category text not null check (category in ('typo_or_figure','factual_inaccuracy','omitted_information')),
      comment text not null,
      proposed_change text,
      evidence text,
      status text not null default 'draft' check (status in ('draft','submitted')),
      decision text check (decision in ('accepted','partly_accepted','rejected')),
      decision_reason text,
      change_made text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index fa_comments_report on fa_comments (report_id, organisation_id)`.execute(db);

  await sql`
    create table fa_extension_requests (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references inspection_reports(id),
      organisation_id uuid not null references organisations(id),
      reason text not null,
      requested_by uuid references users(id),
      requested_at timestamptz not null default now(),
      status text not null default 'requested' check (status in ('requested','granted','refused')),
      new_due date,
      decision_reason text,
      decided_by uuid references users(id),
      decided_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'fa_extension_requests',
    'fa_comments',
    'fa_recipients',
    'report_stage_history',
    'report_personal_data_flags',
    'report_reviews',
    'report_recommendations',
    'report_breaches',
    'report_ratings',
    'report_versions',
    'inspection_reports',
  ]) {
    await sql`drop table ${sql.table(t)}`.execute(db);
  }
}
