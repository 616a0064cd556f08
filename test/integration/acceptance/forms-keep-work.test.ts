/**
 * Forms never lose work (issue 17): three forms of different kinds (the public's feedback, an
 * inspector's report section, a provider's action plan). 6,000 characters typed into a long field
 * come back in the re-rendered form with an error at the field (linked from the summary) and the
 * character count; nothing is stored. An impossible date (31 February) gets the GOV.UK date
 * pattern's message at the date field and keeps everything else typed. No validator text appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { createPublishedReport, type PublishedWorld } from '../../factories/published-report.factory.js';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, type PracticeWorld } from '../../factories/report.factory.js';
import { TEST_PASSWORD } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { LONG, expectCharacterCount, expectFieldError } from '../../support/form-assertions.js';

describe('public feedback form', () => {
  let t: TestApp;
  let practice: Awaited<ReturnType<typeof createRegisteredPractice>>;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-20T10:00:00Z') });
    practice = await createRegisteredPractice(t.database.db, { name: 'Meadow Lane Surgery' });
  });
  afterAll(async () => t.close());

  const form = (overrides: Record<string, string>) => ({ submittedAs: 'someone_else', whatHappened: 'Kind staff.', day: '3', month: '11', year: '2026', contactName: 'Pat Jones', contactEmail: 'pat@example.com', contactPhone: '', mayContact: 'yes', website: '', ...overrides });
  const count = () => t.database.db.selectFrom('feedback').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

  it('6,000 characters come back with the error at the field and the character count; nothing is stored', async () => {
    const s = anonymous(t.app);
    const res = await s.post(`/give-feedback/service/${practice.locationId}`, form({ whatHappened: LONG }));
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'whatHappened', 'What happened must be 5,000 characters or fewer');
    expectCharacterCount(res.body, 'whatHappened', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('value="Pat Jones"');
    expect(Number((await count()).n)).toBe(0);
  });

  it('31 February gets the date message at the date field and keeps the rest', async () => {
    const s = anonymous(t.app);
    const res = await s.post(`/give-feedback/service/${practice.locationId}`, form({ day: '31', month: '2', year: '2026', whatHappened: 'The nurse listened to my mother.' }));
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'when-day', 'When it happened must be a real date', 'when');
    expect(res.body).toContain('The nurse listened to my mother.</textarea>');
    expect(res.body).toMatch(/name="day"[^>]*value="31"|value="31"[^>]*name="day"/);
    expect(res.body).toContain('value="pat@example.com"');
    expect(Number((await count()).n)).toBe(0);
  });
});

describe('report section form', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    id = await inspectionThroughFieldwork(await practiceApis(t, w, clock), w, clock);
    await judgeInspection(t.database.db, id, w);
    clock.set('2025-10-27T11:00:00Z');
  });
  afterAll(async () => t.close());

  it('a 6,000-character change note comes back with its error and count; the long section text is kept and nothing is stored', async () => {
    const lead = await signIn(t.app, { email: w.people.lead.email, password: TEST_PASSWORD });
    expect(TestSession.location(await lead.post(`/inspections/${id}/report/start`, {}))).toContain('notice=started');
    const versions = () => t.database.db.selectFrom('report_versions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const before = Number((await versions()).n);
    const sectionText = `${'The practice has clear leadership and a shared vision. '.repeat(300)}`.trim(); // ~16,500 characters: no arbitrary cap
    const res = await lead.post(`/inspections/${id}/report/sections/summary`, { body: sectionText, note: LONG, basedOnVersion: '1' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'note', 'What you changed must be 1,000 characters or fewer');
    expectCharacterCount(res.body, 'note', '1,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain(`${sectionText}</textarea>`);
    expect(Number((await versions()).n)).toBe(before);

    // The same long section text with a short note is saved whole.
    const saved = await lead.post(`/inspections/${id}/report/sections/summary`, { body: sectionText, note: 'Fuller summary', basedOnVersion: '1' });
    expect(saved.statusCode).toBe(303);
    const latest = await t.database.db.selectFrom('report_versions').select(['sections']).orderBy('version', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(latest.sections)).toContain(sectionText.slice(-200));
  });
});

describe('action plan form', () => {
  let t: TestApp;
  let w: PublishedWorld;
  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock('2026-02-20T10:00:00Z') });
    w = await createPublishedReport(t.database.db);
  });
  afterAll(async () => t.close());

  const actions = () => t.database.db.selectFrom('action_plan_actions').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const form = (overrides: Record<string, string | string[]>) => ({
    title: 'Monthly governance meetings',
    ownerName: 'Dr Imran Qureshi, GP partner',
    'due-day': '30',
    'due-month': '4',
    'due-year': '2026',
    covers: [`recommendation:${w.recommendationIds[0]}`],
    milestones: '',
    ...overrides,
  });

  it('6,000 characters in the action come back with the error at the field and the count; nothing is stored', async () => {
    const org = await signIn(t.app, w.practiceManager);
    const res = await org.post(`/inspections/${w.inspectionId}/action-plan/actions`, form({ title: LONG }));
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'title', 'Action must be 500 characters or fewer');
    expectCharacterCount(res.body, 'title', '500');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('value="Dr Imran Qureshi, GP partner"');
    expect(Number((await actions()).n)).toBe(0);
  });

  it('31 February gets the date pattern message at the date field and keeps the rest', async () => {
    const org = await signIn(t.app, w.practiceManager);
    const res = await org.post(`/inspections/${w.inspectionId}/action-plan/actions`, form({ 'due-day': '31', 'due-month': '2', 'due-year': '2026' }));
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'due-day', 'Due date must be a real date', 'due');
    expect(res.body).toMatch(/class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="due-day" name="due-day" type="text" value="31"/);
    expect(res.body).toContain('Monthly governance meetings</textarea>');
    expect(res.body).toMatch(/value="recommendation:[^"]+" checked/);
    expect(Number((await actions()).n)).toBe(0);

    const missing = await org.post(`/inspections/${w.inspectionId}/action-plan/actions`, form({ 'due-day': '30', 'due-month': '', 'due-year': '2026' }));
    expectFieldError(missing.body, 'due-month', 'Due date must include a month', 'due');
  });
});
