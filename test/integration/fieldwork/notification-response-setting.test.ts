/**
 * Issue 19: the response deadline of a statutory notification is a setting
 * (NOTIFICATION_RESPONSE_WORKING_DAYS, NOTIFICATION_URGENT_RESPONSE_WORKING_DAYS), counted in
 * working days with bank holidays; past it, the triage queue says the notification is overdue.
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
});
