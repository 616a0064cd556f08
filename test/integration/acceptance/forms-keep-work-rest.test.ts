/**
 * Forms never lose work (issue 17), the fieldwork forms converted last: logging a briefing,
 * correcting one, raising a concern, the organisations taking part (adding one, a new one), and
 * sampling cases (drawing a sample, swapping a case out), tracking a sampled case (records read, a
 * finding), a draft report's review, and a factual accuracy comment (no cap on
 * its words, as the domain has none: every missing answer named at once, the long comment kept). Each is checked once at the edge with its schema: a value
 * over the limit stated under the field comes back in the re-rendered form with an error at the
 * field (linked from the summary), everything else typed is kept, every problem is named at once,
 * and nothing is stored. No validator text reaches the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStopsleyWorld, stopsleyInFieldwork, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { createInspection, type PlanInput } from '../../../src/services/inspections/inspection-plan.service.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { changeInspectionState } from '../../../src/services/inspections/inspection-lifecycle.service.js';
import { importCaseListCsv } from '../../../src/services/inspections/cases.service.js';
import { ApiClient, caseListCsv, confirmTeam, createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor, tokenFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage } from '../../factories/report.factory.js';
import { submitForApproval } from '../../../src/services/reports/report-review.service.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { LONG, expectCharacterCount, expectFieldError } from '../../support/form-assertions.js';

const date = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

describe('the last fieldwork forms keep what was typed', () => {
  let t: TestApp;
  let w: StopsleyWorld;
  let lead: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-10-07T09:00:00Z'));
  const count = async (table: 'briefings' | 'concerns') => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createStopsleyWorld(t.database.db, { password: TEST_PASSWORD });
    id = await stopsleyInFieldwork(t, w, clock);
    lead = await signIn(t.app, w.people.lead);
  });
  afterAll(async () => t.close());

  it('a briefing: 6,000 characters of points come back at the field with the count, with every other problem at once; nothing is stored', async () => {
    const page = await lead.get(`/inspections/${id}/briefings`);
    expectCharacterCount(page.body, 'points', '5,000');
    expect(page.body).toContain('Up to 5,000 characters');
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const before = await count('briefings');
    const res = await lead.post(`/inspections/${id}/briefings`, { formToken: token, kind: 'briefing', heldTime: '16:00', attendees: 'Paula Practice, Practice manager', points: LONG, recommendationAreas: '', ...date('heldOn', '7', '10', '2025') });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'points', 'Points made must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'points', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('Paula Practice, Practice manager</textarea>');
    expect(res.body).toContain('value="16:00"');
    const both = await lead.post(`/inspections/${id}/briefings`, { formToken: token, kind: 'briefing', heldTime: '16:00', attendees: '', points: LONG, recommendationAreas: '', ...date('heldOn', '31', '2', '2025') });
    expectFieldError(both.body, 'points', 'Points made must be 5,000 characters or fewer');
    expectFieldError(both.body, 'attendees', 'List who attended');
    expectFieldError(both.body, 'heldOn-day', 'Date it was held must be a real date', 'heldOn');
    expect(await count('briefings')).toBe(before);
  });

  it('correcting a briefing: 6,000 characters of points come back at the field; the logged briefing is unchanged', async () => {
    const page = await lead.get(`/inspections/${id}/briefings`);
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const body = { formToken: token, kind: 'briefing', heldTime: '16:00', attendees: 'Paula Practice, Practice manager', points: 'Day one: records seen.', recommendationAreas: '', ...date('heldOn', '7', '10', '2025') };
    const saved = await lead.post(`/inspections/${id}/briefings`, body);
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const row = await t.database.db.selectFrom('briefings').select(['id', 'points']).where('inspection_id', '=', id).executeTakeFirstOrThrow();
    const res = await lead.post(`/inspections/${id}/briefings/${row.id}/edit`, { ...body, points: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'points', 'Points made must be 5,000 characters or fewer');
    expect(res.body).toContain(`${LONG}</textarea>`);
    const after = await t.database.db.selectFrom('briefings').select('points').where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.points).toBe('Day one: records seen.');
  });

  it('raising a concern: 6,000 characters and an over-long place come back at their fields, all at once, with the count; nothing is stored', async () => {
    const page = await lead.get(`/inspections/${id}/concerns`);
    expectCharacterCount(page.body, 'what', '5,000');
    expectCharacterCount(page.body, 'risk', '5,000');
    expect(page.body).toContain('Up to 200 characters');
    const before = await count('concerns');
    const typed = { what: LONG, where: 'Treatment room '.repeat(20), risk: 'No oxygen in an emergency', whoMustAct: 'Practice manager', organisationId: w.practice.id, responseHours: '24' };
    const res = await lead.post(`/inspections/${id}/concerns`, typed);
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'what', 'The concern must be 5,000 characters or fewer');
    expectFieldError(res.body, 'where', 'Where must be 200 characters or fewer');
    expectCharacterCount(res.body, 'what', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain(`value="${typed.where}"`);
    expect(res.body).toContain('No oxygen in an emergency</textarea>');
    expect(res.body).toContain('value="Practice manager"');
    expect(await count('concerns')).toBe(before);
    const missing = await lead.post(`/inspections/${id}/concerns`, { ...typed, what: '', where: 'Treatment room', risk: LONG });
    expectFieldError(missing.body, 'what', 'Describe the concern');
    expectFieldError(missing.body, 'risk', 'The risk must be 5,000 characters or fewer');
    expect(await count('concerns')).toBe(before);
  });
});

describe('the organisations taking part keep what was typed', () => {
  let t: TestApp;
  let lead: TestSession;
  let id = '';
  let trustId = '';
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  const count = async (table: 'organisations' | 'inspection_participants') => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createLutonWorld(t.database.db);
    const body = lutonInspectionBody(w, { team: [{ userId: w.people.lead.id, role: 'lead_inspector' }] }) as unknown as PlanInput;
    id = (await createInspection(await serviceContextFor(t, w.people.manager, clock), body)).id;
    trustId = w.unrelatedTrust.id;
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', '=', w.people.lead.id).execute();
    lead = await signIn(t.app, { email: w.people.lead.email, password: TEST_PASSWORD });
  });
  afterAll(async () => t.close());

  it('a new organisation: a 300-character name comes back at the field with every other problem at once; nothing is stored', async () => {
    const url = `/inspections/${id}/participants/new-organisation`;
    const blank = await lead.get(url);
    expect(blank.body).toContain('Up to 200 characters');
    const before = await count('organisations');
    const name = 'Luton Community Wellbeing and Recovery Partnership '.repeat(6);
    const res = await lead.post(url, { name, kind: '', town: 'Luton', postcode: 'LU1 2BQ', localAuthorityCode: '', capacity: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'name', 'The organisation’s name must be 200 characters or fewer');
    expectFieldError(res.body, 'kind', 'Select what kind of organisation it is');
    expectFieldError(res.body, 'capacity', 'Select how the organisation takes part');
    expect(res.body).toContain(`value="${name}"`);
    expect(res.body).toContain('value="Luton"');
    expect(res.body).toContain('value="LU1 2BQ"');
    const longTown = await lead.post(url, { name: 'Recovery Luton', kind: 'provider', town: 'Luton '.repeat(30), postcode: '', localAuthorityCode: '', capacity: 'partner' });
    expectFieldError(longTown.body, 'town', 'Town must be 100 characters or fewer');
    expect(longTown.body).toContain('value="Recovery Luton"');
    expect(await count('organisations')).toBe(before);
  });

  it('adding an organisation: no capacity chosen is named at the field; nothing is stored', async () => {
    const before = await count('inspection_participants');
    const res = await lead.post(`/inspections/${id}/participants`, { organisationId: trustId, capacity: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'capacity', 'Select how the organisation takes part');
    expect(await count('inspection_participants')).toBe(before);
    const added = await lead.post(`/inspections/${id}/participants`, { organisationId: trustId, capacity: 'partner' });
    expect(added.statusCode, added.body.slice(0, 300)).toBe(303);
    expect(await count('inspection_participants')).toBe(before + 1);
  });
});

describe('sampling cases keeps what was typed', () => {
  let t: TestApp;
  let lead: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));
  let leadId = '';
  let leadEmail = '';
  const count = async (table: 'samples' | 'sample_members') => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createLutonWorld(t.database.db);
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).execute();
    const created = await new ApiClient(t.app, await tokenFor(t, w.people.lead, clock)).post('/inspections', lutonInspectionBody(w));
    id = created.json().id;
    await confirmTeam(t, id, w.people.manager, clock);
    await changeInspectionState(await serviceContextFor(t, w.people.lead, clock), id, { event: 'notify' });
    await importCaseListCsv(await serviceContextFor(t, w.people.executiveLead, clock), id, { csv: caseListCsv(30) });
    lead = await signIn(t.app, { email: w.people.lead.email, password: TEST_PASSWORD });
    leadId = w.people.lead.id;
    leadEmail = w.people.lead.email;
  }, 120_000);
  afterAll(async () => t.close());

  it('drawing a sample: a 6,000-character rationale comes back at the field with the count and the design kept; nothing is drawn', async () => {
    const url = `/inspections/${id}/samples/new`;
    expectCharacterCount((await lead.get(url)).body, 'rationale', '5,000');
    const res = await lead.post(url, { kind: 'simple', size: '5', consentRequired: 'yes', seed: 'luton-2026', rationale: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'rationale', 'The rationale must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'rationale', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('value="luton-2026"');
    const both = await lead.post(url, { kind: 'simple', size: 'ten', consentRequired: 'yes', rationale: LONG });
    expectFieldError(both.body, 'rationale', 'The rationale must be 5,000 characters or fewer');
    expectFieldError(both.body, 'size', 'Enter the sample size as a whole number, like 10');
    expect(await count('samples')).toBe(0);
  });

  it('swapping a case out: a 6,000-character reason comes back at the field with the count; the sample is unchanged', async () => {
    const drawn = await lead.post(`/inspections/${id}/samples/new`, { kind: 'simple', size: '5', consentRequired: 'yes', seed: 'luton-2026', rationale: 'Families who agreed to be contacted' });
    expect(drawn.statusCode, drawn.body.slice(0, 400)).toBe(303);
    const samplePath = new URL(TestSession.location(drawn), 'http://x').pathname;
    const page = await lead.get(samplePath);
    const caseId = /<option value="([0-9a-f-]{36})">/.exec(page.body)![1]!;
    const members = await count('sample_members');
    const res = await lead.post(`${samplePath}/swap`, { caseId, reason: LONG, replacementCaseId: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'reason', 'The reason must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'reason', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(await count('sample_members')).toBe(members);
    const swapped = await t.database.db.selectFrom('sample_members').select('id').where('swapped_out_at', 'is not', null).execute();
    expect(swapped).toHaveLength(0);
  });

  it('tracking a sampled case: 6,000 characters of records read, then of a finding, come back at the field with the count; nothing is stored', async () => {
    clock.set('2026-11-30T08:00:00Z');
    await changeInspectionState(await serviceContextFor(t, { id: leadId }, clock), id, { event: 'start_fieldwork' });
    lead = await signIn(t.app, { email: leadEmail, password: TEST_PASSWORD }); // four days on: a new session
    const member = await t.database.db.selectFrom('sample_members').select('case_id').where('swapped_out_at', 'is', null).executeTakeFirstOrThrow();
    const url = `/inspections/${id}/cases/${member.case_id}/tracking`;
    await lead.get(url);
    const res = await lead.post(url, { servicesSeen: ['Midwifery'], recordsRead: LONG });
    expect(res.statusCode, res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 1500)).toBe(400);
    expectFieldError(res.body, 'recordsRead', 'The records read must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'recordsRead', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(await t.database.db.selectFrom('case_tracking').select('case_id').execute()).toHaveLength(0);
    expect((await lead.post(url, { servicesSeen: ['Midwifery'], recordsRead: 'Maternity record' })).statusCode).toBe(303);
    const finding = await lead.post(`${url}/findings`, { kind: 'concern', text: LONG, serviceName: '' });
    expect(finding.statusCode).toBe(400);
    expectFieldError(finding.body, 'text', 'The finding must be 5,000 characters or fewer');
    expectCharacterCount(finding.body, 'text', '5,000');
    expect(finding.body).toContain(`${LONG}</textarea>`);
    expect(await t.database.db.selectFrom('case_tracking_findings').select('id').execute()).toHaveLength(0);
  });
});

describe('a factual accuracy comment keeps what was typed', () => {
  let t: TestApp;
  let practice: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const comments = async () => Number((await t.database.db.selectFrom('fa_comments').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createPracticeWorld(t.database.db);
    const api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'approved');
    clock.set('2025-12-18T16:00:00Z');
    expect((await api.lead.post(`/inspections/${id}/report/factual-accuracy`)).statusCode).toBe(200);
    practice = await signIn(t.app, w.people.practiceManager);
  }, 120_000);
  afterAll(async () => t.close());

  it('every missing answer is named at its field at once, the long comment kept; nothing is stored; then the long comment is saved whole', async () => {
    const url = `/inspections/${id}/report/factual-accuracy/comments`;
    await practice.get(`/inspections/${id}/report/factual-accuracy`);
    const longComment = LONG.repeat(2); // 12,000 characters: comments have no cap
    const res = await practice.post(url, { sectionKey: 'summary', passage: '', category: '', comment: longComment, proposedChange: 'For the last six months', evidence: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'passage', 'Enter the words in the report your comment is about');
    expect(res.body).toContain('Choose the kind of comment: A, B or C');
    expect(res.body).toContain(`${longComment}</textarea>`);
    expect(res.body).toContain('For the last six months</textarea>');
    expect(await comments()).toBe(0);
    const saved = await practice.post(url, { sectionKey: 'summary', passage: 'comprehensive inspection', category: 'omitted_information', comment: longComment, proposedChange: '', evidence: '' });
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const row = await t.database.db.selectFrom('fa_comments').select('comment').executeTakeFirstOrThrow();
    expect(row.comment).toBe(longComment.trim());
  });
});

describe('a draft report review keeps what was typed', () => {
  let t: TestApp;
  let manager: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const reviews = async () => Number((await t.database.db.selectFrom('report_reviews').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createPracticeWorld(t.database.db);
    const api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'drafted');
    await submitForApproval(await serviceContextFor(t, w.people.lead, clock), id);
    manager = await signIn(t.app, w.people.manager);
  }, 120_000);
  afterAll(async () => t.close());

  it('returning the draft: 6,000 characters of comments come back at the field with the count; nothing is recorded', async () => {
    const url = `/inspections/${id}/report/review`;
    expectCharacterCount((await manager.get(url)).body, 'comments', '5,000');
    const before = await reviews();
    const res = await manager.post(url, { decision: 'return', comments: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'comments', 'Comments must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'comments', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    const none = await manager.post(url, { decision: '', comments: LONG });
    expectFieldError(none.body, 'decision', 'Choose whether to approve or return the draft');
    expectFieldError(none.body, 'comments', 'Comments must be 5,000 characters or fewer');
    expect(await reviews()).toBe(before);
  });
});
