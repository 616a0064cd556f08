/**
 * ADR 0007 (issue 16, item 5): a patient participation group sees what became of its group
 * feedback through a private link sent to the group's email address: each item's status, what the
 * regulator did, the practice's response or that none came by the date set; never anyone's contact
 * details, never another group's feedback. The link is stored hashed, replaced by a new one and
 * stopped by the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondToFeedback } from '../../../src/services/feedback/feedback-response.service.js';
import { triageFeedback } from '../../../src/services/feedback/feedback-triage.service.js';
import { maskSecretLinks } from '../../../src/services/mail.service.js';
import { hashGroupToken } from '../../../src/services/feedback/group-feedback-links.service.js';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createUser, type TestUser } from '../../factories/user.factory.js';
import { anonymous } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const GROUP_EMAIL = 'ppg.meadow@example.org';
const LINK = /https?:\/\/[^\s]+\/group-feedback\/([A-Za-z0-9_-]{43})/;

describe('a patient participation group follows its feedback through its private link', () => {
  let t: TestApp;
  let practice: Awaited<ReturnType<typeof createRegisteredPractice>>;
  let inspector: TestUser;
  let practiceManager: TestUser;
  let groupId = '';
  let otherGroupId = '';
  let token = '';
  const clock = new MovableClock(new Date('2026-02-02T10:00:00Z'));

  const groupEmails = () => t.database.db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('to_address', '=', GROUP_EMAIL).orderBy('id').execute();
  const tokenFrom = (text: string) => LINK.exec(text)?.[1] ?? '';
  const feedbackId = (text: string) => t.database.db.selectFrom('feedback').select('id').where('what_happened', '=', text).executeTakeFirstOrThrow();
  const send = (group: string, text: string, contact: Record<string, string>) =>
    anonymous(t.app).post(
      `/give-feedback/service/${practice.locationId}`,
      { submittedAs: 'patient_participation_group', groupId: group, whatHappened: text, day: '', month: '1', year: '2026', contactName: 'Jo Chair', contactEmail: '', contactPhone: '', mayContact: 'no', website: '', ...contact },
      { headers: { 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 200) + 20}` } },
    );

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const db = t.database.db;
    practice = await createRegisteredPractice(db, { name: 'Meadow Lane Surgery' });
    groupId = (await db.insertInto('patient_participation_groups').values({ organisation_id: practice.organisation.id, name: 'Meadow Lane Patient Group', description: null, contact_email: GROUP_EMAIL }).returning('id').executeTakeFirstOrThrow()).id;
    otherGroupId = (await db.insertInto('patient_participation_groups').values({ organisation_id: practice.organisation.id, name: 'Meadow Lane Carers Forum', description: null, contact_email: 'carers@example.org' }).returning('id').executeTakeFirstOrThrow()).id;
    inspector = await createUser(db, 'inspector', { organisation: await createOrganisation(db, 'regulator') });
    practiceManager = await createUser(db, 'providerUser', { organisation: practice.organisation, name: 'Pat Manager' });
  });
  afterAll(async () => t.close());

  it('sending group feedback emails the group its private link once; only the hash of the link is stored', async () => {
    expect((await send(groupId, 'The practice meets us every quarter and acts on what we say.', { contactEmail: 'jo.chair@example.org', contactPhone: '07700 900123', mayContact: 'yes' })).statusCode).toBe(303);
    expect((await send(groupId, 'Online booking opens too late in the day for working patients.', {})).statusCode).toBe(303);
    expect((await send(otherGroupId, 'Carers are not told when the carers’ clinic moves.', {})).statusCode).toBe(303);
    const emails = await groupEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe('Meadow Lane Patient Group: see what became of your group\'s feedback');
    token = tokenFrom(emails[0]!.text_body);
    expect(token).not.toBe('');
    const links = await t.database.db.selectFrom('ppg_access_links').selectAll().where('patient_participation_group_id', '=', groupId).execute();
    expect(links).toEqual([expect.objectContaining({ token_hash: hashGroupToken(token), sent_to: GROUP_EMAIL, reason: 'group_feedback_sent', revoked_at: null })]);
    expect(JSON.stringify(links)).not.toContain(token);
    // The outbox page (for administrators) masks the link: only the group may use it.
    expect(maskSecretLinks(emails[0]!.text_body)).not.toContain(token);
  });

  it('the page lists the group’s own feedback with its status, and nobody’s contact details nor another group’s feedback', async () => {
    const page = await anonymous(t.app).get(`/group-feedback/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<title>Your group’s feedback – Meadow Lane Patient Group – Inspectorate</title>');
    expect(page.body).toContain('Your group has sent us 2 pieces of feedback. The practice has not responded to any of them yet.');
    expect(page.body.split('data-testid="group-feedback-item"')).toHaveLength(3);
    expect(page.body).toContain('acts on what we say');
    expect(page.body).toContain('Online booking opens too late');
    expect(page.body).not.toContain('carers’ clinic');
    for (const secret of ['Jo Chair', 'jo.chair@example.org', '07700 900123']) expect(page.body).not.toContain(secret);
    expect(page.body).toMatch(/Status\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Received/);
  });

  it('shared with the practice: the page says when the practice must respond by, then shows its response', async () => {
    const quarterly = (await feedbackId('The practice meets us every quarter and acts on what we say.')).id;
    await triageFeedback(await serviceContextFor(t, inspector, clock), quarterly, { status: 'closed', outcome: 'shared_with_provider', note: 'Shared so the practice can reply to the group.', inspectionId: '' });
    let page = await anonymous(t.app).get(`/group-feedback/${token}`);
    expect(page.body).toContain('Shared with the service so it can respond');
    expect(page.body).toContain('Not yet. The practice has until 2 March 2026 to respond.');

    clock.set('2026-02-10T12:00:00Z');
    await respondToFeedback(await serviceContextFor(t, practiceManager, clock), quarterly, { response: 'Thank you: we will keep reporting back at every quarterly meeting.' });
    page = await anonymous(t.app).get(`/group-feedback/${token}`);
    expect(page.body).toContain('Thank you: we will keep reporting back at every quarterly meeting.');
    expect(page.body).toContain('10 February 2026');
    expect(page.body).toContain('The practice has responded to 1 of them.');
    expect(page.body).not.toContain('Pat Manager');
  });

  it('no response by the date set: the page says so', async () => {
    const booking = (await feedbackId('Online booking opens too late in the day for working patients.')).id;
    await triageFeedback(await serviceContextFor(t, inspector, clock), booking, { status: 'closed', outcome: 'shared_with_provider', note: 'Shared so the practice can reply.', inspectionId: '' });
    clock.set('2026-03-20T09:00:00Z');
    const page = await anonymous(t.app).get(`/group-feedback/${token}`);
    expect(page.body).toContain('The practice did not respond by 10 March 2026. We have noted this when we monitor the practice.');
  });

  it('asking for a new link replaces the old one; an unknown address gets the same answer and no email', async () => {
    const s = anonymous(t.app);
    const form = await s.get('/group-feedback');
    expect(form.body).toContain('Get your group’s private link');
    const empty = await s.post('/group-feedback', { email: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your group’s email address');
    const typo = await s.post('/group-feedback', { email: 'not-an-email' });
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('value="not-an-email"');

    const before = (await t.database.db.selectFrom('outbox_emails').select('id').execute()).length;
    const stranger = await s.post('/group-feedback', { email: 'nobody@example.org' });
    expect(stranger.statusCode).toBe(200);
    expect(stranger.body).toContain('Check your group’s email');
    expect((await t.database.db.selectFrom('outbox_emails').select('id').execute()).length).toBe(before);

    const asked = await s.post('/group-feedback', { email: GROUP_EMAIL.toUpperCase() });
    expect(asked.body).toContain('Check your group’s email');
    const emails = await groupEmails();
    expect(emails).toHaveLength(2);
    expect(emails[1]!.text_body).toContain('The link we sent before no longer works.');
    const fresh = tokenFrom(emails[1]!.text_body);
    expect(fresh).not.toBe(token);
    const old = await s.get(`/group-feedback/${token}`);
    expect(old.statusCode).toBe(404);
    expect(old.body).toContain('This link does not work');
    expect((await s.get(`/group-feedback/${fresh}`)).statusCode).toBe(200);
    // Asking again at once sends nothing more (the answer on screen is the same).
    await s.post('/group-feedback', { email: GROUP_EMAIL });
    expect(await groupEmails()).toHaveLength(2);
    token = fresh;
  });

  it('the group stops its link from its page; the link then no longer works, and the audit trail says so', async () => {
    const s = anonymous(t.app);
    const page = await s.get(`/group-feedback/${token}`);
    expect(page.body).toContain('Stop this link working');
    const stopped = await s.post(`/group-feedback/${token}/stop`, {});
    expect(stopped.statusCode).toBe(200);
    expect(stopped.body).toContain('Your group’s link has been stopped');
    expect((await s.get(`/group-feedback/${token}`)).statusCode).toBe(404);
    expect((await s.get('/group-feedback/not-a-token')).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('subject_id', '=', groupId).orderBy('occurred_at').execute();
    expect(audit.map((a) => a.action)).toEqual(['PPG_LINK_ISSUED', 'PPG_LINK_ISSUED', 'PPG_LINK_STOPPED']);
  });
});
