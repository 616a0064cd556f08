/**
 * Issue 16, item 7: a report cannot be published before fieldwork has ended without a recorded
 * reason (like fieldwork started before its planned start), and the public pages then tell the
 * real dates. The planned end still to come is set in the database here: the plan of an inspection
 * in judgement cannot be edited through the pages, so this guards the rule itself (for example
 * against a plan changed by an import or a repair).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('publishing before fieldwork has ended', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let manager: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'publication_ready');
    await t.database.db.updateTable('inspections').set({ fieldwork_end: '2026-02-20' }).where('id', '=', id).execute();
    clock.set('2026-02-10T09:30:00Z');
    manager = await signIn(t.app, w.people.manager);
  });
  afterAll(async () => t.close());

  it('the workspace asks why, naming the planned end in words', async () => {
    const page = await manager.get(`/inspections/${id}/report`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Why publish before fieldwork has ended?');
    expect(page.body).toContain('Fieldwork is planned to end on Friday 20 February 2026. To publish the report before then, give the reason');
  });

  it('without a reason the page refuses with the GOV.UK error summary, and the API with 400; nothing is published', async () => {
    const refused = await manager.post(`/inspections/${id}/report/publication`, { reason: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('href="#reason"');
    const viaApi = await api.manager.post(`/inspections/${id}/report/publication`, {});
    expect(viaApi.statusCode).toBe(400);
    expect(viaApi.json().error.message).toContain('planned to end on Friday 20 February 2026');
    expect((await t.app.inject({ url: `/locations/${w.locationId}` })).body).not.toContain('published 10 February 2026');
    expect((await api.lead.get(`/inspections/${id}`)).json().state).toBe('publication_ready');
  });

  it('with a reason it is published, the reason is on the timeline and in the audit, and the dates kept are the real ones', async () => {
    const done = await manager.post(`/inspections/${id}/report/publication`, { reason: 'The follow-up visit planned for 20 February was cancelled: fieldwork is complete.' });
    expect(done.statusCode, done.body).toBe(303);
    const inspection = (await api.lead.get(`/inspections/${id}`)).json();
    expect(inspection).toMatchObject({ state: 'published', fieldworkStart: '2025-10-07', fieldworkEnd: '2026-02-10' });
    const timeline = (await api.lead.get(`/inspections/${id}/timeline`)).json().events.map((e: { summary: string }) => e.summary).join(' ');
    expect(timeline).toContain('Report published before the planned end of fieldwork (Friday 20 February 2026): The follow-up visit planned for 20 February was cancelled');
    const audit = await t.database.db.selectFrom('audit_events').select('after').where('action', '=', 'REPORT_PUBLISHED').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ plannedFieldworkEnd: '2026-02-20', fieldworkEnd: '2026-02-10', reason: expect.stringContaining('cancelled') });

    const page = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(page.body).toMatch(/published 10 February 2026<\/a> <span class="govuk-body-s">\(Inspection started 7 October 2025\)/);
    const link = (await t.database.db.selectFrom('inspection_reports').select('link_id').where('inspection_id', '=', id).executeTakeFirstOrThrow()).link_id;
    const report = await t.app.inject({ url: `/reports/${link}` });
    expect(report.body).not.toContain('20 February 2026');
    expect(report.body).toContain('10 February 2026');
  });

  it('publishing again is refused as already done, whether or not a body is sent', async () => {
    const again = await api.manager.post(`/inspections/${id}/report/publication`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('wrong_stage');
  });
});
