import { sql, type Kysely } from 'kysely';

/**
 * A rating changed after a review of ratings (issue 19) makes a new version of the published
 * report; the version it replaces keeps its ratings here (null: the report's current ratings).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table report_versions add column ratings jsonb, add column published_on date`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table report_versions drop column published_on, drop column ratings`.execute(db);
}
