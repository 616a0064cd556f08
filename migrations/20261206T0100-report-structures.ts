import { sql, type Kysely } from 'kysely';

/**
 * Issue 15: report structures per kind of inspection (src/domain/reports/report-structures.ts). Each
 * report records the structure it was drafted in (null: drafted before structures, which keeps its
 * sections as they are). A recommendation's wording changed by the factual accuracy reviewer after an
 * accepted comment keeps the wording it replaced, so the pages can show the tracked change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table inspection_reports add column structure text`.execute(db);
  await sql`
    alter table report_recommendations
      add column original_text text,
      add column text_changed_by uuid references users(id),
      add column text_changed_at timestamptz,
      add column text_change_comment_id uuid references fa_comments(id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table report_recommendations drop column if exists original_text, drop column if exists text_changed_by, drop column if exists text_changed_at, drop column if exists text_change_comment_id`.execute(db);
  await sql`alter table inspection_reports drop column if exists structure`.execute(db);
}
