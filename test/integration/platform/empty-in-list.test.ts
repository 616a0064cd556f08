/**
 * A query with an empty `in` list answers, rather than failing with a syntax error (PostgreSQL has
 * no `in ()`): nothing is in an empty list, everything is outside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDatabase();
  await createOrganisation(d.db, 'regulator');
  await createOrganisation(d.db, 'provider');
});
afterAll(async () => d.destroy());

describe('empty in lists', () => {
  it('finds nothing in an empty list and everything outside it, in queries and updates', async () => {
    const all = await d.db.selectFrom('organisations').select('id').execute();
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await d.db.selectFrom('organisations').select('id').where('id', 'in', []).execute()).toEqual([]);
    expect((await d.db.selectFrom('organisations').select('id').where('id', 'not in', []).execute()).length).toBe(all.length);
    const updated = await d.db.updateTable('organisations').set({ name: 'Changed' }).where('id', 'in', []).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(0);
    expect(await d.db.selectFrom('organisations').select('id').where('name', '=', 'Changed').execute()).toEqual([]);
  });
});
