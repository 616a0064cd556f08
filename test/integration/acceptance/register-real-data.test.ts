/**
 * The register on real national data (issue 13): CQC records that share ODS codes, repeat, arrive
 * truncated or malformed; a GP practice known only from the NHS list that is inspected, rated and
 * surveyed, and later arrives as a CQC record; survey files that cover part of the country; a lead
 * inspector planning that practice found by a misspelt name; nearest-first search; the public API
 * refusing what it does not know. Built from real records (cqc-api-oldham, nhs-ods-epraccur,
 * postcode-centroids) changed the way real files go wrong.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_RATING_SOURCE } from '../../../src/domain/register/rating-precedence.js';
import { practiceSurveyComparison } from '../../../src/services/gp-survey/gp-survey.service.js';
import { importGpPatientSurvey } from '../../../src/services/gp-survey/gp-survey.import.js';
import { importCqcLocations } from '../../../src/services/import/cqc-api.import.js';
import { importGpPractices } from '../../../src/services/import/gp-practices.import.js';
import { ApiClient, tokenFor } from '../../factories/inspection.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, fixedClock, type TestApp } from '../../support/test-app.js';
import { DATA_DIR, OLDHAM_LOCATIONS, runCli, serviceContext } from '../register/register-fixtures.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'register-real-data-'));
const rejectsDir = path.join(tmp, 'rejects');
// A real GP practice's API record (Werneth Medical Practice, Oldham), the base of every case below.
const real = JSON.parse(readFileSync(path.join(OLDHAM_LOCATIONS, 'location_1-13394017548.json'), 'utf8')) as Record<string, unknown>;
const record = (over: Record<string, unknown>) => ({ ...real, ...over });
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};
const reportOf = (file: string | null) => readFileSync(file as string, 'utf8');

describe('the register on real national data', () => {
  let t: TestApp;
  let lead: TestSession;
  let leadId = '';
  const ctx = () => serviceContext(t.database.db);
  const locationRow = (id: string) => t.database.db.selectFrom('register_locations').selectAll().where('location_id', '=', id).executeTakeFirst();
  let stopsleyOrg = '';
  let inspectionId = '';

  beforeAll(async () => {
    t = await createTestApp();
    const regulator = await createOrganisation(t.database.db, 'regulator');
    const user = await createUser(t.database.db, 'inspector', { organisation: regulator, name: 'Lena Lead' });
    leadId = user.id;
    lead = await signIn(t.app, user);
  });
  afterAll(async () => t.close());

  it('three CQC locations sharing one ODS code (a re-registration and a branch) are three locations, and a re-run changes nothing', async () => {
    const file = write(
      'shared-ods.ndjson',
      [
        record({ locationId: '1-900000001', name: 'Shared Code Surgery (old provider)', odsCode: 'P99001', registrationStatus: 'Deregistered', deregistrationDate: '2020-03-31', onspdLatitude: 53.54, onspdLongitude: -2.12 }),
        record({ locationId: '1-900000002', name: 'Shared Code Surgery', odsCode: 'P99001', onspdLatitude: 53.6, onspdLongitude: -2.1 }),
        record({ locationId: '1-900000003', name: 'Shared Code Surgery branch', odsCode: 'P99001', onspdLatitude: 53.5, onspdLongitude: -2.3 }),
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const first = await importCqcLocations(ctx(), file, { rejectsDir });
    expect([first.read, first.inserted, first.rejected]).toEqual([3, 3, 0]);
    const orgs = await t.database.db.selectFrom('organisations').select(['id', 'ods_code']).where('cqc_location_id', 'in', ['1-900000001', '1-900000002', '1-900000003']).execute();
    expect(new Set(orgs.map((o) => o.id)).size).toBe(3);
    expect(orgs.every((o) => o.ods_code === 'P99001')).toBe(true);
    const again = await importCqcLocations(ctx(), file, { rejectsDir });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 3]);
  });

  it('the same record twice: the later one is kept, exactly as sent, and the repeat is reported', async () => {
    const file = write('twice.ndjson', [record({ locationId: '1-900000004', name: 'First name' }), record({ locationId: '1-900000004', name: 'Later  Name  Surgery' })].map((r) => JSON.stringify(r)).join('\n'));
    const s = await importCqcLocations(ctx(), file, { rejectsDir });
    expect([s.read, s.inserted, s.repeated]).toEqual([2, 1, 1]);
    // CQC's double spaces are kept, so clients matching on CQC's values see the same value.
    expect((await locationRow('1-900000004'))?.name).toBe('Later  Name  Surgery');
    expect(reportOf(s.rejectsFile)).toMatch(/record 2,1-900000004,note,the same record as at record 1: the later one is kept/);
  });

  it('a truncated element never swallows its neighbour; bad dates, unknown ratings and wrong types are rejected with the field, never half-stored', async () => {
    const ok = JSON.stringify(record({ locationId: '1-900000011', name: 'Whole Record Surgery' }));
    const badDate = JSON.stringify(record({ locationId: '1-900000012', registrationDate: 'not-a-date' }));
    const superb = JSON.stringify(record({ locationId: '1-900000013', currentRatings: { overall: { rating: 'Superb', reportDate: '2024-01-01' } } }));
    const numericName = JSON.stringify(record({ locationId: '1-900000014', name: 12345 }));
    const file = write('truncated.json', `[\n  {"locationId": "1-900000010", "name": "Cut off\n  ${ok},\n  ${badDate},\n  ${superb},\n  ${numericName}\n]\n`);
    const s = await importCqcLocations(ctx(), file, { rejectsDir });
    expect([s.read, s.inserted, s.rejected]).toEqual([5, 1, 4]);
    expect((await locationRow('1-900000011'))?.name).toBe('Whole Record Surgery');
    const report = reportOf(s.rejectsFile);
    expect(report).toMatch(/record 1,,rejected,not valid JSON/);
    expect(report).toContain('1-900000012,rejected,"registrationDate ""not-a-date"" is not a date"');
    expect(report).toMatch(/1-900000013,rejected,"currentRatings\.overall\.rating ""Superb"" is not a CQC rating/);
    expect(report).toContain("1-900000014,rejected,name is a whole number; CQC's schema has text");
    const stored = await t.database.db.selectFrom('register_locations').select('location_id').where('location_id', 'in', ['1-900000012', '1-900000013', '1-900000014']).execute();
    expect(stored).toEqual([]);
  });

  it('a file that does not exist is one clear sentence and a non-zero exit', async () => {
    const run = await runCli(t.database.url, ['import', 'cqc-locations', path.join(tmp, 'no-such-file.json')]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Cannot import .*no-such-file\.json: there is no such file or folder\. Nothing was stored\./);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a practice known only from the NHS list gets a provider of its own, its council from the postcode and no invented registration date', async () => {
    const data = path.join(tmp, 'data');
    for (const d of ['cqc-gp-overall-2024', 'nhs-ods-epraccur', 'postcode-centroids']) mkdirSync(path.join(data, d), { recursive: true });
    const ratings = readFileSync(path.join(DATA_DIR, 'cqc-gp-overall-2024', 'cqc.csv'), 'utf8').split('\n');
    writeFileSync(path.join(data, 'cqc-gp-overall-2024', 'cqc.csv'), [ratings[0], ...ratings.filter((l) => l.startsWith('"E81006"'))].join('\n'));
    const epraccur = readFileSync(path.join(DATA_DIR, 'nhs-ods-epraccur', 'epraccur.csv'), 'latin1').split('\n');
    writeFileSync(path.join(data, 'nhs-ods-epraccur', 'epraccur.csv'), epraccur.filter((l) => l.startsWith('"E81006"')).join('\n'));
    copyFileSync(path.join(DATA_DIR, 'postcode-centroids', 'uk_outcodes_2014.csv'), path.join(data, 'postcode-centroids', 'uk_outcodes_2014.csv'));
    const s = await importGpPractices(ctx(), data, { rejectsDir });
    expect(s.inserted).toBe(1);
    const practice = await locationRow('E81006');
    expect(practice?.provider_id).toMatch(/^INS-PRV-\d{6}$/);
    expect(practice?.registration_date).toBeNull();
    expect([practice?.local_authority, practice?.icb_code]).toEqual(['Luton', 'QHG']);
    stopsleyOrg = practice!.organisation_id;
    const api = await t.app.inject({ url: '/public/v1/locations?localAuthority=Luton' });
    expect(api.json().locations.map((l: { locationId: string }) => l.locationId)).toEqual(['E81006']);
    // Every field the NHS list can honestly fill, and nothing it cannot.
    const doc = (await t.app.inject({ url: '/public/v1/locations/E81006' })).json();
    expect(doc).toMatchObject({ localAuthority: 'Luton', onspdIcbCode: 'QHG', onspdIcbName: 'NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board', postalCode: 'LU2 9AU', odsCode: 'E81006', providerId: practice?.provider_id });
    expect([doc.registrationDate, doc.onspdLatitude]).toEqual([undefined, undefined]);
  });

  it('a lead inspector finds the practice by a misspelt name and plans it as a location', async () => {
    const found = await lead.get('/inspections/new/find-subject?q=stopsly&type=location');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Stopsley Village Practice');
    expect(found.body).toContain('href="/inspections/new?subjectType=location&amp;subjectCode=E81006"');
    const form = await lead.get('/inspections/new?subjectType=location&subjectCode=E81006');
    expect(form.body).toContain('value="E81006"');
    const planned = await lead.post('/inspections/new', {
      kind: 'comprehensive',
      noticeType: 'announced',
      subjectType: 'location',
      subjectCode: 'E81006',
      keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'well_led'],
      'fieldworkStart-day': '11',
      'fieldworkStart-month': '1',
      'fieldworkStart-year': '2027',
      'fieldworkEnd-day': '12',
      'fieldworkEnd-month': '1',
      'fieldworkEnd-year': '2027',
      'team-0-user': leadId,
      'team-0-role': 'lead_inspector',
    });
    expect(planned.statusCode, planned.body.slice(0, 2000)).toBe(303);
    inspectionId = /\/inspections\/([0-9a-f-]{36})/.exec(TestSession.location(planned))![1]!;
    const inspection = await t.database.db.selectFrom('inspections').select('subject_organisation_id').where('id', '=', inspectionId).executeTakeFirstOrThrow();
    expect(inspection.subject_organisation_id).toBe(stopsleyOrg);
    // The same search through the API, for case systems that plan inspections.
    const api = new ApiClient(t.app, await tokenFor(t, { id: leadId }, fixedClock(new Date())));
    const viaApi = await api.get('/inspection-subjects?q=E81006');
    expect(viaApi.json().subjects).toEqual([expect.objectContaining({ kind: 'location', code: 'E81006', name: 'Stopsley Village Practice', matchedBy: 'id' })]);
  });

  it('a partial survey file updates only its practices: England and the ICB keep their published figures and names; a repeated row is rejected', async () => {
    await importGpPatientSurvey(ctx(), path.resolve('test/fixtures/gp-patient-survey/practices-2025.csv'), { rejectsDir });
    const figure = (type: 'icb' | 'england', code: string) =>
      t.database.db.selectFrom('gp_survey_results').select(['percentage', 'suppressed', 'source', 'area_name']).where('area_type', '=', type).where('area_code', '=', code).where('measure', '=', 'overall_experience').executeTakeFirstOrThrow();
    const englandBefore = await figure('england', 'ENG');
    const icbBefore = await figure('icb', 'QRV');
    const header = 'level,practice_code,practice_name,icb_code,icb_name,overall_experience_good_pct,overall_experience_base,phone_easy_pct,phone_base,contact_experience_good_pct,contact_experience_base,needs_met_pct,needs_met_base,confidence_trust_pct,confidence_trust_base';
    const file = write(
      'partial-survey.csv',
      [
        header,
        'Practice,E81006,Stopsley Village Practice,QHG,Somewhere Else ICB,71.0,250,40.0,250,60.0,250,88.0,250,92.0,250',
        'Practice,A81001,Alpha Surgery,QRV,NHS Riverside ICB,20.0,300,30.0,300,55.0,300,85.0,300,90.0,300',
        'Practice,A81001,Alpha Surgery,QRV,NHS Riverside ICB,99.0,300,30.0,300,55.0,300,85.0,300,90.0,300',
        'ICB,QRV,Renamed By A Row,QRV,Renamed By A Row,*,*,*,*,*,*,*,*,*,*',
      ].join('\n'),
    );
    const s = await importGpPatientSurvey(ctx(), file, { rejectsDir });
    expect(s.rejected).toBe(1);
    expect(reportOf(s.rejectsFile)).toMatch(/line 4,A81001,rejected,practice A81001 already has a row at line 3/);
    expect(s.benchmarks).toMatch(/not computed/);
    expect(await figure('england', 'ENG')).toEqual(englandBefore);
    const icbAfter = await figure('icb', 'QRV');
    expect([icbAfter.percentage, icbAfter.suppressed]).toEqual([icbBefore.percentage, false]);
    expect(icbAfter.area_name).toBe('NHS North West London Integrated Care Board');
    const alpha = await t.database.db.selectFrom('gp_survey_results').select('percentage').where('area_code', '=', 'A81001').where('measure', '=', 'overall_experience').executeTakeFirstOrThrow();
    expect(Number(alpha.percentage)).toBe(20);
  });

  it('when the practice arrives as a CQC record the two become one: its inspection, published rating and survey results are kept', async () => {
    await t.database.db.updateTable('ratings').set({ current: false }).where('organisation_id', '=', stopsleyOrg).where('scope', '=', 'overall').execute();
    await t.database.db
      .insertInto('ratings')
      .values({ organisation_id: stopsleyOrg, scope: 'overall', rating: 'Requires improvement', report_date: '2026-10-27', source: PLATFORM_RATING_SOURCE, current: true })
      .execute();
    const file = write(
      'stopsley-cqc.ndjson',
      JSON.stringify(record({ locationId: '1-900000099', providerId: '1-900000098', name: 'Stopsley Village Practice', odsCode: 'E81006', postalCode: 'LU2 9AU', localAuthority: 'Luton', onspdLatitude: 51.9, onspdLongitude: -0.39 })),
    );
    const s = await importCqcLocations(ctx(), file, { rejectsDir });
    expect(s.updated).toBe(1);
    expect(reportOf(s.rejectsFile)).toMatch(/1-900000099,note,"attached by ODS code E81006 to the location known only from the NHS list/);
    const merged = await locationRow('1-900000099');
    expect(merged?.organisation_id).toBe(stopsleyOrg);
    expect(await locationRow('E81006')).toBeUndefined();
    // The rating this platform published stays current (the rating precedence rule); CQC's older one is history.
    const current = await t.database.db.selectFrom('ratings').select(['rating', 'source']).where('organisation_id', '=', stopsleyOrg).where('scope', '=', 'overall').where('current', '=', true).execute();
    expect(current).toEqual([{ rating: 'Requires improvement', source: PLATFORM_RATING_SOURCE }]);
    const inspection = await t.database.db.selectFrom('inspections').select('subject_organisation_id').where('id', '=', inspectionId).executeTakeFirstOrThrow();
    expect(inspection.subject_organisation_id).toBe(stopsleyOrg);
    expect((await practiceSurveyComparison(ctx(), merged!.ods_code!))?.practiceName).toBe('Stopsley Village Practice');
  });

  it('search: an ID goes straight to the service, a typo gets "Did you mean", and near a postcode lists services nearest first', async () => {
    const byId = await t.app.inject({ url: '/locations?q=1-900000099' });
    expect([byId.statusCode, byId.headers.location]).toEqual([303, '/locations/1-900000099']);
    const typo = await t.app.inject({ url: '/locations?q=stopsly' });
    expect(typo.body).toMatch(/Did you mean <a class="govuk-link" href="[^"]*">Stopsley Village Practice<\/a>/);
    const near = await t.app.inject({ url: '/locations?near=OL8&distance=30&status=all' });
    const names = [...near.body.matchAll(/<h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="\/locations\/([^"]+)">/g)].map((m) => m[1]);
    const miles = [...near.body.matchAll(/data-testid="distance">(\d+\.\d) miles? away</g)].map((m) => Number(m[1]));
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(miles).toEqual([...miles].sort((a, b) => a - b));
    expect(names).not.toContain('1-900000099');
    const lutonNear = await t.app.inject({ url: '/locations?near=LU2&distance=5&localAuthority=Luton' });
    expect(lutonNear.body).toMatch(/Stopsley Village Practice<\/a><\/h2>\s*<p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="distance">\d+\.\d miles? away/);
  });

  it('the public API refuses an unknown parameter with a problem document naming it, and the changes feed needs both timestamps', async () => {
    const bogus = await t.app.inject({ url: '/public/v1/locations?odsCode=E81006&partnerCode=x' });
    expect(bogus.statusCode).toBe(400);
    expect(bogus.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bogus.json()).toMatchObject({ status: 400, invalidParams: [{ name: 'odsCode' }], error: { code: 'unknown_parameter' } });
    expect((await t.app.inject({ url: '/public/v1/locations?partnerCode=x&localAuthority=Luton' })).statusCode).toBe(200);
    const noEnd = await t.app.inject({ url: '/public/v1/changes/location?startTimestamp=2026-01-01T00:00:00Z' });
    expect(noEnd.statusCode).toBe(400);
    expect(noEnd.body).toContain('endTimestamp');
  });
});
