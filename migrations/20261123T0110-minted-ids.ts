import { sql, type Kysely } from 'kysely';

/** Ids Inspectorate mints for organisations with no known CQC id (docs/identifiers.md). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence organisation_minted_id_seq start 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop sequence organisation_minted_id_seq`.execute(db);
}
