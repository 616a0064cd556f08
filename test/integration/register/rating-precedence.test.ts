/**
 * A register import meeting ratings this platform published (rating-precedence/1): CQC data that
 * still carries the practice's 2019 rating does not undo the rating published on 10 February 2026
 * (it goes to history); a later imported rating does replace it. Checked in the ratings table, on
 * the register row and through the public API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocationRecord } from '../../../src/data/repositories/register-write.repository.js';
import { writeLocations } from '../../../src/services/import/register-writes.js';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeWorld } from '../../factories/report.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

function cqcRecord(w: PracticeWorld, odsCode: string, overall: { rating: string; reportDate: string }, safe: { rating: string; reportDate: string }): LocationRecord {
  return {
    registerId: odsCode,
    source: 'cqc-api',
    cqcLocationId: null,
    providerId: null,
    name: 'Stopsley Village Practice',
    odsCode,
    type: 'Primary Medical Services',
    registrationStatus: 'Registered',
    registrationDate: '2013-04-01',
    deregistrationDate: null,
    dormancy: null,
    careHome: false,
    numberOfBeds: null,
    addressLine1: 'Stopsley',
    addressLine2: null,
    town: 'Luton',
    county: null,
    postcode: 'LU2 7UG',
    phone: null,
    website: null,
    region: 'East of England',
    localAuthority: 'Luton',
    constituency: null,
    icbCode: null,
    icbName: null,
    latitude: null,
    longitude: null,
    inspectionDirectorate: 'Primary medical services',
    primaryInspectionCategory: null,
    serviceTypes: [],
    specialisms: [],
    regulatedActivities: [],
    brandId: null,
    brandName: null,
    lastInspectionDate: overall.reportDate,
    lastReportDate: overall.reportDate,
    overall: { rating: overall.rating, reportDate: overall.reportDate, precision: 'day', linkId: null, inherited: false },
    ratings: [
      { scope: 'overall', name: '', rating: overall.rating, reportDate: overall.reportDate, precision: 'day', linkId: null, inherited: false, current: true },
      { scope: 'key_question', name: 'Safe', rating: safe.rating, reportDate: safe.reportDate, precision: 'day', linkId: null, inherited: false, current: true },
    ],
    reports: [],
    document: { locationId: odsCode, name: 'Stopsley Village Practice', comment: `test import for ${w.practice.name}` },
  };
}

describe('register imports and ratings this platform published', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let odsCode = '';
  let published: { overall: string; safe: string; linkId: string; keyQuestions: number };
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  const current = () =>
    t.database.db.selectFrom('ratings').select(['scope', 'name', 'rating', 'source', 'current']).select((eb) => eb.fn<string>('to_char', [eb.ref('report_date'), eb.val('YYYY-MM-DD')]).as('date')).where('organisation_id', '=', w.practice.id).where('current', '=', true).where('scope', 'in', ['overall', 'key_question']).orderBy('scope').orderBy('name').execute();
  const registerRow = () => t.database.db.selectFrom('register_locations').select(['overall_rating', 'overall_report_link_id', 'last_report_date']).select((eb) => eb.fn<string>('to_char', [eb.ref('overall_rating_date'), eb.val('YYYY-MM-DD')]).as('overall_date')).where('organisation_id', '=', w.practice.id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    const api = await practiceApis(t, w, clock);
    const id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'published');
    odsCode = (await t.database.db.selectFrom('register_locations').select('location_id').where('organisation_id', '=', w.practice.id).executeTakeFirstOrThrow()).location_id;
    const rows = await current();
    const link = (await t.database.db.selectFrom('inspection_reports').select('link_id').where('inspection_id', '=', id).executeTakeFirstOrThrow()).link_id;
    published = { overall: rows.find((r) => r.scope === 'overall')!.rating, safe: rows.find((r) => r.name === 'Safe')!.rating, linkId: link, keyQuestions: rows.filter((r) => r.scope === 'key_question').length };
    expect(rows.every((r) => r.source === 'inspectorate' && r.date === '2026-02-10')).toBe(true);
  });
  afterAll(async () => t.close());

  it('an import still carrying the 2019 ratings leaves the published ones current and keeps the 2019 ones as history', async () => {
    const counts = await writeLocations(t.database.db, [cqcRecord(w, odsCode, { rating: 'Outstanding', reportDate: '2019-05-14' }, { rating: 'Outstanding', reportDate: '2019-05-14' })]);
    expect(counts.updated).toBe(1);
    const rows = await current();
    expect(rows.filter((r) => r.scope === 'overall')).toEqual([expect.objectContaining({ rating: published.overall, source: 'inspectorate', date: '2026-02-10' })]);
    expect(rows.filter((r) => r.name === 'Safe')).toEqual([expect.objectContaining({ rating: published.safe, source: 'inspectorate', date: '2026-02-10' })]);
    const history = await t.database.db.selectFrom('ratings').select(['rating', 'current']).where('organisation_id', '=', w.practice.id).where('source', '<>', 'inspectorate').where('rating', '=', 'Outstanding').execute();
    expect(history.length).toBe(2);
    expect(history.every((h) => !h.current)).toBe(true);
    expect(await registerRow()).toMatchObject({ overall_rating: published.overall, overall_date: '2026-02-10', overall_report_link_id: published.linkId });
    const location = (await t.app.inject({ url: `/public/v1/locations/${odsCode}` })).json();
    expect(location.currentRatings.overall).toMatchObject({ rating: published.overall, reportDate: '2026-02-10' });
  });

  it('a later imported rating replaces the published one, which becomes history', async () => {
    await writeLocations(t.database.db, [cqcRecord(w, odsCode, { rating: 'Good', reportDate: '2026-06-01' }, { rating: 'Good', reportDate: '2026-06-01' })]);
    const rows = await current();
    expect(rows.find((r) => r.scope === 'overall')).toMatchObject({ rating: 'Good', date: '2026-06-01' });
    expect(rows.find((r) => r.name === 'Safe')).toMatchObject({ rating: 'Good', date: '2026-06-01' });
    // Key questions the import says nothing about keep the published ratings.
    const others = rows.filter((r) => r.scope === 'key_question' && r.name !== 'Safe');
    expect(others).toHaveLength(published.keyQuestions - 1);
    expect(others.every((r) => r.source === 'inspectorate' && r.date === '2026-02-10')).toBe(true);
    expect(await registerRow()).toMatchObject({ overall_rating: 'Good', overall_date: '2026-06-01', overall_report_link_id: null });
    const superseded = await t.database.db.selectFrom('ratings').select('current').where('organisation_id', '=', w.practice.id).where('source', '=', 'inspectorate').where('scope', '=', 'overall').executeTakeFirstOrThrow();
    expect(superseded.current).toBe(false);
  });
});
