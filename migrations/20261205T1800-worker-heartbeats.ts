import { sql, type Kysely } from 'kysely';

/**
 * Each job worker process records that it is alive every few seconds (issue #18: /health reports the
 * worker's last heartbeat). One row per worker process; rows of workers gone for a day are removed by
 * the next worker that starts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table worker_heartbeats (
      worker_id text primary key,
      hostname text not null,
      pid integer not null,
      started_at timestamptz not null,
      last_seen_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists worker_heartbeats`.execute(db);
}
