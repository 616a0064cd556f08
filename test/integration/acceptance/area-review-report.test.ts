/**
 * The Luton area review, after fieldwork, through the API: the manager approves the judgement
 * (issue #6's API), the lead inspector writes the report with recommendations addressed to named
 * organisations (the local authority commissioned service marked as one the regulator may not
 * direct), the manager approves it, the ICB checks it for factual accuracy by Thursday 15 October,
 * an independent reviewer decides its comments, and it is published on Tuesday 27 October.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient} from '../../factories/inspection.factory.js';
import { confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, type LutonWorld } from '../../factories/inspection.factory.js';
import { ReportApiClient, writePlaceholderSections } from '../../factories/report.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { createPersonalAccessToken } from '../../../src/services/api-tokens/personal-access-tokens.service.js';
import { serviceContextFor } from '../../factories/inspection.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { TOKEN_SCOPES } from '../../../src/domain/access/permissions.js';

describe('Luton area review: report, factual accuracy and publication', () => {
  let t: TestApp;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-09-10T09:00:00Z'));
  const api = {} as Record<keyof LutonWorld['people'] | 'reviewer', ReportApiClient>;
  let id = '';
  let linkId = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    const reviewer = await createUser(t.database.db, 'factualAccuracyReviewer', { organisation: w.regulator, name: 'Rowan Reviewer', password: null });
    for (const [key, user] of Object.entries({ ...w.people, reviewer })) {
      const { token } = await createPersonalAccessToken(await serviceContextFor(t, user, clock), { name: 'area review test', expiresInDays: 366, scopes: [...TOKEN_SCOPES] });
      api[key as keyof typeof api] = new ReportApiClient(t.app, token);
    }
    // The hospitals trust is on the public register as a provider.
    await t.database.db
      .insertInto('register_providers')
      .values({ organisation_id: w.hospitals.id, provider_id: 'RC9-TEST', name: w.hospitals.name, source: 'test', source_hash: 'x', document: JSON.stringify({}), created_at: '2026-01-01T00:00:00Z', last_changed_at: '2026-01-01T00:00:00Z' })
      .execute();
    const team = [...(lutonInspectionBody(w).team as object[]), { userId: w.people.manager.id, role: 'inspection_manager' }];
    const created = await api.lead.post('/inspections', lutonInspectionBody(w, { fieldworkStart: '2026-09-14', fieldworkEnd: '2026-09-18', plannedNotificationDate: '2026-09-10', caseListDueDate: '2026-09-11', team }));
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    await confirmTeam(t, id, w.people.manager, clock);
    const step = async (client: ApiClient, event: string, at: string) => {
      clock.set(at);
      const res = await client.post(`/inspections/${id}/transitions`, { event });
      expect(res.statusCode, res.body).toBe(200);
    };
    await step(api.lead, 'notify', '2026-09-10T09:00:00Z');
    await step(api.lead, 'start_fieldwork', '2026-09-14T08:00:00Z');
    await step(api.lead, 'end_fieldwork', '2026-09-18T16:00:00Z');
  });
  afterAll(async () => t.close());

  it('the manager approves the judgement (not rated: findings and recommendations)', async () => {
    clock.set('2026-09-21T10:00:00Z');
    const res = await api.manager.post(`/inspections/${id}/judgement/approval`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect((await api.lead.get(`/inspections/${id}`)).json().state).toBe('draft_report');
  });

  it('the lead inspector drafts the findings and recommendations; the regulator may not direct the council-commissioned service', async () => {
    clock.set('2026-09-22T10:00:00Z');
    const res = await api.lead.post(`/inspections/${id}/report`);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.ratings).toEqual([]);
    const saved = await api.lead.put(`/inspections/${id}/report/sections/summary`, {
      body: 'Health services in Luton work well together to safeguard children.\n\nHealth visitors did not always share information with school nurses when a family moved.\n\n> "We felt listened to by the midwife," a parent told us.',
      basedOnVersion: 1,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // The review's structure (the child's journey, management): every section is written before approval (issue 15).
    await writePlaceholderSections(api.lead, id);
    expect((await api.lead.get(`/inspections/${id}/report`)).json().sectionsToWrite).toEqual([]);
    const icb = await api.lead.post(`/inspections/${id}/report/recommendations`, { strength: 'should', text: 'Make sure designated professionals audit the quality of safeguarding referrals across the area.', organisationId: w.icb.id });
    expect(icb.statusCode, icb.body).toBe(201);
    const school = await api.lead.post(`/inspections/${id}/report/recommendations`, { strength: 'must', text: 'Share information between health visitors and school nurses when a family moves.', organisationId: w.community.id, serviceName: 'School Nursing' });
    expect(school.statusCode).toBe(201);
    const recs = (await api.lead.get(`/inspections/${id}/report`)).json().recommendations;
    expect(recs).toEqual([
      expect.objectContaining({ strength: 'should', organisationName: w.icb.name, regulatorMayDirect: true }),
      expect.objectContaining({ strength: 'must', organisationName: w.community.name, serviceName: 'School Nursing', regulatorMayDirect: false, directionNote: expect.stringMatching(/power to make recommendations about this service is limited/) }),
    ]);
    expect((await api.lead.post(`/inspections/${id}/report/recommendations`, { strength: 'must', text: 'x', organisationId: w.unrelatedTrust.id })).statusCode).toBe(400);
  });

  it('approval and factual accuracy: sent Thursday 1 October, due Thursday 15 October; the ICB comments and submits', async () => {
    expect((await api.lead.post(`/inspections/${id}/report/submission`)).statusCode).toBe(200);
    clock.set('2026-09-29T10:00:00Z');
    expect((await api.manager.post(`/inspections/${id}/report/approval`, { decision: 'approve' })).json().stage).toBe('approved');
    clock.set('2026-10-01T09:00:00Z');
    const sent = await api.lead.post(`/inspections/${id}/report/factual-accuracy`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().recipients).toEqual([expect.objectContaining({ organisationName: w.icb.name, due: '2026-10-15' })]);
    expect((await api.unrelatedUser.get(`/inspections/${id}/report`)).statusCode).toBe(404);

    clock.set('2026-10-09T11:00:00Z');
    const a = await api.designatedNurse.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'summary', passage: 'did not always share information', category: 'factual_inaccuracy', comment: 'A shared transfer protocol has been in place since 2025.', evidence: 'Health visiting to school nursing transfer protocol, sent with the evidence on 11 September.' });
    expect(a.statusCode, a.body).toBe(200);
    const b = await api.executiveLead.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'summary', passage: 'Health services in Luton', category: 'typo_or_figure', comment: 'Say "Health services for children in Luton".' });
    expect(b.statusCode).toBe(200);
    const submitted = await api.executiveLead.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: false });
    expect(submitted.statusCode, submitted.body).toBe(200);
  });

  it('the reviewer accepts one comment (with the change made) and rejects the other; the ICB sees both decisions', async () => {
    clock.set('2026-10-20T10:00:00Z');
    const fa = (await api.reviewer.get(`/inspections/${id}/report/factual-accuracy`)).json();
    const protocol = fa.comments.find((c: { category: string }) => c.category === 'factual_inaccuracy');
    const wording = fa.comments.find((c: { category: string }) => c.category === 'typo_or_figure');
    const report = (await api.reviewer.get(`/inspections/${id}/report`)).json();
    const summary = report.sections.find((s: { key: string }) => s.key === 'summary');
    const edited = await api.reviewer.put(`/inspections/${id}/report/sections/summary`, { body: summary.body.replace('Health services in Luton', 'Health services for children in Luton'), basedOnVersion: report.currentVersion });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${wording.id}/decision`, { decision: 'accepted', changeMade: 'Now reads "Health services for children in Luton".' })).statusCode).toBe(200);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${protocol.id}/decision`, { decision: 'rejected', reason: 'Records reviewed on site showed the protocol was not followed in the cases we tracked.' })).statusCode).toBe(200);
    const seen = (await api.executiveLead.get(`/inspections/${id}/report/factual-accuracy`)).json();
    expect(seen.comments.map((c: { decision: string }) => c.decision).sort()).toEqual(['accepted', 'rejected']);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/review-complete`)).json().stage).toBe('publication_ready');
  });

  it('published on Tuesday 27 October 2026: the public report with its recommendations, listed on the register, in the changes feed', async () => {
    linkId = (await t.database.db.selectFrom('inspection_reports').select('link_id').executeTakeFirstOrThrow()).link_id;
    expect((await t.app.inject({ url: `/reports/${linkId}` })).statusCode).toBe(404);
    clock.set('2026-10-27T09:00:00Z');
    const published = await api.manager.post(`/inspections/${id}/report/publication`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ publicationDate: '2026-10-27' });

    const page = await t.app.inject({ url: `/reports/${linkId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Health services for children in Luton');
    expect(page.body).toContain('Share information between health visitors and school nurses when a family moves.');
    expect(page.body).toContain('The regulator cannot direct this service');
    expect(page.body).toContain('27 October 2026');

    const listed = await t.database.db.selectFrom('reports').selectAll().where('link_id', '=', linkId).execute();
    expect(listed).toEqual([expect.objectContaining({ organisation_id: w.hospitals.id, report_date: '2026-10-27', report_uri: `/reports/${linkId}`, first_visit_date: '2026-09-14', source: 'inspectorate' })]);
    const changes = (await t.app.inject({ url: '/public/v1/changes/provider?startTimestamp=2026-10-27T00:00:00Z&endTimestamp=2100-01-01T00:00:00Z' })).json();
    expect(changes.changes).toEqual(['RC9-TEST']);
    const ratings = await t.database.db.selectFrom('ratings').select('id').where('source', '=', 'inspectorate').execute();
    expect(ratings).toEqual([]);

    const figures = (await api.manager.get('/reports/timeliness')).json().rows.find((r: { inspectionId: string }) => r.inspectionId === id);
    expect(figures).toMatchObject({ toDraft: 4, toFactualAccuracy: 13, toPublication: 39 });
  });
});
