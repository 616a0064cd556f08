/**
 * "Near a postcode" looks only inside a box around the place (issue 13, item 8): the box must
 * never leave out a service within the distance, wherever it lies (due north, due east far from
 * the equator, on a diagonal), and the distance itself still decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { searchLocations } from '../../../src/data/repositories/register.repository.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const MILES_PER_DEGREE = 7917.6 * Math.PI / 360; // the haversine's own radius: 69.09 miles a degree of latitude
const at = { latitude: 57.15, longitude: -2.1 }; // far from the equator, where longitude degrees are short

describe('near a place: the box around it', () => {
  let database: TestDatabase;
  const word = `boxnear${process.pid}`;
  const place = (north: number, east: number) => ({
    latitude: at.latitude + north / MILES_PER_DEGREE,
    longitude: at.longitude + east / (MILES_PER_DEGREE * Math.cos((at.latitude * Math.PI) / 180)),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    const made: [string, { latitude: number; longitude: number }][] = [
      ['north 9.9', place(9.9, 0)],
      ['east 9.9', place(0, 9.9)],
      ['west 9.9', place(0, -9.9)],
      ['south-east 9.8', place(-9.8 / Math.SQRT2, 9.8 / Math.SQRT2)],
      ['east 10.3', place(0, 10.3)],
      ['north-east 12 (inside the box, outside the circle)', place(8, 8)],
    ];
    for (const [name, p] of made) {
      const { organisation } = await createRegisteredPractice(database.db, { name: `${word} ${name}` });
      await sql`update register_locations set latitude = ${p.latitude}, longitude = ${p.longitude} where organisation_id = ${organisation.id}`.execute(database.db);
    }
  });
  afterAll(async () => database.destroy());

  it('finds every service within 10 miles, nearest first, and none further', async () => {
    const r = await searchLocations(database.db, { q: word, near: { ...at, miles: 10 } }, { sort: 'nearest', limit: 20, offset: 0 });
    const names = r.rows.map((x) => x.name.replace(`${word} `, ''));
    expect(names[0]).toBe('south-east 9.8');
    expect([...names].sort()).toEqual(['east 9.9', 'north 9.9', 'south-east 9.8', 'west 9.9']);
    const distances = r.rows.map((x) => Number(x.distance_miles));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(10);
  });

  it('a wider distance takes in the further ones', async () => {
    const r = await searchLocations(database.db, { q: word, near: { ...at, miles: 12 } }, { sort: 'nearest', limit: 20, offset: 0 });
    expect(r.total).toBe(6);
  });
});
