/**
 * Embargo: until the report is published, no public page, public API response, changes feed or
 * search result reveals the draft or its ratings, at every stage from drafting to ready to publish.
 * Publishing then reveals them all at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeWorld } from '../../factories/report.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { publishReport } from '../../../src/services/reports/publication.service.js';
import { serviceContextFor } from '../../factories/inspection.factory.js';

describe('embargo before publication', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let inspectionId = '';
  let linkId = '';
  let changesBefore: string[] = [];
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  const publicSurfaces = async () => {
    const get = async (url: string) => {
      const res = await t.app.inject({ url });
      return { status: res.statusCode, body: res.body };
    };
    return {
      page: await get(`/locations/${w.locationId}`),
      search: await get('/locations?q=Stopsley'),
      ratingFilter: await get('/locations?rating=Requires+improvement'),
      api: await get(`/public/v1/locations/${w.locationId}`),
      apiList: await get('/public/v1/locations?overallRating=Requires%20improvement'),
      changes: await get('/public/v1/changes/location?startTimestamp=2000-01-01T00:00:00Z&endTimestamp=2100-01-01T00:00:00Z'),
      report: await get(`/reports/${linkId}`),
      pdf: await get(`/reports/${linkId}/report.pdf`),
    };
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    inspectionId = await inspectionThroughFieldwork(await practiceApis(t, w, clock), w, clock);
    await judgeInspection(t.database.db, inspectionId, w);
    changesBefore = JSON.parse((await t.app.inject({ url: '/public/v1/changes/location?startTimestamp=2000-01-01T00:00:00Z&endTimestamp=2100-01-01T00:00:00Z' })).body).changes;
    await reportAtStage(t, w, clock, inspectionId, 'publication_ready');
    linkId = (await t.database.db.selectFrom('inspection_reports').select('link_id').executeTakeFirstOrThrow()).link_id;
  });
  afterAll(async () => t.close());

  it('the report is ready to publish, with new ratings that differ from the published ones', async () => {
    const ratings = await t.database.db.selectFrom('report_ratings').select(['subject', 'rating']).execute();
    expect(ratings).toEqual(expect.arrayContaining([{ subject: 'overall', rating: 'Requires improvement' }, { subject: 'wellLed', rating: 'Inadequate' }]));
  });

  it('no public page, API response, changes feed or search result reveals the draft or its ratings', async () => {
    const s = await publicSurfaces();
    expect(s.page.status).toBe(200);
    expect(s.page.body).toContain('Stopsley Village Practice');
    // The rating tags shown are the old ones (the pages name every rating word in their filters and guidance, so look at the tags).
    const tags = (body: string) => [...body.matchAll(/data-testid="(overall|kq|result-overall)-rating">([^<]+)</g)].map((m) => m[2]);
    expect(tags(s.page.body)).toEqual(['Good', 'Good', 'Good', 'Good', 'Good', 'Good']);
    expect(tags(s.search.body)).toEqual(['Good']);
    expect(s.api.body).not.toMatch(/Requires improvement|Inadequate/);
    for (const body of [s.page.body, s.search.body, s.api.body]) {
      expect(body).not.toContain(linkId);
      expect(body).not.toContain('Regulation 17');
    }
    expect(s.ratingFilter.body).not.toContain('Stopsley Village Practice');
    expect(JSON.parse(s.apiList.body).locations.map((l: { locationId: string }) => l.locationId)).not.toContain(w.locationId);
    expect(JSON.parse(s.changes.body).changes).toEqual(changesBefore);
    expect(JSON.parse(s.api.body).currentRatings.overall).toMatchObject({ rating: 'Good', reportDate: '2019-05-14' });
    expect(s.report.status).toBe(404);
    expect(s.report.body).not.toContain('Stopsley');
    expect(s.pdf.status).toBe(404);
  });

  it('publishing reveals them everywhere at once', async () => {
    clock.set('2026-02-10T09:30:00Z');
    await publishReport(await serviceContextFor(t, w.people.manager, clock), inspectionId);
    const s = await publicSurfaces();
    const tags = (body: string) => [...body.matchAll(/data-testid="(overall|kq|result-overall)-rating">([^<]+)</g)].map((m) => m[2]);
    expect(tags(s.page.body)).toEqual(['Requires improvement', 'Good', 'Good', 'Good', 'Requires improvement', 'Inadequate']);
    expect(s.page.body).toContain(`/reports/${linkId}`);
    expect(tags(s.search.body)).toEqual(['Requires improvement']);
    expect(s.ratingFilter.body).toContain('Stopsley Village Practice');
    expect(JSON.parse(s.api.body).currentRatings.overall).toMatchObject({ rating: 'Requires improvement', reportDate: '2026-02-10' });
    expect(JSON.parse(s.apiList.body).locations.map((l: { locationId: string }) => l.locationId)).toContain(w.locationId);
    expect(JSON.parse(s.changes.body).changes).toContain(w.locationId);
    expect(s.report.status).toBe(200);
    expect(s.report.body).toContain('Regulation 17');
  });
});
