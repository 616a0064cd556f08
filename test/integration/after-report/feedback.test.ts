/**
 * Give feedback on care, end to end through the pages: find the service, send feedback, get a
 * reference, look up its status; inspectors triage it; abuse limits refuse a flood without
 * refusing a normal person; a risk phrase goes to urgent triage; the location page shows counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let practice: Awaited<ReturnType<typeof createRegisteredPractice>>;

function form(overrides: Record<string, string> = {}): Record<string, string> {
  return { submittedAs: 'myself', whatHappened: 'The receptionist was kind and I got an appointment the same day.', day: '3', month: '11', year: '2026', contactName: '', contactEmail: '', contactPhone: '', mayContact: 'no', website: '', ...overrides };
}

async function send(s: TestSession, fields: Record<string, string>, ip = '192.0.2.10') {
  return s.post(`/give-feedback/service/${practice.locationId}`, fields, { headers: { 'x-forwarded-for': ip } });
}

beforeAll(async () => {
  t = await createTestApp();
  practice = await createRegisteredPractice(t.database.db, { name: 'Meadow Lane Surgery' });
});
afterAll(async () => t.close());

describe('give feedback on care', () => {
  it('finds the service with a search step, then sends feedback and gives a reference', async () => {
    const s = anonymous(t.app);
    const empty = await s.get('/give-feedback/service?q=');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter the name, town or postcode of the service');
    const results = await s.get('/give-feedback/service?q=meadow+lane');
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain(`href="/give-feedback/service/${practice.locationId}"`);
    const page = await s.get(`/give-feedback/service/${practice.locationId}`);
    expect(page.body).toContain('Tell us about Meadow Lane Surgery');

    const res = await send(s, form({ contactEmail: 'pat@example.com', mayContact: 'yes' }));
    expect(res.statusCode).toBe(303);
    const location = TestSession.location(res);
    expect(location).toMatch(/^\/give-feedback\/sent\/FB-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const reference = location.split('/').pop() as string;
    const receipt = await s.get(location);
    expect(receipt.body).toContain(reference);
    const email = await t.database.db.selectFrom('outbox_emails').selectAll().where('to_address', '=', 'pat@example.com').executeTakeFirstOrThrow();
    expect(email.subject).toContain(reference);

    // The person looks it up, typed loosely: status only, never the text.
    const status = await s.get(`/give-feedback/status?reference=${encodeURIComponent(reference.toLowerCase().replace(/-/g, ' '))}`);
    expect(status.statusCode).toBe(200);
    expect(status.body).toMatch(/Status\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Received/);
    expect(status.body).not.toContain('The receptionist was kind');
    const unknown = await s.get('/give-feedback/status?reference=FB-2222-2222');
    expect(unknown.body).toContain('We could not find feedback with that reference');
  });

  it('keeps what was typed and names the fields when the form is incomplete', async () => {
    const s = anonymous(t.app);
    const before = await t.database.db.selectFrom('feedback').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await send(s, form({ whatHappened: '', month: '13', contactEmail: 'not-an-email', contactName: 'Sam Smith' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#whatHappened"');
    expect(res.body).toContain('When it happened must include a month from 1 to 12');
    expect(res.body).toContain('Enter an email address in the correct format');
    expect(res.body).toContain('value="Sam Smith"');
    expect(res.body).toContain('<title>Error: Tell us about Meadow Lane Surgery');
    const after = await t.database.db.selectFrom('feedback').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a flood from one connection with a clear message, without refusing anyone else', async () => {
    const s = anonymous(t.app);
    const flood = '203.0.113.77';
    for (let i = 0; i < 10; i++) expect((await send(s, form({ whatHappened: `Automated message number ${i}` }), flood)).statusCode).toBe(303);
    const refused = await send(s, form({ whatHappened: 'Message eleven, which must not be lost' }), flood);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(refused.body).toContain('A lot of feedback has been sent from your internet connection in the last hour');
    expect(refused.body).toContain('Message eleven, which must not be lost');
    const stored = await t.database.db.selectFrom('feedback').select('id').where('what_happened', '=', 'Message eleven, which must not be lost').execute();
    expect(stored).toEqual([]);
    // A normal person on another connection gets through.
    expect((await send(anonymous(t.app), form(), '198.51.100.4')).statusCode).toBe(303);
  });

  it('refuses a filled honeypot with a message a person can act on, and stores nothing', async () => {
    const s = anonymous(t.app);
    const res = await send(s, form({ whatHappened: 'Honeypot test text', website: 'http://spam.example' }), '192.0.2.55');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Leave this box empty');
    expect(res.body).toContain('Clear that box and send your feedback again');
    expect(res.body).toContain('Honeypot test text');
    expect(await t.database.db.selectFrom('feedback').select('id').where('what_happened', '=', 'Honeypot test text').execute()).toEqual([]);
  });

  it('flags a risk phrase for urgent triage and tells inspection managers', async () => {
    const manager = await createUser(t.database.db, 'inspectionManager', { organisation: await createOrganisation(t.database.db, 'regulator') });
    const res = await send(anonymous(t.app), form({ whatHappened: 'My mother was sent home although the nurse said she was not safe to be alone.' }), '192.0.2.81');
    expect(res.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('feedback').selectAll().where('what_happened', 'like', 'My mother was sent home%').executeTakeFirstOrThrow();
    expect(row.risk_flagged).toBe(true);
    expect(row.risk_rule_version).toBe('feedback-risk/1');
    const notice = await t.database.db.selectFrom('notifications').selectAll().where('user_id', '=', manager.id).executeTakeFirstOrThrow();
    expect(notice.title).toBe('Urgent feedback about Meadow Lane Surgery');
    const s = await signIn(t.app, manager);
    const queue = await s.get('/feedback');
    expect(queue.statusCode).toBe(200);
    // Urgent first.
    const firstRow = queue.body.split('data-testid="feedback-row"')[1] ?? '';
    expect(firstRow).toContain(row.reference);
    expect(firstRow).toContain('Urgent');
    const page = await s.get(`/feedback/${row.id}`);
    expect(page.body).toContain('Flagged for urgent triage (feedback-risk/1)');
    expect(page.body).toContain('“not safe” (unsafe care)');
  });

  it('lets an inspector triage, link to an inspection and close; the person and the public see the outcome', async () => {
    const db = t.database.db;
    const regulator = await createOrganisation(db, 'regulator');
    const inspector = await createUser(db, 'inspector', { organisation: regulator });
    const inspection = await db
      .insertInto('inspections')
      .values({ reference: `INS-2026-9${String(process.pid).slice(-5)}`, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: practice.organisation.id, key_questions: ['safe'], notice_type: 'announced', state: 'notified', fieldwork_start: '2026-12-15', fieldwork_end: '2026-12-15' })
      .returning(['id', 'reference'])
      .executeTakeFirstOrThrow();
    const sent = await send(anonymous(t.app), form({ whatHappened: 'I asked to discuss my complaint with the practice manager and nobody replied.' }), '192.0.2.90');
    const reference = TestSession.location(sent).split('/').pop() as string;
    const fb = await db.selectFrom('feedback').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(fb.themes).toContain('complaints handling');

    // The public page (kept rendered between requests) moves on as soon as the outcome is recorded.
    const beforeClose = await anonymous(t.app).get(`/locations/${practice.locationId}`);
    expect(beforeClose.body).not.toContain('Used as evidence in an inspection');
    const s = await signIn(t.app, inspector);
    const bad = await s.post(`/feedback/${fb.id}`, { status: 'closed', outcome: '', note: '', inspectionId: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select what was done with the feedback before you close it');
    expect(bad.body).toContain('Enter what you did and why');
    expect((await db.selectFrom('feedback').select('status').where('id', '=', fb.id).executeTakeFirstOrThrow()).status).toBe('received');

    const ok = await s.post(`/feedback/${fb.id}`, { status: 'closed', outcome: 'used_in_inspection', note: 'Added to the evidence on complaints handling (Regulation 16).', inspectionId: inspection.id });
    expect(ok.statusCode).toBe(303);
    const page = await s.get(TestSession.location(ok));
    expect(page.body).toContain('Your decision has been recorded.');
    expect(page.body).toContain(inspection.reference);
    const audit = await db.selectFrom('audit_events').selectAll().where('subject_id', '=', fb.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['FEEDBACK_RECEIVED', 'FEEDBACK_LINKED_TO_INSPECTION']);

    const status = await anonymous(t.app).get(`/give-feedback/status?reference=${reference}`);
    expect(status.body).toContain('Dealt with');
    expect(status.body).toContain('Used as evidence in an inspection');

    const location = await anonymous(t.app).get(`/locations/${practice.locationId}`);
    expect(location.statusCode).toBe(200);
    const summary = location.body.split('data-testid="feedback-summary"')[1] ?? '';
    expect(summary).toMatch(/Used as evidence in an inspection<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">\s*1\s*</);
    expect(location.body).not.toContain('nobody replied');
  });

  it('takes feedback from a patient participation group as a group', async () => {
    const db = t.database.db;
    const group = await db.insertInto('patient_participation_groups').values({ organisation_id: practice.organisation.id, name: 'Meadow Lane Patient Group', description: null, contact_email: null }).returning('id').executeTakeFirstOrThrow();
    const s = anonymous(t.app);
    const page = await s.get(`/give-feedback/service/${practice.locationId}`);
    expect(page.body).toContain('Our patient participation group, as a group');
    const missingName = await send(s, form({ submittedAs: 'patient_participation_group', groupId: group.id, whatHappened: 'The practice meets us every quarter and acts on what we say.' }), '192.0.2.120');
    expect(missingName.statusCode).toBe(400);
    expect(missingName.body).toContain('Enter the name of the group member sending this feedback');
    const res = await send(s, form({ submittedAs: 'patient_participation_group', groupId: group.id, contactName: 'Jo Chair', whatHappened: 'The practice meets us every quarter and acts on what we say.' }), '192.0.2.120');
    expect(res.statusCode).toBe(303);
    const row = await db.selectFrom('feedback').selectAll().where('patient_participation_group_id', '=', group.id).executeTakeFirstOrThrow();
    expect(row.submitted_as).toBe('patient_participation_group');
  });

  it('shows the triage pages only to the regulator', async () => {
    expect(TestSession.location(await anonymous(t.app).get('/feedback'))).toMatch(/^\/sign-in/);
    const provider = await createUser(t.database.db, 'providerUser');
    const s = await signIn(t.app, provider);
    expect((await s.get('/feedback')).statusCode).toBe(404);
  });
});
