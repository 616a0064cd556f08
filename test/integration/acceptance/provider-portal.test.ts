/**
 * Acceptance (issue 19): the provider's side between inspections.
 * - A serious-injury notification with a name in it is refused, then sent, triaged and linked to
 *   an inspection as evidence; a provider's own system sends one through the API, idempotently.
 * - A rating review request refused on day 16 and on word count, another accepted, reviewed by
 *   someone outside the inspection team, the rating changed and published with history.
 * - An information return requested, answered by two colleagues at once, submitted late and flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { createCareWorld, type CareWorld } from '../../factories/provider-portal.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: CareWorld;
const clock = new MovableClock(new Date('2026-03-04T10:00:00Z'));
beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await createCareWorld(t.database.db, { publicationDate: '2026-03-02' });
});
afterAll(async () => t.close());

const injury = (whatHappened: string) => ({
  personReference: 'BH-0412',
  personAgeBand: '85 or over',
  personInitials: 'M.T.',
  'eventDate-day': '3',
  'eventDate-month': '3',
  'eventDate-year': '2026',
  injuryCategories: ['structural_change', 'treatment_to_prevent'],
  whatHappened,
});

describe('statutory notifications', () => {
  it('refuses a name, then is sent, received, triaged and becomes evidence of an inspection', async () => {
    const db = t.database.db;
    clock.set('2026-03-04T10:00:00Z');
    const rm = await signIn(t.app, w.people.registeredManager);
    const choose = await rm.get('/notifications/new');
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('Serious injury to a person using the service');
    const formUrl = `/notifications/new/serious_injury?organisationId=${w.location.id}`;
    const form = await rm.get(formUrl);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Changes to the structure of the body');

    const named = await rm.post(formUrl, injury('Mrs Margaret Thompson fell in the lounge and fractured her hip.'));
    expect(named.statusCode).toBe(400);
    expect(named.body).toContain('Remove &quot;Mrs Margaret Thompson&quot;: it looks like a name');
    // What was typed is kept.
    expect(named.body).toContain('BH-0412');
    expect(await db.selectFrom('statutory_notifications').select('id').where('organisation_id', '=', w.location.id).execute()).toHaveLength(0);
    const nhs = await rm.post(formUrl, { ...injury('The resident fell.'), personReference: '943 476 5919' });
    expect(nhs.body).toContain('Do not use an NHS number as the reference');

    const sent = await rm.post(formUrl, injury('The resident fell in the lounge at night and fractured a hip. Taken to hospital by ambulance; falls risk assessment reviewed.'));
    expect(sent.statusCode).toBe(303);
    const receiptUrl = TestSession.location(sent);
    const receipt = await rm.get(receiptUrl);
    const reference = /data-testid="receipt-reference">(NTF-[A-Z0-9-]+)</.exec(receipt.body)?.[1];
    expect(reference).toMatch(/^NTF-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(receipt.body).toMatch(/data-testid="status">Received</);
    // The organisation never sees the regulator's priority or triage form.
    expect(receipt.body).not.toContain('data-testid="priority"');
    const email = await db.selectFrom('outbox_emails').selectAll().where('subject', '=', `Notification received: ${reference}`).executeTakeFirstOrThrow();
    expect(email.to_address).toBe(w.people.registeredManager.email);
    expect((await rm.get('/notifications')).body).toContain(reference!);

    // Another colleague of the provider sees it in the organisation's history; another provider cannot open it.
    const colleague = await signIn(t.app, w.people.colleague);
    expect((await colleague.get('/notifications')).body).toContain(reference!);
    const outsider = await signIn(t.app, w.people.outsider);
    expect((await outsider.get(receiptUrl)).statusCode).toBe(404);
    expect((await outsider.get(formUrl)).statusCode).toBe(404);

    // The regulator's queue: urgent, owned by the lead of the latest inspection, with a response deadline.
    const lead = await signIn(t.app, w.people.lead);
    const queue = await lead.get('/notifications');
    expect(queue.body).toContain(reference!);
    const row = await db.selectFrom('statutory_notifications').selectAll().where('reference', '=', reference!).executeTakeFirstOrThrow();
    expect(row.priority).toBe('urgent');
    expect(row.owner_id).toBe(w.people.lead.id);
    // Urgent: one working day (Wednesday 4 March → end of Thursday 5 March, London time).
    expect(row.respond_by.toISOString()).toBe('2026-03-05T23:59:59.999Z');
    const page = await lead.get(receiptUrl);
    expect(page.body).toMatch(/data-testid="priority">Urgent</);
    expect(page.body).toContain('serious injury to a person using the service is always urgent');

    expect((await lead.post(`${receiptUrl.split('?')[0]}/triage`, { status: 'closed', outcome: '', note: '', inspectionId: '' })).statusCode).toBe(400);
    const linked = await lead.post(`/notifications/${row.id}/triage`, { status: 'closed', outcome: 'inspection_evidence', note: 'Falls management to be looked at in the current focused inspection.', inspectionId: w.openInspectionId });
    expect(linked.statusCode).toBe(303);
    const after = await db.selectFrom('statutory_notifications').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('closed');
    expect(after.linked_inspection_id).toBe(w.openInspectionId);
    const evidence = await db.selectFrom('evidence_items').selectAll().where('id', '=', after.evidence_item_id!).executeTakeFirstOrThrow();
    expect(evidence.inspection_id).toBe(w.openInspectionId);
    expect(evidence.body).toContain(`Statutory notification ${reference}`);
    expect(evidence.body).toContain('Changes to the structure of the body');
    // The organisation sees the outcome, not the inspector's note.
    const seen = await rm.get(receiptUrl);
    expect(seen.body).toMatch(/data-testid="status">Dealt with</);
    expect(seen.body).toContain('Added as evidence to an inspection');
    expect(seen.body).not.toContain('Falls management to be looked at');
    const audit = await db.selectFrom('audit_events').select('action').where('subject_id', '=', row.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['STATUTORY_NOTIFICATION_RECEIVED', 'STATUTORY_NOTIFICATION_LINKED_TO_INSPECTION']);
  });

  it('takes notifications from a provider’s own system with a scoped token, once per provider reference', async () => {
    clock.set('2026-03-05T10:00:00Z');
    const token = await tokenFor(t, w.people.registeredManager, clock);
    const api = (method: 'POST' | 'PUT', url: string, payload: object) => t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload });
    const body = { organisationId: w.location.id, type: 'police', providerReference: 'INC-2026-031', details: { eventDate: '2026-03-04', policeReference: 'BD-1234', whatHappened: 'Police were called after a visitor became aggressive in reception; no one was hurt.' } };
    const unscoped = await api('POST', '/notifications', body);
    expect(unscoped.statusCode).toBe(403);
    expect(unscoped.json().error.message).toContain('notifications:submit');
    const tokenId = (await t.database.db.selectFrom('personal_access_tokens').select('id').where('user_id', '=', w.people.registeredManager.id).executeTakeFirstOrThrow()).id;
    expect((await api('PUT', `/tokens/${tokenId}/scopes/notifications`, { enabled: true })).statusCode).toBe(200);
    const first = await api('POST', '/notifications', body);
    expect(first.statusCode).toBe(201);
    const again = await api('POST', '/notifications', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().reference).toBe(first.json().reference);
    // "hurt" is a risk phrase: a police notification becomes urgent.
    const stored = await t.database.db.selectFrom('statutory_notifications').selectAll().where('provider_reference', '=', 'INC-2026-031').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.priority).toBe('urgent');
    const bad = await api('POST', '/notifications', { ...body, providerReference: 'INC-2026-032', details: { ...body.details, whatHappened: 'Nurse Jenkins called the police.' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });
});
