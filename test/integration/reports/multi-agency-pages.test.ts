/**
 * Issue 15, the last pages of the multi-agency review: the sample's CSV from the sample page; each
 * participant told truthfully which sampled cases it sees and why; a logged briefing corrected on
 * the page (prefilled, errors keep what was typed, the replaced version kept); the visits coming up
 * in "due in the next 5 working days"; "Cases we tracked" rewritten from the current case-tracking
 * summary; a recommendation addressed to more of the organisations taking part, on a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, caseListCsv, confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { ReportApiClient } from '../../factories/report.factory.js';
import { TEST_PASSWORD, type TestUser } from '../../factories/user.factory.js';
import { addVisits } from '../../../src/services/inspections/programme.service.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('multi-agency review pages', () => {
  let t: TestApp;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let lead: ReportApiClient;
  let manager: ApiClient;
  let id = '';
  let reference = '';
  let sampleId = '';
  let sampled: { caseId: string; caseReference: string; services: string[] }[] = [];
  const page = (who: TestUser) => signIn(t.app, { email: who.email, password: TEST_PASSWORD });
  const audits = async (action: string) => t.database.db.selectFrom('audit_events').select(['actor_user_id']).where('action', '=', action).execute();

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createLutonWorld(t.database.db);
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', 'in', Object.values(w.people).map((p) => p.id)).execute();
    lead = new ReportApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    const icb = new ApiClient(t.app, await tokenFor(t, w.people.executiveLead, clock));
    manager = new ApiClient(t.app, await tokenFor(t, w.people.manager, clock));
    const team = [...(lutonInspectionBody(w).team as object[]), { userId: w.people.manager.id, role: 'inspection_manager' }];
    const created = (await lead.post('/inspections', lutonInspectionBody(w, { team }))).json();
    id = created.id;
    reference = created.reference;
    await confirmTeam(t, id, w.people.manager, clock);
    expect((await lead.post(`/inspections/${id}/transitions`, { event: 'notify' })).statusCode).toBe(200);
    expect((await icb.csv(`/inspections/${id}/case-list`, caseListCsv(12))).json()).toMatchObject({ inserted: 12 });
    const drawn = await lead.post(`/inspections/${id}/samples`, { criteria: { consentRequired: true }, design: { kind: 'simple', size: 4 }, seed: 'pages-test', rationale: 'Four families to follow through the services.' });
    expect(drawn.statusCode, drawn.body).toBe(201);
    sampleId = drawn.json().id;
    const members = drawn.json().members as { caseId: string; caseReference: string }[];
    const rows = await t.database.db.selectFrom('cases').select(['id', 'services_used']).where('inspection_id', '=', id).execute();
    sampled = members.map((m) => ({ caseId: m.caseId, caseReference: m.caseReference, services: rows.find((r) => r.id === m.caseId)!.services_used }));
  });
  afterAll(async () => t.close());

  it('the sample page offers the sample as a CSV, and the file holds that sample by reference only', async () => {
    const s = await page(w.people.lead);
    const sample = await s.get(`/inspections/${id}/samples/${sampleId}`);
    expect(sample.statusCode).toBe(200);
    expect(sample.body).toContain(`href="/inspections/${id}/sample.csv?sample=${sampleId}" download data-testid="sample-download">Download this sample (CSV)</a>`);
    const csv = await s.get(`/inspections/${id}/sample.csv?sample=${sampleId}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="${reference.toLowerCase()}-sample-1.csv"`);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Sample,Drawn on,Case reference,Organisation,Group,Rank,Status,Replaced by');
    expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(sampled.map((c) => c.caseReference));
    expect((await s.get(`/inspections/${id}/sample.csv?sample=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('each participant is told which sampled cases it sees and why', async () => {
    const icbPage = (await (await page(w.people.executiveLead)).get(`/inspections/${id}/cases`)).body;
    expect(icbPage).toContain('Your cases in the sample');
    expect(icbPage).toContain('Inspectors will track 4 of your cases.');
    // The trust runs Midwifery and A&E: it sees the sampled cases that used them, each with the reason.
    const trustPage = (await (await page(w.people.trustUser)).get(`/inspections/${id}/cases`)).body;
    expect(trustPage).toContain('Sampled cases involving your services');
    expect(trustPage).not.toContain('of your cases');
    expect(trustPage).toContain('You see only the sampled cases that came from your own case list or in which the child used a service you run or commission (Midwifery and A&amp;E)');
    const theirs = sampled.filter((c) => c.services.some((x) => x === 'Midwifery' || x === 'A&E'));
    expect(theirs.length).toBeGreaterThan(0);
    expect(trustPage).toContain(`Inspectors will track ${theirs.length} ${theirs.length === 1 ? 'case that involves' : 'cases that involve'} you.`);
    const listed = trustPage.split('data-testid="sampled-cases"')[1]?.split('</ul>')[0] ?? '';
    for (const c of theirs) expect(listed).toContain(`<li>${c.caseReference} (used ${c.services.filter((x) => x === 'Midwifery' || x === 'A&E').join(' and ').replace('&', '&amp;')})</li>`);
    for (const c of sampled.filter((x) => !theirs.includes(x))) expect(listed).not.toContain(c.caseReference);
    expect(trustPage).toMatch(/cases? that came from your case list or used a service you run or commission/);
  });

  let briefingId = '';
  it('a logged briefing is corrected on the page: the form is prefilled, errors keep what was typed, the replaced version is kept', async () => {
    clock.set('2026-11-30T08:00:00Z');
    expect((await lead.post(`/inspections/${id}/transitions`, { event: 'start_fieldwork' })).statusCode).toBe(200);
    clock.set('2026-11-30T10:00:00Z');
    const s = await page(w.people.lead);
    const logged = await s.post(`/inspections/${id}/briefings`, { kind: 'briefing', 'heldOn-day': '30', 'heldOn-month': '11', 'heldOn-year': '2026', heldTime: '09:00', attendees: 'Erin Executive, Executive lead, ICB', points: 'Opening briefing', recommendationAreas: '', formToken: '7f0c1b7e-7c55-4d0e-9a43-5c0b0f1e2d3c' });
    expect(TestSession.location(logged)).toBe(`/inspections/${id}/briefings?notice=briefing`);
    briefingId = (await t.database.db.selectFrom('briefings').select('id').where('inspection_id', '=', id).executeTakeFirstOrThrow()).id;
    const list = await s.get(`/inspections/${id}/briefings`);
    expect(list.body).toContain(`href="/inspections/${id}/briefings/${briefingId}/edit">Change<span class="govuk-visually-hidden"> the log: Briefing, 30 November 2026`);

    const edit = `/inspections/${id}/briefings/${briefingId}/edit`;
    const form = await s.get(edit);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<title>Correct a briefing log – ');
    expect(form.body).toMatch(/name="heldOn-day"[^>]*value="30"|value="30"[^>]*name="heldOn-day"/);
    expect(form.body).toMatch(/name="heldTime"[^>]*value="09:00"|value="09:00"[^>]*name="heldTime"/);
    expect(form.body).toContain('Erin Executive, Executive lead, ICB</textarea>');
    expect(form.body).toContain('Opening briefing</textarea>');

    const empty = await s.post(edit, { kind: 'briefing', 'heldOn-day': '30', 'heldOn-month': '11', 'heldOn-year': '2026', heldTime: '09:00', attendees: 'Erin Executive, Executive lead, ICB\nNadia Nurse, Designated nurse, ICB', points: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('Enter the points made');
    expect(empty.body).toContain('Nadia Nurse, Designated nurse, ICB</textarea>');
    const tomorrow = await s.post(edit, { kind: 'briefing', 'heldOn-day': '1', 'heldOn-month': '12', 'heldOn-year': '2026', heldTime: '09:00', attendees: 'Erin Executive, Executive lead, ICB', points: 'Opening briefing: the programme was agreed.' });
    expect(tomorrow.statusCode).toBe(400);
    expect(tomorrow.body).toContain('Opening briefing: the programme was agreed.</textarea>');
    expect(await t.database.db.selectFrom('briefing_revisions').select('id').execute()).toHaveLength(0);

    const saved = await s.post(edit, { kind: 'briefing', 'heldOn-day': '30', 'heldOn-month': '11', 'heldOn-year': '2026', heldTime: '09:00', attendees: 'Erin Executive, Executive lead, ICB\nNadia Nurse, Designated nurse, ICB', points: 'Opening briefing: the programme was agreed.' });
    expect(TestSession.location(saved)).toBe(`/inspections/${id}/briefings?notice=briefing-corrected`);
    const after = await s.get(TestSession.location(saved));
    expect(after.body).toContain('The briefing log has been corrected. The earlier version is kept in its history.');
    expect(after.body).toContain('Opening briefing: the programme was agreed.');
    expect(after.body).toContain('Nadia Nurse (Designated nurse, ICB)');
    expect(after.body).toContain('Corrected 30 November 2026');
    const revisions = await t.database.db.selectFrom('briefing_revisions').select(['kind', 'before']).where('briefing_id', '=', briefingId).execute();
    expect(revisions.map((r) => [r.kind, (r.before as { points: string }).points])).toEqual([['edited', 'Opening briefing']]);
    expect(await audits('BRIEFING_CORRECTED')).toEqual([{ actor_user_id: w.people.lead.id }]);
    // The organisation reads the log; correcting it is the team's.
    expect((await (await page(w.people.executiveLead)).get(edit)).statusCode).toBe(404);
  });

  it("visits coming up are due soon for the team and for the organisation whose service is visited, never overdue", async () => {
    const ctx = await serviceContextFor(t, w.people.lead, clock);
    await addVisits(ctx, id, [
      { serviceName: 'Midwifery', organisationId: w.hospitals.id, date: '2026-11-30', startTime: '14:00', endTime: '16:00', place: 'Maternity unit', inspectorIds: [w.people.lead.id], activities: ['speak_to_staff'] },
      { serviceName: 'Midwifery', organisationId: w.hospitals.id, date: '2026-12-02', startTime: '09:30', endTime: '12:00', place: 'Antenatal clinic', inspectorIds: [w.people.lead.id], activities: ['speak_to_staff'] },
      { serviceName: 'School Nursing', organisationId: w.community.id, date: '2026-12-03', startTime: '10:00', endTime: '12:00', place: 'School nursing hub', inspectorIds: [w.people.inspector.id], activities: ['review_records'] },
    ]);
    clock.set('2026-12-01T08:00:00Z');
    const section = (html: string, key: string) => html.split(`data-testid="${key}"`)[1]?.split('</ul>')[0] ?? '';
    const trust = (await (await page(w.people.trustUser)).get('/my-work')).body;
    expect(section(trust, 'coming-up')).toContain(`Visit: Midwifery at Antenatal clinic, 9:30am to midday</a> <span class="govuk-body-s">(Visit, ${reference}): on 2 December 2026</span>`);
    expect(section(trust, 'coming-up')).not.toContain('School nursing hub');
    expect(trust).not.toContain('Maternity unit'); // it has happened: not overdue, not coming up
    const team = (await (await page(w.people.lead)).get('/my-work')).body;
    expect(section(team, 'coming-up')).toContain('Visit: School Nursing at School nursing hub, 10am to midday');
    expect(section(team, 'coming-up')).toContain('Antenatal clinic');
  });

  let trackingText = '';
  it('"Cases we tracked" is rewritten from the current case-tracking summary by the team, audited; nothing is saved when it already matches', async () => {
    const target = sampled[0]!;
    expect((await lead.put(`/inspections/${id}/cases/${target.caseId}/tracking`, { servicesSeen: [target.services[0]], recordsRead: 'Health records' })).statusCode).toBe(200);
    expect((await lead.post(`/inspections/${id}/cases/${target.caseId}/tracking/findings`, { kind: 'concern', text: 'The handover was not written down.', serviceName: target.services[0] })).statusCode).toBe(201);
    clock.set('2026-12-04T16:00:00Z');
    expect((await lead.post(`/inspections/${id}/transitions`, { event: 'end_fieldwork' })).statusCode).toBe(200);
    clock.set('2026-12-07T10:00:00Z');
    expect((await manager.post(`/inspections/${id}/judgement/approval`, {})).statusCode).toBe(200);
    const report = await lead.post(`/inspections/${id}/report`);
    expect(report.statusCode, report.body).toBe(201);
    trackingText = (await lead.get(`/inspections/${id}/case-tracking`)).json().reportText;
    expect(report.json().sections.find((x: { key: string }) => x.key === 'case-tracking').body).toBe(trackingText);

    // A finding corrected after the draft started (written straight in, as a data fix would be).
    await t.database.db.insertInto('case_tracking_findings').values({ case_id: target.caseId, inspection_id: id, kind: 'good_practice', service_name: target.services[0], text: 'Staff knew the family well.', recorded_by: w.people.lead.id, recorded_at: new Date('2026-12-04T15:00:00Z') }).execute();
    const current = (await lead.get(`/inspections/${id}/case-tracking`)).json().reportText as string;
    expect(current).not.toBe(trackingText);

    const s = await page(w.people.lead);
    const workspace = await s.get(`/inspections/${id}/report`);
    expect(workspace.body).toContain('Rewrite from case tracking<span class="govuk-visually-hidden">: Cases we tracked</span>');
    const version = (await lead.get(`/inspections/${id}/report`)).json().currentVersion as number;
    const stale = await s.post(`/inspections/${id}/report/case-tracking-refresh`, { basedOnVersion: String(version - 1) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain(`Someone saved version ${version} since you opened version ${version - 1}`);
    const done = await s.post(`/inspections/${id}/report/case-tracking-refresh`, { basedOnVersion: String(version) });
    expect(TestSession.location(done)).toBe(`/inspections/${id}/report?notice=tracking-refreshed`);
    expect((await s.get(TestSession.location(done))).body).toContain('Cases we tracked rewritten from the case-tracking summary as a new version');
    const refreshed = (await lead.get(`/inspections/${id}/report`)).json();
    expect(refreshed.currentVersion).toBe(version + 1);
    expect(refreshed.sections.find((x: { key: string }) => x.key === 'case-tracking').body).toBe(current);
    expect(await audits('REPORT_CASE_TRACKING_REFRESHED')).toEqual([{ actor_user_id: w.people.lead.id }]);

    const again = await s.post(`/inspections/${id}/report/case-tracking-refresh`, { basedOnVersion: String(version + 1) });
    expect(TestSession.location(again)).toBe(`/inspections/${id}/report?notice=tracking-unchanged`);
    expect((await lead.get(`/inspections/${id}/report`)).json().currentVersion).toBe(version + 1);
    expect(await audits('REPORT_CASE_TRACKING_REFRESHED')).toHaveLength(1);
    // The organisation never rewrites the team's draft.
    expect([403, 404]).toContain((await (await page(w.people.executiveLead)).post(`/inspections/${id}/report/case-tracking-refresh`, { basedOnVersion: String(version + 1) })).statusCode);
  });

  it('a recommendation is addressed to more of the organisations taking part, on a page reached from the report', async () => {
    const rec = await lead.post(`/inspections/${id}/report/recommendations`, { strength: 'should', text: 'Write the safeguarding handover into the maternity record.', organisationId: w.icb.id });
    expect(rec.statusCode, rec.body).toBe(201);
    const recId = rec.json().id as string;
    const s = await page(w.people.lead);
    const url = `/inspections/${id}/report/recommendations/${recId}/addressees`;
    expect((await s.get(`/inspections/${id}/report`)).body).toContain(`<a class="govuk-link" href="${url}">Change who it is addressed to`);

    const form = await s.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<title>Who a recommendation is addressed to – ${reference} – `);
    expect(form.body).toContain('It is addressed to NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board, chosen when it was written.');
    expect(form.body).toContain(`value="${w.hospitals.id}"`);
    expect(form.body).toContain(`value="${w.council.id}"`);
    expect(form.body).not.toContain(`value="${w.icb.id}"`);
    expect(form.body).toContain('Provider of a service in scope');

    // An organisation not taking part is refused; what was ticked stays ticked.
    const bad = await s.post(url, { organisationIds: [w.hospitals.id, w.unrelatedTrust.id] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('href="#organisationIds">A recommendation can be addressed only to organisations taking part in the inspection');
    expect(bad.body).toMatch(new RegExp(`value="${w.hospitals.id}" checked`));
    expect(await t.database.db.selectFrom('report_recommendation_addressees').select('organisation_id').execute()).toHaveLength(0);

    const saved = await s.post(url, { organisationIds: [w.hospitals.id, w.council.id] });
    expect(TestSession.location(saved)).toBe(`/inspections/${id}/report?notice=addressed`);
    const workspace = await s.get(TestSession.location(saved));
    expect(workspace.body).toContain('Who the recommendation is addressed to has been saved');
    expect(workspace.body).toContain('Also addressed to Bedfordshire Hospitals NHS Foundation Trust and Luton Borough Council');
    expect((await s.get(url)).body).toMatch(new RegExp(`value="${w.council.id}" checked`));
    expect(await audits('REPORT_RECOMMENDATION_ADDRESSED')).toEqual([{ actor_user_id: w.people.lead.id }]);

    // Unticking them all leaves it addressed to its first organisation only.
    expect(TestSession.location(await s.post(url, {}))).toBe(`/inspections/${id}/report?notice=addressed`);
    expect(await t.database.db.selectFrom('report_recommendation_addressees').select('organisation_id').execute()).toHaveLength(0);
    // The organisations do not choose who the regulator addresses.
    expect([403, 404]).toContain((await (await page(w.people.executiveLead)).get(url)).statusCode);
  });
});
