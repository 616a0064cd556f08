import { sql, type Kysely } from 'kysely';

/**
 * Feedback outcomes and GP Patient Survey results appear on the public location page, so a
 * change to them moves the public pages' generation (20261201T1300-public-page-generation.ts),
 * which this migration must follow; it is the after-report part's second migration.
 */
const TABLES = ['feedback', 'gp_survey_results'];

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
