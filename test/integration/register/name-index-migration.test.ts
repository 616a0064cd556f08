/**
 * Migration 20261207T0600-register-name-walk puts the name beside the name index's key (so search
 * walks read the index alone). An index entry is limited to about 2,700 bytes and the index then
 * holds a name twice: a register that already holds a longer name keeps the index as it was and
 * still starts; one that does not gets the wider index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from '../../../src/data/migrate.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const MIGRATION = '20261207T0600-register-name-walk';

describe('the name index migration', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.destroy());

  const indexDefinition = async () => (await sql<{ d: string }>`select indexdef as d from pg_indexes where indexname = 'register_locations_name'`.execute(t.ownerDb)).rows[0]?.d ?? '';
  /** The database as it was before the migration: the name index without the name beside its key. */
  const asBefore = async () => {
    await sql`drop index register_locations_name`.execute(t.ownerDb);
    await sql`create index register_locations_name on register_locations ((lower(name) collate "C"), location_id)`.execute(t.ownerDb);
    await sql`delete from kysely_migration where name = ${MIGRATION}`.execute(t.ownerDb);
  };

  it('a register that holds a name too long to be held twice keeps the index it had, and starts', async () => {
    await asBefore();
    const long = await createRegisteredPractice(t.ownerDb, { name: `Practice ${'é'.repeat(700)}` });
    await migrateToLatest(t.ownerDb);
    expect(await indexDefinition()).not.toMatch(/INCLUDE/);
    expect((await sql<{ n: string }>`select name as n from kysely_migration where name = ${MIGRATION}`.execute(t.ownerDb)).rows).toHaveLength(1);
    await sql`delete from register_locations where location_id = ${long.locationId}`.execute(t.ownerDb);
  });

  it('otherwise the index holds the name and the registration status beside its key', async () => {
    await asBefore();
    await createRegisteredPractice(t.ownerDb, { name: `Practice ${'é'.repeat(290)}` });
    await migrateToLatest(t.ownerDb);
    expect(await indexDefinition()).toMatch(/\(lower\(name\) COLLATE "C", location_id\) INCLUDE \(name, registration_status\)/);
  });
});
