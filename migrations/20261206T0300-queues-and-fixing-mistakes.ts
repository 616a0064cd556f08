import { sql, type Kysely } from 'kysely';

/**
 * Issue 15, items 6 to 8: fixing mistakes and taking work away.
 *  - Evidence requests can be withdrawn (the organisation is told; the item stays on the checklist
 *    as withdrawn, never overdue).
 *  - Briefings can be edited and deleted, with every earlier version kept (briefing_revisions), and
 *    a form token per submission so Back-and-resubmit never saves a duplicate.
 *  - Concerns can be closed by accepting the response, or with a reason.
 *  - Daily summary emails: one row per inspection, organisation and day, so a rerun sends nothing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table evidence_requests drop constraint if exists evidence_requests_status_check`.execute(db);
  await sql`
    alter table evidence_requests
      add constraint evidence_requests_status_check check (status in ('requested','provided','cannot_provide','withdrawn')),
      add column withdrawn_at timestamptz,
      add column withdrawn_by uuid references users(id),
      add column withdrawn_reason text,
      add constraint evidence_requests_withdrawn_reason check (status <> 'withdrawn' or (withdrawn_reason is not null and withdrawn_at is not null))`.execute(db);

  await sql`
    alter table briefings
      add column form_token text,
      add column updated_at timestamptz,
      add column updated_by uuid references users(id),
      add column deleted_at timestamptz,
      add column deleted_by uuid references users(id),
      add column deleted_reason text`.execute(db);
  await sql`create unique index briefings_form_token on briefings (inspection_id, form_token) where form_token is not null`.execute(db);
  await sql`
    create table briefing_revisions (
      id bigint generated always as identity primary key,
      briefing_id uuid not null references briefings(id) on delete cascade,
      kind text not null check (kind in ('edited','deleted')),
      before jsonb not null,
      reason text,
      changed_by uuid not null references users(id),
      changed_at timestamptz not null
    )`.execute(db);
  await sql`create index briefing_revisions_briefing on briefing_revisions (briefing_id, changed_at)`.execute(db);

  await sql`
    alter table concerns
      add column closed_at timestamptz,
      add column closed_by uuid references users(id),
      add column close_outcome text check (close_outcome in ('response_accepted','closed_with_reason')),
      add column close_reason text`.execute(db);

  await sql`
    create table daily_summaries (
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid not null references organisations(id) on delete cascade,
      summary_date date not null,
      recipients integer not null,
      items integer not null,
      sent_at timestamptz not null,
      primary key (inspection_id, organisation_id, summary_date)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table daily_summaries`.execute(db);
  await sql`alter table concerns drop column closed_at, drop column closed_by, drop column close_outcome, drop column close_reason`.execute(db);
  await sql`drop table briefing_revisions`.execute(db);
  await sql`drop index briefings_form_token`.execute(db);
  await sql`alter table briefings drop column form_token, drop column updated_at, drop column updated_by, drop column deleted_at, drop column deleted_by, drop column deleted_reason`.execute(db);
  await sql`delete from evidence_requests where status = 'withdrawn'`.execute(db);
  await sql`alter table evidence_requests drop constraint evidence_requests_withdrawn_reason, drop constraint evidence_requests_status_check, drop column withdrawn_at, drop column withdrawn_by, drop column withdrawn_reason`.execute(db);
  await sql`alter table evidence_requests add constraint evidence_requests_status_check check (status in ('requested','provided','cannot_provide'))`.execute(db);
}
