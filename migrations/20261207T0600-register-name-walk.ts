import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, item 8 (docs/performance.md, "Sixth pass"): the name index carries the name and
 * the registration status beside its key, so a relevance search's walk of it ("name contains
 * practice", page 15) tests each entry from the index alone (an index-only scan) instead of
 * fetching its row from the table first: 28,800 rows fetched and dropped became 400 index pages.
 *
 * The index then holds a name twice, and PostgreSQL limits an index entry to about 2,700 bytes.
 * Imports reject names over 300 characters (1,200 bytes at most); a register that already holds a
 * longer name keeps the index as it was (searches give the same rows, their walks fetch rows) rather
 * than failing to start.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const long = await sql<{ n: number }>`select count(*)::int as n from register_locations where octet_length(name) > 1200`.execute(db);
  if ((long.rows[0]?.n ?? 0) > 0) return;
  await sql`drop index if exists register_locations_name`.execute(db);
  await sql`create index register_locations_name on register_locations ((lower(name) collate "C"), location_id) include (name, registration_status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists register_locations_name`.execute(db);
  await sql`create index register_locations_name on register_locations ((lower(name) collate "C"), location_id)`.execute(db);
}
