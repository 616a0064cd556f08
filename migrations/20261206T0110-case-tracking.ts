import { sql, type Kysely } from 'kysely';

/**
 * Issue 15: case tracking. For each sampled case the inspection team tracks, what they recorded: the
 * services seen and the records read (case_tracking), what they found (case_tracking_findings: good
 * practice, a concern, or immediate action needed, optionally about one service in scope) and the
 * evidence items, immediate-action concerns and programme visits linked to it (case_tracking_links).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_tracking (
      case_id uuid primary key references cases(id) on delete cascade,
      inspection_id uuid not null references inspections(id) on delete cascade,
      services_seen text[] not null default '{}',
      records_read text not null default '',
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null,
      updated_by uuid not null references users(id),
      updated_at timestamptz not null,
      version integer not null default 1
    )`.execute(db);
  await sql`create index case_tracking_inspection on case_tracking (inspection_id)`.execute(db);

  await sql`
    create table case_tracking_findings (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      inspection_id uuid not null references inspections(id) on delete cascade,
      kind text not null check (kind in ('good_practice','concern','immediate_action')),
      service_name text,
      text text not null check (length(trim(text)) > 0),
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null
    )`.execute(db);
  await sql`create index case_tracking_findings_inspection on case_tracking_findings (inspection_id, kind)`.execute(db);
  await sql`create index case_tracking_findings_case on case_tracking_findings (case_id, recorded_at)`.execute(db);

  await sql`
    create table case_tracking_links (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases(id) on delete cascade,
      inspection_id uuid not null references inspections(id) on delete cascade,
      kind text not null check (kind in ('evidence_item','concern','visit')),
      target_id uuid not null,
      linked_by uuid not null references users(id),
      linked_at timestamptz not null,
      unique (case_id, kind, target_id)
    )`.execute(db);
  await sql`create index case_tracking_links_target on case_tracking_links (kind, target_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists case_tracking_links`.execute(db);
  await sql`drop table if exists case_tracking_findings`.execute(db);
  await sql`drop table if exists case_tracking`.execute(db);
}
