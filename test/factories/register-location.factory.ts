/**
 * A GP practice in the public register for tests: an organisation of kind location with its
 * register row (ODS code as location id, as for the GP ratings file), optionally with a rating.
 */
import type { Db } from '../../src/data/database.js';
import type { Organisation } from '../../src/data/tables/foundation.tables.js';
import { createOrganisation } from './organisation.factory.js';

let counter = 0;

export interface PracticeOptions {
  odsCode?: string;
  name?: string;
  icbCode?: string;
  rating?: string | null;
  ratingDate?: string | null;
  registrationStatus?: string;
}

export async function createRegisteredPractice(db: Db, opts: PracticeOptions = {}): Promise<{ organisation: Organisation; locationId: string; odsCode: string }> {
  const n = ++counter;
  const odsCode = opts.odsCode ?? `Y${String(process.pid % 100).padStart(2, '0')}${String(n).padStart(3, '0')}`;
  const name = opts.name ?? `Meadow Lane Surgery ${n}`;
  const organisation = await createOrganisation(db, 'location', { name, ods_code: odsCode, town: 'Riverside', postcode: 'RV1 1AA' });
  await db
    .insertInto('register_locations')
    .values({
      organisation_id: organisation.id,
      location_id: odsCode,
      name,
      ods_code: odsCode,
      type: 'Primary Medical Services',
      inspection_directorate: 'Primary medical services',
      registration_status: opts.registrationStatus ?? 'Registered',
      town: 'Riverside',
      postcode: 'RV1 1AA',
      icb_code: opts.icbCode ?? 'QRV',
      icb_name: 'NHS Riverside Integrated Care Board',
      overall_rating: opts.rating === undefined ? 'Good' : opts.rating,
      overall_rating_date: opts.ratingDate === undefined ? '2021-03-10' : opts.ratingDate,
      source: 'test',
      source_hash: `test-${n}`,
      document: JSON.stringify({}),
    })
    .execute();
  if (opts.rating !== null)
    await db
      .insertInto('ratings')
      .values({ organisation_id: organisation.id, scope: 'overall', rating: opts.rating ?? 'Good', report_date: opts.ratingDate === undefined ? '2021-03-10' : opts.ratingDate, source: 'test', current: true })
      .execute();
  return { organisation, locationId: odsCode, odsCode };
}
