/**
 * The inspection pages, both sides, through the real app: who may see each page (404 for
 * everyone else), forms that re-render with a GOV.UK error summary keeping what was typed,
 * CSRF on every form, the no-JavaScript upload path and the case list upload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/services/passwords.js';
import { confirmTeam, ApiClient, caseListCsv, createLutonWorld, lutonInspectionBody, MovableClock, pdfBytes, tokenFor, type LutonWorld } from '../../factories/inspection.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

/** A multipart form body with one file, as a browser sends it (the CSRF token its first field, as the page's form has it). */
function multipart(filename: string, content: Buffer, contentType = 'application/octet-stream', csrf?: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----inspectorate-test-boundary';
  const payload = Buffer.concat([
    ...(csrf ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)] : []),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function cookieHeader(s: TestSession): string {
  return [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function upload(s: TestSession, url: string, filename: string, content: Buffer, csrf: string | undefined = s.csrfToken): Promise<LightMyRequestResponse> {
  const body = multipart(filename, content, 'application/octet-stream', csrf);
  return s.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie: cookieHeader(s) } });
}

const errorSummaryText = (html: string) => /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';

describe('inspection pages for the inspector and the organisation', () => {
  let t: TestApp;
  let uploadDir: string;
  let w: LutonWorld;
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z')); // Thursday
  let lead: TestSession;
  let executiveLead: TestSession;
  let unrelated: TestSession;
  let outsideInspector: TestSession;
  let inspectionId = '';
  let requestIds: string[] = [];

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-pages-'));
    t = await createTestApp({ config: { uploadDir }, clock });
    w = await createLutonWorld(t.database.db);
    const hash = await hashPassword(TEST_PASSWORD);
    await t.database.db.updateTable('users').set({ password_hash: hash }).execute();
    const api = new ApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    const created = await api.post('/inspections', lutonInspectionBody(w));
    expect(created.statusCode, created.body).toBe(201);
    inspectionId = created.json().id;
    await confirmTeam(t, inspectionId, w.people.manager, clock);
    const requested = await api.post(`/inspections/${inspectionId}/evidence-requests`, { requests: [{ title: 'Safeguarding children policy' }, { title: 'Designated professionals: job descriptions' }, { title: 'Section 11 audit' }] });
    requestIds = requested.json().requests.map((r: { id: string }) => r.id);
    const as = (u: { email: string }) => signIn(t.app, { email: u.email, password: TEST_PASSWORD });
    lead = await as(w.people.lead);
    executiveLead = await as(w.people.executiveLead);
    unrelated = await as(w.people.unrelatedUser);
    outsideInspector = await as(w.people.outsideInspector);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('the lead inspector sees the inspection in the list and its overview, with the local authority services marked as not open to recommendations', async () => {
    const list = await lead.get('/inspections');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="/inspections/${inspectionId}"`);
    expect(list.body).toContain('<title>Inspections – Inspectorate</title>');
    const overview = await lead.get(`/inspections/${inspectionId}`);
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Notify the organisation');
    expect(overview.body.match(/data-testid="no-recommendations"/g)).toHaveLength(4);
    expect(overview.body).toContain('power to make recommendations about this service is limited');
    expect(overview.body).toContain('Lena Lead');
    // Filtering by state.
    expect((await lead.get('/inspections?state=notified')).body).not.toContain(`href="/inspections/${inspectionId}"`);
  });

  it('nobody else can see it: an inspector not on the team, an unrelated trust, and the ICB before it is notified all get 404', async () => {
    for (const s of [outsideInspector, unrelated, executiveLead]) {
      for (const url of [`/inspections/${inspectionId}`, `/inspections/${inspectionId}/evidence`, `/inspections/${inspectionId}/programme`, `/inspections/${inspectionId}/timeline`, `/inspections/${inspectionId}/evidence/${requestIds[0]}`]) {
        expect((await s.get(url)).statusCode, url).toBe(404);
      }
    }
    expect((await executiveLead.get('/inspections')).body).toContain('data-testid="no-inspections"');
    expect((await executiveLead.get('/inspections/new')).statusCode).toBe(404);
  });

  it('a transition without the CSRF token is refused and changes nothing; cancelling without a reason re-renders with the error', async () => {
    const refused = await lead.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' }, { csrf: false });
    expect(refused.statusCode).toBe(403);
    expect((await t.database.db.selectFrom('inspections').select('state').where('id', '=', inspectionId).executeTakeFirstOrThrow()).state).toBe('planned');
    const noReason = await lead.post(`/inspections/${inspectionId}/transitions`, { event: 'cancel', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('<title>Error: ');
    expect(errorSummaryText(noReason.body)).toContain('href="#reason"');
  });

  it('the lead inspector notifies from the overview; the ICB then sees it, without the lifecycle buttons', async () => {
    await lead.get(`/inspections/${inspectionId}`);
    const res = await lead.post(`/inspections/${inspectionId}/transitions`, { event: 'notify' });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(TestSession.location(res)).toBe(`/inspections/${inspectionId}?notice=notify`);
    const after = await lead.get(TestSession.location(res));
    expect(after.body).toContain('The organisation has been notified');
    const seen = await executiveLead.get(`/inspections/${inspectionId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Notify the organisation');
    expect(seen.body).not.toContain('name="event"');
    expect((await executiveLead.get('/inspections')).body).toContain(`href="/inspections/${inspectionId}"`);
    expect((await unrelated.get(`/inspections/${inspectionId}`)).statusCode).toBe(404);
    const timeline = await executiveLead.get(`/inspections/${inspectionId}/timeline`);
    expect(timeline.body).toContain('moj-timeline__item');
  });

  it('the ICB assigns an item, explains one it cannot provide (a blank reason is refused), and the checklist shows it', async () => {
    const item = `/inspections/${inspectionId}/evidence/${requestIds[1]}`;
    await executiveLead.get(item);
    const assigned = await executiveLead.post(`${item}/assign`, { userId: w.people.designatedNurse.id });
    expect(assigned.statusCode).toBe(303);
    expect((await executiveLead.get(item)).body).toContain('Nadia Nurse');
    const blank = await executiveLead.post(`${item}/cannot-provide`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(errorSummaryText(blank.body)).toContain('Explain why you cannot provide this document');
    const done = await executiveLead.post(`${item}/cannot-provide`, { reason: 'The post was vacant until October; the job description is being rewritten.' });
    expect(done.statusCode).toBe(303);
    const checklist = await executiveLead.get(`/inspections/${inspectionId}/evidence`);
    expect(checklist.body).toContain('Cannot provide');
    // The inspector sees the same.
    expect((await lead.get(`/inspections/${inspectionId}/evidence`)).body).toContain('Cannot provide');
    // The team can change the request; a bad date is named.
    const badDate = await lead.post(`${item}/edit`, { title: 'Designated professionals: job descriptions', description: '', 'dueDate-day': '30', 'dueDate-month': '2', 'dueDate-year': '2026' });
    expect(badDate.statusCode).toBe(400);
    expect(errorSummaryText(badDate.body)).toContain('href="#dueDate-day"');
    expect(errorSummaryText(badDate.body)).toContain('Due date must be a real date');
    expect((await lead.post(`${item}/edit`, { title: 'Designated professionals: job descriptions and supervision', description: '', 'dueDate-day': '27', 'dueDate-month': '11', 'dueDate-year': '2026' })).statusCode).toBe(303);
    expect((await executiveLead.get(item)).body).toContain('Designated professionals: job descriptions and supervision');
    // The organisation cannot change the request.
    expect((await executiveLead.post(`${item}/edit`, { title: 'x', description: '', 'dueDate-day': '27', 'dueDate-month': '11', 'dueDate-year': '2026' })).statusCode).toBe(403);
    // The inspection team cannot say "cannot provide" for the organisation.
    await lead.get(item);
    expect((await lead.post(`${item}/cannot-provide`, { reason: 'x' })).statusCode).toBe(403);
  });

  it('without JavaScript the ICB uploads a file, then a new version: both are listed and download as attachments', async () => {
    const item = `/inspections/${inspectionId}/evidence/${requestIds[0]}`;
    await executiveLead.get(item);
    const first = await upload(executiveLead, `${item}/upload`, 'Policy 2025.pdf', pdfBytes(9 * 1024 * 1024));
    expect(first.statusCode, first.body.slice(0, 800)).toBe(303);
    const second = await upload(executiveLead, `${item}/upload`, 'Policy 2026.pdf', pdfBytes(20_000));
    expect(second.statusCode).toBe(303);
    const page = await executiveLead.get(TestSession.location(second));
    expect(page.body).toContain('Your file has been uploaded');
    expect(page.body).toContain('Policy 2025.pdf');
    expect(page.body).toContain('Policy 2026.pdf');
    const links = [...page.body.matchAll(/href="(\/api\/v1\/evidence-files\/[^"]+\/download)"/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    const download = await executiveLead.get(links[0]!);
    expect(download.statusCode).toBe(200);
    expect(String(download.headers['content-disposition'])).toMatch(/^attachment; filename="Policy 2026.pdf"/);
    // Every download is audited: who, which file (issue 14).
    const downloadId = /evidence-files\/([^/]+)\/download/.exec(links[0]!)![1]!;
    const audited = await t.database.db.selectFrom('audit_events').select(['actor_user_id', 'after']).where('action', '=', 'EVIDENCE_FILE_DOWNLOADED').where('subject_id', '=', downloadId).execute();
    expect(audited).toEqual([{ actor_user_id: w.people.executiveLead.id, after: expect.objectContaining({ filename: 'Policy 2026.pdf' }) }]);
    const files = await t.database.db.selectFrom('evidence_files').select(['version', 'size_bytes']).where('evidence_request_id', '=', requestIds[0]!).orderBy('version').execute();
    expect(files.map((f) => [f.version, Number(f.size_bytes)])).toEqual([[1, 9 * 1024 * 1024], [2, 20_000]]);
  });

  it('a disallowed file type, content that does not match its name, and a missing CSRF token are refused', async () => {
    const item = `/inspections/${inspectionId}/evidence/${requestIds[2]}`;
    await executiveLead.get(item);
    const exe = await upload(executiveLead, `${item}/upload`, 'setup.exe', Buffer.from('MZ...'));
    expect(exe.statusCode).toBe(400);
    expect(errorSummaryText(exe.body)).toMatch(/href="#file"/);
    expect(exe.body).toContain('PDF, Word');
    const fake = await upload(executiveLead, `${item}/upload`, 'fake.pdf', Buffer.from('this is not a pdf at all'));
    expect(fake.statusCode).toBe(415);
    expect(errorSummaryText(fake.body)).toContain('href="#file"');
    const noToken = await upload(executiveLead, `${item}/upload`, 'ok.pdf', pdfBytes(2000), '');
    expect(noToken.statusCode).toBe(403);
    expect(await t.database.db.selectFrom('evidence_files').select('id').where('evidence_request_id', '=', requestIds[2]!).execute()).toHaveLength(0);
  });

  it('a case list with bad rows is reported by line in the error summary and nothing is stored; a good one is imported', async () => {
    const cases = `/inspections/${inspectionId}/cases`;
    await executiveLead.get(cases);
    const bad = ['case_reference,services_used,age_band,looked_after,child_protection_plan,child_in_need,consent_to_contact', 'LTN-0001,Midwifery,0-4,N,N,N,Y', 'LTN-0002,Midwifery,9-12,N,N,N,Y', '943 476 5919,A&E,5-10,N,N,N,Y'].join('\n');
    const refused = await upload(executiveLead, `${cases}/upload`, 'cases.csv', Buffer.from(bad));
    expect(refused.statusCode).toBe(422);
    const summary = errorSummaryText(refused.body);
    expect(summary).toContain('Line 3: age_band must be one of');
    expect(summary).toContain('Line 4: case_reference looks like an NHS number');
    expect(await t.database.db.selectFrom('cases').select('id').where('inspection_id', '=', inspectionId).execute()).toHaveLength(0);
    const ok = await upload(executiveLead, `${cases}/upload`, 'cases.csv', Buffer.from(caseListCsv(30)));
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('30 rows read, 30 added');
    expect(ok.body).toContain('LTN-0030');
  });

  it('the manual case form names the missing answers and keeps what was typed, then adds the case', async () => {
    const url = `/inspections/${inspectionId}/cases/new`;
    await executiveLead.get(url);
    const missing = await executiveLead.post(url, { caseReference: 'LTN-0500', ageBand: '5-10' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('value="LTN-0500"');
    expect(errorSummaryText(missing.body)).toContain('Select the services the child or family used');
    expect(errorSummaryText(missing.body)).toContain('Say whether the child is looked after');
    const added = await executiveLead.post(url, { caseReference: 'LTN-0500', ageBand: '5-10', servicesUsed: ['School Nursing', 'A&E'], lookedAfter: 'yes', childProtectionPlan: 'no', childInNeed: 'no', consentToContact: 'yes' });
    expect(added.statusCode).toBe(303);
    expect((await lead.get(`/inspections/${inspectionId}/cases`)).body).toContain('LTN-0500');
    expect((await lead.get(url)).statusCode).toBe(404);
  });

  it('the lead inspector draws a seeded sample with a rationale, sees how it was drawn, and swaps a case with a reason', async () => {
    const url = `/inspections/${inspectionId}/samples/new`;
    await lead.get(url);
    const noRationale = await lead.post(url, { kind: 'simple', size: '5', consentRequired: 'yes' });
    expect(noRationale.statusCode).toBe(400);
    expect(errorSummaryText(noRationale.body)).toContain('href="#rationale"');
    const drawn = await lead.post(url, { kind: 'proportional', field: 'age_band', size: '8', consentRequired: 'yes', seed: 'luton-2026', rationale: 'Spread across ages, families who agreed to be contacted' });
    expect(drawn.statusCode, drawn.body.slice(0, 600)).toBe(303);
    const page = await lead.get(TestSession.location(drawn));
    expect(page.body).toContain('<code data-testid="seed">luton-2026</code>');
    expect(page.body).toContain('Spread across ages');
    expect(page.body).toContain('Sample of 8 cases');
    const caseId = /<option value="([0-9a-f-]{36})">/.exec(page.body)![1]!;
    const swapUrl = `${new URL(TestSession.location(drawn), 'http://x').pathname}/swap`;
    const noReason = await lead.post(swapUrl, { caseId, reason: '' });
    expect(noReason.statusCode).toBe(400);
    // A named replacement must meet the criteria: LTN-0005's family did not agree to be contacted.
    const noConsent = await t.database.db.selectFrom('cases').select('id').where('inspection_id', '=', inspectionId).where('case_reference', '=', 'LTN-0005').executeTakeFirstOrThrow();
    const unfit = await lead.post(swapUrl, { caseId, reason: 'Moved away', replacementCaseId: noConsent.id });
    expect(unfit.statusCode).toBe(400);
    expect(errorSummaryText(unfit.body)).toContain('href="#replacementCaseId"');
    const swapped = await lead.post(swapUrl, { caseId, reason: 'The family has moved out of the area' });
    expect(swapped.statusCode).toBe(303);
    expect((await lead.get(TestSession.location(swapped))).body).toContain('Swapped out: The family has moved out of the area');
    // The organisation cannot draw samples.
    expect((await executiveLead.get(url)).statusCode).toBe(404);
  });

  it('the team builds the programme: a bad time is named, a visit is added, the week view prints, the opening meeting agrees it', async () => {
    const url = `/inspections/${inspectionId}/programme/visits/new`;
    const blank = await lead.get(url);
    // The form's own "serviceName" field never leaks into the page title (it once read "[object Object]").
    expect(blank.body).toMatch(/<title>Add a visit – INS-[\d-]+ – Inspectorate<\/title>/);
    const form = { serviceName: 'School Nursing', organisationId: w.community.id, 'date-day': '30', 'date-month': '11', 'date-year': '2026', startTime: '9.30', endTime: '12:00', place: 'Luton 0–19 hub', inspectorIds: [w.people.lead.id, w.people.inspector.id], activities: ['speak_to_staff', 'review_records'] };
    const bad = await lead.post(url, form);
    expect(bad.statusCode).toBe(400);
    expect(errorSummaryText(bad.body)).toContain('href="#startTime"');
    expect(bad.body).toContain('value="Luton 0–19 hub"');
    // A specialist adviser reads the programme but cannot change it.
    const adviser = await signIn(t.app, { email: w.people.adviser.email, password: TEST_PASSWORD });
    await adviser.get(`/inspections/${inspectionId}/programme`);
    expect((await adviser.post(url, { ...form, startTime: '09:30' })).statusCode).toBe(403);
    expect((await lead.post(url, { ...form, startTime: '09:30' })).statusCode).toBe(303);
    const week = await executiveLead.get(`/inspections/${inspectionId}/programme/week`);
    expect(week.statusCode).toBe(200);
    expect(week.body).toContain('<title>Programme for the week of Monday 30 November 2026 – ');
    expect(week.body).toContain('/assets/app/programme-print.css');
    expect(week.body).toContain('09:30 to 12:00');
    // The organisation reads the programme but cannot edit it.
    const orgProgramme = await executiveLead.get(`/inspections/${inspectionId}/programme`);
    expect(orgProgramme.body).toContain('School Nursing');
    expect(orgProgramme.body).not.toContain('Add a visit');
    expect((await executiveLead.get(url)).statusCode).toBe(404);

    const meeting = `/inspections/${inspectionId}/programme/meetings/new`;
    await lead.get(meeting);
    const recorded = await lead.post(meeting, { kind: 'opening', 'date-day': '30', 'date-month': '11', 'date-year': '2026', time: '09:00', attendees: 'Erin Executive, Executive lead for safeguarding, ICB\nNadia Nurse, Designated nurse, ICB', programmeAgreed: 'yes' });
    expect(recorded.statusCode, recorded.body.slice(0, 600)).toBe(303);
    expect((await executiveLead.get(`/inspections/${inspectionId}/programme`)).body).toContain('The programme was agreed at the opening meeting');
  });

  it('the plan form re-renders with the field named and what was typed kept; the plan can be changed', async () => {
    await lead.get('/inspections/new');
    const bad = await lead.post('/inspections/new', {
      kind: 'area_review_safeguarding_lac',
      noticeType: 'short_notice',
      subjectType: 'area',
      areaName: 'Luton',
      leadCommissionerCode: w.icb.id,
      'fieldworkStart-day': '11',
      'fieldworkStart-month': '1',
      'fieldworkStart-year': '2027',
      'fieldworkEnd-day': '15',
      'fieldworkEnd-month': '1',
      'fieldworkEnd-year': '2027',
      'scope-0-serviceName': 'Midwifery',
      'scope-0-commissionedBy': 'nhs',
      'scope-1-serviceName': 'School Nursing',
      'scope-1-commissionedBy': 'nhs',
      'scope-1-recommendations': 'no',
      'team-0-user': w.people.lead.id,
      'team-0-role': 'lead_inspector',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummaryText(bad.body)).toContain('href="#scope-1-note"');
    expect(bad.body).toContain('value="School Nursing"');
    const plan = `/inspections/${inspectionId}/plan`;
    const edit = await lead.get(plan);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Contraception &amp; Sexual Health"');
    expect((await executiveLead.get(plan)).statusCode).toBe(404);
  });

  it('personal access tokens: the secret is shown once, listed by prefix, and stops working when revoked', async () => {
    await lead.get('/account/tokens');
    const created = await lead.post('/account/tokens', { name: 'Case system', expiresInDays: '30' });
    expect(created.statusCode).toBe(201);
    const secret = /data-testid="token-secret">(insp_pat_[^<]+)</.exec(created.body)![1]!;
    const api = new ApiClient(t.app, secret);
    expect((await api.get('/me')).statusCode).toBe(200);
    const list = await lead.get('/account/tokens');
    expect(list.body).not.toContain(secret);
    expect(list.body).toContain(`${secret.slice(0, 15)}…`);
    const row = list.body.split('<tr class="govuk-table__row">').find((r) => r.includes('Case system'))!;
    const tokenId = /action="\/account\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(row)![1]!;
    const bad = await lead.post('/account/tokens', { name: '', expiresInDays: '900' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummaryText(bad.body)).toContain('href="#name"');
    expect((await lead.post(`/account/tokens/${tokenId}/revoke`, {})).statusCode).toBe(303);
    expect((await api.get('/me')).statusCode).toBe(401);
  });
});
