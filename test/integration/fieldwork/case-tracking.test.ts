/**
 * Issue 15: case tracking. The ICB sends its case list and sees which of its cases were sampled
 * (pseudonymous references only); during fieldwork the team records, for each sampled case, the
 * services seen, the records read and what was found, and links evidence items, concerns and visits
 * to it. The summary by service and by finding is the team's and feeds the draft report. Organisations
 * never see the findings. Written as self-contained `it` blocks over one story so they can move into
 * the shared acceptance file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, caseListCsv, confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { TEST_PASSWORD, type TestUser } from '../../factories/user.factory.js';
import { ReportApiClient } from '../../factories/report.factory.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { createEvidenceItem } from '../../../src/services/fieldwork/evidence-items.service.js';
import { raiseConcern } from '../../../src/services/fieldwork/concerns.service.js';
import { addVisits } from '../../../src/services/inspections/programme.service.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('case tracking', () => {
  let t: TestApp;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let lead: ReportApiClient;
  let icb: ApiClient;
  let manager: ApiClient;
  let id = '';
  let sampled: { caseId: string; caseReference: string }[] = [];
  let notSampled: { id: string; caseReference: string };
  let evidenceId = '';
  let concernId = '';
  let visitId = '';
  const page = (who: TestUser) => signIn(t.app, { email: who.email, password: TEST_PASSWORD });
  const trackingPath = (caseId: string, rest = '') => `/inspections/${id}/cases/${caseId}/tracking${rest}`;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', 'in', Object.values(w.people).map((p) => p.id)).execute();
    lead = new ReportApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    icb = new ApiClient(t.app, await tokenFor(t, w.people.executiveLead, clock));
    manager = new ApiClient(t.app, await tokenFor(t, w.people.manager, clock));
    const team = [...(lutonInspectionBody(w).team as object[]), { userId: w.people.manager.id, role: 'inspection_manager' }];
    id = (await lead.post('/inspections', lutonInspectionBody(w, { team }))).json().id;
    await confirmTeam(t, id, w.people.manager, clock);
    expect((await lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
    expect((await icb.csv(`/inspections/${id}/case-list`, caseListCsv(12))).json()).toMatchObject({ inserted: 12 });
    const drawn = await lead.post(`/inspections/${id}/samples`, { criteria: { consentRequired: true }, design: { kind: 'simple', size: 4 }, seed: 'tracking-test', rationale: 'Four families to follow through the services.' });
    expect(drawn.statusCode, drawn.body).toBe(201);
    sampled = drawn.json().members.map((m: { caseId: string; caseReference: string }) => ({ caseId: m.caseId, caseReference: m.caseReference }));
    const all = await t.database.db.selectFrom('cases').select(['id', 'case_reference']).where('inspection_id', '=', id).execute();
    const other = all.find((c) => !sampled.some((s) => s.caseId === c.id))!;
    notSampled = { id: other.id, caseReference: other.case_reference };
  });
  afterAll(async () => t.close());

  it('the organisation responsible sees which of its cases were sampled, by reference only; the findings are not theirs to see', async () => {
    expect(sampled).toHaveLength(4);
    const icbPage = await (await page(w.people.executiveLead)).get(`/inspections/${id}/cases`);
    expect(icbPage.statusCode).toBe(200);
    expect(icbPage.body).toContain('Your cases in the sample');
    expect(icbPage.body).toContain('Inspectors will track 4 of your cases.');
    const listed = icbPage.body.slice(icbPage.body.indexOf('data-testid="sampled-cases"'));
    for (const s of sampled) expect(listed).toContain(`<li>${s.caseReference}</li>`);
    expect(listed.slice(0, listed.indexOf('</ul>'))).not.toContain(notSampled.caseReference);
    expect(icbPage.body).not.toContain('Case tracking: what was found');
    // Another participant (the hospitals trust) sees the cases of the services it runs (issue 15, item 1), never the findings.
    const trustPage = await (await page(w.people.trustUser)).get(`/inspections/${id}/cases`);
    expect(trustPage.statusCode).toBe(200);
    expect(trustPage.body).not.toContain('Case tracking: what was found');
    // The tracking pages and the API are the team's.
    const icbSession = await page(w.people.executiveLead);
    expect((await icbSession.get(`/inspections/${id}/case-tracking`)).statusCode).toBe(404);
    expect((await icbSession.get(trackingPath(sampled[0]!.caseId))).statusCode).toBe(404);
    expect((await icb.get(`/inspections/${id}/case-tracking`)).statusCode).toBe(404);
  });

  it('before fieldwork a case cannot be tracked yet', async () => {
    const leadSession = await page(w.people.lead);
    const early = await leadSession.post(trackingPath(sampled[0]!.caseId), { servicesSeen: 'Midwifery', recordsRead: 'Maternity record' });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('You can track cases only during fieldwork or judgement');
  });

  it('during fieldwork the team records the services seen and the records read; mistakes are named and what was typed is kept', async () => {
    clock.set('2026-11-30T08:00:00Z');
    expect((await lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).statusCode).toBe(200);
    const ctx = await serviceContextFor(t, w.people.lead, clock);
    evidenceId = (await createEvidenceItem(ctx, id, { type: 'record_review', qualityStatements: ['S2'], evidenceCategory: 'processes', refersToDate: '2026-11-30', body: 'Maternity record: the safeguarding handover to health visiting was by phone and not written down.', status: 'recorded' })).id;
    concernId = (await raiseConcern(ctx, id, { what: 'No risk review for young people waiting for CAMHS', where: 'CAMHS waiting list', risk: 'Deterioration while waiting', whoMustAct: 'CAMHS service manager', organisationId: w.mentalHealth.id })).id;
    const programme = await addVisits(ctx, id, [{ serviceName: 'Midwifery', organisationId: w.hospitals.id, date: '2026-11-30', startTime: '10:00', endTime: '12:00', place: 'Luton and Dunstable Hospital', inspectorIds: [w.people.lead.id], activities: ['speak_to_staff'] }]);
    visitId = programme.visits[0]!.id;

    const leadSession = await page(w.people.lead);
    const target = sampled[0]!;
    const form = await leadSession.get(trackingPath(target.caseId));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<title>Tracked case ${target.caseReference}`);
    expect(form.body).toContain('Record the services you saw and the records you read first');

    const bad = await leadSession.post(trackingPath(target.caseId), { recordsRead: 'Maternity record, GP summary' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('Select the services you saw for this case');
    expect(bad.body).toContain('Maternity record, GP summary</textarea>');

    const ok = await leadSession.post(trackingPath(target.caseId), { servicesSeen: ['Midwifery', 'Health Visiting'], recordsRead: 'Maternity record, health visiting record, GP summary' });
    expect(TestSession.location(ok)).toBe(`${trackingPath(target.caseId)}?notice=recorded`);
    const saved = await leadSession.get(TestSession.location(ok));
    expect(saved.body).toContain('What you saw and read has been saved.');
    expect(saved.body).toContain('Midwifery, Health Visiting');
    expect(saved.body).toContain('Maternity record, health visiting record, GP summary');
  });

  it('a case that is not in the sample cannot be tracked', async () => {
    const res = await (await page(w.people.lead)).post(trackingPath(notSampled.id), { servicesSeen: 'Midwifery', recordsRead: 'Maternity record' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Only a case in the sample can be tracked');
  });

  it('what was found is recorded: good practice, a concern, immediate action needed', async () => {
    const leadSession = await page(w.people.lead);
    const target = sampled[0]!;
    const missing = await leadSession.post(trackingPath(target.caseId, '/findings'), { kind: '', text: 'Handover not written down', serviceName: 'Midwifery' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose what you found: good practice, a concern or immediate action needed');
    expect(missing.body).toContain('Handover not written down</textarea>');
    for (const [kind, text, serviceName] of [
      ['concern', 'The safeguarding handover to health visiting was not written in the maternity record.', 'Midwifery'],
      ['good_practice', 'The health visitor completed a thorough antenatal contact.', 'Health Visiting'],
    ] as const) {
      const res = await leadSession.post(trackingPath(target.caseId, '/findings'), { kind, text, serviceName });
      expect(TestSession.location(res)).toBe(`${trackingPath(target.caseId)}?notice=finding`);
    }
    // A second case, tracked through the API, with immediate action needed.
    const second = sampled[1]!;
    expect((await lead.put(`/inspections/${id}/cases/${second.caseId}/tracking`, { servicesSeen: ['Child & Adolescent Mental Health'], recordsRead: 'CAMHS record' })).statusCode).toBe(200);
    expect((await lead.post(`/inspections/${id}/cases/${second.caseId}/tracking/findings`, { kind: 'immediate_action', text: 'No risk review while waiting for a first appointment.', serviceName: 'Child & Adolescent Mental Health' })).statusCode).toBe(201);
    const shown = await leadSession.get(trackingPath(target.caseId));
    expect(shown.body).toMatch(/govuk-tag--orange">\s*Concern\s*</);
    expect(shown.body).toMatch(/govuk-tag--green">\s*Good practice\s*</);
  });

  it('a tracked case with linked evidence: an evidence item, a concern and a visit are linked and shown on the case', async () => {
    const leadSession = await page(w.people.lead);
    const target = sampled[0]!;
    const none = await leadSession.post(trackingPath(target.caseId, '/links'), { target: '' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose an evidence item, concern or visit to link');
    for (const value of [`evidence_item:${evidenceId}`, `concern:${concernId}`, `visit:${visitId}`]) {
      const res = await leadSession.post(trackingPath(target.caseId, '/links'), { target: value });
      expect(TestSession.location(res)).toBe(`${trackingPath(target.caseId)}?notice=linked`);
    }
    const again = await leadSession.post(trackingPath(target.caseId, '/links'), { target: `visit:${visitId}` });
    expect(again.statusCode).toBe(400);
    const foreign = await lead.post(`/inspections/${id}/cases/${target.caseId}/tracking/links`, { kind: 'evidence_item', targetId: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.statusCode).toBe(400);

    const shown = await leadSession.get(trackingPath(target.caseId));
    const links = shown.body.slice(shown.body.indexOf('data-testid="tracked-case-links"'));
    expect(links).toContain('<strong>Evidence item:</strong> Record review, 30 November 2026: Maternity record: the safeguarding handover');
    expect(links).toContain('<strong>Immediate-action concern:</strong> Raised 30 November 2026: No risk review for young people waiting for CAMHS');
    expect(links).toContain('<strong>Visit:</strong> Midwifery, 30 November 2026 at Luton and Dunstable Hospital');
    const api = (await lead.get(`/inspections/${id}/cases/${target.caseId}/tracking`)).json();
    expect(api.links.map((l: { kind: string; targetId: string }) => [l.kind, l.targetId])).toEqual([
      ['evidence_item', evidenceId],
      ['concern', concernId],
      ['visit', visitId],
    ]);
    expect(api.findings.map((f: { kind: string }) => f.kind)).toEqual(['concern', 'good_practice']);
  });

  it('the case-tracking summary by service and by finding is the team’s, and names no case in the text for the report', async () => {
    const summary = await (await page(w.people.lead)).get(`/inspections/${id}/case-tracking`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('2 cases of the 4 sampled cases tracked so far.');
    const byFinding = summary.body.slice(summary.body.indexOf('data-testid="tracking-by-finding"'));
    expect(byFinding).toMatch(/Good practice<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">\s*1\s*<\/td>/);
    expect(byFinding).toMatch(/Immediate action needed<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">\s*1\s*<\/td>/);
    const api = (await lead.get(`/inspections/${id}/case-tracking`)).json();
    expect(api.summary.byService.find((s: { service: string }) => s.service === 'Midwifery')).toEqual({ service: 'Midwifery', casesSeen: 1, counts: { good_practice: 0, concern: 1, immediate_action: 0 } });
    expect(api.summary.byFinding.map((f: { kind: string; findings: number; cases: number }) => [f.kind, f.findings, f.cases])).toEqual([
      ['good_practice', 1, 1],
      ['concern', 1, 1],
      ['immediate_action', 1, 1],
    ]);
    expect(api.reportText).toContain('We tracked 2 cases from the sample');
    for (const s of sampled) expect(api.reportText).not.toContain(s.caseReference);
    expect(summary.body).toContain('We found good practice in 1 case, a concern in 1 case and a need for immediate action in 1 case.');
  });

  it('the summary feeds the draft report: "Cases we tracked" is written from it', async () => {
    clock.set('2026-12-04T16:00:00Z');
    expect((await lead.post(`/inspections/${id}/transitions`, { event: 'end_fieldwork' })).statusCode).toBe(200);
    clock.set('2026-12-07T10:00:00Z');
    expect((await manager.post(`/inspections/${id}/judgement/approval`, {})).statusCode).toBe(200);
    const report = await lead.post(`/inspections/${id}/report`);
    expect(report.statusCode, report.body).toBe(201);
    const section = report.json().sections.find((s: { key: string }) => s.key === 'case-tracking');
    expect(section.body).toContain('We tracked 2 cases from the sample through the services in scope');
    expect(section.body).toContain('Midwifery: seen in 1 tracked case; concern: 1.');
    expect(report.json().sectionsToWrite).not.toContain('case-tracking');
    // After fieldwork the record is kept but no longer changed.
    const late = await lead.put(`/inspections/${id}/cases/${sampled[2]!.caseId}/tracking`, { servicesSeen: ['A&E'], recordsRead: 'ED record' });
    expect(late.statusCode).toBe(409);
  });
});
