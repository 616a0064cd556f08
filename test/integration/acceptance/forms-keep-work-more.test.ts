/**
 * Forms never lose work (issue 17), the forms converted after the first three: the evidence
 * request, the breach, the response statement, an enforcement action's date to comply by, the
 * plan's dates, a programme visit and meeting, an evidence item and a briefing. 6,000 characters
 * typed into a long field come back in the re-rendered form with an error at the field (linked from
 * the summary) and the character count, and nothing is stored; 31 February gets the GOV.UK date
 * pattern's message at the date field and keeps everything else typed. No validator text, no
 * native date inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { createStopsleyWorld, stopsleyInFieldwork, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { raiseConcern } from '../../../src/services/fieldwork/concerns.service.js';
import { createPublishedReport, type PublishedWorld } from '../../factories/published-report.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { LONG, expectCharacterCount, expectDatePart, expectFieldError } from '../../support/form-assertions.js';

const date = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

describe('the inspection team’s forms during fieldwork', () => {
  let t: TestApp;
  let w: StopsleyWorld;
  let lead: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-10-07T09:00:00Z'));
  const count = async (table: 'evidence_requests' | 'breaches' | 'briefings' | 'inspection_meetings' | 'programme_visits' | 'evidence_items' | 'inspections') =>
    Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createStopsleyWorld(t.database.db, { password: TEST_PASSWORD });
    id = await stopsleyInFieldwork(t, w, clock);
    lead = await signIn(t.app, w.people.lead);
  });
  afterAll(async () => t.close());

  it('the evidence request form: a date input, not a native one; 6,000 characters come back at the field with the count; nothing is stored', async () => {
    const blank = await lead.get(`/inspections/${id}/evidence/new`);
    expect(blank.body).not.toMatch(/type="date"/);
    expect(blank.body).toContain('id="dueDate-day"');
    expect(blank.body).toContain('Up to 300 characters');
    const before = await count('evidence_requests');
    const res = await lead.post(`/inspections/${id}/evidence/new`, { title: 'Fire risk assessment', description: LONG, organisationId: '', ...date('dueDate', '', '', '') });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'description', 'What you need must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'description', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('value="Fire risk assessment"');
    const longTitle = await lead.post(`/inspections/${id}/evidence/new`, { title: LONG.slice(0, 400), description: '', organisationId: '' });
    expectFieldError(longTitle.body, 'title', 'Document must be 300 characters or fewer');
    expect(longTitle.body).toContain(`value="${LONG.slice(0, 400)}"`);
    expect(await count('evidence_requests')).toBe(before);
  });

  it('the evidence request form: 31 February gets the date message at the field and keeps the rest; a real date is saved', async () => {
    const before = await count('evidence_requests');
    const res = await lead.post(`/inspections/${id}/evidence/new`, { title: 'Fire risk assessment', description: 'The latest one, with its action plan.', organisationId: '', ...date('dueDate', '31', '2', '2026') });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'dueDate-day', 'Due date must be a real date', 'dueDate');
    expectDatePart(res.body, 'dueDate-day', '31');
    expect(res.body).toContain('The latest one, with its action plan.</textarea>');
    expect(res.body).toContain('value="Fire risk assessment"');
    expect(await count('evidence_requests')).toBe(before);
    const missingYear = await lead.post(`/inspections/${id}/evidence/new`, { title: 'Fire risk assessment', description: '', organisationId: '', ...date('dueDate', '20', '10', '') });
    expectFieldError(missingYear.body, 'dueDate-year', 'Due date must include a year', 'dueDate');
    const saved = await lead.post(`/inspections/${id}/evidence/new`, { title: 'Fire risk assessment', description: '', organisationId: '', ...date('dueDate', '20', '10', '2025') });
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const row = await t.database.db.selectFrom('evidence_requests').select(['due_date']).where('title', '=', 'Fire risk assessment').executeTakeFirstOrThrow();
    expect(String(row.due_date).slice(0, 10)).toBe('2025-10-20');
  });

  it('the breach form: 6,000 characters in the description come back at the field with the count; nothing is stored', async () => {
    const page = await lead.get(`/inspections/${id}/enforcement`);
    expectCharacterCountPresent(page.body, 'description');
    const before = await count('breaches');
    const res = await lead.post(`/inspections/${id}/breaches`, { regulation: '17', paragraph: '17(1)', keyQuestion: 'well-led', description: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'description', 'How the regulation was breached must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'description', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('value="17(1)"');
    expect(await count('breaches')).toBe(before);
    // Every problem at once.
    const both = await lead.post(`/inspections/${id}/breaches`, { regulation: '', paragraph: '', keyQuestion: '', description: '' });
    expectFieldError(both.body, 'regulation', 'Choose the regulation that was breached');
    expectFieldError(both.body, 'description', 'Describe how the regulation was breached');
  });

  it('a warning notice’s date to comply by: 31 February is named at the date field; a real date issues it', async () => {
    const breach = await lead.post(`/inspections/${id}/breaches`, { regulation: '17', paragraph: '17(1)', keyQuestion: 'well-led', description: 'Learning from significant events was not used to improve the service.' });
    expect(breach.statusCode).toBe(303);
    const breachId = (await t.database.db.selectFrom('breaches').select('id').executeTakeFirstOrThrow()).id;
    const officer = await signIn(t.app, w.people.enforcement);
    const chosen = await officer.post(`/inspections/${id}/enforcement-actions`, { breachId, kind: 'warning-notice' });
    const actionPath = TestSession.location(chosen).split('?')[0]!;
    const draft = await officer.get(actionPath);
    expect(draft.body).toContain('id="complianceDate-day"');
    expect(draft.body).not.toMatch(/type="date"/);
    const version = /name="version" value="(\d+)"/.exec(draft.body)?.[1] ?? '';
    const bad = await officer.post(`${actionPath}/transitions`, { event: 'issue', version, ...date('complianceDate', '31', '2', '2026') });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'complianceDate-day', 'Date by which the provider must comply must be a real date', 'complianceDate');
    expectDatePart(bad.body, 'complianceDate-month', '2');
    const none = await officer.post(`${actionPath}/transitions`, { event: 'issue', version, ...date('complianceDate', '', '', '') });
    expectFieldError(none.body, 'complianceDate-day', 'Enter the date by which the provider must comply with the warning notice', 'complianceDate');
    const issued = await officer.post(`${actionPath}/transitions`, { event: 'issue', version, ...date('complianceDate', '19', '12', '2025') });
    expect(issued.statusCode, issued.body.slice(0, 400)).toBe(303);
  });

  it('a programme meeting and visit: 31 February at the date field, the rest kept, nothing stored', async () => {
    const meetings = await count('inspection_meetings');
    const meeting = await lead.post(`/inspections/${id}/programme/meetings/new`, { kind: 'opening', ...date('date', '31', '2', '2025'), time: '09:00', attendees: 'Paula Practice, Practice manager, Stopsley Village Practice', notes: '' });
    expect(meeting.statusCode).toBe(400);
    expectFieldError(meeting.body, 'date-day', 'Date of the meeting must be a real date', 'date');
    expect(meeting.body).toContain('Paula Practice, Practice manager, Stopsley Village Practice</textarea>');
    expect(meeting.body).toContain('value="09:00"');
    expect(await count('inspection_meetings')).toBe(meetings);
    const recorded = await lead.post(`/inspections/${id}/programme/meetings/new`, { kind: 'opening', ...date('date', '7', '10', '2025'), time: '9:00', attendees: 'Paula Practice, Practice manager, Stopsley Village Practice', notes: '' });
    expect(recorded.statusCode, recorded.body.slice(0, 400)).toBe(303);

    const visits = await count('programme_visits');
    const visit = await lead.post(`/inspections/${id}/programme/visits/new`, { serviceName: 'GP practice', organisationId: '', ...date('date', '31', '2', '2025'), startTime: '09:30', endTime: '12:00', place: 'Stopsley Village Practice', inspectorIds: [w.people.lead.id] });
    expect(visit.statusCode).toBe(400);
    expectFieldError(visit.body, 'date-day', 'Date of the visit must be a real date', 'date');
    expect(visit.body).toContain('value="Stopsley Village Practice"');
    // A date outside fieldwork is refused in words, not as an ISO date.
    const outside = await lead.post(`/inspections/${id}/programme/visits/new`, { serviceName: 'GP practice', organisationId: '', ...date('date', '1', '12', '2025'), startTime: '09:30', endTime: '12:00', place: 'Stopsley Village Practice', inspectorIds: [w.people.lead.id] });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toMatch(/The visit must be during fieldwork, \d+ \w+ 2025 to \d+ \w+ 2025/);
    expect(outside.body).toContain('href="#date-day"');
    expect(await count('programme_visits')).toBe(visits);
  });

  it('an evidence item and a briefing: 31 February at the date field, what was typed kept, nothing stored', async () => {
    const items = await count('evidence_items');
    const form = await lead.get(`/inspections/${id}/evidence-items/new`);
    expect(form.body).not.toMatch(/type="date"|datetime-local/);
    expectDatePart(form.body, 'refersToDate-day', '7');
    const item = await lead.post(`/inspections/${id}/evidence-items`, { type: 'observation', evidenceCategory: '', visitId: '', ...date('refersToDate', '31', '2', '2025'), body: 'Vaccine fridge at 9°C on arrival.', intent: 'record' });
    expect(item.statusCode).toBe(400);
    expectFieldError(item.body, 'refersToDate-day', 'Date the evidence refers to must be a real date', 'refersToDate');
    expect(item.body).toContain('Select the evidence category'); // every problem at once, not the date alone
    expect(item.body).not.toContain('like 2025-10-07');
    expect(item.body).toContain('Vaccine fridge at 9°C on arrival.</textarea>');
    expect(await count('evidence_items')).toBe(items);

    const briefings = await count('briefings');
    const page = await lead.get(`/inspections/${id}/briefings`);
    expect(page.body).not.toMatch(/datetime-local/);
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const body = { formToken: token, kind: 'briefing', heldTime: '16:00', attendees: 'Paula Practice, Practice manager', points: 'Day one: records seen, staff met.', recommendationAreas: '' };
    const bad = await lead.post(`/inspections/${id}/briefings`, { ...body, ...date('heldOn', '31', '2', '2025') });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, 'heldOn-day', 'Date it was held must be a real date', 'heldOn');
    expect(bad.body).toContain('Day one: records seen, staff met.</textarea>');
    expect(bad.body).toContain('value="16:00"');
    const badTime = await lead.post(`/inspections/${id}/briefings`, { ...body, heldTime: '4pm-ish', points: '', ...date('heldOn', '7', '10', '2025') });
    expectFieldError(badTime.body, 'heldTime', 'Enter the time it was held, like 16:00');
    expectFieldError(badTime.body, 'points', 'Enter the points made'); // every problem at once
    expect(await count('briefings')).toBe(briefings);
    const saved = await lead.post(`/inspections/${id}/briefings`, { ...body, heldTime: '8:30', ...date('heldOn', '7', '10', '2025') });
    expect(saved.statusCode, saved.body.slice(0, 400)).toBe(303);
    const row = await t.database.db.selectFrom('briefings').select('held_at').executeTakeFirstOrThrow();
    expect(new Date(row.held_at).toISOString()).toBe('2025-10-07T07:30:00.000Z'); // 8:30am British Summer Time
  });

  it('a concern: 11,000 characters of action taken come back at the field with the count; a refused close keeps the choice and the reason', async () => {
    const concern = await raiseConcern(await serviceContextFor(t, w.people.lead, clock), id, { what: 'Emergency oxygen out of date', where: 'Treatment room', risk: 'No oxygen in an emergency', whoMustAct: 'Practice manager', organisationId: w.practice.id });
    const practice = await signIn(t.app, w.people.practiceManager);
    const page = `/inspections/${id}/concerns/${concern.id}`;
    await practice.get(page);
    const longer = `${LONG}${LONG}`.slice(0, 11_000);
    const res = await practice.post(`${page}/response`, { actionTaken: longer });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'actionTaken', 'The action taken must be 10,000 characters or fewer');
    expectCharacterCount(res.body, 'actionTaken', '10,000');
    expect(res.body).toContain(`${longer}</textarea>`);
    const row = await t.database.db.selectFrom('concerns').select('action_taken').where('id', '=', concern.id).executeTakeFirstOrThrow();
    expect(row.action_taken).toBeNull();

    await lead.get(page);
    const close = await lead.post(`${page}/close`, { outcome: 'closed_with_reason', reason: LONG });
    expect(close.statusCode).toBe(400);
    expectFieldError(close.body, 'reason', 'The reason must be 5,000 characters or fewer');
    expect(close.body).toContain(`${LONG}</textarea>`);
    expect(close.body).toMatch(/value="closed_with_reason" checked/);
  });

  it('the plan form: 31 February at the fieldwork start, the rest kept, no inspection created', async () => {
    const before = await count('inspections');
    await lead.get('/inspections/new');
    const res = await lead.post('/inspections/new', {
      kind: 'comprehensive',
      noticeType: 'announced',
      subjectType: 'location',
      subjectCode: 'E81006',
      keyQuestions: ['safe', 'effective'],
      ...date('fieldworkStart', '31', '2', '2026'),
      ...date('fieldworkEnd', '3', '3', '2026'),
      caseListRequest: 'Patients seen at home in the last month',
      'team-0-user': w.people.lead.id,
      'team-0-role': 'lead_inspector',
    });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'fieldworkStart-day', 'Fieldwork start date must be a real date', 'fieldworkStart');
    expectDatePart(res.body, 'fieldworkEnd-day', '3');
    expect(res.body).toContain('Patients seen at home in the last month');
    expect(res.body).not.toMatch(/type="date"/);
    expect(await count('inspections')).toBe(before);
  });
});

/** A textarea shown with the GOV.UK character count (before anything is typed). */
function expectCharacterCountPresent(body: string, fieldId: string): void {
  const at = body.search(new RegExp(`<textarea[^>]*id="${fieldId}"`));
  expect(at).toBeGreaterThan(0);
  expect(body.slice(body.lastIndexOf('<div class="govuk-form-group', at), at)).toContain('data-module="govuk-character-count"');
}

