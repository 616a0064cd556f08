import { sql, type Kysely } from 'kysely';

/**
 * Enforcement followed through (issue 16): the regulator's compliance decision on an action
 * (complied, partly complied, not complied, with the evidence), the action it escalated from,
 * late representations with the enforcement officer's decision on them, and feedback shared
 * with the service: when it was shared, the date a response is due, and the response.
 * Enforcement is on the public pages, so a change to it moves the public pages' generation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table enforcement_actions
      add column compliance_decision text check (compliance_decision in ('complied','partly_complied','not_complied')),
      add column compliance_evidence text,
      add column compliance_decided_by uuid references users(id),
      add column compliance_decided_at timestamptz,
      add column escalated_from_id uuid references enforcement_actions(id)`.execute(db);
  await sql`create index enforcement_actions_organisation on enforcement_actions (organisation_id, state)`.execute(db);
  await sql`
    alter table enforcement_representations
      add column due date,
      add column late boolean not null default false,
      add column late_decision text check (late_decision in ('accepted','declined')),
      add column late_decision_reason text,
      add column late_decided_by uuid references users(id),
      add column late_decided_at timestamptz,
      add constraint enforcement_representations_late_decision check (late or late_decision is null)`.execute(db);
  await sql`
    alter table feedback
      add column shared_at timestamptz,
      add column response_due date,
      add column response text,
      add column responded_by uuid references users(id),
      add column responded_at timestamptz`.execute(db);
  await sql`create index feedback_shared on feedback (organisation_id, shared_at) where shared_at is not null`.execute(db);
  await sql`
    create trigger enforcement_actions_bumps_public_pages
    after insert or update or delete or truncate on enforcement_actions
    for each statement execute function bump_public_page_generation()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists enforcement_actions_bumps_public_pages on enforcement_actions`.execute(db);
  await sql`drop index if exists feedback_shared`.execute(db);
  await sql`alter table feedback drop column shared_at, drop column response_due, drop column response, drop column responded_by, drop column responded_at`.execute(db);
  await sql`alter table enforcement_representations drop constraint enforcement_representations_late_decision, drop column due, drop column late, drop column late_decision, drop column late_decision_reason, drop column late_decided_by, drop column late_decided_at`.execute(db);
  await sql`drop index if exists enforcement_actions_organisation`.execute(db);
  await sql`alter table enforcement_actions drop column escalated_from_id, drop column compliance_decided_at, drop column compliance_decided_by, drop column compliance_evidence, drop column compliance_decision`.execute(db);
}
