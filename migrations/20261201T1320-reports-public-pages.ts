import { sql, type Kysely } from 'kysely';

/**
 * Published reports (their response statements, ratings and recommendations) appear on the
 * public location and provider pages, so a change to them moves the public pages' generation
 * (20261201T1300-public-page-generation.ts, docs/adr/0004-public-page-generation-cache.md).
 */
const TABLES = ['inspection_reports', 'report_ratings', 'report_recommendations'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES)
    await sql`
      create trigger ${sql.raw(`${table}_bumps_public_pages`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_public_page_generation()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger if exists ${sql.raw(`${table}_bumps_public_pages`)} on ${sql.table(table)}`.execute(db);
}
