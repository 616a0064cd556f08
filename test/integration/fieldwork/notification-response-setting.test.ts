/**
 * Issue 19: the response deadline of a statutory notification is a setting
 * (NOTIFICATION_RESPONSE_WORKING_DAYS, NOTIFICATION_URGENT_RESPONSE_WORKING_DAYS), counted in
 * working days with bank holidays; past it, the triage queue says the notification is overdue.
 * An inspection manager hands a notification to an inspector to own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createCareWorld, type CareWorld } from '../../factories/provider-portal.factory.js';
import { submitNotification } from '../../../src/services/provider-portal/statutory-notifications.service.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: CareWorld;
// Friday 27 March 2026, before Easter (Good Friday 3 April and Easter Monday 6 April are bank holidays).
const clock = new MovableClock(new Date('2026-03-27T10:00:00Z'));
beforeAll(async () => {
  t = await createTestApp({ clock, config: { notificationResponseWorkingDays: 10, notificationUrgentResponseWorkingDays: 2 } });
  w = await createCareWorld(t.database.db);
});
afterAll(async () => t.close());

describe('notification response deadline', () => {
  it('follows the settings, skips bank holidays, and shows overdue in the queue', async () => {
    const rm = await serviceContextFor(t, w.people.registeredManager, clock);
    const person = { personReference: 'BH-77', personAgeBand: '75 to 84', personInitials: 'AB' };
    const urgent = await submitNotification(rm, { organisationId: w.location.id, type: 'death', channel: 'web', values: { ...person, eventDate: '2026-03-26', expected: 'yes', place: 'service', whatHappened: 'Died peacefully at night with family present; end of life care plan in place.' } });
    const routine = await submitNotification(rm, { organisationId: w.location.id, type: 'dols', channel: 'web', values: { ...person, eventDate: '2026-03-26', applicationDate: '2026-02-02', dolsOutcome: 'authorised' } });
    const due = async (id: string) => (await t.database.db.selectFrom('statutory_notifications').select('respond_by').where('id', '=', id).executeTakeFirstOrThrow()).respond_by.toISOString();
    // Two working days: Monday 30, Tuesday 31 March (end of the day, London summer time).
    expect(await due(urgent.id)).toBe('2026-03-31T22:59:59.999Z');
    // Ten working days, Good Friday and Easter Monday skipped: Tuesday 14 April.
    expect(await due(routine.id)).toBe('2026-04-14T22:59:59.999Z');

    clock.set('2026-04-02T09:00:00Z');
    const queue = (await (await signIn(t.app, w.people.lead)).get('/notifications')).body;
    const row = (ref: string) => queue.split('data-testid="notification-row"').find((r) => r.includes(ref)) ?? '';
    expect(row(urgent.reference)).toContain('Respond by 31 March 2026 (overdue)');
    expect(row(routine.reference)).toContain('Respond by 14 April 2026');
    expect(row(routine.reference)).not.toContain('(overdue)');
  });

  it('an inspection manager hands a notification to an inspector, who is told; only inspectors and managers can own one', async () => {
    const db = t.database.db;
    const n = await db.selectFrom('statutory_notifications').select(['id', 'reference', 'owner_id']).where('organisation_id', '=', w.location.id).where('type', '=', 'dols').executeTakeFirstOrThrow();
    expect(n.owner_id).toBe(w.people.lead.id);
    const manager = await signIn(t.app, w.people.otherManager);
    const page = await manager.get(`/notifications/${n.id}`);
    expect(page.body).toContain(`<option value="${w.people.teamInspector.id}">${w.people.teamInspector.name}</option>`);
    const wrong = await manager.post(`/notifications/${n.id}/triage`, { status: 'in_review', outcome: '', note: 'Passing to Tomas.', inspectionId: '', ownerId: w.people.registeredManager.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Choose an inspector or inspection manager to own it');
    // What was typed is kept.
    expect(wrong.body).toContain('Passing to Tomas.');
    const handed = await manager.post(`/notifications/${n.id}/triage`, { status: 'in_review', outcome: '', note: 'Passing to Tomas, who knows the home.', inspectionId: '', ownerId: w.people.teamInspector.id });
    expect(handed.statusCode).toBe(303);
    expect((await db.selectFrom('statutory_notifications').select('owner_id').where('id', '=', n.id).executeTakeFirstOrThrow()).owner_id).toBe(w.people.teamInspector.id);
    const told = await db.selectFrom('notifications').select('title').where('user_id', '=', w.people.teamInspector.id).execute();
    expect(told.map((x) => x.title)).toContain(`Notification ${n.reference} is yours to deal with`);
    const mine = await (await signIn(t.app, w.people.teamInspector)).get('/notifications?status=mine');
    expect(mine.body).toContain(n.reference);
  });
});
