/**
 * Issue 16: Stopsley Village Practice's warning notice followed through, in public.
 * The notice is issued with a date to comply by, which every view carries; representations
 * sent late are flagged and declined (no new clock); the follow-up that checks compliance is
 * proposed on or after the date to comply by; the regulator records "not complied" and opens
 * the next step (conditions, by notice of proposal) with its deadline from the rules engine; the
 * public page, the public API extension and the changes feed show the enforcement summary; and
 * feedback shared with the practice is answered and visible to the person who gave it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../../src/domain/deadlines/index.js';
import { createPersonalAccessToken } from '../../../src/services/api-tokens/personal-access-tokens.service.js';
import { submitFeedback } from '../../../src/services/feedback/feedback-submission.service.js';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, ReportApiClient, reportAtStage, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('Stopsley Village Practice: the warning notice followed through, in public', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let officer: ReportApiClient;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  let id = '';
  let noticeId = '';
  let conditionId = '';
  let feedbackReference = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    const enforcementOfficer = await createUser(t.database.db, 'enforcementOfficer', { organisation: w.regulator, name: 'Erin Enforcement' });
    const { token } = await createPersonalAccessToken(await serviceContextFor(t, enforcementOfficer, clock), { name: 'enforcement', expiresInDays: 366, scopes: ['read', 'enforcement:write'] });
    officer = new ReportApiClient(t.app, token);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    // The judged world carries an issued notice; here the enforcement officer issues it through the API, with its deadlines.
    await t.database.db.updateTable('enforcement_actions').set({ state: 'draft', issued_on: null, compliance_date: null }).where('inspection_id', '=', id).execute();
    noticeId = (await t.database.db.selectFrom('enforcement_actions').select('id').where('inspection_id', '=', id).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  it('Friday 24 October 2025: the warning notice is issued to comply by 19 December 2025; compliance cannot be recorded before then', async () => {
    clock.set('2025-10-24T10:00:00Z');
    const issued = await officer.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'issue', complianceDate: '2025-12-19' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ state: 'issued', complianceDate: '2025-12-19', complianceCheck: { earliest: '2025-12-19', latest: '2026-01-30', overdue: false } });
    expect(issued.json().complianceCheck.explanation.join(' ')).toContain('COMPLIANCE_CHECK_WITHIN_DAYS setting');
    expect(issued.json().deadlines.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([['warning-notice-representations', '2025-11-07']]);

    const early = await officer.post(`/enforcement-actions/${noticeId}/compliance`, { decision: 'complied', evidence: 'Too early' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('on or after the date to comply by, Friday 19 December 2025');
    // The plain transition cannot be used to skip the decision and its evidence.
    expect((await officer.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'record_compliance' })).statusCode).toBe(400);
  });

  it('the date to comply by is on the practice’s view, the follow-up dashboard and the follow-up proposal (on or after it)', async () => {
    const seen = (await api.practiceManager.get(`/enforcement-actions/${noticeId}`)).json();
    expect(seen).toMatchObject({ complianceDate: '2025-12-19', you: { canSubmit: true, canRecordCompliance: false, escalationOptions: [] } });

    const dashboard = (await api.manager.get('/follow-up')).json().rows;
    const row = dashboard.find((r: { organisationId: string }) => r.organisationId === w.practice.id);
    expect(row.enforcement).toEqual([expect.objectContaining({ kind: 'warning-notice', complyBy: '2025-12-19', complianceCheck: expect.objectContaining({ earliest: '2025-12-19', latest: '2026-01-30' }) })]);

    const target = (await api.manager.get(`/follow-up/${w.practice.id}`)).json();
    expect(target.proposedStart).toBe('2025-12-19');
    expect(target.complianceChecks).toEqual([expect.objectContaining({ kind: 'warning-notice', complyBy: '2025-12-19' })]);
  });

  it('the report is published on 10 February 2026: the public page and API show the warning notice, in force', async () => {
    await reportAtStage(t, w, clock, id, 'published');
    const page = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(page.statusCode).toBe(200);
    const enforcementSection = page.body.slice(page.body.indexOf('id="enforcement"'));
    expect(enforcementSection).toContain('Warning notice');
    expect(enforcementSection).toContain('Regulation 17 (Good governance)');
    expect(enforcementSection).toContain('19 December 2025');
    expect(enforcementSection).toContain('In force');
    expect(enforcementSection).toMatch(/href="\/reports\/[0-9a-f-]+#breaches"/);
    // The latest report is linked near the top of the page (the PDF once it has been rendered).
    expect(page.body).toMatch(/data-testid="latest-report">Latest inspection report, published 10 February 2026: <a class="govuk-link" href="\/reports\/[0-9a-f-]+">read it online<\/a>/);

    const ext = await t.app.inject({ url: `/public/v1/locations/${w.locationId}/enforcement` });
    expect(ext.statusCode).toBe(200);
    expect(ext.json().enforcement).toEqual([expect.objectContaining({ kind: 'warning-notice', regulationNumber: '17', takenOn: '2025-10-24', complyBy: '2025-12-19', status: 'in_force', outcome: null })]);
    // The CQC-compatible document is unchanged: no extension fields in it.
    expect(Object.keys((await t.app.inject({ url: `/public/v1/locations/${w.locationId}` })).json())).not.toContain('enforcement');
    const openapi = (await t.app.inject({ url: '/public/v1/openapi.json' })).json();
    expect(openapi.paths['/locations/{locationId}/enforcement'].get['x-inspectorate-extension']).toBe(true);
    expect((await t.app.inject({ url: '/public/v1/locations/1-0000000000/enforcement' })).statusCode).toBe(404);
  });

  it('an action plan action answering the breach is due by the date to comply by, and warns when set ten months after it', async () => {
    const plan = (await api.practiceManager.get(`/inspections/${id}/action-plan`)).json();
    const breach = plan.items.find((i: { kind: string }) => i.kind === 'breach');
    const defaulted = await api.practiceManager.post(`/inspections/${id}/action-plan/actions`, { title: 'Monthly significant event reviews, minuted and shared', ownerName: 'Paula Practice, practice manager', covers: [`breach:${breach.id}`] });
    expect(defaulted.statusCode, defaulted.body).toBe(201);
    const late = await api.practiceManager.post(`/inspections/${id}/action-plan/actions`, { title: 'Governance framework adopted', ownerName: 'Peter Partner', dueDate: '2026-10-19', covers: [`breach:${breach.id}`] });
    expect(late.statusCode, late.body).toBe(201);
    const actions = late.json().plan.actions;
    expect(actions[0]).toMatchObject({ dueDate: '2025-12-19', complyByWarning: null });
    expect(actions[1].complyByWarning).toContain('must be complied with by Friday 19 December 2025');
  });

  it('the monitoring list puts the practice, with its open notice and Inadequate well-led, near the top and says why', async () => {
    const ranked = (await api.manager.get('/monitoring')).json().rows;
    const rank = ranked.findIndex((r: { locationId: string }) => r.locationId === w.locationId);
    expect(rank).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(10);
    const reasons = ranked[rank].result.reasons.map((r: { text: string }) => r.text).join(' ');
    expect(reasons).toContain('1 open enforcement action');
    expect(reasons).toContain('Rated inadequate for well-led');
    expect(reasons).toContain('1 enforcement action overdue');
  });

  it('representations sent three months late are flagged, start no clock, and are declined; nothing more can be attached', async () => {
    clock.set('2026-02-11T10:00:00Z');
    const late = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'We disagree with the notice and attach our governance framework.' });
    expect(late.statusCode, late.body).toBe(201);
    const n = late.json();
    expect(n.state).toBe('issued');
    expect(n.representations[0]).toMatchObject({ late: true, due: '2025-11-07', lateDecision: null });
    expect(n.deadlines.map((d: { rule: string }) => d.rule)).toEqual(['warning-notice-representations']);
    expect((await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'again' })).statusCode).toBe(409);

    const officerView = (await officer.get(`/enforcement-actions/${noticeId}`)).json();
    expect(officerView.you.lateToDecide).toEqual([n.representations[0].id]);
    expect((await officer.post(`/enforcement-representations/${n.representations[0].id}/late-decision`, { decision: 'declined' })).statusCode).toBe(400);
    // The practice cannot decide on its own late representations: the route guard refuses its role.
    const byPractice = await api.practiceManager.post(`/enforcement-representations/${n.representations[0].id}/late-decision`, { decision: 'accepted', reason: 'x' });
    expect(byPractice.statusCode).toBe(403);
    expect(byPractice.json().error.message).toBe('Your role does not allow this');
    const declined = await officer.post(`/enforcement-representations/${n.representations[0].id}/late-decision`, { decision: 'declined', reason: 'Sent three months after the ten working days, with no reason given for the delay.' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ state: 'issued', representations: [expect.objectContaining({ lateDecision: 'declined' })] });
    expect(declined.json().deadlines).toHaveLength(1);
    const attach = await t.app.inject({ method: 'POST', url: `/api/v1/enforcement-representations/${n.representations[0].id}/files?filename=late.pdf`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: Buffer.from('%PDF-1.4\n') });
    expect(attach.statusCode).toBe(409);
  });

  it('the follow-up finds the notice not complied with: the decision closes it, with a letter, and offers the next steps', async () => {
    clock.set('2026-02-12T15:00:00Z');
    const sinceReal = new Date(Date.now() - 1000).toISOString();
    expect((await officer.post(`/enforcement-actions/${noticeId}/compliance`, { decision: 'not_complied', evidence: '' })).statusCode).toBe(400);
    const decided = await officer.post(`/enforcement-actions/${noticeId}/compliance`, { decision: 'not_complied', evidence: 'At the follow-up visit on 12 February 2026 there was still no system to review significant events; 6 new events had no review.' });
    expect(decided.statusCode, decided.body).toBe(200);
    const d = decided.json();
    expect(d).toMatchObject({ state: 'closed', compliance: { decision: 'not_complied', decisionText: 'Not complied' } });
    expect(d.documents.map((x: { kind: string }) => x.kind)).toEqual(['warning_notice', 'compliance_letter']);
    expect(d.you.escalationOptions.map((o: { kind: string }) => o.kind)).toEqual(['condition', 'suspension', 'cancellation', 'prosecution']);
    const letter = (await api.practiceManager.get(`/enforcement-documents/${d.documents[1].id}`)).json();
    expect(letter.body).toContain('Our decision: not complied.');
    expect(letter.body).toContain('It may include: conditions (impose, vary or remove); suspension of registration; cancellation of registration; prosecution.');

    // The public summary says it was not met, and the changes feed lists the location.
    const ext = (await t.app.inject({ url: `/public/v1/locations/${w.locationId}/enforcement` })).json();
    expect(ext.enforcement[0]).toMatchObject({ status: 'not_met', outcome: { decision: 'not_complied', decidedOn: '2026-02-12' } });
    const page = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(page.body).toContain('Not met');
    const changes = (await t.app.inject({ url: `/public/v1/changes/location?startTimestamp=${encodeURIComponent(sinceReal)}&endTimestamp=2100-01-01T00:00:00Z` })).json();
    expect(changes.changes).toContain(w.locationId);
  });

  it('the next step: conditions, by notice of proposal, with representations due in 28 days from the rules engine', async () => {
    expect((await officer.post(`/enforcement-actions/${noticeId}/escalations`, { kind: 'special-measures' })).statusCode).toBe(400);
    const byPractice = await api.practiceManager.post(`/enforcement-actions/${noticeId}/escalations`, { kind: 'condition' });
    expect(byPractice.statusCode).toBe(403);
    expect(byPractice.json().error.message).toBe('Your role does not allow this');
    const next = await officer.post(`/enforcement-actions/${noticeId}/escalations`, { kind: 'condition' });
    expect(next.statusCode, next.body).toBe(201);
    conditionId = next.json().id;
    expect(next.json()).toMatchObject({ kind: 'condition', state: 'draft', escalatedFromId: noticeId, breach: { regulation: '17' } });
    const served = await officer.post(`/enforcement-actions/${conditionId}/transitions`, { event: 'serve_proposal' });
    expect(served.statusCode, served.body).toBe(200);
    const engine = computeDeadline('notice-of-proposal-representations', '2026-02-12');
    expect(engine.ok).toBe(true);
    expect(served.json().deadlines).toEqual([expect.objectContaining({ rule: 'notice-of-proposal-representations', due: engine.ok ? engine.value.due : '' })]);
    expect((await officer.get(`/enforcement-actions/${noticeId}`)).json().escalations).toEqual([expect.objectContaining({ id: conditionId, kind: 'condition' })]);
  });

  it('feedback shared with the practice reaches it without the giver’s details, is answered, and the giver sees the answer', async () => {
    const ctx = await serviceContextFor(t, w.people.outsider, clock);
    const sent = await submitFeedback(ctx, w.locationId, { submittedAs: 'myself', groupId: '', whatHappened: 'I asked twice for a call back about my test results and nobody called.', day: '2', month: '2', year: '2026', contactName: 'Pat Patient', contactEmail: 'pat@example.org', contactPhone: '', mayContact: 'no', website: '' }, '203.0.113.9');
    expect(sent.kind, JSON.stringify(sent)).toBe('accepted');
    feedbackReference = sent.kind === 'accepted' ? sent.reference : '';
    const fb = await t.database.db.selectFrom('feedback').select('id').where('reference', '=', feedbackReference).executeTakeFirstOrThrow();
    const triaged = await api.lead.post(`/feedback/${fb.id}/triage`, { status: 'closed', outcome: 'shared_with_provider', note: 'Shared so the practice can respond about call backs.' });
    expect(triaged.statusCode, triaged.body).toBe(200);

    const shared = (await api.practiceManager.get('/shared-feedback')).json().feedback;
    expect(shared).toEqual([expect.objectContaining({ reference: feedbackReference, contact: null, responseDue: '2026-03-12', response: null })]);
    expect(JSON.stringify(shared)).not.toContain('pat@example.org');
    expect((await api.outsider.get(`/shared-feedback/${fb.id}`)).statusCode).toBe(404);
    const note = await t.database.db.selectFrom('notifications').select('title').where('user_id', '=', w.people.practiceManager.id).where('title', 'like', 'Feedback about%').executeTakeFirst();
    expect(note?.title).toBe('Feedback about Stopsley Village Practice shared with you');

    let status = (await t.app.inject({ url: `/api/v1/feedback-status/${feedbackReference}` })).json();
    expect(status.shared).toMatchObject({ responseDue: '2026-03-12', response: null, noResponseByDue: false });

    // Answering through the API needs a token with the responses:write scope; a read-only token is told which scope it lacks.
    const readOnly = new ReportApiClient(t.app, (await createPersonalAccessToken(await serviceContextFor(t, w.people.practiceManager, clock), { name: 'read only', expiresInDays: 30 })).token);
    const refused = await readOnly.post(`/shared-feedback/${fb.id}/response`, { response: 'Read-only tokens cannot answer.' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('This token does not have the responses:write scope');
    const answered = await api.practiceManager.post(`/shared-feedback/${fb.id}/response`, { response: 'We are sorry. We have changed how call backs are logged so each one has a named person and a time.' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await api.partner.post(`/shared-feedback/${fb.id}/response`, { response: 'again' })).statusCode).toBe(409);
    status = (await t.app.inject({ url: `/api/v1/feedback-status/${feedbackReference}` })).json();
    expect(status.shared.response).toContain('named person');
    const page = await t.app.inject({ url: `/give-feedback/status?reference=${feedbackReference}` });
    expect(page.body).toContain('The service’s response');
    expect(page.body).toContain('changed how call backs are logged');
  });

  it('a follow-up cannot start before its planned fieldwork without a recorded reason; the dates kept are the real ones', async () => {
    clock.set('2026-02-13T09:00:00Z');
    const planned = await api.lead.post('/inspections', {
      kind: 'focused',
      noticeType: 'announced',
      subject: { type: 'location', organisationId: w.practice.id },
      fieldworkStart: '2026-03-03',
      fieldworkEnd: '2026-03-04',
      keyQuestions: ['well_led'],
      team: [{ userId: w.people.lead.id, role: 'lead_inspector' }, { userId: w.people.manager.id, role: 'inspection_manager' }],
      contacts: [{ userId: w.people.practiceManager.id, role: 'practice_manager' }],
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const followUp = planned.json().id;
    // The lead proposed the team; the inspection manager confirms it before the practice is told.
    expect((await api.manager.post(`/inspections/${followUp}/team-confirmation`, {})).statusCode).toBe(200);
    expect((await api.lead.post(`/inspections/${followUp}/transitions`, { event: 'notify' })).statusCode).toBe(200);
    const early = await api.lead.post(`/inspections/${followUp}/transitions`, { event: 'start_fieldwork' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('planned to start on Tuesday 3 March 2026');
    const started = await api.lead.post(`/inspections/${followUp}/transitions`, { event: 'start_fieldwork', reason: 'Further concerns from patients about call backs: we brought the visit forward.' });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({ state: 'fieldwork', fieldworkStart: '2026-02-13' });
    const timeline = (await api.lead.get(`/inspections/${followUp}/timeline`)).json().events.map((e: { summary: string }) => e.summary).join(' ');
    expect(timeline).toContain('before the planned start (Tuesday 3 March 2026): Further concerns from patients');
  });
});
