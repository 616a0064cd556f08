/**
 * Issue 14, item 8: a planned (unannounced) inspection is seen only by its team and managers, in
 * every list, including the feedback triage's "link to an inspection" choice; the name, email and
 * phone of a person who gave feedback are shown only to those triaging that feedback (inspection
 * managers, the inspector handling it, the team of the inspection it is linked to), and every view
 * of them is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_HIDDEN_TEXT } from '../../../src/web/feedback/triage.view-model.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser, type TestUser } from '../../factories/user.factory.js';
import { anonymous, signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#8220;|&ldquo;/g, '“').replace(/&#8221;|&rdquo;/g, '”');

describe('feedback triage keeps unannounced inspections and feedback givers confidential', () => {
  let t: TestApp;
  let practice: Awaited<ReturnType<typeof createRegisteredPractice>>;
  let lead: TestUser;
  let outsider: TestUser;
  let manager: TestUser;
  let admin: TestUser;
  let planned: { id: string; reference: string };
  let feedbackId: string;
  const contact = { contactName: 'Alex Giver', contactEmail: 'alex.giver@example.com', contactPhone: '07700 900123' };

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.db;
    practice = await createRegisteredPractice(db, { name: 'Quiet Lane Surgery' });
    const regulator = await createOrganisation(db, 'regulator');
    lead = await createUser(db, 'inspector', { organisation: regulator });
    outsider = await createUser(db, 'inspector', { organisation: regulator });
    manager = await createUser(db, 'inspectionManager', { organisation: regulator });
    admin = await createUser(db, 'administrator', { organisation: regulator });
    planned = await db
      .insertInto('inspections')
      .values({ reference: `INS-2026-7${String(process.pid).slice(-5)}`, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: practice.organisation.id, key_questions: ['safe'], notice_type: 'unannounced', fieldwork_start: '2026-12-20', fieldwork_end: '2026-12-20' })
      .returning(['id', 'reference'])
      .executeTakeFirstOrThrow();
    await db.insertInto('inspection_team').values({ inspection_id: planned.id, user_id: lead.id, role: 'lead_inspector' }).execute();
    const s = anonymous(t.app);
    const sent = await s.post(
      `/give-feedback/service/${practice.locationId}`,
      { submittedAs: 'myself', whatHappened: 'Nobody answered the phone for three days.', day: '2', month: '11', year: '2026', ...contact, mayContact: 'yes', website: '' },
      { headers: { 'x-forwarded-for': '192.0.2.201' } },
    );
    const reference = TestSession.location(sent).split('/').pop() as string;
    feedbackId = (await db.selectFrom('feedback').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t.close());

  const contactViews = async () => t.database.db.selectFrom('audit_events').select(['actor_user_id']).where('action', '=', 'FEEDBACK_CONTACT_DETAILS_VIEWED').where('subject_id', '=', feedbackId).execute();
  const showsContact = (body: string) => [contact.contactName, contact.contactEmail, contact.contactPhone].some((v) => body.includes(v));

  it('an inspector not on the team cannot see, nor link feedback to, a planned unannounced inspection', async () => {
    const s = await signIn(t.app, outsider);
    const page = await s.get(`/feedback/${feedbackId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(planned.reference);
    const api = await s.get(`/api/v1/feedback/${feedbackId}`);
    expect(api.statusCode).toBe(200);
    expect(api.body).not.toContain(planned.reference);
    const linked = await s.post(`/feedback/${feedbackId}`, { status: 'in_review', outcome: '', note: 'Linking it.', inspectionId: planned.id });
    expect(linked.statusCode).toBe(400);
    expect(linked.body).not.toContain(planned.reference);
    expect((await t.database.db.selectFrom('feedback').select('linked_inspection_id').where('id', '=', feedbackId).executeTakeFirstOrThrow()).linked_inspection_id).toBeNull();
  });

  it('the planned inspection’s own team and inspection managers do see it in the list', async () => {
    for (const who of [lead, manager]) {
      const page = await (await signIn(t.app, who)).get(`/feedback/${feedbackId}`);
      expect(page.body, who.email).toContain(planned.reference);
    }
  });

  it('an inspector who has not taken the feedback on sees that contact details were given, not what they are', async () => {
    const before = (await contactViews()).length;
    const s = await signIn(t.app, outsider);
    const page = await s.get(`/feedback/${feedbackId}`);
    expect(showsContact(page.body)).toBe(false);
    expect(decode(page.body)).toContain(CONTACT_HIDDEN_TEXT);
    const api = await s.get(`/api/v1/feedback/${feedbackId}`);
    expect(showsContact(api.body)).toBe(false);
    expect(JSON.parse(api.body)).toMatchObject({ contact: null, contactHidden: true });
    expect((await contactViews()).length).toBe(before);
  });

  it('an administrator can open the feedback but never the giver’s contact details', async () => {
    const page = await (await signIn(t.app, admin)).get(`/feedback/${feedbackId}`);
    expect(page.statusCode).toBe(200);
    expect(showsContact(page.body)).toBe(false);
  });

  it('an inspection manager sees the contact details, and the view is audited with who looked', async () => {
    const page = await (await signIn(t.app, manager)).get(`/feedback/${feedbackId}`);
    expect(page.body).toContain(contact.contactEmail);
    expect(page.body).toContain(contact.contactPhone);
    expect((await contactViews()).map((v) => v.actor_user_id)).toContain(manager.id);
  });

  it('the inspector who takes the feedback on then sees the contact details, each view audited', async () => {
    const s = await signIn(t.app, outsider);
    const took = await s.post(`/feedback/${feedbackId}`, { status: 'in_review', outcome: '', note: 'I will call them back.', inspectionId: '' });
    expect(took.statusCode).toBe(303);
    const before = (await contactViews()).filter((v) => v.actor_user_id === outsider.id).length;
    const page = await s.get(`/feedback/${feedbackId}`);
    expect(page.body).toContain(contact.contactName);
    await s.get(`/api/v1/feedback/${feedbackId}`);
    expect((await contactViews()).filter((v) => v.actor_user_id === outsider.id).length).toBe(before + 2);
  });

  it('feedback shared with the service never carries the giver’s name or contact details, though they agreed to be contacted by us', async () => {
    const practiceManager = await createUser(t.database.db, 'providerUser', { organisation: practice.organisation });
    const shared = await (await signIn(t.app, manager)).post(`/feedback/${feedbackId}`, { status: 'closed', outcome: 'shared_with_provider', note: 'Shared so the practice can respond about its phones.', inspectionId: '' });
    expect(shared.statusCode, shared.body).toBe(303);
    const s = await signIn(t.app, practiceManager);
    const page = await s.get(`/shared-feedback/${feedbackId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nobody answered the phone for three days.');
    expect(showsContact(page.body)).toBe(false);
    expect(page.body).toContain('We do not share the name or contact details of people who give feedback.');
    const list = await s.get('/shared-feedback');
    expect(showsContact(list.body)).toBe(false);
    const api = await s.get(`/api/v1/shared-feedback/${feedbackId}`);
    expect(api.statusCode).toBe(200);
    expect(showsContact(api.body)).toBe(false);
    expect(showsContact((await s.get('/api/v1/shared-feedback')).body)).toBe(false);
  });
});
