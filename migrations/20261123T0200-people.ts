import { sql, type Kysely } from 'kysely';

/**
 * People and organisations (issue #2 items 5–9): patient participation groups attached to
 * GP practices, indexes the sign-in, token and audit pages need.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table patient_participation_groups (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations(id),
      name text not null check (length(trim(name)) > 0),
      description text,
      contact_email text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, name)
    )`.execute(db);
  await sql`create index user_tokens_user on user_tokens (user_id, purpose, created_at)`.execute(db);
  await sql`create index sessions_expires on sessions (expires_at)`.execute(db);
  await sql`create index audit_events_action on audit_events (action, occurred_at desc)`.execute(db);
  await sql`create index outbox_emails_created on outbox_emails (created_at desc)`.execute(db);
  await sql`create index commissioning_service on commissioning (service_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index commissioning_service`.execute(db);
  await sql`drop index outbox_emails_created`.execute(db);
  await sql`drop index audit_events_action`.execute(db);
  await sql`drop index sessions_expires`.execute(db);
  await sql`drop index user_tokens_user`.execute(db);
  await sql`drop table patient_participation_groups`.execute(db);
}
