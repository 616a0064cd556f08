/**
 * Issue 14, item 1: separation of duties. The attack the security review found (an inspector on no
 * team plans an inspection through /api/v1 naming himself lead, makes another plain inspector the
 * team's "inspection manager", and that inspector approves the judgement and the report and
 * publishes) fails at each step; an inspection manager who did not lead or write the work approves
 * and publishes; the lead cannot approve their own judgement or report; publication records who
 * approved and who published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_STATEMENTS } from '../../../src/domain/framework/quality-statements.data.js';
import { createPersonalAccessToken } from '../../../src/services/api-tokens/personal-access-tokens.service.js';
import { ApiClient, MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, practiceApis, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { createUser, type TestUser } from '../../factories/user.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { TOKEN_SCOPES } from '../../../src/domain/access/permissions.js';

describe('separation of duties: nobody approves or publishes their own work', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let rogue: TestUser;
  let rogueApi: ApiClient;
  let accompliceApi: ApiClient;
  let scoringManager: TestUser;
  let scoringManagerApi: ApiClient;
  let writingManager: TestUser;
  let writingManagerApi: ApiClient;
  let adminApi: ApiClient;
  let judgedId = '';
  const clock = new MovableClock(new Date('2025-09-15T09:00:00Z'));

  const planBody = (over: Record<string, unknown> = {}) => ({
    kind: 'comprehensive',
    noticeType: 'announced',
    subject: { type: 'location', organisationId: w.practice.id },
    fieldworkStart: '2025-10-07',
    fieldworkEnd: '2025-10-08',
    keyQuestions: ['safe', 'effective', 'caring', 'responsive', 'well_led'],
    team: [
      { userId: rogue.id, role: 'lead_inspector' },
      { userId: w.people.inspector.id, role: 'inspection_manager' },
    ],
    contacts: [{ userId: w.people.practiceManager.id, role: 'practice_manager' }],
    ...over,
  });

  // The story runs from planning in September to publication: tokens that last the year.
  const client = async (user: TestUser) => new ApiClient(t.app, (await createPersonalAccessToken(await serviceContextFor(t, user, clock), { name: 'test', expiresInDays: 366, scopes: [...TOKEN_SCOPES] })).token);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    rogue = await createUser(t.database.db, 'inspector', { organisation: w.regulator, name: 'Rory Rogue' });
    scoringManager = await createUser(t.database.db, 'inspectionManager', { organisation: w.regulator, name: 'Sana Scorer' });
    writingManager = await createUser(t.database.db, 'inspectionManager', { organisation: w.regulator, name: 'Wendy Writer' });
    const admin = await createUser(t.database.db, 'administrator', { organisation: w.regulator, name: 'Ada Admin' });
    rogueApi = await client(rogue);
    accompliceApi = await client(w.people.inspector);
    scoringManagerApi = await client(scoringManager);
    writingManagerApi = await client(writingManager);
    adminApi = await client(admin);
  });
  afterAll(async () => t.close());

  it('an inspector cannot make a plain inspector the team’s inspection manager', async () => {
    const res = await rogueApi.post('/inspections', planBody());
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('Ivan Inspector is not an inspection manager, so cannot be the team’s inspection manager');
    expect(await t.database.db.selectFrom('inspections').select('id').execute()).toEqual([]);
  });

  it('an inspector cannot plan an inspection led by someone else', async () => {
    const res = await rogueApi.post('/inspections', planBody({ team: [{ userId: w.people.inspector.id, role: 'lead_inspector' }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('An inspector can plan an inspection only as its lead inspector');
  });

  it('an inspector may propose an inspection he leads, but it cannot be notified until a manager confirms the team', async () => {
    const res = await rogueApi.post('/inspections', planBody({ team: [{ userId: rogue.id, role: 'lead_inspector' }, { userId: w.people.inspector.id, role: 'inspector' }] }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(res.json().you).toMatchObject({ teamConfirmed: false });
    expect(res.json().you.availableEvents).not.toContain('notify');

    const notify = await rogueApi.post(`/inspections/${id}/transitions`, { event: 'notify' });
    expect(notify.statusCode).toBe(409);
    expect(notify.json().error.message).toBe('An inspection manager must confirm the team before the organisation is told or fieldwork starts');

    // He cannot confirm it himself, nor slip the manager team role in afterwards, nor hand the lead on.
    expect((await rogueApi.post(`/inspections/${id}/team-confirmation`, {})).statusCode).toBe(403);
    const promote = await rogueApi.patch(`/inspections/${id}`, { team: [{ userId: rogue.id, role: 'lead_inspector' }, { userId: w.people.inspector.id, role: 'inspection_manager' }] });
    expect(promote.statusCode).toBe(400);
    const handOver = await rogueApi.patch(`/inspections/${id}`, { team: [{ userId: w.people.inspector.id, role: 'lead_inspector' }, { userId: rogue.id, role: 'inspector' }] });
    expect(handOver.statusCode).toBe(403);

    // The manager confirms; then the lead may notify.
    const confirmed = await api.manager.post(`/inspections/${id}/team-confirmation`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().you).toMatchObject({ teamConfirmed: true });
    expect((await rogueApi.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);

    // A team changed by the lead after confirmation waits for a manager again.
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'actor_user_id']).where('subject_id', '=', id).where('action', '=', 'INSPECTION_TEAM_CONFIRMED').execute();
    expect(audit).toEqual([{ action: 'INSPECTION_TEAM_CONFIRMED', actor_user_id: w.people.manager.id }]);
  });

  it('the judgement: only an inspection manager who neither leads nor scored it may approve it', async () => {
    clock.set('2025-09-22T09:00:00Z');
    judgedId = await inspectionThroughFieldwork(api, w, clock);
    const at = new Date('2025-10-27T10:00:00Z');
    await t.database.db.insertInto('judgements').values({ inspection_id: judgedId, scoring_method: 'saf-2024', overall_method: 'primary-medical', proposed_at: at }).execute();
    await t.database.db
      .insertInto('quality_statement_scores')
      .values(QUALITY_STATEMENTS.map((q, i) => ({ inspection_id: judgedId, statement_code: q.code, score: 3, category_scores: null, rationale: 'Seen on the day.', evidence_item_ids: [], scored_by: i === 0 ? scoringManager.id : w.people.lead.id, scored_at: at })))
      .execute();
    // The scoring manager joins the team so it is his work, not someone else's inspection.
    await t.database.db.insertInto('inspection_team').values({ inspection_id: judgedId, user_id: scoringManager.id, role: 'inspection_manager' }).execute();
    clock.set('2025-10-27T11:00:00Z');

    const byLead = await api.lead.post(`/inspections/${judgedId}/judgement/approval`, {});
    expect(byLead.statusCode).toBe(403);
    expect((await api.inspector.post(`/inspections/${judgedId}/judgement/approval`, {})).statusCode).toBe(403);
    expect((await adminApi.post(`/inspections/${judgedId}/judgement/approval`, {})).statusCode).toBe(403);
    const byScorer = await scoringManagerApi.post(`/inspections/${judgedId}/judgement/approval`, {});
    expect(byScorer.statusCode).toBe(403);
    expect(byScorer.json().error.message).toBe('The judgement must be approved by an inspection manager who is not the lead inspector and did not score it');
    expect((await api.lead.get(`/inspections/${judgedId}/judgement`)).json().you.canApprove).toBe(false);

    expect((await api.manager.get(`/inspections/${judgedId}/judgement`)).json().you.canApprove).toBe(true);
    const approved = await api.manager.post(`/inspections/${judgedId}/judgement/approval`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const row = await t.database.db.selectFrom('audit_events').innerJoin('users', 'users.id', 'audit_events.actor_user_id').select(['users.role', 'users.id']).where('subject_id', '=', judgedId).where('action', '=', 'JUDGEMENT_APPROVED').executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'inspection_manager', id: w.people.manager.id });
  });

  it('the report: the lead and its authors cannot approve or publish it; a manager approves and publishes, and both are recorded', async () => {
    expect((await api.lead.post(`/inspections/${judgedId}/report`)).statusCode).toBe(201);
    // A second inspection manager on the team writes one section: she is then an author of the draft.
    await t.database.db.insertInto('inspection_team').values({ inspection_id: judgedId, user_id: writingManager.id, role: 'inspection_manager' }).execute();
    const draft = (await api.lead.get(`/inspections/${judgedId}/report`)).json() as { sections: { key: string }[]; currentVersion: number };
    const section = draft.sections[0]!.key;
    const wrote = await t.app.inject({ method: 'PUT', url: `/api/v1/inspections/${judgedId}/report/sections/${encodeURIComponent(section)}`, headers: { authorization: `Bearer ${writingManagerApi.token}` }, payload: { body: 'What we found: staff knew the people they cared for and checked medicines twice a day.', basedOnVersion: draft.currentVersion } });
    expect(wrote.statusCode, wrote.body).toBe(200);
    const flags = (await api.lead.get(`/inspections/${judgedId}/report/personal-data`)).json().flags as { id: string }[];
    for (const f of flags) await api.lead.post(`/inspections/${judgedId}/report/personal-data/${f.id}`, { status: 'not_personal_data', reason: 'Not a person' });
    expect((await api.lead.post(`/inspections/${judgedId}/report/submission`)).statusCode).toBe(200);

    const leadApproves = await api.lead.post(`/inspections/${judgedId}/report/approval`, { decision: 'approve' });
    expect(leadApproves.statusCode).toBe(403);
    expect((await accompliceApi.post(`/inspections/${judgedId}/report/approval`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await adminApi.post(`/inspections/${judgedId}/report/approval`, { decision: 'approve' })).statusCode).toBe(403);
    const authorApproves = await writingManagerApi.post(`/inspections/${judgedId}/report/approval`, { decision: 'approve' });
    expect(authorApproves.statusCode).toBe(403);
    expect(authorApproves.json().error.message).toBe('The draft report must be approved by an inspection manager who is not the lead inspector and did not write it');
    const approved = await api.manager.post(`/inspections/${judgedId}/report/approval`, { decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);

    const fa = await import('../../../src/services/reports/factual-accuracy.service.js');
    await fa.sendForFactualAccuracy(await serviceContextFor(t, w.people.lead, clock), judgedId);
    await fa.submitFactualAccuracy(await serviceContextFor(t, w.people.practiceManager, clock), judgedId, { noInaccuracies: true });
    const stage = (await api.lead.get(`/inspections/${judgedId}/report`)).json().stage;
    if (stage !== 'publication_ready') await fa.completeFactualAccuracyReview(await serviceContextFor(t, w.people.reviewer, clock), judgedId);

    expect((await api.lead.post(`/inspections/${judgedId}/report/publication`)).statusCode).toBe(403);
    expect((await api.inspector.post(`/inspections/${judgedId}/report/publication`)).statusCode).toBe(403);
    expect((await adminApi.post(`/inspections/${judgedId}/report/publication`)).statusCode).toBe(403);
    const authorPublishes = await writingManagerApi.post(`/inspections/${judgedId}/report/publication`);
    expect(authorPublishes.statusCode).toBe(403);
    expect(authorPublishes.json().error.message).toBe('The report must be published by an inspection manager who is not the lead inspector and did not write it');
    const published = await api.manager.post(`/inspections/${judgedId}/report/publication`);
    expect(published.statusCode, published.body).toBe(200);

    const report = await t.database.db.selectFrom('inspection_reports').select(['approved_by', 'published_by', 'id']).where('inspection_id', '=', judgedId).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ approved_by: w.people.manager.id, published_by: w.people.manager.id });
    const audit = await t.database.db.selectFrom('audit_events').select(['after', 'actor_user_id']).where('subject_id', '=', report.id).where('action', '=', 'REPORT_PUBLISHED').executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(w.people.manager.id);
    expect(audit.after).toMatchObject({ approvedBy: w.people.manager.id, publishedBy: w.people.manager.id });
  });

  it('the audit trail shows no approval or publication by anyone but the inspection manager who did neither the work nor led it', async () => {
    const rows = await t.database.db
      .selectFrom('audit_events')
      .innerJoin('users', 'users.id', 'audit_events.actor_user_id')
      .select(['audit_events.action', 'users.role', 'users.id'])
      .where('audit_events.action', 'in', ['JUDGEMENT_APPROVED', 'REPORT_APPROVED', 'REPORT_PUBLISHED'])
      .execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['JUDGEMENT_APPROVED', 'REPORT_APPROVED', 'REPORT_PUBLISHED']);
    for (const r of rows) expect(r, r.action).toMatchObject({ role: 'inspection_manager', id: w.people.manager.id });
  });
});
