import { sql, type Kysely } from 'kysely';

/**
 * The public pages' generation moves at commit, not at the first change (issue 14, item 2).
 *
 * Before, every statement on a watched table updated the single counter row, so a transaction
 * held that row's lock from its first change to its commit: a 36-second register import made
 * every feedback post (feedback is watched) wait 36 seconds, and those waits used up the pool.
 * Now a change only records, once per transaction, that the transaction touched public data
 * (an insert into a private table keyed by the transaction id: no lock anyone else waits on).
 * A deferred constraint trigger on that row moves the counter at commit, so the counter's row
 * lock is held only for the moment the transaction commits. The counter still moves in the
 * same transaction as the change, so no process can cache a page under a generation that does
 * not include a committed change (docs/adr/0004-public-page-generation-cache.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table public_page_generation_pending (txid bigint primary key)`.execute(db);
  await sql`
    create or replace function bump_public_page_generation() returns trigger language plpgsql as $$
    begin
      insert into public_page_generation_pending (txid) values (txid_current()) on conflict (txid) do nothing;
      return null;
    end $$`.execute(db);
  await sql`
    create function apply_public_page_generation() returns trigger language plpgsql as $$
    begin
      update public_page_generation set generation = generation + 1, changed_at = now() where id = 1;
      delete from public_page_generation_pending where txid = new.txid;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger public_page_generation_at_commit
    after insert on public_page_generation_pending
    deferrable initially deferred
    for each row execute function apply_public_page_generation()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger public_page_generation_at_commit on public_page_generation_pending`.execute(db);
  await sql`drop function apply_public_page_generation()`.execute(db);
  await sql`drop table public_page_generation_pending`.execute(db);
  await sql`
    create or replace function bump_public_page_generation() returns trigger language plpgsql as $$
    begin
      update public_page_generation set generation = generation + 1, changed_at = now() where id = 1;
      return null;
    end $$`.execute(db);
}
