import { sql, type Kysely } from 'kysely';

/**
 * A single counter that moves whenever something shown on the public register pages changes,
 * in the same transaction as the change. App processes keep rendered public pages keyed by it
 * (src/web/register/public-page-cache.ts), so no process ever serves a page older than the
 * latest committed change, however many processes there are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table public_page_generation (
      id smallint primary key default 1 check (id = 1),
      generation bigint not null default 0,
      changed_at timestamptz not null default now()
    )`.execute(db);
  await sql`insert into public_page_generation (id, generation) values (1, 0)`.execute(db);
  await sql`
    create function bump_public_page_generation() returns trigger language plpgsql as $$
    begin
      update public_page_generation set generation = generation + 1, changed_at = now() where id = 1;
      return null;
    end $$`.execute(db);
  for (const table of PUBLIC_TABLES) await watch(db, table);
}

/** Tables whose rows appear on public pages. Later migrations call watch() for their own. */
const PUBLIC_TABLES = ['organisations', 'register_providers', 'register_locations', 'ratings', 'reports'];

export async function watch(db: Kysely<unknown>, table: string): Promise<void> {
  await sql`
    create trigger ${sql.raw(`${table}_bumps_public_pages`)}
    after insert or update or delete or truncate on ${sql.table(table)}
    for each statement execute function bump_public_page_generation()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of PUBLIC_TABLES) await sql`drop trigger if exists ${sql.raw(`${table}_bumps_public_pages`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function bump_public_page_generation()`.execute(db);
  await sql`drop table public_page_generation`.execute(db);
}
