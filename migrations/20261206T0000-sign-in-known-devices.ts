import { sql, type Kysely } from 'kysely';

/**
 * Issue 14, item 9: failed sign-ins are throttled per email and source together, and a device the
 * person has signed in from before keeps a pass for their correct password. The browser holds a
 * random device token in a cookie; only its SHA-256 is stored, once per account signed in from it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table known_devices (
      token_hash text not null,
      user_id uuid not null references users(id) on delete cascade,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      primary key (token_hash, user_id)
    )`.execute(db);
  await sql`create index known_devices_user on known_devices (user_id)`.execute(db);
  await sql`alter table sign_in_attempts add column device_hash text`.execute(db);
  await sql`create index sign_in_attempts_email_ip on sign_in_attempts (lower(email), ip, attempted_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists sign_in_attempts_email_ip`.execute(db);
  await sql`alter table sign_in_attempts drop column if exists device_hash`.execute(db);
  await sql`drop table if exists known_devices`.execute(db);
}
