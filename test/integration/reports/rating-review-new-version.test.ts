/**
 * Issue 19: a rating changed after a review of ratings makes a NEW version of the published
 * report (same text, the new ratings); the version people read before keeps its ratings and stays
 * readable, with a link between the two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createCareWorld, type CareWorld } from '../../factories/provider-portal.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('a rating changed on review is a new version of the report', () => {
  let t: TestApp;
  let w: CareWorld;
  const clock = new MovableClock(new Date('2026-03-04T10:00:00Z'));
  const ratingsTable = (html: string) => (/<table[\s\S]*?<\/table>/.exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createCareWorld(t.database.db, { publicationDate: '2026-03-02' });
    const rm = await signIn(t.app, w.people.registeredManager);
    const url = `/inspections/${w.publishedInspectionId}/rating-review`;
    await rm.get(url);
    const sent = await rm.post(url, { grounds: 'The safe rating relied on a medicines audit from before the inspection period, contrary to the assessment process.', confirmsProcessGrounds: 'yes' });
    const requestUrl = TestSession.location(sent).split('?')[0]!;
    const manager = await signIn(t.app, w.people.otherManager);
    await manager.get(requestUrl);
    expect((await manager.post(`${requestUrl}/decision`, { decision: 'accept', reason: '', reviewerId: w.people.independent.id })).statusCode).toBe(303);
    clock.set('2026-04-01T10:00:00Z');
    const reviewer = await signIn(t.app, w.people.independent);
    await reviewer.get(requestUrl);
    const ratings = { 'rating-overall': 'Good', 'rating-safe': 'Good', 'rating-effective': 'Good', 'rating-caring': 'Good', 'rating-responsive': 'Good', 'rating-wellLed': 'Requires improvement' };
    const done = await reviewer.post(`${requestUrl}/outcome`, { outcome: 'changed', processFailure: 'The safe rating used a medicines audit dated before the assessment period.', summary: 'Safe is now Good.', ...ratings });
    expect(done.statusCode, done.body).toBe(303);
  });
  afterAll(async () => t.close());

  it('the report now has version 2 published, and version 1 keeps the ratings it published', async () => {
    const db = t.database.db;
    const report = await db.selectFrom('inspection_reports').select(['current_version', 'published_version']).where('id', '=', w.reportId).executeTakeFirstOrThrow();
    expect(report).toEqual({ current_version: 2, published_version: 2 });
    const versions = await db.selectFrom('report_versions').select(['version', 'published_on', 'ratings', 'changed_section']).where('report_id', '=', w.reportId).orderBy('version').execute();
    expect(versions.map((v) => [v.version, v.published_on, v.changed_section])).toEqual([
      [1, '2026-03-02', null],
      [2, '2026-04-01', 'ratings'],
    ]);
    const kept = versions[0]!.ratings as { subject: string; rating: string }[];
    expect(kept.find((r) => r.subject === 'safe')?.rating).toBe('Requires improvement');
    expect(kept.find((r) => r.subject === 'overall')?.rating).toBe('Requires improvement');
  });

  it('the public report shows the new ratings, says it was updated, and links to the version published first, which is still readable', async () => {
    const now = await t.app.inject({ url: `/reports/${w.linkId}` });
    expect(now.statusCode).toBe(200);
    expect(now.body).toContain('This report was updated on 1 April 2026 after a review of its ratings.');
    expect(now.body).toContain(`href="/reports/${w.linkId}?version=1"`);
    expect(ratingsTable(now.body)).toMatch(/Safe Good/);

    const old = await t.app.inject({ url: `/reports/${w.linkId}?version=1` });
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('This is an earlier version of the report, published on 2 March 2026.');
    expect(old.body).toContain(`href="/reports/${w.linkId}"`);
    expect(ratingsTable(old.body)).toMatch(/Safe Requires improvement/);
  });

  it('a version that was never published cannot be read', async () => {
    expect((await t.app.inject({ url: `/reports/${w.linkId}?version=3` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/reports/${w.linkId}?version=2` })).statusCode).toBe(200);
  });
});
