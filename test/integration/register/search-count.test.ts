/**
 * The search count stops at the cap (the deepest page anyone can open), so a broad word does not
 * count half the register on every request; the page still lists the right rows, with whether
 * each has service-level ratings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchLocations } from '../../../src/data/repositories/register.repository.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('search counts', () => {
  let database: TestDatabase;
  const word = `capcount${process.pid}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 1; i <= 7; i++) {
      const { organisation } = await createRegisteredPractice(database.db, { name: `${word} Surgery ${i}` });
      if (i === 2) await database.db.insertInto('ratings').values({ organisation_id: organisation.id, scope: 'service', name: 'Urgent care', key_question: '', rating: 'Good', report_date: '2024-01-10', source: 'test', current: true }).execute();
    }
  });
  afterAll(async () => database.destroy());

  it.each([
    [undefined, 7, false],
    [5, 5, true],
    [7, 7, false],
    [50, 7, false],
  ])('with a cap of %s the total is %i (capped: %s)', async (countCap, total, capped) => {
    const r = await searchLocations(database.db, { q: word }, { sort: 'name', limit: 3, offset: 0, ...(countCap ? { countCap } : {}) });
    expect({ total: r.total, capped: r.totalCapped }).toEqual({ total, capped });
    expect(r.rows.map((x) => x.name)).toEqual([`${word} Surgery 1`, `${word} Surgery 2`, `${word} Surgery 3`]);
    expect(r.rows.map((x) => x.has_service_ratings)).toEqual([false, true, false]);
    expect(r.rows[0]).not.toHaveProperty('organisation_id');
  });
});
