/** The after-report demo part: Stopsley's survey against its ICB and England, and its feedback; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoActionPlan } from '../../../src/services/demo/action-plans.demo.js';
import { loadAfterReportDemo } from '../../../src/services/demo/after-report.demo.js';
import { createPublishedReport } from '../../factories/published-report.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { serviceContext } from '../register/register-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('after-report demo part', () => {
  it('loads Stopsley survey results and feedback once, and the location page shows them', async () => {
    const db = t.database.db;
    const practice = await createRegisteredPractice(db, { odsCode: 'E81006', name: 'Stopsley Village Practice', icbCode: 'QHG' });
    await db.insertInto('patient_participation_groups').values({ organisation_id: practice.organisation.id, name: 'Stopsley Village Practice Patient Participation Group', description: null, contact_email: null }).execute();
    await createUser(db, 'inspector', { organisation: await createOrganisation(db, 'regulator'), email: 'daniel.osei@inspectorate.example' });
    const first = await loadAfterReportDemo(serviceContext(db));
    expect(first.slice(0, 2)).toEqual(['GP Patient Survey 2025 for Stopsley Village Practice (demo figures): 15 results added', 'Feedback about Stopsley Village Practice: 4 added']);
    expect(first.slice(2)).toEqual(['Action plan for the Luton area review: no inspection yet', 'Action plan for Stopsley Village Practice: no inspection yet']);
    const second = await loadAfterReportDemo(serviceContext(db));
    expect(second.slice(0, 2)).toEqual(['GP Patient Survey 2025 for Stopsley Village Practice: already there', 'Feedback about Stopsley Village Practice: already there']);

    const feedback = await db.selectFrom('feedback').selectAll().where('organisation_id', '=', practice.organisation.id).orderBy('received_at').execute();
    expect(feedback.map((f) => [f.submitted_as, f.status])).toEqual([
      ['myself', 'closed'],
      ['myself', 'closed'],
      ['someone_else', 'received'],
      ['patient_participation_group', 'received'],
    ]);
    expect(feedback[0]?.themes).toContain('complaints handling');

    const page = await anonymous(t.app).get('/locations/E81006');
    expect(page.body).toContain('GP Patient Survey 2025');
    // Slightly below: phone access significantly below England, overall experience not significantly.
    const rows = page.body.split('data-testid="gp-survey-row"').slice(1);
    expect(rows[0]).toContain('No significant difference from England');
    expect(rows[1]).toContain('Significantly lower than England');
    expect(page.body).toMatch(/We have received 4 pieces of feedback about this service\. 2 are still being looked at\./);
  });

  it("writes a published report's action plan part-way, with an overdue action escalated, once", async () => {
    const db = t.database.db;
    const w = await createPublishedReport(db);
    const script = {
      label: 'the test practice',
      inspectionId: w.inspectionId,
      writerEmail: w.practiceManager.email,
      reviewerEmail: w.lead.email,
      startedAt: '2026-11-02T10:00:00Z',
      dueDates: ['2026-11-20', '2027-01-29'],
      owners: ['GP partner'],
      progress: { at: '2026-11-13T15:00:00Z', note: 'Started' },
      verified: { at: '2026-11-25T11:00:00Z', evidence: 'Replies log' },
      followUpAt: '2026-11-21T07:00:00Z',
    };
    expect(await loadDemoActionPlan(serviceContext(db), script)).toBe('Action plan for the test practice: 2 actions, 1 verified');
    expect(await loadDemoActionPlan(serviceContext(db), script)).toBe('Action plan for the test practice: already there');
    const plan = await db.selectFrom('action_plans').selectAll().where('inspection_id', '=', w.inspectionId).executeTakeFirstOrThrow();
    expect(plan.status).toBe('accepted');
    const actions = await db.selectFrom('action_plan_actions').selectAll().where('plan_id', '=', plan.id).orderBy('position').execute();
    expect(actions.map((a) => [a.due_date, a.status, a.escalated_at !== null])).toEqual([
      ['2026-11-20', 'in_progress', true],
      ['2027-01-29', 'verified', false],
    ]);
  });
});
