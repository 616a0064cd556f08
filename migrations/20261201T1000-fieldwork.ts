import { sql, type Kysely } from 'kysely';

/**
 * Inspections, part 2 (issue #6): evidence items with revisions and attachments, briefings
 * and verbal feedback, immediate-action concerns, quality statement scores, judgements with
 * proposed and approved ratings, breaches and enforcement actions with their deadlines,
 * documents and representations. docs/fieldwork.md describes the model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table evidence_items (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      type text check (type in ('observation','staff_conversation','person_conversation','record_review','document','data')),
      quality_statements text[] not null default '{}',
      evidence_category text,
      visit_id uuid references programme_visits(id) on delete set null,
      case_id uuid references cases(id) on delete set null,
      refers_to_date date,
      inspector_id uuid not null references users(id),
      body text not null default '',
      status text not null default 'draft' check (status in ('draft','recorded')),
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      recorded_at timestamptz,
      check (status = 'draft' or (type is not null and evidence_category is not null and refers_to_date is not null and cardinality(quality_statements) > 0))
    )`.execute(db);
  await sql`create index evidence_items_inspection on evidence_items (inspection_id, status)`.execute(db);
  await sql`create index evidence_items_statements on evidence_items using gin (quality_statements)`.execute(db);

  await sql`
    create table evidence_item_revisions (
      id bigint generated always as identity primary key,
      evidence_item_id uuid not null references evidence_items(id) on delete cascade,
      kind text not null check (kind in ('saved','conflict')),
      version integer not null,
      based_on_version integer,
      body text not null,
      saved_by uuid not null references users(id),
      saved_at timestamptz not null
    )`.execute(db);
  await sql`create index evidence_item_revisions_item on evidence_item_revisions (evidence_item_id, id)`.execute(db);

  await sql`
    create table evidence_item_attachments (
      id uuid primary key default gen_random_uuid(),
      evidence_item_id uuid not null references evidence_items(id) on delete cascade,
      filename text not null,
      content_type text not null,
      size_bytes bigint not null,
      sha256 text not null,
      storage_key text not null unique,
      uploaded_by uuid not null references users(id),
      uploaded_at timestamptz not null
    )`.execute(db);

  await sql`
    create table briefings (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      kind text not null check (kind in ('briefing','verbal_feedback')),
      held_at timestamptz not null,
      attendees jsonb not null,
      points text not null,
      recommendation_areas text[] not null default '{}',
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    )`.execute(db);
  await sql`create index briefings_inspection on briefings (inspection_id, held_at)`.execute(db);

  await sql`
    create table concerns (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      what text not null,
      location_text text not null,
      risk text not null,
      who_must_act text not null,
      organisation_id uuid not null references organisations(id),
      raised_by uuid not null references users(id),
      raised_at timestamptz not null,
      response_hours integer not null check (response_hours between 1 and 336),
      respond_by timestamptz not null,
      status text not null default 'open' check (status in ('open','acknowledged','responded','closed')),
      acknowledged_at timestamptz,
      acknowledged_by uuid references users(id),
      action_taken text,
      responded_at timestamptz,
      responded_by uuid references users(id),
      escalated_at timestamptz,
      escalated_to uuid[] not null default '{}',
      enforcement_action_id uuid
    )`.execute(db);
  await sql`create index concerns_overdue on concerns (respond_by) where responded_at is null and escalated_at is null`.execute(db);
  await sql`create index concerns_inspection on concerns (inspection_id)`.execute(db);

  await sql`
    create table quality_statement_scores (
      inspection_id uuid not null references inspections(id) on delete cascade,
      statement_code text not null,
      score integer check (score between 1 and 4),
      category_scores jsonb,
      rationale text not null default '',
      evidence_item_ids uuid[] not null default '{}',
      scored_by uuid not null references users(id),
      scored_at timestamptz not null,
      version integer not null default 1,
      primary key (inspection_id, statement_code),
      check (score is not null or category_scores is not null)
    )`.execute(db);

  await sql`
    create table judgements (
      inspection_id uuid primary key references inspections(id) on delete cascade,
      scoring_method text not null check (scoring_method in ('saf-2024','saf-2023')),
      overall_method text not null check (overall_method in ('asc-principles','primary-medical','nhs-trust')),
      status text not null default 'proposed' check (status in ('proposed','approved')),
      proposed_at timestamptz not null,
      approved_by uuid references users(id),
      approved_at timestamptz,
      version integer not null default 1
    )`.execute(db);

  await sql`
    create table judgement_ratings (
      inspection_id uuid not null references judgements(inspection_id) on delete cascade,
      subject text not null check (subject in ('safe','effective','caring','responsive','wellLed','overall')),
      proposed_rating text not null,
      proposed_percentage numeric,
      proposed_explanation text[] not null,
      approved_rating text,
      departure_reason text,
      explanation text[] not null,
      rating_date date,
      primary key (inspection_id, subject)
    )`.execute(db);

  await sql`
    create table breaches (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      regulation text not null,
      paragraph text,
      key_question text check (key_question in ('safe','effective','caring','responsive','wellLed')),
      quality_statements text[] not null default '{}',
      description text not null,
      evidence_item_ids uuid[] not null default '{}',
      status text not null default 'open' check (status in ('open','withdrawn')),
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    )`.execute(db);
  await sql`create index breaches_inspection on breaches (inspection_id)`.execute(db);

  await sql`
    create table enforcement_actions (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null references inspections(id) on delete cascade,
      breach_id uuid references breaches(id),
      concern_id uuid references concerns(id),
      organisation_id uuid not null references organisations(id),
      kind text not null,
      state text not null default 'draft',
      compliance_date date,
      issued_on date,
      decision text,
      decision_reason text,
      decided_at timestamptz,
      created_by uuid not null references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1
    )`.execute(db);
  await sql`create index enforcement_actions_inspection on enforcement_actions (inspection_id)`.execute(db);
  await sql`alter table concerns add constraint concerns_enforcement_action foreign key (enforcement_action_id) references enforcement_actions(id)`.execute(db);

  await sql`
    create table enforcement_deadlines (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null references enforcement_actions(id) on delete cascade,
      rule text not null,
      title text not null,
      start_date date not null,
      due date not null,
      due_by timestamptz not null,
      explanation text[] not null,
      version text not null,
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table enforcement_documents (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null references enforcement_actions(id) on delete cascade,
      kind text not null,
      title text not null,
      body text not null,
      template_version text not null,
      generated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table enforcement_representations (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null references enforcement_actions(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      kind text not null check (kind in ('representations','action_plan','assurance')),
      body text not null,
      submitted_by uuid not null references users(id),
      submitted_at timestamptz not null
    )`.execute(db);

  await sql`
    create table enforcement_representation_files (
      id uuid primary key default gen_random_uuid(),
      representation_id uuid not null references enforcement_representations(id) on delete cascade,
      filename text not null,
      content_type text not null,
      size_bytes bigint not null,
      sha256 text not null,
      storage_key text not null unique,
      uploaded_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'enforcement_representation_files',
    'enforcement_representations',
    'enforcement_documents',
    'enforcement_deadlines',
  ]) await sql`drop table if exists ${sql.table(t)}`.execute(db);
  await sql`alter table concerns drop constraint if exists concerns_enforcement_action`.execute(db);
  for (const t of ['enforcement_actions', 'breaches', 'judgement_ratings', 'judgements', 'quality_statement_scores', 'concerns', 'briefings', 'evidence_item_attachments', 'evidence_item_revisions', 'evidence_items']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
