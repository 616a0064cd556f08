import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pgcrypto`.execute(db);
  await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('regulator','provider','location','commissioner','local_authority')),
      name text not null check (length(trim(name)) > 0),
      parent_id uuid references organisations(id),
      cqc_location_id text unique,
      cqc_provider_id text unique,
      ods_code text,
      minted_id text unique,
      address_line1 text, address_line2 text, town text, county text, postcode text,
      phone text, website text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (kind <> 'location' or parent_id is not null or cqc_location_id is not null)
    )`.execute(db);
  await sql`create unique index organisations_kind_ods_code on organisations (kind, ods_code) where ods_code is not null`.execute(db);
  await sql`create index organisations_parent on organisations (parent_id)`.execute(db);

  await sql`
    create table commissioning (
      commissioner_id uuid not null references organisations(id),
      service_id uuid not null references organisations(id),
      note text,
      created_at timestamptz not null default now(),
      primary key (commissioner_id, service_id)
    )`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      name text not null,
      job_title text,
      role text not null check (role in ('inspector','inspection_manager','factual_accuracy_reviewer','enforcement_officer','administrator','provider_user','commissioner_user')),
      organisation_id uuid not null references organisations(id),
      is_org_admin boolean not null default false,
      status text not null default 'active' check (status in ('invited','active','removed')),
      password_hash text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_signed_in_at timestamptz
    )`.execute(db);
  await sql`create unique index users_email on users (lower(email))`.execute(db);
  await sql`create index users_organisation on users (organisation_id)`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);

  await sql`
    create table user_tokens (
      token_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      purpose text not null check (purpose in ('password_reset','invitation')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);

  await sql`
    create table sign_in_attempts (
      id bigserial primary key,
      email text not null,
      ip text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sign_in_attempts_email on sign_in_attempts (lower(email), attempted_at)`.execute(db);
  await sql`create index sign_in_attempts_ip on sign_in_attempts (ip, attempted_at)`.execute(db);

  await sql`
    create table audit_events (
      id bigserial primary key,
      occurred_at timestamptz not null default now(),
      actor_user_id uuid,
      actor_label text not null,
      action text not null check (action ~ '^[A-Z][A-Z0-9_]*$'),
      subject_type text not null,
      subject_id text not null,
      correlation_id text,
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index audit_events_subject on audit_events (subject_type, subject_id, occurred_at)`.execute(db);
  await sql`create index audit_events_occurred on audit_events (occurred_at desc)`.execute(db);
  await sql`create index audit_events_actor on audit_events (actor_user_id, occurred_at)`.execute(db);
  // Append-only, enforced by the database for every role (a trigger binds superusers too).
  await sql`
    create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % is not allowed', tg_op using errcode = '42501';
    end $$`.execute(db);
  await sql`create trigger audit_events_no_update before update or delete on audit_events for each row execute function audit_events_append_only()`.execute(db);
  await sql`create trigger audit_events_no_truncate before truncate on audit_events for each statement execute function audit_events_append_only()`.execute(db);

  await sql`
    create table outbox_emails (
      id bigserial primary key,
      to_address text not null,
      subject text not null,
      text_body text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      transport text not null check (transport in ('outbox','smtp')),
      error text
    )`.execute(db);

  await sql`
    create table notifications (
      id bigserial primary key,
      user_id uuid not null references users(id) on delete cascade,
      title text not null,
      body text not null,
      link text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`.execute(db);
  await sql`create index notifications_user on notifications (user_id, created_at desc)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be reversed: restore from a backup instead.');
}
