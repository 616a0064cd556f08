/**
 * Issue 19: "notifications not sent" (the gap detection) feeds the rules engine's well-led limiter
 * in the judgement by itself, for adult social care, and the proposal says so in plain words. A GP
 * practice with the same gap is not limited (the limiter is adult social care's). Likewise a
 * requested information return past its deadline and not submitted ("requested information not
 * returned"), until it is submitted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_NOTIFICATION_TYPES } from '../../../src/domain/notifications/notification-types.data.js';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, practiceApis, type PracticeApi, type PracticeWorld } from '../../factories/report.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const WELL_LED = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8'];

describe('"notifications not sent" limits the well-led proposal', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let api: PracticeApi;
  let id = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));
  const wellLed = async () => {
    const j = await api.lead.get(`/inspections/${id}/judgement`);
    expect(j.statusCode, j.body).toBe(200);
    return j.json().proposal.keyQuestions.find((k: { keyQuestion: string }) => k.keyQuestion === 'wellLed') as { rating: string; scoredRating: string; explanation: string[] };
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createPracticeWorld(t.database.db);
    api = await practiceApis(t, w, clock);
    // The service is a care home registered in 2019 that has sent no statutory notification since.
    await t.database.db.updateTable('register_locations').set({ inspection_directorate: 'Adult social care', type: 'Social Care Org', registration_date: '2019-01-07' }).where('organisation_id', '=', w.practice.id).execute();
    id = await inspectionThroughFieldwork(api, w, clock);
    clock.set('2025-10-13T10:00:00Z');
    for (const code of WELL_LED) {
      const r = await api.lead.put(`/inspections/${id}/scores/${code}`, { score: 3, rationale: 'Good governance seen on the day.', evidenceItemIds: [] });
      expect(r.statusCode, r.body).toBe(200);
    }
  });
  afterAll(async () => t.close());

  it('a care home that sends no notifications: well-led is proposed Requires improvement, and the explanation says why in plain words', async () => {
    expect((await api.lead.patch(`/inspections/${id}/judgement`, { overallMethod: 'asc-principles' })).statusCode).toBe(200);
    const kq = await wellLed();
    expect(kq.scoredRating).toBe('Good');
    expect(kq.rating).toBe('Requires improvement');
    const words = kq.explanation.join(' ');
    expect(words).toContain('no expected notification since Monday 7 January 2019');
    expect(words).toContain('So well-led can be no better than Requires improvement');
    expect(words).toContain('statutory notifications were not sent');
  });

  it('once it sends an expected notification, the limit lifts', async () => {
    await t.database.db
      .insertInto('statutory_notifications')
      .values({ organisation_id: w.practice.id, reference: 'N-TEST-1', type: EXPECTED_NOTIFICATION_TYPES[0], regulation: '16', details: JSON.stringify({}), summary: 'test', channel: 'web', status: 'received', priority: 'urgent', priority_explanation: 'test', submitted_by: w.people.practiceManager.id, submitted_at: new Date('2025-09-01T10:00:00Z'), respond_by: new Date('2025-09-03T10:00:00Z') })
      .execute();
    const kq = await wellLed();
    expect(kq.rating).toBe('Good');
    expect(kq.explanation.join(' ')).not.toContain('statutory notifications were not sent');
  });

  it('a requested information return past its deadline and not submitted limits well-led too, until it is submitted', async () => {
    const db = t.database.db;
    const row = await db
      .insertInto('information_return_requests')
      .values({ reference: 'PIR-TEST-0001', organisation_id: w.practice.id, question_set: 'pir-asc/1', requested_by: w.people.lead.id, requested_at: new Date('2025-08-11T09:00:00Z'), due_by: new Date('2025-09-08T22:59:59Z'), due_date: '2025-09-08', deadline_explanation: ['4 weeks'], note: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const kq = await wellLed();
    expect(kq.scoredRating).toBe('Good');
    expect(kq.rating).toBe('Requires improvement');
    const words = kq.explanation.join(' ');
    expect(words).toContain('Requested information not returned: information return PIR-TEST-0001 was due by Monday 8 September 2025 and has not been submitted.');
    expect(words).toContain('a requested provider information return was not returned');
    await db.updateTable('information_return_requests').set({ status: 'submitted', submitted_at: new Date('2025-10-01T10:00:00Z'), submitted_by: w.people.lead.id, late: true }).where('id', '=', row.id).execute();
    expect((await wellLed()).rating).toBe('Good');
  });
});
