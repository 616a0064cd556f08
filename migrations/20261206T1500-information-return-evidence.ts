import { sql, type Kysely } from 'kysely';

/**
 * Issue 19, item 2: which inspection each submitted provider information return became evidence
 * of. A return submitted while no inspection of the organisation is open waits here for the next
 * one: planning it adds the return to its evidence, citing the return, once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table information_return_evidence (
      request_id uuid not null references information_return_requests(id) on delete cascade,
      inspection_id uuid not null references inspections(id) on delete cascade,
      evidence_item_id uuid references evidence_items(id) on delete set null,
      added_at timestamptz not null,
      primary key (request_id, inspection_id)
    )`.execute(db);
  await sql`create index information_return_evidence_inspection on information_return_evidence (inspection_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists information_return_evidence`.execute(db);
}
