/**
 * Statutory deadlines stored on enforcement actions are the rules engine's, across bank
 * holidays: a warning notice dated Friday 19 December 2025 has representations due on
 * Wednesday 7 January 2026 (Christmas Day, Boxing Day and New Year's Day skipped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../../src/domain/deadlines/index.js';
import { createStopsleyWorld, FieldworkApiClient, stopsleyInFieldwork, type StopsleyWorld } from '../../factories/fieldwork.factory.js';
import { MovableClock, tokenFor } from '../../factories/inspection.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const DECEMBER_FIELDWORK = { fieldworkStart: '2025-12-16', fieldworkEnd: '2025-12-17', plannedNotificationDate: null };
const EARLY_START = 'The practice asked us to start a day early, before its training afternoon.';

describe('enforcement deadlines across bank holidays', () => {
  let t: TestApp;
  let w: StopsleyWorld;
  const clock = new MovableClock(new Date('2025-12-15T09:00:00Z'));
  let lead: FieldworkApiClient;
  let practice: FieldworkApiClient;
  let id = '';

  beforeAll(async () => {
    t = await createTestApp({ clock });
    w = await createStopsleyWorld(t.database.db);
    lead = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    practice = new FieldworkApiClient(t.app, await tokenFor(t, w.people.practiceManager, clock));
    id = await stopsleyInFieldwork(t, w, clock, { over: DECEMBER_FIELDWORK, startReason: EARLY_START });
  });
  afterAll(async () => t.close());

  it.each([
    ['warning-notice', 'issue', '2025-12-19T15:00:00Z', 'warning-notice-representations', '2026-01-07'],
    ['requirement-notice', 'issue', '2025-12-19T15:00:00Z', 'requirement-notice-action-plan', '2026-01-16'],
    ['condition', 'serve_proposal', '2025-12-19T15:00:00Z', 'notice-of-proposal-representations', '2026-01-16'],
  ] as const)('%s %s on %s: %s due %s, as the rules engine says', async (kind, event, when, rule, due) => {
    clock.set(when);
    const breach = (await lead.post(`/inspections/${id}/breaches`, { regulation: '12', keyQuestion: 'safe', description: 'Medicines were not managed safely.' })).json();
    const action = (await lead.post(`/inspections/${id}/enforcement-actions`, { kind, breachId: breach.id })).json();
    const res = await lead.post(`/enforcement-actions/${action.id}/transitions`, { event, complianceDate: '2026-02-27' });
    expect(res.statusCode, res.body).toBe(200);
    const engine = computeDeadline(rule, '2025-12-19');
    expect(engine.ok).toBe(true);
    if (!engine.ok) return;
    expect(engine.value.due).toBe(due);
    const stored = res.json().deadlines.find((d: { rule: string }) => d.rule === rule);
    expect(stored).toMatchObject({ due, dueBy: engine.value.dueBy.toISOString(), explanation: engine.value.explanation });
    // The organisation sees the same date.
    const seen = (await practice.get(`/enforcement-actions/${action.id}`)).json();
    expect(seen.deadlines.find((d: { rule: string }) => d.rule === rule).due).toBe(due);
  });

  it('the warning notice explanation names the bank holidays it skipped', async () => {
    const actions = (await lead.get(`/inspections/${id}/enforcement-actions`)).json().actions;
    const wn = actions.find((a: { kind: string }) => a.kind === 'warning-notice');
    const text = wn.deadlines[0].explanation.join(' ');
    expect(text).toContain('Christmas Day');
    expect(text).toContain('Boxing Day');
    expect(text).toContain("New Year's Day");
  });
});

describe('an UNVERIFIED deadline length set by REQUIREMENT_NOTICE_ACTION_PLAN_DAYS', () => {
  let t: TestApp;
  const clock = new MovableClock(new Date('2025-12-15T09:00:00Z'));
  beforeAll(async () => {
    t = await createTestApp({ clock, config: { requirementNoticeActionPlanDays: 14 } });
  });
  afterAll(async () => t.close());

  it('a requirement notice issued on Friday 19 December 2025 wants its action plan 14 days later, and says why', async () => {
    const w = await createStopsleyWorld(t.database.db);
    const lead = new FieldworkApiClient(t.app, await tokenFor(t, w.people.lead, clock));
    const id = await stopsleyInFieldwork(t, w, clock, { over: DECEMBER_FIELDWORK, startReason: EARLY_START });
    clock.set('2025-12-19T15:00:00Z');
    const breach = (await lead.post(`/inspections/${id}/breaches`, { regulation: '12', keyQuestion: 'safe', description: 'Medicines were not managed safely.' })).json();
    const action = (await lead.post(`/inspections/${id}/enforcement-actions`, { kind: 'requirement-notice', breachId: breach.id })).json();
    const res = await lead.post(`/enforcement-actions/${action.id}/transitions`, { event: 'issue', complianceDate: '2026-02-27' });
    expect(res.statusCode, res.body).toBe(200);
    const stored = res.json().deadlines.find((d: { rule: string }) => d.rule === 'requirement-notice-action-plan');
    expect(stored.due).toBe('2026-01-02');
    expect(stored.explanation[0]).toContain('14 instead of 28 by the REQUIREMENT_NOTICE_ACTION_PLAN_DAYS setting');
  });
});
