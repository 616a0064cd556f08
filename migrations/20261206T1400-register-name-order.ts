import { sql, type Kysely } from 'kysely';

/**
 * Issue 13, item 8 (docs/performance.md, "Relevance in groups"): the register's name order is
 * byte order of the lower-cased name (`collate "C"`), whatever the database's locale, so that a
 * name prefix ("care…") is a range of this index: a search walks from the prefix, not from "a".
 * And an index of positions, so "near a postcode" looks only inside a box around the place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists register_locations_name`.execute(db);
  await sql`create index register_locations_name on register_locations ((lower(name) collate "C"), location_id)`.execute(db);
  await sql`create index register_locations_position on register_locations (latitude, longitude) where latitude is not null`.execute(db);
  await sql`create index postcode_districts_position on postcode_districts (latitude, longitude)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists register_locations_position`.execute(db);
  await sql`drop index if exists postcode_districts_position`.execute(db);
  await sql`drop index if exists register_locations_name`.execute(db);
  await sql`create index register_locations_name on register_locations (lower(name), location_id)`.execute(db);
}
