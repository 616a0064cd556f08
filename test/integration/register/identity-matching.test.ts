/**
 * The matching rules of docs/identifiers.md, as a table: which stored organisation an incoming
 * location record resolves to, and what the import report says about it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLocations } from '../../../src/services/import/register-writes.js';
import { mapApiLocation } from '../../../src/services/import/cqc-api.mapping.js';
import type { LocationRecord } from '../../../src/data/repositories/register-write.repository.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.destroy());

let n = 0;
const cqcRecord = (locationId: string, odsCode: string | null): LocationRecord => {
  const m = mapApiLocation({ locationId, providerId: '1-55', name: `Practice ${++n}`, ...(odsCode ? { odsCode } : {}), registrationStatus: 'Registered' });
  if (!m.ok) throw new Error(m.reason);
  return m.record;
};

/** A practice known only by its ODS code (no CQC id), as the NHS list or the demo world makes one. */
async function nhsOnly(odsCode: string): Promise<string> {
  const provider = await createOrganisation(database.db, 'provider');
  const o = await createOrganisation(database.db, 'location', { ods_code: odsCode, parent_id: provider.id, cqc_location_id: null });
  return o.id;
}

type Stored = 'none' | 'one-nhs-only' | 'two-nhs-only' | 'cqc-holder';

describe('matching an incoming CQC location record', () => {
  it.each<[string, Stored, 'same-cqc' | 'attached' | 'new', RegExp | null]>([
    ['its CQC id is already stored: that organisation', 'cqc-holder', 'same-cqc', null],
    ['one practice known only from the NHS list has its ODS code: the two become one', 'one-nhs-only', 'attached', /attached by ODS code/],
    ['two practices known only from the NHS list have its ODS code: a new location, and why', 'two-nhs-only', 'new', /is held by 2 locations without a CQC id/],
    ['only CQC-identified locations hold its ODS code (a re-registration): a new location sharing the code', 'cqc-holder', 'new', null],
    ['nobody has its ODS code: a new location', 'none', 'new', null],
  ])('%s', async (_label, stored, expected, note) => {
    const ods = `Q${String(++n).padStart(5, '0')}`;
    const holderId = `1-77${n}`;
    let candidates: string[] = [];
    if (stored === 'one-nhs-only') candidates = [await nhsOnly(ods)];
    if (stored === 'two-nhs-only') candidates = [await nhsOnly(ods), await nhsOnly(ods)];
    if (stored === 'cqc-holder') await writeLocations(database.db, [cqcRecord(holderId, ods)]);
    const incomingId = expected === 'same-cqc' ? holderId : `1-88${n}`;
    const counts = await writeLocations(database.db, [cqcRecord(incomingId, ods)]);
    const org = await database.db.selectFrom('organisations').select(['id', 'ods_code']).where('cqc_location_id', '=', incomingId).executeTakeFirstOrThrow();
    const holders = await database.db.selectFrom('organisations').select('id').where('ods_code', '=', ods).execute();
    if (expected === 'attached') expect(org.id).toBe(candidates[0]);
    if (expected === 'new') expect(candidates).not.toContain(org.id);
    if (expected === 'same-cqc') expect(counts.inserted + counts.updated + counts.unchanged).toBe(1);
    expect(org.ods_code).toBe(ods);
    expect(holders.length).toBe(stored === 'two-nhs-only' ? 3 : stored === 'cqc-holder' && expected === 'new' ? 2 : 1);
    const reasons = (counts.notes ?? []).map((x) => x.reason).join('\n');
    if (note) expect(reasons).toMatch(note);
    else expect(reasons).toBe('');
  });

  it('two records of one import claiming the same practice: the first takes it, the second is a new location with a note', async () => {
    const ods = 'Q99999';
    const practice = await nhsOnly(ods);
    const counts = await writeLocations(database.db, [cqcRecord('1-991', ods), cqcRecord('1-992', ods)]);
    const first = await database.db.selectFrom('organisations').select('id').where('cqc_location_id', '=', '1-991').executeTakeFirstOrThrow();
    const second = await database.db.selectFrom('organisations').select('id').where('cqc_location_id', '=', '1-992').executeTakeFirstOrThrow();
    expect(first.id).toBe(practice);
    expect(second.id).not.toBe(practice);
    expect((counts.notes ?? []).map((x) => `${x.registerId}: ${x.reason}`).join('\n')).toMatch(/1-992: ODS code Q99999 was already matched to another record in this import/);
  });
});
