import { sql, type Kysely } from 'kysely';

/**
 * Action plans after a published report (issue #8): the organisation's plan, its actions with
 * owner, due date, milestones and progress, which recommendations and breaches each covers,
 * and the regulator's review. docs/action-plans.md describes the model.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table action_plans (
      id uuid primary key default gen_random_uuid(),
      inspection_id uuid not null unique references inspections(id),
      report_id uuid not null references inspection_reports(id),
      status text not null default 'draft' check (status in ('draft','submitted','accepted','returned')),
      due_date date not null,
      due_explanation text[] not null,
      submitted_at timestamptz,
      submitted_by uuid references users(id),
      reviewed_at timestamptz,
      reviewed_by uuid references users(id),
      review_note text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table action_plan_actions (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references action_plans(id),
      position integer not null,
      title text not null check (length(trim(title)) > 0),
      owner_name text not null check (length(trim(owner_name)) > 0),
      due_date date not null,
      status text not null default 'open' check (status in ('open','in_progress','completed','verified','reopened')),
      completion_evidence text,
      completed_at timestamptz,
      verified_at timestamptz,
      verified_by uuid references users(id),
      reopen_reason text,
      reminder_sent_at timestamptz,
      escalated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status not in ('completed','verified') or completion_evidence is not null)
    )`.execute(db);
  await sql`create index action_plan_actions_due on action_plan_actions (status, due_date)`.execute(db);

  await sql`
    create table action_plan_action_items (
      action_id uuid not null references action_plan_actions(id) on delete cascade,
      item_kind text not null check (item_kind in ('recommendation','breach')),
      item_id uuid not null,
      primary key (action_id, item_kind, item_id)
    )`.execute(db);

  await sql`
    create table action_plan_milestones (
      id uuid primary key default gen_random_uuid(),
      action_id uuid not null references action_plan_actions(id) on delete cascade,
      title text not null,
      due_date date not null,
      done_at timestamptz
    )`.execute(db);

  await sql`
    create table action_plan_updates (
      id bigint generated always as identity primary key,
      action_id uuid not null references action_plan_actions(id) on delete cascade,
      at timestamptz not null default now(),
      user_id uuid references users(id),
      kind text not null check (kind in ('progress','completed','verified','reopened','reminder','escalation')),
      note text not null
    )`.execute(db);
  await sql`create index action_plan_updates_action on action_plan_updates (action_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['action_plan_updates', 'action_plan_milestones', 'action_plan_action_items', 'action_plan_actions', 'action_plans']) await sql`drop table if exists ${sql.ref(t)}`.execute(db);
}
