import { sql, type Kysely } from 'kysely';

/**
 * Issue 15, items 1 to 3: multi-agency reviews.
 * - inspection_participants: organisations taking part in an inspection in a declared capacity
 *   (the subject, lead commissioner and providers of services in scope are also worked out from
 *   the plan itself; this table records the capacities the plan cannot say, such as the local
 *   authority commissioning services in scope, and partners);
 * - organisations.local_authority_code: the ONS code of a council (E06000032 for Luton), searchable;
 * - report_recommendation_addressees: a recommendation addressed to more organisations than its first;
 * - joint action plans: each action owned by one organisation and a named person (a user, or a
 *   typed name), edits and withdrawals kept in the action's history, and revisions of an accepted plan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inspection_participants (
      inspection_id uuid not null references inspections(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      capacity text not null check (capacity in ('lead_commissioner','scope_provider','scope_commissioner','partner')),
      added_by uuid references users(id),
      added_at timestamptz not null default now(),
      primary key (inspection_id, organisation_id)
    )`.execute(db);
  await sql`create index inspection_participants_organisation on inspection_participants (organisation_id)`.execute(db);

  await sql`alter table organisations add column local_authority_code text`.execute(db);
  await sql`create index organisations_local_authority_code on organisations (upper(local_authority_code)) where local_authority_code is not null`.execute(db);

  await sql`
    create table report_recommendation_addressees (
      recommendation_id uuid not null references report_recommendations(id) on delete cascade,
      organisation_id uuid not null references organisations(id),
      primary key (recommendation_id, organisation_id)
    )`.execute(db);

  await sql`
    alter table action_plan_actions
      add column owner_organisation_id uuid references organisations(id),
      add column owner_user_id uuid references users(id),
      add column created_by uuid references users(id),
      add column withdrawn_at timestamptz,
      add column withdrawn_reason text,
      add column withdrawn_by uuid references users(id)`.execute(db);
  await sql`alter table action_plan_actions drop constraint if exists action_plan_actions_status_check`.execute(db);
  await sql`alter table action_plan_actions add constraint action_plan_actions_status_check check (status in ('open','in_progress','completed','verified','reopened','withdrawn'))`.execute(db);
  await sql`alter table action_plan_actions add constraint action_plan_actions_withdrawn_reason check (status <> 'withdrawn' or withdrawn_reason is not null)`.execute(db);
  await sql`create index action_plan_actions_owner on action_plan_actions (owner_organisation_id)`.execute(db);

  await sql`alter table action_plan_updates drop constraint if exists action_plan_updates_kind_check`.execute(db);
  await sql`alter table action_plan_updates add constraint action_plan_updates_kind_check check (kind in ('progress','completed','verified','reopened','reminder','escalation','drafted','edited','withdrawn','revision'))`.execute(db);

  await sql`alter table action_plans drop constraint if exists action_plans_status_check`.execute(db);
  await sql`alter table action_plans add constraint action_plans_status_check check (status in ('draft','submitted','accepted','returned','revising'))`.execute(db);

  await sql`
    create table action_plan_revisions (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references action_plans(id) on delete cascade,
      number integer not null check (number >= 1),
      reason text not null check (length(trim(reason)) > 0),
      opened_by uuid references users(id),
      opened_at timestamptz not null default now(),
      unique (plan_id, number)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists action_plan_revisions`.execute(db);
  await sql`alter table action_plans drop constraint if exists action_plans_status_check`.execute(db);
  await sql`alter table action_plans add constraint action_plans_status_check check (status in ('draft','submitted','accepted','returned'))`.execute(db);
  await sql`alter table action_plan_updates drop constraint if exists action_plan_updates_kind_check`.execute(db);
  await sql`alter table action_plan_updates add constraint action_plan_updates_kind_check check (kind in ('progress','completed','verified','reopened','reminder','escalation'))`.execute(db);
  await sql`alter table action_plan_actions drop constraint if exists action_plan_actions_withdrawn_reason`.execute(db);
  await sql`alter table action_plan_actions drop constraint if exists action_plan_actions_status_check`.execute(db);
  await sql`alter table action_plan_actions add constraint action_plan_actions_status_check check (status in ('open','in_progress','completed','verified','reopened'))`.execute(db);
  await sql`alter table action_plan_actions drop column owner_organisation_id, drop column owner_user_id, drop column created_by, drop column withdrawn_at, drop column withdrawn_reason, drop column withdrawn_by`.execute(db);
  await sql`drop table if exists report_recommendation_addressees`.execute(db);
  await sql`alter table organisations drop column local_authority_code`.execute(db);
  await sql`drop table if exists inspection_participants`.execute(db);
}
