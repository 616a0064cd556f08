/**
 * Issue 19: the notification types a provider is offered follow its kind of service. A GP practice
 * is not offered (and cannot send) a Deprivation of Liberty Safeguards notification, which care
 * homes and hospitals make; the same organisation registered as a care home is offered it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitNotification } from '../../../src/services/provider-portal/statutory-notifications.service.js';
import { MovableClock, serviceContextFor } from '../../factories/inspection.factory.js';
import { createPracticeWorld, type PracticeWorld } from '../../factories/report.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('notification types tied to the kind of service', () => {
  let t: TestApp;
  let w: PracticeWorld;
  const clock = new MovableClock(new Date('2026-03-02T09:00:00Z'));
  const dols = { personReference: 'R-17', personAgeBand: '85 or over', personInitials: 'AB', eventDate: '2026-02-27', whatHappened: 'Standard authorisation requested.' };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
  });
  afterAll(async () => t.close());

  it('a GP practice is offered serious injury and deaths, not Deprivation of Liberty Safeguards or Mental Health Act detentions', async () => {
    const s = await signIn(t.app, w.people.practiceManager);
    const page = await s.get('/notifications/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Serious injury to a person using the service');
    expect(page.body).toContain('Death of a person using the service');
    expect(page.body).not.toContain('Deprivation of Liberty Safeguards');
    expect(page.body).not.toContain('detained under the Mental Health Act');
    const chosen = await s.get(`/notifications/new?chosen=yes&organisationId=${w.practice.id}&type=dols`);
    expect(chosen.statusCode).toBe(400);
    expect(chosen.body).toContain('Select what you are telling us about');
  });

  it('sending one anyway (the API, or a typed address) is refused, saying why', async () => {
    const ctx = await serviceContextFor(t, w.people.practiceManager, clock);
    await expect(submitNotification(ctx, { organisationId: w.practice.id, type: 'dols', values: dols, channel: 'api', providerReference: 'GP-DOLS-1' })).rejects.toMatchObject({
      fields: [{ field: 'type', message: 'This notification is not one a GP practice sends: it is for care homes and hospitals, which ask for Deprivation of Liberty Safeguards authorisations.' }],
    });
    expect(await t.database.db.selectFrom('statutory_notifications').select('id').where('organisation_id', '=', w.practice.id).execute()).toHaveLength(0);
  });

  it('a care home is offered it', async () => {
    await t.database.db.updateTable('register_locations').set({ inspection_directorate: 'Adult social care', type: 'Social Care Org' }).where('organisation_id', '=', w.practice.id).execute();
    const s = await signIn(t.app, w.people.practiceManager);
    expect((await s.get('/notifications/new')).body).toContain('Deprivation of Liberty Safeguards');
  });
});
