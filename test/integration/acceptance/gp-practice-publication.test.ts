/**
 * Stopsley Village Practice: from the approved judgement (Regulation 17 breach, warning notice)
 * to the published report with the practice's response statement, through the API, as each
 * role would do it; then the register, the public API and the changes feed show the new ratings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('Stopsley Village Practice: draft report to publication', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  let id = '';
  let linkId = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w, { quote: '"We never hear back about complaints," said Mrs Hollis, a patient.' });
    clock.set('2025-10-27T11:00:00Z');
  });
  afterAll(async () => t.close());

  it('the lead inspector starts the draft from the approved judgement: ratings with explanations, the breach, the warning notice and a "must" recommendation', async () => {
    const res = await api.lead.post(`/inspections/${id}/report`);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ stage: 'drafting', owner: 'Lead inspector: Grace Lead', version: 1 });
    expect(r.sections.map((s: { key: string }) => s.key)).toEqual(['summary', 'kq:safe', 'qs:S3', 'kq:effective', 'kq:caring', 'kq:responsive', 'kq:wellLed', 'qs:W5', 'breaches', 'recommendations']);
    expect(r.sections.find((s: { key: string }) => s.key === 'qs:W5').body).toContain('> "We never hear back about complaints," said Mrs Hollis, a patient.');
    expect(r.ratings.find((x: { subject: string }) => x.subject === 'wellLed')).toMatchObject({ rating: 'Inadequate', source: 'new' });
    expect(r.breaches[0]).toMatchObject({ regulation: '17', regulationTitle: 'Good governance' });
    expect(r.breaches[0].enforcement[0]).toMatchObject({ kind: 'warning-notice', kindName: expect.stringMatching(/^Warning notice/), issuedOn: '2025-10-24' });
    expect(r.recommendations).toEqual([expect.objectContaining({ strength: 'must', organisationName: 'Stopsley Village Practice', regulatorMayDirect: true, reportBreachId: r.breaches[0].id })]);
    expect(r.personalDataFlags.open).toBe(1);
    expect(r.linkId).toBeUndefined();
  });

  it('the practice sees nothing of the draft yet', async () => {
    expect((await api.practiceManager.get(`/inspections/${id}/report`)).statusCode).toBe(404);
  });

  it('the quote naming a patient is flagged: the draft cannot go for approval until it is removed', async () => {
    const flags = (await api.lead.get(`/inspections/${id}/report/personal-data`)).json().flags;
    expect(flags).toEqual([expect.objectContaining({ kind: 'person_name', matched: 'Mrs Hollis', status: 'open', section_key: 'qs:W5' })]);
    const refused = await api.lead.post(`/inspections/${id}/report/submission`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'personal_data_unresolved' });
    expect(refused.json().error.message).toContain('"Mrs Hollis"');

    const notYet = await api.lead.post(`/inspections/${id}/report/personal-data/${flags[0].id}`, { status: 'removed' });
    expect(notYet.statusCode).toBe(400);
    expect(notYet.json().error.message).toMatch(/still in the report/);

    const report = (await api.lead.get(`/inspections/${id}/report`)).json();
    const w5 = report.sections.find((s: { key: string }) => s.key === 'qs:W5');
    const saved = await api.lead.put(`/inspections/${id}/report/sections/qs:W5`, { body: w5.body.replace('said Mrs Hollis, a patient', 'a patient told us'), basedOnVersion: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, report: { personalDataFlags: { open: 0 } } });

    const stale = await api.inspector.put(`/inspections/${id}/report/sections/summary`, { body: 'An older edit', basedOnVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('edit_conflict');
  });

  it('any two versions can be compared', async () => {
    const diff = (await api.lead.get(`/inspections/${id}/report/compare?from=1&to=2`)).json();
    expect(diff.changed).toBe(1);
    const w5 = diff.sections.find((s: { key: string }) => s.key === 'qs:W5');
    expect(w5.status).toBe('changed');
    expect(w5.parts.filter((p: { op: string }) => p.op === 'delete').map((p: { text: string }) => p.text).join('')).toContain('Mrs Hollis');
    expect((await api.lead.get(`/inspections/${id}/report/versions`)).json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('the manager returns the draft with comments, then approves it', async () => {
    expect((await api.lead.post(`/inspections/${id}/report/submission`)).json()).toMatchObject({ stage: 'awaiting_approval', owner: 'Inspection manager: Marta Manager' });
    const lead = await api.lead.post(`/inspections/${id}/report/approval`, { decision: 'approve' });
    expect(lead.statusCode).toBe(403);
    const noComment = await api.manager.post(`/inspections/${id}/report/approval`, { decision: 'return' });
    expect(noComment.statusCode).toBe(400);
    const returned = await api.manager.post(`/inspections/${id}/report/approval`, { decision: 'return', comments: 'Say when the warning notice compliance date is.' });
    expect(returned.json()).toMatchObject({ stage: 'drafting' });
    const report = returned.json();
    const breaches = report.sections.find((s: { key: string }) => s.key === 'breaches');
    await api.lead.put(`/inspections/${id}/report/sections/breaches`, { body: `${breaches.body}\nThe practice must comply by 24 December 2025.`, basedOnVersion: report.currentVersion });
    await api.lead.post(`/inspections/${id}/report/submission`);
    clock.set('2025-11-28T10:00:00Z');
    const approved = await api.manager.post(`/inspections/${id}/report/approval`, { decision: 'approve' });
    expect(approved.json()).toMatchObject({ stage: 'approved', approvedVersion: 3 });
    expect((await api.lead.get(`/inspections/${id}/report/reviews`)).json().reviews.map((r: { decision: string }) => r.decision)).toEqual(['approved', 'returned']);
  });

  it('sent for factual accuracy on Monday 1 December 2025: due 10 working days later, Monday 15 December', async () => {
    clock.set('2025-12-01T09:00:00Z');
    const sent = await api.lead.post(`/inspections/${id}/report/factual-accuracy`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().recipients).toEqual([expect.objectContaining({ organisationName: 'Stopsley Village Practice', due: '2025-12-15' })]);
    const email = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', w.people.practiceManager.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(email.subject).toBe('Draft report for factual accuracy: comments due by Monday 15 December 2025');
    expect((await api.lead.get(`/inspections/${id}`)).json().state).toBe('factual_accuracy');
  });

  it('the practice comments on passages, saving as it goes, and submits once', async () => {
    const report = (await api.practiceManager.get(`/inspections/${id}/report`)).json();
    expect(report).toMatchObject({ stage: 'factual_accuracy', version: 3, factualAccuracyDue: '2025-12-15' });
    const a = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'qs:W5', passage: 'for the last year', category: 'typo_or_figure', comment: 'Reviews were missing for the last six months, not the year.' });
    expect(a.statusCode, a.body).toBe(200);
    const noEvidence = await api.partner.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'kq:wellLed', passage: 'Inadequate', category: 'factual_inaccuracy', comment: 'We have a governance framework.' });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().error.message).toMatch(/evidence/);
    const b = await api.partner.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'kq:wellLed', passage: 'Inadequate', category: 'factual_inaccuracy', comment: 'We have a governance framework.', evidence: 'Governance framework v3, approved by the partners in August 2025.' });
    expect(b.statusCode).toBe(200);
    expect((await api.outsider.post(`/inspections/${id}/report/factual-accuracy/comments`, { sectionKey: 'summary', passage: 'x', category: 'typo_or_figure', comment: 'x' })).statusCode).toBe(404);

    clock.set('2025-12-12T15:00:00Z');
    const submitted = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: false });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().recipients[0].submittedAt).toBe('2025-12-12T15:00:00.000Z');
    const again = await api.partner.post(`/inspections/${id}/report/factual-accuracy/submission`, { noInaccuracies: true });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/can only be submitted once/);
    expect((await api.lead.get(`/inspections/${id}/report`)).json()).toMatchObject({ stage: 'fa_review', owner: 'Factual accuracy reviewers' });
  });

  it('a reviewer who was not on the inspection decides each comment; the team manager may not', async () => {
    const fa = (await api.reviewer.get(`/inspections/${id}/report/factual-accuracy`)).json();
    const [typo, governance] = fa.comments;
    const byTeam = await api.manager.post(`/inspections/${id}/report/factual-accuracy/comments/${typo.id}/decision`, { decision: 'accepted', changeMade: 'x' });
    expect(byTeam.statusCode).toBe(403);
    expect(byTeam.json().error.message).toMatch(/not on the inspection/);

    const report = (await api.reviewer.get(`/inspections/${id}/report`)).json();
    const w5 = report.sections.find((s: { key: string }) => s.key === 'qs:W5');
    const fixed = await api.reviewer.put(`/inspections/${id}/report/sections/qs:W5`, { body: w5.body.replace('for the last year', 'for the last six months'), basedOnVersion: report.currentVersion });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${typo.id}/decision`, { decision: 'accepted', changeMade: 'Changed "the last year" to "the last six months".' })).statusCode).toBe(200);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${governance.id}/decision`, { decision: 'rejected' })).statusCode).toBe(400);
    expect((await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/comments/${governance.id}/decision`, { decision: 'rejected', reason: 'The framework was not in use at the time of the inspection.' })).statusCode).toBe(200);

    const seen = (await api.practiceManager.get(`/inspections/${id}/report/factual-accuracy`)).json();
    expect(seen.comments.map((c: { decision: string; decisionReason: string | null }) => [c.decision, c.decisionReason])).toEqual([
      ['accepted', null],
      ['rejected', 'The framework was not in use at the time of the inspection.'],
    ]);
    const done = await api.reviewer.post(`/inspections/${id}/report/factual-accuracy/review-complete`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ stage: 'publication_ready' });
  });

  it('before publication nothing is public: not the register, nor the public API, nor the report page', async () => {
    const page = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(page.body).not.toContain('Inadequate');
    const loc = (await t.app.inject({ url: `/public/v1/locations/${w.locationId}` })).json();
    expect(loc.currentRatings.overall.rating).toBe('Good');
    const report = await t.database.db.selectFrom('inspection_reports').select('link_id').executeTakeFirstOrThrow();
    linkId = report.link_id;
    expect((await t.app.inject({ url: `/reports/${linkId}` })).statusCode).toBe(404);
  });

  it('the manager publishes on 10 February 2026: the register, history, public API and changes feed show the new ratings with their dates', async () => {
    clock.set('2026-02-10T09:30:00Z');
    expect((await api.lead.post(`/inspections/${id}/report/publication`)).statusCode).toBe(403);
    const published = await api.manager.post(`/inspections/${id}/report/publication`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ linkId, publicationDate: '2026-02-10', reportUrl: `/reports/${linkId}` });
    expect((await api.lead.get(`/inspections/${id}`)).json().state).toBe('published');

    const loc = (await t.app.inject({ url: `/public/v1/locations/${w.locationId}` })).json();
    expect(loc.currentRatings.overall).toMatchObject({ rating: 'Requires improvement', reportDate: '2026-02-10', reportLinkId: linkId });
    expect(loc.currentRatings.overall.keyQuestionRatings).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Well-led', rating: 'Inadequate', reportDate: '2026-02-10' }), expect.objectContaining({ name: 'Safe', rating: 'Good', reportDate: '2026-02-10' })]),
    );
    expect(loc.historicRatings[0]).toMatchObject({ reportDate: '2019-05-14', overall: { rating: 'Good' } });
    expect(loc.reports).toEqual(expect.arrayContaining([expect.objectContaining({ linkId, reportDate: '2026-02-10', reportUri: `/reports/${linkId}`, firstVisitDate: '2025-10-07' })]));
    expect(loc.lastReport).toEqual({ publicationDate: '2026-02-10' });

    const changes = (await t.app.inject({ url: '/public/v1/changes/location?startTimestamp=2000-01-01T00:00:00Z&endTimestamp=2100-01-01T00:00:00Z' })).json();
    expect(changes.changes).toContain(w.locationId);

    const page = await t.app.inject({ url: `/locations/${w.locationId}` });
    expect(page.body).toContain('Requires improvement');
    expect(page.body).toContain(`/reports/${linkId}`);
  });

  it('the practice adds its response statement, shown beside the published report', async () => {
    expect((await api.outsider.put(`/inspections/${id}/report/response-statement`, { statement: 'x' })).statusCode).toBe(404);
    const statement = 'We are working with the regulator and the ICB to address the areas raised.';
    const res = await api.practiceManager.put(`/inspections/${id}/report/response-statement`, { statement });
    expect(res.statusCode, res.body).toBe(200);
    const page = await t.app.inject({ url: `/reports/${linkId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(statement);
    expect(page.body).toContain('Regulation 17');
    expect(page.body).not.toContain('Mrs Hollis');
  });

  it('the timeliness figures count days from the end of fieldwork', async () => {
    const figures = (await api.manager.get('/reports/timeliness')).json();
    const row = figures.rows.find((r: { inspectionId: string }) => r.inspectionId === id);
    expect(row).toMatchObject({ toDraft: 19, toFactualAccuracy: 54, toPublication: 125 });
    expect((await api.practiceManager.get('/reports/timeliness')).statusCode).toBe(404);
  });
});