describe('the response statement', () => {
  let t: TestApp;
  let w: PublishedWorld;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-02-20T10:00:00Z') });
    w = await createPublishedReport(t.database.db);
  });
  afterAll(async () => t.close());

  it('6,000 characters come back at the field with the count; nothing is stored', async () => {
    const org = await signIn(t.app, w.practiceManager);
    const form = await org.get(`/inspections/${w.inspectionId}/report/response`);
    expect(form.statusCode).toBe(200);
    expectCharacterCountPresent(form.body, 'statement');
    const res = await org.post(`/inspections/${w.inspectionId}/report/response`, { statement: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'statement', 'Your response statement must be 1,500 characters or fewer');
    expectCharacterCount(res.body, 'statement', '1,500');
    expect(res.body).toContain(`${LONG}</textarea>`);
    const row = await t.database.db.selectFrom('inspection_reports').select('response_statement').where('id', '=', w.reportId).executeTakeFirstOrThrow();
    expect(row.response_statement).toBeNull();
    // 1,500 characters over several lines (sent as CR LF) are within the limit, as the count shows them.
    const lines = Array.from({ length: 10 }, () => 'We have acted on every recommendation.'.padEnd(149, '.')).join('\r\n');
    expect(lines.replace(/\r\n/g, '\n').length).toBeLessThanOrEqual(1500);
    expect(lines.length).toBeGreaterThan(1500);
    const saved = await org.post(`/inspections/${w.inspectionId}/report/response`, { statement: lines });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
  });
});

