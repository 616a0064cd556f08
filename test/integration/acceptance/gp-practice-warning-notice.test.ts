/**
 * Stopsley Village Practice, a GP practice in Luton, through the API: fieldwork in October 2025,
 * evidence against the quality statements, scores, a breach of Regulation 17 (Good governance),
 * a warning notice issued on Friday 24 October 2025 with its statutory deadlines from the rules
 * engine, the practice's representations, and ratings limited by the notice and approved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../../src/domain/deadlines/index.js';
import { createStopsleyWorld, FieldworkApiClient, STOPSLEY_SCORES, stopsleyInspectionBody, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('Stopsley Village Practice: from fieldwork to an issued warning notice and ratings limited by it', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: StopsleyWorld;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const api = {} as Record<keyof StopsleyWorld['people'], FieldworkApiClient>;
  let id = '';
  const evidence: Record<string, string> = {};
  let breachId = '';
  let noticeId = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-uploads-'));
    t = await createTestApp({ config: { uploadDir }, clock });
    w = await createStopsleyWorld(t.database.db);
    for (const [key, user] of Object.entries(w.people)) api[key as keyof StopsleyWorld['people']] = new FieldworkApiClient(t.app, await tokenFor(t, user, clock));
  });
  /** Moves the clock; tokens last 30 days, so everyone gets a fresh one (as a real client would). */
  async function at(when: string): Promise<void> {
    clock.set(when);
    for (const [key, user] of Object.entries(w.people)) api[key as keyof StopsleyWorld['people']] = new FieldworkApiClient(t.app, await tokenFor(t, user, clock));
  }
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('Monday 22 September: the announced inspection is planned and the practice notified', async () => {
    const res = await api.lead.post('/inspections', stopsleyInspectionBody(w));
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    // The lead proposed the team: the practice cannot be told until the inspection manager confirms it.
    const early = await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' });
    expect(early.statusCode).toBe(409);
    const confirmed = await api.manager.post(`/inspections/${id}/team-confirmation`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
  });

  it('Tuesday 7 October: fieldwork starts; evidence typed as a draft is saved, then recorded against quality statements', async () => {
    await at('2025-10-07T08:30:00Z');
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).json().state).toBe('fieldwork');

    // A draft is saved as the inspector types: incomplete but kept on the server.
    const draft = await api.inspector.post(`/inspections/${id}/evidence-items`, { body: 'Significant event log: 14 events since' });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ status: 'draft', version: 1 });
    const typed = await api.inspector.patch(`/evidence-items/${draft.json().id}`, { version: 1, body: 'Significant event log: 14 events since April. No record of learning shared with staff; 9 had no review. The practice manager said "we talk about them informally".' });
    expect(typed.json()).toMatchObject({ status: 'draft', version: 2 });
    // Recording it needs everything: the type, statements, category and date are named in the error.
    const incomplete = await api.inspector.patch(`/evidence-items/${draft.json().id}`, { version: 2, status: 'recorded' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.message).toMatch(/type: Select the type of evidence; qualityStatements: .*; evidenceCategory: .*; refersToDate: /);
    const recorded = await api.inspector.patch(`/evidence-items/${draft.json().id}`, { version: 2, status: 'recorded', type: 'record_review', qualityStatements: ['s1', 'W7'], evidenceCategory: 'processes', refersToDate: '2025-10-07' });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ status: 'recorded', version: 3, qualityStatements: ['S1', 'W7'], body: expect.stringContaining('"we talk about them informally"') });
    evidence['learning'] = recorded.json().id;

    const items: [string, Record<string, unknown>][] = [
      ['safeguarding', { type: 'record_review', qualityStatements: ['S3', 'S4'], evidenceCategory: 'processes', body: 'Safeguarding register not reviewed since 2023; two children on a protection plan not flagged on their records. Risk assessments for the premises out of date.' }],
      ['governance', { type: 'staff_conversation', qualityStatements: ['W5'], evidenceCategory: 'staffAndLeaders', body: 'No effective system to monitor risks: the partners could not show how alerts or audits are acted on.' }],
      ['ppg', { type: 'staff_conversation', qualityStatements: ['W6'], evidenceCategory: 'partners', body: 'The chair of the patient participation group said "they ask us before they change anything", for example the new appointment system.' }],
      ['individuals', { type: 'observation', qualityStatements: ['C2', 'C1'], evidenceCategory: 'observation', body: 'Reception staff treated patients as individuals, adapting to a patient with a hearing impairment.' }],
      ['leadership', { type: 'staff_conversation', qualityStatements: ['W1'], evidenceCategory: 'staffAndLeaders', body: 'Staff were positive about the leadership and described a shared vision of "a family practice for Stopsley".' }],
      ['survey', { type: 'data', qualityStatements: ['R1', 'C1'], evidenceCategory: 'peoplesExperience', body: 'GP Patient Survey: results slightly below national and local averages.' }],
      ['feedback', { type: 'person_conversation', qualityStatements: ['R4'], evidenceCategory: 'peoplesExperience', body: 'Feedback from people was mixed; some said the practice had not responded to their feedback.' }],
    ];
    for (const [key, body] of items) {
      const res = await api.inspector.post(`/inspections/${id}/evidence-items`, { ...body, refersToDate: '2025-10-07', status: 'recorded' });
      expect(res.statusCode, res.body).toBe(201);
      evidence[key] = res.json().id;
    }
    // The practice cannot see the inspectors' evidence.
    expect((await api.practiceManager.get(`/inspections/${id}/evidence-items`)).statusCode).toBe(404);
    expect((await api.practiceManager.get(`/evidence-items/${evidence['learning']}`)).statusCode).toBe(404);
  });

  it('Wednesday 8 October: fieldwork ends; the inspectors score the statements with the evidence behind each score', async () => {
    await at('2025-10-08T16:30:00Z');
    expect((await api.lead.post(`/inspections/${id}/transitions`, { event: 'end_fieldwork' })).json().state).toBe('judgement');
    expect((await api.lead.patch(`/inspections/${id}/judgement`, { overallMethod: 'primary-medical' })).statusCode).toBe(200);
    const behind: Record<string, string[]> = { S1: [evidence['learning']!], S3: [evidence['safeguarding']!], W5: [evidence['governance']!], W6: [evidence['ppg']!], W7: [evidence['learning']!] };
    for (const [code, score] of Object.entries(STOPSLEY_SCORES)) {
      const res = await api.inspector.put(`/inspections/${id}/scores/${code}`, { score, rationale: `Scored ${score}`, evidenceItemIds: behind[code] ?? [] });
      expect(res.statusCode, res.body).toBe(200);
    }
    const bad = await api.inspector.put(`/inspections/${id}/scores/S5`, { score: 5 });
    expect(bad.statusCode).toBe(400);

    const j = (await api.lead.get(`/inspections/${id}/judgement`)).json();
    const s1 = j.statements.find((s: { code: string }) => s.code === 'S1');
    expect(s1).toMatchObject({ evidenceCount: 1, score: { score: 2, evidenceItemIds: [evidence['learning']] } });
    const kq = Object.fromEntries(j.proposal.keyQuestions.map((k: { keyQuestion: string; rating: string }) => [k.keyQuestion, k.rating]));
    expect(kq).toEqual({ safe: 'Requires improvement', effective: 'Good', caring: 'Good', responsive: 'Good', wellLed: 'Requires improvement' });
    expect(j.proposal.overall.rating).toBe('Requires improvement');
    expect(j.proposal.overall.explanation.join(' ')).toMatch(/principle 5/);
  });

  it('a breach of Regulation 17 is recorded against well-led, and a warning notice chosen: as a draft it does not yet limit the ratings', async () => {
    const breach = await api.lead.post(`/inspections/${id}/breaches`, {
      regulation: '17',
      paragraph: '17(1), 17(2)(a)(b)',
      keyQuestion: 'well-led',
      qualityStatements: ['W5', 'W7', 'S1'],
      description: 'Systems and processes were not established and operated effectively: learning from incidents and significant events was not used to improve the service, and risks to people (safeguarding, responding to risks) were not assessed, monitored or mitigated.',
      evidenceItemIds: [evidence['learning'], evidence['governance'], evidence['safeguarding']],
    });
    expect(breach.statusCode, breach.body).toBe(201);
    expect(breach.json()).toMatchObject({ regulation: '17', regulationTitle: 'Regulation 17 (Good governance)', keyQuestion: 'wellLed' });
    breachId = breach.json().id;
    const unknown = await api.lead.post(`/inspections/${id}/breaches`, { regulation: '99', description: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/^regulation: /);

    const notice = await api.enforcement.post(`/inspections/${id}/enforcement-actions`, { kind: 'warning-notice', breachId });
    expect(notice.statusCode, notice.body).toBe(201);
    expect(notice.json()).toMatchObject({ state: 'draft', kindName: 'Warning notice (section 29)', organisation: { name: 'Stopsley Village Practice' }, you: { availableEvents: ['issue', 'withdraw'] } });
    noticeId = notice.json().id;
    const j = (await api.lead.get(`/inspections/${id}/judgement`)).json();
    expect(j.proposal.keyQuestions.find((k: { keyQuestion: string }) => k.keyQuestion === 'wellLed').rating).toBe('Requires improvement');
    // The practice sees nothing of a draft.
    expect((await api.practiceManager.get(`/inspections/${id}/enforcement-actions`)).json().actions).toEqual([]);
    expect((await api.practiceManager.get(`/enforcement-actions/${noticeId}`)).statusCode).toBe(404);
  });

  it('Friday 24 October: the warning notice is issued; representations are due in 10 working days, from the rules engine', async () => {
    await at('2025-10-24T10:00:00Z');
    const noDate = await api.enforcement.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'issue' });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().error.message).toMatch(/complianceDate: Enter the date by which the provider must comply/);

    const issued = await api.enforcement.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'issue', complianceDate: '2025-12-19' });
    expect(issued.statusCode, issued.body).toBe(200);
    const n = issued.json();
    const engine = computeDeadline('warning-notice-representations', '2025-10-24');
    expect(engine.ok && engine.value.due).toBe('2025-11-07');
    expect(n).toMatchObject({ state: 'issued', issuedOn: '2025-10-24', complianceDate: '2025-12-19' });
    expect(n.deadlines).toEqual([expect.objectContaining({ rule: 'warning-notice-representations', due: '2025-11-07', explanation: engine.ok ? engine.value.explanation : [] })]);
    expect(n.documents).toEqual([expect.objectContaining({ kind: 'warning_notice' })]);
    const doc = (await api.practiceManager.get(`/enforcement-documents/${n.documents[0].id}`)).json();
    expect(doc.body).toContain('Regulation 17 (Good governance), 17(1), 17(2)(a)(b)');
    expect(doc.body).toContain('You must become compliant with this requirement by Friday 19 December 2025.');
    expect(doc.body).toContain('Representations against a warning notice: by Friday 7 November 2025.');
    expect(doc.body).toContain('To: Stopsley Village Practice partnership');

    const email = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', w.people.practiceManager.email).where('subject', 'like', 'Warning notice%').executeTakeFirstOrThrow();
    expect(email.text_body).toContain('learning from incidents and significant events was not used to improve the service');

    // Now the limiter applies: well-led is made Inadequate, and the explanation says why.
    const j = (await api.lead.get(`/inspections/${id}/judgement`)).json();
    const wellLed = j.proposal.keyQuestions.find((k: { keyQuestion: string }) => k.keyQuestion === 'wellLed');
    expect(wellLed).toMatchObject({ scoredRating: 'Requires improvement', rating: 'Inadequate' });
    expect(wellLed.explanation.join(' ')).toContain('Well-led made Inadequate (was Requires improvement): warning notice for breach of Regulation 17 (Good governance)');
    expect(j.proposal.overall.rating).toBe('Requires improvement');
    expect(j.proposal.overall.explanation.join(' ')).toMatch(/Exactly one key question Inadequate \(Well-led\)/);

    // The practice sees the notice with its deadline on the timeline.
    const seen = (await api.practiceManager.get(`/inspections/${id}/enforcement-actions`)).json().actions;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ state: 'issued', you: { canSubmit: true, submitKind: 'representations', availableEvents: [] } });
    const timeline = (await api.practiceManager.get(`/inspections/${id}/timeline`)).json().events.map((e: { summary: string }) => e.summary);
    expect(timeline).toContainEqual(expect.stringContaining('Warning notice issued (representations against a warning notice by 2025-11-07)'));
    expect(timeline.join(' ')).not.toContain('Breach recorded');
    expect((await api.outsider.get(`/enforcement-actions/${noticeId}`)).statusCode).toBe(404);
  });

  it('the practice sends representations with evidence; the regulator replies within 20 working days and upholds the notice', async () => {
    await at('2025-11-05T15:00:00Z');
    expect((await api.lead.post(`/enforcement-actions/${noticeId}/representations`, { body: 'x' })).statusCode).toBe(403);
    const reps = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'We have started a significant event review meeting every month and attach the minutes of the first one.' });
    expect(reps.statusCode, reps.body).toBe(201);
    expect(reps.json().state).toBe('representations_received');
    expect(reps.json().deadlines.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([
      ['warning-notice-representations', '2025-11-07'],
      ['warning-notice-reply', '2025-12-03'],
    ]);
    // The evidence: the minutes, attached to the representations; the regulator can download them.
    const repId = reps.json().representations[0].id;
    const minutes = Buffer.from('%PDF-1.4\n% minutes of the significant event review meeting\n');
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/enforcement-representations/${repId}/files?filename=SEA%20minutes%20October%202025.pdf`, headers: { authorization: `Bearer ${api.practiceManager.token}`, 'content-type': 'application/octet-stream' }, payload: minutes });
    expect(up.statusCode, up.body).toBe(201);
    const byRegulator = await t.app.inject({ method: 'POST', url: `/api/v1/enforcement-representations/${repId}/files?filename=x.pdf`, headers: { authorization: `Bearer ${api.lead.token}`, 'content-type': 'application/octet-stream' }, payload: minutes });
    // Only the practice's side makes representations: the route guard refuses an inspector's role outright.
    expect(byRegulator.statusCode).toBe(403);
    expect(byRegulator.json().error.message).toBe('Your role does not allow this');
    const seenByRegulator = (await api.enforcement.get(`/enforcement-actions/${noticeId}`)).json();
    expect(seenByRegulator.representations[0].files).toEqual([expect.objectContaining({ filename: 'SEA minutes October 2025.pdf' })]);
    const download = await api.enforcement.get(`/enforcement-representation-files/${up.json().id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(minutes)).toBe(true);
    expect((await api.outsider.get(`/enforcement-representation-files/${up.json().id}/download`)).statusCode).toBe(404);

    const again = await api.practiceManager.post(`/enforcement-actions/${noticeId}/representations`, { body: 'more' });
    expect(again.statusCode).toBe(409);

    await at('2025-11-20T10:00:00Z');
    const noReason = await api.enforcement.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'decide', decision: 'upheld' });
    expect(noReason.statusCode).toBe(400);
    const decided = await api.enforcement.post(`/enforcement-actions/${noticeId}/transitions`, { event: 'decide', decision: 'upheld', decisionReason: 'The minutes show a start, but the systems were not in place at the inspection and are not yet embedded.' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ state: 'decided', decision: 'upheld' });
    expect(decided.json().documents.map((d: { kind: string }) => d.kind)).toEqual(['warning_notice', 'decision_letter']);
  });

  it('the inspection manager approves the ratings limited by the warning notice; the practice sees them with their explanation', async () => {
    await at('2025-11-24T12:00:00Z');
    const byLead = await api.lead.post(`/inspections/${id}/judgement/approval`, {});
    expect(byLead.statusCode).toBe(403);
    // The route guard refuses the lead's role before the service looks at the judgement.
    expect(byLead.json().error.message).toBe('Your role does not allow this');
    expect((await api.practiceManager.get(`/inspections/${id}/ratings`)).json().judgement).toBeNull();
    const sameAsProposed = await api.manager.post(`/inspections/${id}/judgement/approval`, { departures: [{ subject: 'overall', rating: 'Requires improvement', reason: 'Because I say so, really' }] });
    expect(sameAsProposed.statusCode).toBe(400);
    expect(sameAsProposed.json().error.message).toMatch(/is what the rules propose, so it is not a departure/);

    const approved = await api.manager.post(`/inspections/${id}/judgement/approval`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    expect((await api.lead.get(`/inspections/${id}`)).json().state).toBe('draft_report');

    const ratings = (await api.practiceManager.get(`/inspections/${id}/ratings`)).json().judgement;
    expect(ratings.overall).toMatchObject({ rating: 'Requires improvement', ratingDate: '2025-10-08', departureReason: null });
    const wellLed = ratings.keyQuestions.find((k: { subject: string }) => k.subject === 'wellLed');
    expect(wellLed).toMatchObject({ rating: 'Inadequate', ratingDate: '2025-10-08' });
    expect(wellLed.explanation.join(' ')).toContain('warning notice for breach of Regulation 17 (Good governance)');
    expect(ratings.keyQuestions.map((k: { subject: string; rating: string }) => `${k.subject} ${k.rating}`)).toEqual(['safe Requires improvement', 'effective Good', 'caring Good', 'responsive Good', 'wellLed Inadequate']);

    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', 'in', [id, noticeId, breachId]).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['BREACH_RECORDED', 'ENFORCEMENT_ACTION_CREATED', 'ENFORCEMENT_ISSUE', 'ENFORCEMENT_RECEIVE_REPRESENTATIONS', 'ENFORCEMENT_DECIDE', 'JUDGEMENT_APPROVED', 'QUALITY_STATEMENT_SCORED']));
    const timeline = (await api.practiceManager.get(`/inspections/${id}/timeline`)).json().events.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['enforcement_issue', 'enforcement_receive_representations', 'enforcement_decide', 'approve_judgement']));
    // Scores can no longer change once approved.
    expect((await api.inspector.put(`/inspections/${id}/scores/S1`, { score: 3 })).statusCode).toBe(409);
  });
});
