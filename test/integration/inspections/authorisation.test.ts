/** Who sees and changes an inspection: checked in the services, proved through the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTeam, ApiClient, createLutonWorld, lutonInspectionBody, MovableClock, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser, TEST_PASSWORD } from '../../factories/user.factory.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('inspection authorisation', () => {
  let t: TestApp;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  const api = {} as Record<keyof LutonWorld['people'], ApiClient>;
  let areaId = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    for (const [key, user] of Object.entries(w.people)) api[key as keyof LutonWorld['people']] = new ApiClient(t.app, await tokenFor(t, user, clock));
    const res = await api.lead.post('/inspections', lutonInspectionBody(w));
    expect(res.statusCode, res.body).toBe(201);
    areaId = res.json().id;
    await confirmTeam(t, areaId, w.people.manager, clock);
    await api.lead.post(`/inspections/${areaId}/evidence-requests`, { requests: [{ title: 'Safeguarding policy' }] });
    expect((await api.lead.post(`/inspections/${areaId}/transitions`, { event: 'notify' })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('refuses requests without a valid token, in the error envelope', async () => {
    const none = await t.app.inject({ method: 'GET', url: `/api/v1/inspections/${areaId}` });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in to continue' } });
    const bad = await new ApiClient(t.app, 'insp_pat_not-a-real-token').get('/inspections');
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.message).toMatch(/not valid/);
  });

  it('a provider user of another organisation sees none of it', async () => {
    const evidenceId = (await api.lead.get(`/inspections/${areaId}/evidence-requests`)).json().items[0].id;
    for (const url of [
      `/inspections/${areaId}`,
      `/inspections/${areaId}/timeline`,
      `/inspections/${areaId}/evidence-requests`,
      `/inspections/${areaId}/cases`,
      `/inspections/${areaId}/samples`,
      `/inspections/${areaId}/programme`,
      `/evidence-requests/${evidenceId}`,
    ]) {
      const res = await api.unrelatedUser.get(url);
      expect(res.statusCode, url).toBe(404);
    }
    expect((await api.unrelatedUser.get('/inspections')).json()).toEqual({ inspections: [] });
    expect((await api.unrelatedUser.post(`/evidence-requests/${evidenceId}/cannot-provide`, { reason: 'x' })).statusCode).toBe(404);
  });

  it('an inspector not on the team can neither see nor change it; a manager can', async () => {
    expect((await api.outsideInspector.get(`/inspections/${areaId}`)).statusCode).toBe(404);
    expect((await api.outsideInspector.patch(`/inspections/${areaId}`, { fieldworkEnd: '2026-12-05' })).statusCode).toBe(404);
    expect((await api.outsideInspector.post(`/inspections/${areaId}/transitions`, { event: 'cancel', reason: 'x' })).statusCode).toBe(404);
    expect((await api.outsideInspector.post(`/inspections/${areaId}/evidence-requests`, { requests: [{ title: 'x' }] })).statusCode).toBe(404);
    expect((await api.outsideInspector.get('/inspections')).json().inspections).toEqual([]);

    expect((await api.manager.get(`/inspections/${areaId}`)).statusCode).toBe(200);
    const changed = await api.manager.patch(`/inspections/${areaId}`, { caseListRequest: 'Children seen by two or more services' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().caseListRequest).toBe('Children seen by two or more services');
  });

  it('team members who are not lead cannot change the plan; a stale version is refused', async () => {
    const res = await api.inspector.patch(`/inspections/${areaId}`, { fieldworkEnd: '2026-12-05' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('Only the lead inspector or an inspection manager can change the inspection plan');
    const current = (await api.lead.get(`/inspections/${areaId}`)).json();
    const stale = await api.lead.patch(`/inspections/${areaId}`, { fieldworkEnd: '2026-12-05', version: current.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const ok = await api.lead.patch(`/inspections/${areaId}`, { fieldworkEnd: '2026-12-05', version: current.version });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ fieldworkEnd: '2026-12-05', version: current.version + 1 });
    // The organisation was already notified, so its contacts hear of the new dates.
    const mail = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', w.people.designatedDoctor.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(mail.subject).toMatch(/fieldwork dates changed$/);
    expect(mail.text_body).toContain('Fieldwork now runs from Monday 30 November 2026 to Saturday 5 December 2026.');
  });

  it('organisation users cannot change the plan or its state', async () => {
    expect((await api.executiveLead.patch(`/inspections/${areaId}`, { fieldworkEnd: '2026-12-05' })).statusCode).toBe(403);
    expect((await api.executiveLead.post(`/inspections/${areaId}/transitions`, { event: 'start_fieldwork' })).statusCode).toBe(403);
    expect((await api.executiveLead.post('/inspections', lutonInspectionBody(w))).statusCode).toBe(403);
  });

  it('an unannounced GP practice inspection is invisible to the practice until fieldwork starts', async () => {
    const practice = await createOrganisation(t.database.db, 'location', { name: 'Marsh Farm Surgery', ods_code: 'E81999', parent_id: null, cqc_location_id: '1-999999999' });
    const practiceManager = await createUser(t.database.db, 'providerUser', { organisation: practice, name: 'Pat Practice', password: null });
    const pm = new ApiClient(t.app, await tokenFor(t, practiceManager, clock));
    const created = await api.lead.post('/inspections', {
      kind: 'comprehensive',
      noticeType: 'unannounced',
      subject: { type: 'location', organisationId: practice.id },
      fieldworkStart: '2026-12-08',
      fieldworkEnd: '2026-12-08',
      team: [{ userId: w.people.lead.id, role: 'lead_inspector' }],
      contacts: [{ userId: practiceManager.id, role: 'practice_manager' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().keyQuestions).toEqual(['safe', 'effective', 'caring', 'responsive', 'well_led']);

    expect((await pm.get(`/inspections/${id}`)).statusCode).toBe(404);
    expect((await pm.get('/inspections')).json().inspections).toEqual([]);
    // It can never be notified in advance...
    const notify = await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' });
    expect(notify.statusCode).toBe(409);
    expect(notify.json().error.message).toMatch(/unannounced inspection is never notified in advance/);
    expect(await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', practiceManager.id).execute()).toEqual([]);
    expect(await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', practiceManager.email).execute()).toEqual([]);

    // ...and only appears when the inspectors arrive.
    clock.set('2026-12-08T08:00:00Z');
    // Unannounced fieldwork waits for an inspection manager to confirm the team the lead proposed.
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).statusCode).toBe(409);
    await confirmTeam(t, id, w.people.manager, clock);
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).json().state).toBe('fieldwork');
    const seen = await pm.get(`/inspections/${id}`);
    expect(seen.statusCode).toBe(200);
    expect((await pm.get(`/inspections/${id}/timeline`)).json().events.map((e: { kind: string }) => e.kind)).toEqual(['start_fieldwork']);
    expect((await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', practiceManager.id).execute()).map((n) => n.title)).toEqual(['Inspectors have arrived for an unannounced inspection']);
  });

  it('an announced inspection cannot start fieldwork before it is notified', async () => {
    const practice = await createOrganisation(t.database.db, 'location', { name: 'Lea Vale Surgery', cqc_location_id: '1-888888888' });
    const created = await api.lead.post('/inspections', {
      kind: 'comprehensive',
      noticeType: 'announced',
      subject: { type: 'location', organisationId: practice.id },
      fieldworkStart: '2026-12-21',
      fieldworkEnd: '2026-12-21',
      team: [{ userId: w.people.lead.id, role: 'lead_inspector' }],
    });
    const res = await api.lead.post(`/inspections/${created.json().id}/transitions`, { event: 'start_fieldwork' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('An inspection that is planned cannot start fieldwork before it is notified');
  });

  it('a joint inspection names its partner inspectorates; a plan with problems is refused field by field', async () => {
    const joint = await api.lead.post('/inspections', lutonInspectionBody(w, { kind: 'joint_inspection', partnerInspectorates: ['Ofsted', 'HMICFRS'] }));
    expect(joint.statusCode, joint.body).toBe(201);
    expect(joint.json().partnerInspectorates).toEqual(['Ofsted', 'HMICFRS']);

    const bad = await api.lead.post('/inspections', lutonInspectionBody(w, { kind: 'joint_inspection', fieldworkEnd: '2026-11-01', team: [{ userId: w.people.inspector.id, role: 'inspector' }] }));
    expect(bad.statusCode).toBe(400);
    const message = bad.json().error.message;
    expect(message).toContain('partnerInspectorates: Name at least one partner inspectorate for a joint inspection');
    expect(message).toContain('fieldworkEnd: Fieldwork end must be the same as or after fieldwork start');
    expect(message).toContain('team: Choose a lead inspector for the team');
  });

  it('personal access tokens can be created, listed and revoked, and act with their user’s permissions', async () => {
    // Tokens never manage tokens (issue 14): the signed-in person creates and revokes them.
    expect((await api.executiveLead.post('/tokens', { name: 'ICB reporting script' })).statusCode).toBe(403);
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', '=', w.people.executiveLead.id).execute();
    const session = await signIn(t.app, { email: w.people.executiveLead.email, password: TEST_PASSWORD });
    const viaSession = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': session.csrfToken ?? '' }, ...(payload ? { payload } : {}) });
    const created = await viaSession('POST', '/tokens', { name: 'ICB reporting script' });
    expect(created.statusCode, created.body).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^insp_pat_/);
    const script = new ApiClient(t.app, token);
    expect((await script.get('/me')).json()).toMatchObject({ id: w.people.executiveLead.id, role: 'commissioner_user' });
    expect((await script.get(`/inspections/${areaId}`)).statusCode).toBe(200);
    const listed = (await script.get('/tokens')).json().tokens;
    expect(listed.map((x: { name: string }) => x.name)).toContain('ICB reporting script');
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await script.delete(`/tokens/${id}`)).statusCode).toBe(403);
    expect((await script.get('/me')).statusCode).toBe(200);
    expect((await viaSession('DELETE', `/tokens/${id}`)).statusCode).toBe(200);
    expect((await script.get('/me')).statusCode).toBe(401);
  });

  it('documents requested after notification reach the contacts at once', async () => {
    clock.set('2026-11-27T09:00:00Z');
    const res = await api.inspector.post(`/inspections/${areaId}/evidence-requests`, { requests: [{ title: 'Multi-agency safeguarding hub referral data' }] });
    expect(res.statusCode, res.body).toBe(201);
    // Friday, short notice: the default is the working day before Monday's start, but never before the day after notification.
    expect(res.json().requests[0].dueDate).toBe('2026-11-27');
    const notices = await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', w.people.executiveLead.id).orderBy('id').execute();
    expect(notices.at(-1)).toMatchObject({ title: expect.stringMatching(/^More documents requested for inspection INS-2026-/), body: '- Multi-agency safeguarding hub referral data, due Friday 27 November 2026' });
    // A specialist adviser on the team cannot request evidence.
    expect((await api.adviser.post(`/inspections/${areaId}/evidence-requests`, { requests: [{ title: 'x' }] })).statusCode).toBe(403);
  });

  it('publishes an OpenAPI document describing every route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/inspections', '/inspections/{id}/transitions', '/evidence-requests/{id}/uploads', '/uploads/{id}', '/inspections/{id}/case-list', '/samples/{id}/swaps', '/inspections/{id}/visits', '/tokens']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(doc.paths['/inspections'].post.requestBody.content['application/json'].schema.required).toContain('kind');
  });
});