describe('an extension decision on the factual accuracy check', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let id = '';
  let requestId = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'approved');
    clock.set('2025-12-18T16:00:00Z');
    expect((await api.lead.post(`/inspections/${id}/report/factual-accuracy`)).statusCode).toBe(200);
    clock.set('2026-01-05T10:00:00Z');
    const asked = await api.practiceManager.post(`/inspections/${id}/report/factual-accuracy/extension-requests`, { reason: 'Our practice manager was in hospital over the holiday period.' });
    expect(asked.statusCode).toBe(201);
    requestId = asked.json().id;
  });
  afterAll(async () => t.close());

  it('31 February and a missing deadline are named at the date field of that request, with what was typed kept; a real date grants it', async () => {
    const manager = await signIn(t.app, w.people.manager);
    const page = await manager.get(`/inspections/${id}/report/factual-accuracy/review`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`id="extension-${requestId}-newDue-day" name="newDue-day"`);
    expect(page.body).not.toMatch(/For example, 20\d\d-/);
    const url = `/inspections/${id}/report/factual-accuracy/extension/${requestId}`;
    const bad = await manager.post(url, { grant: 'yes', ...date('newDue', '31', '2', '2026'), reason: 'Exceptional circumstances' });
    expect(bad.statusCode).toBe(400);
    expectFieldError(bad.body, `extension-${requestId}-newDue-day`, 'New deadline must be a real date', `extension-${requestId}-newDue`);
    expect(bad.body).toMatch(/value="yes" checked/);
    expect(bad.body).toContain('Exceptional circumstances</textarea>');
    const none = await manager.post(url, { grant: 'yes', ...date('newDue', '', '', ''), reason: '' });
    expectFieldError(none.body, `extension-${requestId}-newDue-day`, 'Enter a new deadline after Tuesday 6 January 2026', `extension-${requestId}-newDue`);
    const undecided = await manager.post(url, { ...date('newDue', '', '', ''), reason: '' });
    expectFieldError(undecided.body, `extension-${requestId}-grant`, 'Choose whether to grant the extension');
    const granted = await manager.post(url, { grant: 'yes', ...date('newDue', '13', '1', '2026'), reason: 'Exceptional circumstances' });
    expect(granted.statusCode, granted.body.slice(0, 300)).toBe(303);
    const row = await t.database.db.selectFrom('fa_extension_requests').select(['status', 'new_due']).where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(row.status).toBe('granted');
    expect(String(row.new_due).slice(0, 10)).toBe('2026-01-13');
  });
});
