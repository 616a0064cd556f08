import { sql, type Kysely } from 'kysely';

/**
 * Issue 16, item 5 (ADR 0007): a patient participation group sees what became of its group
 * feedback through a private link sent to the group's contact email. Only the SHA-256 of the
 * link's random token is stored; a link stops working when it is revoked (by the group, or
 * replaced by a newer link).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ppg_access_links (
      id uuid primary key default gen_random_uuid(),
      patient_participation_group_id uuid not null references patient_participation_groups(id) on delete cascade,
      token_hash text not null unique,
      sent_to text not null,
      reason text not null check (reason in ('requested', 'group_feedback_sent')),
      created_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text check (revoked_reason in ('replaced', 'stopped_by_group')),
      check ((revoked_at is null) = (revoked_reason is null))
    )`.execute(db);
  await sql`create index ppg_access_links_group on ppg_access_links (patient_participation_group_id, created_at desc)`.execute(db);
  await sql`create index feedback_group on feedback (patient_participation_group_id, received_at desc) where patient_participation_group_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists feedback_group`.execute(db);
  await sql`drop table if exists ppg_access_links`.execute(db);
}
