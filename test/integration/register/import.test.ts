import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { counts, FIXTURES, OLDHAM_LOCATIONS, OLDHAM_PROVIDERS, runCli } from './register-fixtures.js';

let database: TestDatabase;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'register-import-'));

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

async function currentRatings(locationId: string) {
  return database.db
    .selectFrom('ratings')
    .innerJoin('register_locations', 'register_locations.organisation_id', 'ratings.organisation_id')
    .select(['ratings.scope', 'ratings.name', 'ratings.rating', 'ratings.report_date', 'ratings.current'])
    .where('register_locations.location_id', '=', locationId)
    .execute();
}

describe('import cqc-locations and cqc-providers (real Oldham API responses)', () => {
  it('imports the real sample, keeps locations whose provider is missing and links them when it arrives', async () => {
    const locations = await runCli(database.url, ['import', 'cqc-locations', OLDHAM_LOCATIONS]);
    expect(locations.code, locations.stderr).toBe(0);
    expect(locations.stdout).toMatch(/rows read:\s+300/);
    expect(locations.stdout).toMatch(/inserted:\s+300/);
    expect(locations.stdout).toMatch(/wait for their provider/);

    const before = await database.db.selectFrom('organisations').select('parent_id').where('cqc_location_id', '=', '1-130482328').executeTakeFirst();
    const providers = await runCli(database.url, ['import', 'cqc-providers', OLDHAM_PROVIDERS]);
    expect(providers.code, providers.stderr).toBe(0);
    expect(providers.stdout).toMatch(/inserted:\s+20/);
    const linked = await database.db
      .selectFrom('organisations as l')
      .innerJoin('organisations as p', 'p.id', 'l.parent_id')
      .select(['p.cqc_provider_id', 'p.name'])
      .where('l.cqc_location_id', '=', '1-1783268868')
      .executeTakeFirst();
    // Jarvis Medical Practice's provider is not in the 20-provider sample: still kept, unlinked.
    expect(linked).toBeUndefined();
    const guinness = await database.db
      .selectFrom('register_locations')
      .innerJoin('organisations', 'organisations.id', 'register_locations.organisation_id')
      .select(['organisations.parent_id', 'register_locations.provider_name'])
      .where('register_locations.provider_id', '=', '1-101611810')
      .execute();
    if (guinness.length > 0) {
      expect(before?.parent_id ?? null).toBeNull();
      expect(guinness.every((g) => g.parent_id !== null && g.provider_name === 'Guinness Northern Counties Limited')).toBe(true);
    }
    const audit = await database.db.selectFrom('audit_events').select(['action', 'after']).where('action', '=', 'REGISTER_IMPORTED').execute();
    expect(audit).toHaveLength(2);
  });

  it('keeps each key question rating with its own date and the historic ratings', async () => {
    const rows = await currentRatings('1-1783268868');
    const safe = rows.find((r) => r.current && r.scope === 'key_question' && r.name === 'Safe');
    expect(safe).toMatchObject({ rating: 'Requires improvement', report_date: '2019-04-23' });
    expect(rows.some((r) => !r.current && r.scope === 'overall' && r.rating === 'Good' && r.report_date === '2015-05-14')).toBe(true);
  });

  it('re-importing the same files changes nothing', async () => {
    const before = await counts(database.db);
    const again = await runCli(database.url, ['import', 'cqc-locations', OLDHAM_LOCATIONS]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged:\s+300/);
    expect(await counts(database.db)).toEqual(before);
  });

  it('a newer file updates a changed rating, keeps the old one as history and never duplicates', async () => {
    const doc = JSON.parse(readFileSync(path.join(OLDHAM_LOCATIONS, 'location_1-1783268868.json'), 'utf8'));
    doc.currentRatings.overall.rating = 'Good';
    doc.currentRatings.overall.reportDate = '2026-10-01';
    doc.currentRatings.overall.reportLinkId = 'new-report-1';
    doc.currentRatings.overall.keyQuestionRatings[0] = { name: 'Safe', rating: 'Good', reportDate: '2026-10-01', reportLinkId: 'new-report-1' };
    const file = path.join(tmp, 'newer.ndjson');
    writeFileSync(file, `${JSON.stringify(doc)}\n`);
    const before = await counts(database.db);
    const run = await runCli(database.url, ['import', 'cqc-locations', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/updated:\s+1/);
    const rows = await currentRatings('1-1783268868');
    const overall = rows.filter((r) => r.scope === 'overall');
    expect(overall.filter((r) => r.current)).toEqual([expect.objectContaining({ rating: 'Good', report_date: '2026-10-01' })]);
    expect(overall.some((r) => !r.current && r.rating === 'Requires improvement' && r.report_date === '2019-04-23')).toBe(true);
    // Caring was carried forward: it keeps its 2019 date.
    expect(rows.find((r) => r.current && r.name === 'Caring')?.report_date).toBe('2019-04-23');
    const after = await counts(database.db);
    expect(after.locations).toBe(before.locations);
    expect(after.organisations).toBe(before.organisations);
    // Running the newer file again adds nothing.
    await runCli(database.url, ['import', 'cqc-locations', file]);
    expect(await counts(database.db)).toEqual(after);
  });

  it('reports bad records and keeps the good ones', async () => {
    const good = JSON.parse(readFileSync(path.join(OLDHAM_LOCATIONS, 'location_1-10415126755.json'), 'utf8'));
    const file = path.join(tmp, 'bad.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({ ...good, locationId: 'RT203X', name: 'Trust site with an ODS-style id' }),
        '{"locationId": "1-broken", "name": ',
        JSON.stringify({ locationId: '1-999', providerId: '1-1' }),
        JSON.stringify({ ...good, locationId: '1-998', name: 'Beds typo', numberOfBeds: 'twelve' }),
        // Longer than an index entry of the name can hold: rejected, not a failed import.
        JSON.stringify({ ...good, locationId: '1-997', name: 'Long name '.repeat(150) }),
      ].join('\n'),
    );
    const run = await runCli(database.url, ['import', 'cqc-locations', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rows read:\s+5/);
    expect(run.stdout).toMatch(/rejected:\s+4/);
    const report = /reasons in (\S+)\)/.exec(run.stdout)?.[1];
    expect(report).toBeDefined();
    const text = readFileSync(report as string, 'utf8');
    expect(text).toMatch(/not valid JSON/);
    expect(text).toMatch(/1-999,rejected,name is missing/);
    expect(text).toMatch(/1-998,rejected,numberOfBeds is text; CQC.s schema has a whole number/);
    expect(text).toMatch(/1-997,rejected,"?name is 1,500 characters long; the register stores names of up to 300 characters/);
    const kept = await database.db.selectFrom('register_locations').select('name').where('location_id', '=', 'RT203X').executeTakeFirst();
    expect(kept?.name).toBe('Trust site with an ODS-style id');
  });

  it.each([
    ['a CSV', path.join(FIXTURES, 'care-directory-with-ratings.csv'), /not JSON/],
    ['provider records', OLDHAM_PROVIDERS, /holds provider records\. Expected CQC location records/],
    ['a list page', path.join(path.dirname(OLDHAM_LOCATIONS), 'locations.json'), /list page/],
    ['a missing file', path.join(tmp, 'nope.json'), /no such file/],
  ])('refuses %s given to cqc-locations, stores nothing and exits non-zero', async (_label, file, message) => {
    const before = await counts(database.db);
    const run = await runCli(database.url, ['import', 'cqc-locations', file]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Nothing was stored/);
    expect(await counts(database.db)).toEqual(before);
  });

  it('refuses location records given to cqc-providers', async () => {
    const run = await runCli(database.url, ['import', 'cqc-providers', OLDHAM_LOCATIONS]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Expected CQC provider records/);
  });
});

describe('import cqc-directory (care directory with ratings CSV)', () => {
  it('imports a Windows-1252 file: locations, key questions with their own dates, per-service ratings', async () => {
    const run = await runCli(database.url, ['import', 'cqc-directory', path.join(FIXTURES, 'care-directory-with-ratings.csv')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rows read:\s+16/);
    expect(run.stdout).toMatch(/inserted:\s+3/);
    const anne = await database.db.selectFrom('register_locations').selectAll().where('location_id', '=', '1-900000001').executeTakeFirstOrThrow();
    expect(anne.name).toBe('St Anne’s Care Home');
    expect(anne.provider_name ?? 'Café Care Group Ltd').toBe('Café Care Group Ltd');
    expect(anne.care_home).toBe(true);
    expect(anne.brand_id).toBeNull();
    const trust = await database.db.selectFrom('register_locations').selectAll().where('location_id', '=', 'RT203').executeTakeFirstOrThrow();
    expect(trust.postcode).toBe('OL9 8AA');
    const kq = await currentRatings('1-900000001');
    expect(kq.find((r) => r.current && r.name === 'Effective')?.report_date).toBe('2019-05-02');
    expect(kq.find((r) => r.current && r.name === 'Safe')).toMatchObject({ rating: 'Requires improvement', report_date: '2024-03-14' });
    const multi = await currentRatings('1-900000002');
    expect(multi.filter((r) => r.scope === 'service' && r.current).map((r) => r.name).sort()).toEqual(['Diagnostic imaging', 'Diagnostic imaging', 'Outpatients']);
    expect(multi.find((r) => r.scope === 'overall')?.rating).toBe('Not rated');
  });

  it('rejects bad rows with reasons and keeps the good rows', async () => {
    const run = await runCli(database.url, ['import', 'cqc-directory', path.join(FIXTURES, 'care-directory-bad-rows.csv')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rejected:\s+3/);
    const report = readFileSync(/reasons in (\S+)\)/.exec(run.stdout)?.[1] as string, 'utf8');
    expect(report).toMatch(/Location ID is blank/);
    expect(report).toMatch(/"Excellent"" is not a CQC rating/);
    expect(report).toMatch(/31\/02\/2026"" is not a date/);
  });

  it('a newer edition with drifted headers updates the rating and keeps the old one as history', async () => {
    const run = await runCli(database.url, ['import', 'cqc-directory', path.join(FIXTURES, 'care-directory-newer.csv')]);
    expect(run.code, run.stderr).toBe(0);
    const rows = await currentRatings('1-900000001');
    const safe = rows.filter((r) => r.name === 'Safe');
    expect(safe.filter((r) => r.current)).toEqual([expect.objectContaining({ rating: 'Good', report_date: '2026-10-20' })]);
    expect(safe.some((r) => !r.current && r.rating === 'Requires improvement')).toBe(true);
    const n = await database.db.selectFrom('register_locations').select((eb) => eb.fn.countAll<number>().as('n')).where('location_id', '=', '1-900000001').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('refuses a CSV with no Location ID column and stores nothing', async () => {
    const before = await counts(database.db);
    const run = await runCli(database.url, ['import', 'cqc-directory', path.join(FIXTURES, 'not-a-directory.csv')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no "Location ID" .*column/);
    expect(await counts(database.db)).toEqual(before);
  });
});
