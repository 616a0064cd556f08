/**
 * Issue 19: statutory notifications feed the monitoring score, and "notifications not sent" is
 * measured against the NOTIFICATIONS_QUIET_MONTHS setting (here 6 months, not the default 12):
 * urgent notifications in the last 12 months add points; a care home that has gone quiet for
 * longer than the setting is flagged, on the monitoring page and in the triage queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { createCareWorld, type CareWorld } from '../../factories/provider-portal.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let quiet: CareWorld;
let busy: CareWorld;
let lapsed: CareWorld;
let viaProvider: CareWorld;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-12-01T10:00:00Z'), config: { notificationsQuietMonths: 6 } });
  const db = t.database.db;
  [quiet, busy, lapsed, viaProvider] = [await createCareWorld(db), await createCareWorld(db), await createCareWorld(db), await createCareWorld(db)];
  const sent = async (w: CareWorld, type: string, priority: 'urgent' | 'routine', at: string, organisationId = w.location.id) =>
    db
      .insertInto('statutory_notifications')
      .values({ organisation_id: organisationId, reference: `NTF-T${Math.random().toString(36).slice(2, 8).toUpperCase()}`, type, regulation: '18', details: JSON.stringify({}), summary: type, channel: 'web', status: 'received', priority, priority_explanation: 'test', submitted_by: w.people.registeredManager.id, submitted_at: new Date(at), respond_by: new Date(at) })
      .execute();
  // Two urgent notifications this autumn.
  await sent(busy, 'serious_injury', 'urgent', '2026-10-01T10:00:00Z');
  await sent(busy, 'abuse', 'urgent', '2026-11-02T10:00:00Z');
  // The last expected one eight months ago: quiet for longer than the 6-month setting.
  await sent(lapsed, 'dols', 'routine', '2026-04-01T10:00:00Z');
  // Sent for the provider as a whole (the form offers the provider or its location): it counts for its care home.
  await sent(viaProvider, 'dols', 'routine', '2026-11-01T10:00:00Z', viaProvider.provider.id);
});
afterAll(async () => t.close());

const rowOf = (body: string, name: string) => body.split('data-testid="monitoring-row"').slice(1).find((r) => r.includes(name)) ?? '';

describe('notifications in monitoring', () => {
  it('urgent notifications add to the score; homes quiet for longer than the setting are flagged', async () => {
    const manager = await signIn(t.app, quiet.people.otherManager);
    const page = await manager.get('/monitoring');
    expect(page.statusCode).toBe(200);
    expect(rowOf(page.body, busy.location.name)).toContain('2 urgent statutory notifications (deaths, serious injuries, abuse or flagged) in the last 12 months. (+12)');
    expect(rowOf(page.body, busy.location.name)).not.toContain('notifications may not be being sent');
    expect(rowOf(page.body, quiet.location.name)).toContain('No expected statutory notifications for a long time: notifications may not be being sent. (+10)');
    expect(rowOf(page.body, lapsed.location.name)).toContain('notifications may not be being sent. (+10)');

    // The triage queue lists the quiet homes with the rule in words.
    const queue = await (await signIn(t.app, quiet.people.lead)).get('/notifications');
    const gaps = queue.body.slice(queue.body.indexOf('data-testid="gaps"'));
    expect(gaps).toContain(`${lapsed.location.name}</a>: Notifications not sent: the last expected notification was on`);
    expect(gaps).toContain('more than 6 months ago');
    expect(gaps).toContain(quiet.location.name);
    expect(gaps).not.toContain(busy.location.name);
    expect(gaps).not.toContain(viaProvider.location.name);
    expect(rowOf(page.body, viaProvider.location.name)).not.toContain('notifications may not be being sent');
  });
});
