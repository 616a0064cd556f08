import { sql, type Kysely } from 'kysely';

/**
 * The provider's side between inspections (issue 19): statutory notifications and their triage,
 * the people registered in a capacity (registered manager, nominated individual, chief executive),
 * rating review requests, provider information returns, and the notification scope of a personal
 * access token (one boolean column, kept apart from any other scope model).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table registered_persons (
      organisation_id uuid not null references organisations(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      capacity text not null check (capacity in ('registered_manager','nominated_individual','chief_executive')),
      recorded_at timestamptz not null default now(),
      primary key (organisation_id, user_id, capacity)
    )`.execute(db);

  await sql`
    create table statutory_notifications (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      organisation_id uuid not null references organisations(id),
      type text not null,
      regulation text not null,
      details jsonb not null,
      summary text not null,
      provider_reference text,
      channel text not null check (channel in ('web','api')),
      submitted_by uuid not null references users(id),
      submitted_at timestamptz not null,
      priority text not null check (priority in ('urgent','high','routine')),
      priority_explanation text not null,
      risk_flagged boolean not null default false,
      risk_matches jsonb not null default '[]',
      owner_id uuid references users(id),
      respond_by timestamptz not null,
      status text not null default 'received' check (status in ('received','in_review','closed')),
      outcome text check (outcome in ('no_action','provider_follow_up','safeguarding_referral','inspection_evidence','concern_raised')),
      linked_inspection_id uuid references inspections(id),
      evidence_item_id uuid references evidence_items(id) on delete set null,
      closed_at timestamptz
    )`.execute(db);
  await sql`create unique index statutory_notifications_provider_ref on statutory_notifications (organisation_id, provider_reference) where provider_reference is not null`.execute(db);
  await sql`create index statutory_notifications_queue on statutory_notifications (status, priority, submitted_at)`.execute(db);
  await sql`create index statutory_notifications_org on statutory_notifications (organisation_id, submitted_at desc)`.execute(db);

  await sql`
    create table statutory_notification_events (
      id bigint generated always as identity primary key,
      notification_id uuid not null references statutory_notifications(id) on delete cascade,
      at timestamptz not null,
      user_id uuid not null references users(id),
      status text not null,
      outcome text,
      note text not null,
      linked_inspection_id uuid references inspections(id)
    )`.execute(db);
  await sql`create index statutory_notification_events_notification on statutory_notification_events (notification_id, id)`.execute(db);

  await sql`alter table personal_access_tokens add column scope_notifications boolean not null default false`.execute(db);

  await sql`
    create table rating_review_requests (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null unique references inspection_reports(id),
      organisation_id uuid not null references organisations(id),
      requested_by uuid not null references users(id),
      capacity text not null,
      grounds text not null,
      word_count integer not null,
      received_at timestamptz not null,
      deadline_explanation text[] not null,
      status text not null default 'received' check (status in ('received','refused','under_review','completed')),
      grounds_decision_by uuid references users(id),
      grounds_decision_at timestamptz,
      grounds_decision_reason text,
      reviewer_id uuid references users(id),
      reviewer_assigned_by uuid references users(id),
      outcome text check (outcome in ('unchanged','changed')),
      process_failure text,
      outcome_summary text,
      new_ratings jsonb,
      completed_at timestamptz
    )`.execute(db);
  await sql`create index rating_review_requests_org on rating_review_requests (organisation_id)`.execute(db);
  await sql`create trigger rating_review_requests_bumps_public_pages after insert or update or delete on rating_review_requests for each statement execute function bump_public_page_generation()`.execute(db);

  await sql`
    create table information_return_requests (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      organisation_id uuid not null references organisations(id),
      question_set text not null,
      requested_by uuid not null references users(id),
      requested_at timestamptz not null,
      due_by timestamptz not null,
      due_date date not null,
      deadline_explanation text[] not null,
      status text not null default 'open' check (status in ('open','submitted','withdrawn')),
      submitted_by uuid references users(id),
      submitted_at timestamptz,
      late boolean not null default false,
      late_flagged_at timestamptz,
      note text
    )`.execute(db);
  await sql`create index information_return_requests_org on information_return_requests (organisation_id, requested_at desc)`.execute(db);

  await sql`
    create table information_return_answers (
      request_id uuid not null references information_return_requests(id) on delete cascade,
      question_id text not null,
      value text not null,
      version integer not null default 1,
      saved_by uuid not null references users(id),
      saved_at timestamptz not null,
      primary key (request_id, question_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists information_return_answers`.execute(db);
  await sql`drop table if exists information_return_requests`.execute(db);
  await sql`drop table if exists rating_review_requests`.execute(db);
  await sql`alter table personal_access_tokens drop column if exists scope_notifications`.execute(db);
  await sql`drop table if exists statutory_notification_events`.execute(db);
  await sql`drop table if exists statutory_notifications`.execute(db);
  await sql`drop table if exists registered_persons`.execute(db);
}
