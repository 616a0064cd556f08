/**
 * Forms never lose work (issue 17), the forms converted last: adding a user (administrator),
 * inviting a colleague and accepting the invitation, the API tokens form, feedback triage, asking for an information return,
 * the report workspace's recommendation form, a new organisation on the participants page (the
 * service's postcode and similar-name checks with the schema's) and a briefing's attendees (a line
 * with no role named at once with the other problems). Each is checked once at the edge with zod:
 * an over-long value or a missing answer comes back in the re-rendered form (400) with the error
 * summary, a message at each field, everything typed kept and no validator text, every problem
 * at once, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/data/database.js';
import { createInspection, type PlanInput } from '../../../src/services/inspections/inspection-plan.service.js';
import { hashPassword } from '../../../src/services/passwords.js';
import { createStopsleyWorld, stopsleyInFieldwork } from '../../factories/fieldwork.factory.js';
import { createLutonWorld, lutonInspectionBody, MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage } from '../../factories/report.factory.js';
import { createUser, TEST_PASSWORD } from '../../factories/user.factory.js';
import { LONG, expectCharacterCount, expectFieldError } from '../../support/form-assertions.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const rows = async (t: TestApp, table: keyof Database) => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('people, tokens, feedback and information returns keep what was typed', () => {
  let t: TestApp;
  let admin: TestSession;
  let practice: Awaited<ReturnType<typeof createRegisteredPractice>>;

  beforeAll(async () => {
    t = await createTestApp();
    const regulator = await createOrganisation(t.database.db, 'regulator');
    admin = await signIn(t.app, await createUser(t.database.db, 'administrator', { organisation: regulator }));
    practice = await createRegisteredPractice(t.database.db, { name: 'Meadow Lane Surgery' });
    await createUser(t.database.db, 'providerUser', { organisation: practice.organisation, email: 'taken@test.example' });
  });
  afterAll(async () => t.close());

  it('adding a user: every problem at once (unknown organisation, no role, an over-long name, an address in use), typed text kept, nobody added', async () => {
    const page = await admin.get('/admin/users/new');
    expect(page.body).toContain('Up to 200 characters');
    const before = await rows(t, 'users');
    const name = 'Nadia Begum-Hargreaves '.repeat(10);
    const res = await admin.post('/admin/users/new', { organisation: 'NOPE1', name, email: 'taken@test.example', jobTitle: 'Receptionist', role: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'organisation', 'No organisation has the ID NOPE1');
    expectFieldError(res.body, 'name', 'Full name must be 200 characters or fewer');
    expectFieldError(res.body, 'email', 'Someone with this email address already has an account');
    expectFieldError(res.body, 'role', 'Select a role');
    expect(res.body).toContain(`value="${name}"`);
    expect(res.body).toContain('value="Receptionist"');
    expect(await rows(t, 'users')).toBe(before);
  });

  it('inviting a colleague: an over-long job title and an address in use named at once; nobody invited', async () => {
    const orgAdmin = await createUser(t.database.db, 'providerAdmin', { organisation: practice.organisation });
    const s = await signIn(t.app, orgAdmin);
    const url = `/organisations/${practice.organisation.id}/invite`;
    expect((await s.get(url)).body).toContain('Up to 200 characters');
    const before = await rows(t, 'users');
    const jobTitle = 'Senior practice receptionist '.repeat(8);
    const res = await s.post(url, { name: '', email: 'taken@test.example', jobTitle });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'name', 'Enter their full name');
    expectFieldError(res.body, 'jobTitle', 'Job title must be 200 characters or fewer');
    expectFieldError(res.body, 'email', 'Someone with this email address already has an account');
    expect(res.body).toContain(`value="${jobTitle}"`);
    expect(await rows(t, 'users')).toBe(before);
  });

  it('accepting an invitation: an over-long name and a short password named at once, the name kept; the account is not set up', async () => {
    const orgAdmin = await createUser(t.database.db, 'providerAdmin', { organisation: practice.organisation });
    const s = await signIn(t.app, orgAdmin);
    expect((await s.post(`/organisations/${practice.organisation.id}/invite`, { name: 'Omar Okafor', email: 'omar.okafor@test.example' })).statusCode).toBe(303);
    const email = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', 'omar.okafor@test.example').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const link = new URL(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/.exec(email.text_body)?.[0] ?? 'http://x/').pathname;
    const invitee = anonymous(t.app);
    expect((await invitee.get(link)).body).toContain('Up to 200 characters');
    const name = 'Omar Okafor-Whitworth '.repeat(10);
    const res = await invitee.post(link, { name, password: 'short', confirmPassword: 'short' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'name', 'Full name must be 200 characters or fewer');
    expectFieldError(res.body, 'password', 'Password must be 12 characters or more');
    expect(res.body).toContain(`value="${name}"`);
    const user = await t.database.db.selectFrom('users').select(['status', 'name']).where('email', '=', 'omar.okafor@test.example').executeTakeFirstOrThrow();
    expect(user).toEqual({ status: 'invited', name: 'Omar Okafor' });
  });

  it('an API token: no name and too many days named at once, the limit in the hint; no token made', async () => {
    const s = await signIn(t.app, await createUser(t.database.db, 'inspector'));
    expect((await s.get('/account/tokens')).body).toContain('Up to 100 characters');
    const before = await rows(t, 'personal_access_tokens');
    const res = await s.post('/account/tokens', { name: '', expiresInDays: '999' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'name', 'Give the token a name, so you can recognise it later');
    expectFieldError(res.body, 'expiresInDays', 'A token lasts between 1 and 366 days');
    expect(res.body).toContain('value="999"');
    const long = await s.post('/account/tokens', { name: 'Case management import '.repeat(6), expiresInDays: '30' });
    expectFieldError(long.body, 'name', 'Name must be 100 characters or fewer');
    expect(long.body).toContain(`value="${'Case management import '.repeat(6)}"`);
    expect(await rows(t, 'personal_access_tokens')).toBe(before);
  });

  it('feedback triage: 6,000 characters of notes come back at the field with the count, with the missing status; nothing recorded', async () => {
    const sent = await anonymous(t.app).post(`/give-feedback/service/${practice.locationId}`, { submittedAs: 'myself', whatHappened: 'Nobody replied to my complaint about the appointment system.', day: '3', month: '11', year: '2026', contactName: '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '' }, { headers: { 'x-forwarded-for': '192.0.2.77' } });
    expect(sent.statusCode).toBe(303);
    const reference = TestSession.location(sent).split('/').pop() as string;
    const fb = await t.database.db.selectFrom('feedback').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    const s = await signIn(t.app, await createUser(t.database.db, 'inspector'));
    expectCharacterCount((await s.get(`/feedback/${fb.id}`)).body, 'note', '5,000');
    const res = await s.post(`/feedback/${fb.id}`, { status: '', outcome: '', note: LONG, inspectionId: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'note', 'What you did must be 5,000 characters or fewer');
    expectFieldError(res.body, 'status', 'Select what is happening with this feedback');
    expectCharacterCount(res.body, 'note', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    const after = await t.database.db.selectFrom('feedback').select(['status', 'action_taken']).where('id', '=', fb.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'received', action_taken: fb.action_taken });
    expect(await rows(t, 'feedback_triage_events')).toBe(0);
  });

  it('asking for an information return: an unknown location and a 6,000-character note named at once; nothing requested', async () => {
    const s = await signIn(t.app, await createUser(t.database.db, 'inspector'));
    expectCharacterCount((await s.get('/information-returns')).body, 'note', '5,000');
    const before = await rows(t, 'information_return_requests');
    const res = await s.post('/information-returns', { locationId: 'no-such-id', note: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'organisationId', 'No location or provider on the register has the ID no-such-id', 'locationId');
    expectFieldError(res.body, 'note', 'The note must be 5,000 characters or fewer');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(res.body).toContain('value="no-such-id"');
    expect(await rows(t, 'information_return_requests')).toBe(before);
  });
});

describe('the report workspace keeps a recommendation as typed', () => {
  let t: TestApp;
  let lead: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createPracticeWorld(t.database.db);
    const api = await practiceApis(t, w, clock);
    id = await inspectionThroughFieldwork(api, w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'drafted');
    lead = await signIn(t.app, w.people.lead);
  }, 120_000);
  afterAll(async () => t.close());

  it('6,000 characters of recommendation come back at the field with the count, with every missing answer; nothing is added', async () => {
    expectCharacterCount((await lead.get(`/inspections/${id}/report`)).body, 'text', '5,000');
    const before = await rows(t, 'report_recommendations');
    const res = await lead.post(`/inspections/${id}/report/recommendations`, { strength: '', organisationId: '', text: LONG });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'text', 'The recommendation must be 5,000 characters or fewer');
    expectFieldError(res.body, 'strength', 'Choose &quot;must&quot; or &quot;should&quot;');
    expectFieldError(res.body, 'organisationId', 'Choose an organisation named on the inspection');
    expectCharacterCount(res.body, 'text', '5,000');
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(await rows(t, 'report_recommendations')).toBe(before);
  });
});

describe('the participants page and the briefing form name every problem at once', () => {
  let t: TestApp;
  let lead: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2026-11-26T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createLutonWorld(t.database.db);
    const body = lutonInspectionBody(w, { team: [{ userId: w.people.lead.id, role: 'lead_inspector' }] }) as unknown as PlanInput;
    id = (await createInspection(await serviceContextFor(t, w.people.manager, clock), body)).id;
    await t.database.db.updateTable('users').set({ password_hash: await hashPassword(TEST_PASSWORD) }).where('id', '=', w.people.lead.id).execute();
    lead = await signIn(t.app, { email: w.people.lead.email, password: TEST_PASSWORD });
    await createOrganisation(t.database.db, 'provider', { name: 'Luton Recovery Partnership' });
  });
  afterAll(async () => t.close());

  it('a new organisation with no capacity, a postcode in the wrong form and a name like one already held: all three at once; nothing stored', async () => {
    const before = await rows(t, 'organisations');
    const res = await lead.post(`/inspections/${id}/participants/new-organisation`, { name: 'Luton Recovery Partnership', kind: 'provider', town: 'Luton', postcode: 'NOT A POSTCODE', localAuthorityCode: '', capacity: '' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'capacity', 'Select how the organisation takes part');
    expectFieldError(res.body, 'postcode', 'Enter a real postcode, like LU1 2BQ, or leave it empty');
    expect(res.body).toContain('An organisation with a similar name is already held (Luton Recovery Partnership)');
    expect(res.body).toContain('value="NOT A POSTCODE"');
    expect(res.body).toContain('value="Luton"');
    expect(await rows(t, 'organisations')).toBe(before);
  });
});

describe('a briefing names a line with no role at once', () => {
  let t: TestApp;
  let lead: TestSession;
  let id = '';
  const clock = new MovableClock(new Date('2025-10-07T09:00:00Z'));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const w = await createStopsleyWorld(t.database.db, { password: TEST_PASSWORD });
    id = await stopsleyInFieldwork(t, w, clock);
    lead = await signIn(t.app, w.people.lead);
  });
  afterAll(async () => t.close());

  it('an attendee line with no role and 6,000 characters of points come back together, typed text kept; nothing is stored', async () => {
    const page = await lead.get(`/inspections/${id}/briefings`);
    const token = /name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const before = await rows(t, 'briefings');
    const attendees = 'Paula Practice, Practice manager\nPeter Partner';
    const res = await lead.post(`/inspections/${id}/briefings`, { formToken: token, kind: 'briefing', heldTime: '16:00', attendees, points: LONG, recommendationAreas: '', 'heldOn-day': '7', 'heldOn-month': '10', 'heldOn-year': '2025' });
    expect(res.statusCode).toBe(400);
    expectFieldError(res.body, 'attendees', 'Enter the role of attendee 2 (one person a line: name, role, organisation)');
    expectFieldError(res.body, 'points', 'Points made must be 5,000 characters or fewer');
    expect(res.body).toContain(`${attendees}</textarea>`);
    expect(res.body).toContain(`${LONG}</textarea>`);
    expect(await rows(t, 'briefings')).toBe(before);
  });
});
