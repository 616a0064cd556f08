import { sql, type Kysely } from 'kysely';

/**
 * Issue 19: a statutory notification type the domain spec lists among CQC's notification types
 * without a regulation number (death of a registered provider, source S24) is stored with no
 * regulation rather than a guessed one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table statutory_notifications alter column regulation drop not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update statutory_notifications set regulation = '' where regulation is null`.execute(db);
  await sql`alter table statutory_notifications alter column regulation set not null`.execute(db);
}
