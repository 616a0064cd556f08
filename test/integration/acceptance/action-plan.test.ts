/**
 * Acceptance (issue 8): a published report → the organisation's plan covering every
 * recommendation and breach → progress → an overdue reminder sent → closure verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { createLogger } from '../../../src/logger.js';
import { runActionPlanFollowUp } from '../../../src/services/action-plans/action-follow-up.service.js';
import { newCorrelationId, systemActor } from '../../../src/services/context.js';
import { createPublishedReport, type PublishedWorld } from '../../factories/published-report.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let w: PublishedWorld;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-02-20T10:00:00Z') });
  w = await createPublishedReport(t.database.db);
});
afterAll(async () => t.close());

const jobAt = (at: string) => ({ db: t.database.db, actor: systemActor('action_plan_follow_up'), correlationId: newCorrelationId(), clock: fixedClock(at), config: t.config, logger: createLogger('silent') });

describe('action plan after a published report', () => {
  it('is written, sent, accepted, chased when overdue and verified', async () => {
    const db = t.database.db;
    const org = await signIn(t.app, w.practiceManager);
    const planUrl = `/inspections/${w.inspectionId}/action-plan`;

    // The plan page lists every recommendation and breach, none covered yet, with its statutory due date.
    const empty = await org.get(planUrl);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('0 of 3 recommendations and breaches');
    expect(empty.body).toContain('Due by 10 March 2026');
    expect(empty.body).toContain('Action plan in response to the published report&#39;s recommendations and breaches: 28 days from the date the report was published');
    expect(empty.body).not.toContain('in response to a requirement notice');

    // Bad input keeps what was typed.
    const bad = await org.post(`${planUrl}/actions`, { title: 'Governance review', ownerName: '', 'due-day': 'soon', 'due-month': '', 'due-year': '', milestones: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter who owns the action');
    expect(bad.body).toContain('Select the recommendations or breaches this action answers');
    expect(bad.body).toContain('>Governance review</textarea>');
    expect(bad.body).toContain('Due date must include a month and year');

    const first = await org.post(`${planUrl}/actions`, {
      title: 'Introduce monthly governance meetings with audit of complaints and significant events',
      ownerName: 'Dr Imran Qureshi, GP partner',
      'due-day': '30',
      'due-month': '4',
      'due-year': '2026',
      covers: [`recommendation:${w.recommendationIds[0]}`, `breach:${w.breachId}`],
      milestones: '31 3 2026 Terms of reference agreed\n15 April 2026 First audit reported',
    });
    expect(first.statusCode).toBe(303);
    // Sending a plan that does not cover everything is refused, naming what is missing.
    const early = await org.post(`${planUrl}/submit`, {});
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('The plan does not yet cover: Should: Respond to patients who ask to discuss concerns');
    const partial = await org.get(planUrl);
    expect(partial.body).toContain('2 of 3 recommendations and breaches');
    expect(partial.body).toMatch(/data-testid="uncovered">\s*<li>Should: Respond to patients/);

    await org.post(`${planUrl}/actions`, { title: 'Reply to every request to meet the practice manager within 10 working days', ownerName: 'Sarah Mitchell, practice manager', 'due-day': '31', 'due-month': '3', 'due-year': '2026', covers: `recommendation:${w.recommendationIds[1]}`, milestones: '' });
    expect((await org.post(`${planUrl}/submit`, {})).statusCode).toBe(303);
    const leadNotice = await db.selectFrom('notifications').selectAll().where('user_id', '=', w.lead.id).executeTakeFirstOrThrow();
    expect(leadNotice.title).toBe(`Action plan sent for ${w.reference}`);

    // The lead inspector accepts it.
    const lead = await signIn(t.app, w.lead);
    expect((await lead.post(`${planUrl}/review`, { decision: 'return', note: '' })).statusCode).toBe(400);
    expect(TestSession.location(await lead.post(`${planUrl}/review`, { decision: 'accept', note: 'Plan accepted: we will check progress at the end of April.' }))).toBe(`${planUrl}?notice=reviewed`);
    expect((await org.get(planUrl)).body).toMatch(/data-testid="plan-status">Accepted</);

    const actions = await db.selectFrom('action_plan_actions').selectAll().orderBy('position').execute();
    const [governance, complaints] = actions as [(typeof actions)[number], (typeof actions)[number]];

    // Progress on the governance action.
    expect((await org.post(`/action-plan-actions/${governance.id}/progress`, { text: 'Terms of reference agreed at the partners’ meeting.' })).statusCode).toBe(303);

    // A week before it is due, the job reminds the practice; the day after, it escalates, once.
    expect(await runActionPlanFollowUp(jobAt('2026-03-25T07:00:00Z'))).toEqual({ reminders: 1, escalations: 0 });
    expect(await runActionPlanFollowUp(jobAt('2026-04-01T07:00:00Z'))).toEqual({ reminders: 0, escalations: 1 });
    expect(await runActionPlanFollowUp(jobAt('2026-04-02T07:00:00Z'))).toEqual({ reminders: 0, escalations: 0 });
    const overdueEmail = await db.selectFrom('outbox_emails').selectAll().where('subject', 'like', 'Action overdue:%').execute();
    expect(overdueEmail.map((e) => e.to_address).sort()).toEqual([w.lead.email, w.practiceManager.email].sort());
    expect(overdueEmail[0]?.text_body).toContain('Overdue: it was due by 31 March 2026 and is not complete.');
    const inApp = await db.selectFrom('notifications').selectAll().where('user_id', '=', w.practiceManager.id).where('title', 'like', 'Action overdue:%').execute();
    expect(inApp).toHaveLength(1);
    // The action's history shows the escalation (the page's own clock is still in February).
    expect((await org.get(planUrl)).body).toMatch(/<strong>Escalation, 1 April 2026<\/strong>: Overdue: it was due by 31 March 2026/);

    // Completion needs evidence; the regulator may not complete it; it reopens with a reason, then verifies.
    expect((await org.post(`/action-plan-actions/${complaints.id}/complete`, { text: '' })).statusCode).toBe(400);
    expect((await lead.post(`/action-plan-actions/${complaints.id}/complete`, { text: 'x' })).statusCode).toBe(403);
    expect((await org.post(`/action-plan-actions/${complaints.id}/complete`, { text: 'Log of 14 requests, each answered within 10 working days.' })).statusCode).toBe(303);
    expect((await lead.post(`/action-plan-actions/${complaints.id}/reopen`, { text: '' })).statusCode).toBe(400);
    expect((await lead.post(`/action-plan-actions/${complaints.id}/reopen`, { text: 'The log does not show the replies themselves.' })).statusCode).toBe(303);
    expect((await lead.post(`/action-plan-actions/${complaints.id}/verify`, { text: '' })).statusCode).toBe(409);
    expect((await org.post(`/action-plan-actions/${complaints.id}/complete`, { text: 'Copies of all 14 replies attached to the log.' })).statusCode).toBe(303);
    expect((await lead.post(`/action-plan-actions/${complaints.id}/verify`, { text: '' })).statusCode).toBe(303);

    const page = await org.get(planUrl);
    const complaintsBlock = page.body.split('data-testid="action"')[2] ?? '';
    expect(complaintsBlock).toContain('Verified');
    expect(complaintsBlock).toContain('Reopened, ');
    expect(complaintsBlock).toContain('The log does not show the replies themselves.');
    const audit = await db.selectFrom('audit_events').select('action').where('subject_id', '=', complaints.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'ACTION_PLAN_ACTION_ADDED',
      'ACTION_PLAN_REMINDER_SENT',
      'ACTION_PLAN_OVERDUE_ESCALATED',
      'ACTION_PLAN_ACTION_COMPLETED',
      'ACTION_PLAN_ACTION_REOPENED',
      'ACTION_PLAN_ACTION_COMPLETED',
      'ACTION_PLAN_ACTION_VERIFIED',
    ]);
  });

  it('is not there for anyone outside the inspection', async () => {
    const { createUser } = await import('../../factories/user.factory.js');
    const stranger = await signIn(t.app, await createUser(t.database.db, 'providerUser'));
    expect((await stranger.get(`/inspections/${w.inspectionId}/action-plan`)).statusCode).toBe(404);
  });
});
