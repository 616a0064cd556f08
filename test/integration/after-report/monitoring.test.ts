/** Risk-based monitoring: services ranked by score, each row with its reasons; managers only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-12-01T10:00:00Z') });
});
afterAll(async () => t.close());

describe('monitoring', () => {
  it('ranks services by score with the reasons, leaving out those with nothing to report', async () => {
    const db = t.database.db;
    const old = await createRegisteredPractice(db, { name: 'Old Rating Surgery', rating: 'Good', ratingDate: '2018-06-12' });
    const worried = await createRegisteredPractice(db, { name: 'Worrying Feedback Surgery', rating: 'Good', ratingDate: '2025-01-10' });
    await createRegisteredPractice(db, { name: 'Quiet Surgery', rating: 'Good', ratingDate: '2025-01-10' });
    for (const flagged of [true, true, false])
      await db
        .insertInto('feedback')
        .values({ reference: `FB-TEST-${Math.random().toString(36).slice(2, 6).toUpperCase()}`, organisation_id: worried.organisation.id, location_id: worried.locationId, location_name: 'Worrying Feedback Surgery', submitted_as: 'myself', what_happened: 'x', happened_on: '2026-11-01', happened_precision: 'month', may_contact: false, risk_flagged: flagged, risk_rule_version: 'feedback-risk/1', received_at: new Date('2026-11-20T10:00:00Z') })
        .execute();
    const manager = await createUser(db, 'inspectionManager', { organisation: await createOrganisation(db, 'regulator') });
    const s = await signIn(t.app, manager);
    const page = await s.get('/monitoring');
    expect(page.statusCode).toBe(200);
    const rows = page.body.split('data-testid="monitoring-row"').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Old Rating Surgery');
    expect(rows[0]).toMatch(/data-testid="score">50</);
    expect(rows[0]).toContain('Re-inspection overdue: rated good on 12 June 2018, it was due by 12 June 2023 (60-month maximum)');
    expect(rows[1]).toContain('Worrying Feedback Surgery');
    expect(rows[1]).toMatch(/data-testid="score">19</);
    expect(rows[1]).toContain('2 of them suggested someone was at risk (flagged for urgent triage). (+16)');
    expect(page.body).not.toContain('Quiet Surgery');
    expect(old.locationId).toBeTruthy();
  });

  it('is for inspection managers and administrators only', async () => {
    const inspector = await createUser(t.database.db, 'inspector');
    expect((await (await signIn(t.app, inspector)).get('/monitoring')).statusCode).toBe(404);
  });
});
