/** The follow-up dashboard and planning a focused follow-up inspection from it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/domain/shared/clock.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createPublishedReport } from '../../factories/published-report.factory.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn, TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: fixedClock('2026-12-01T10:00:00Z') });
});
afterAll(async () => t.close());

describe('follow-up', () => {
  it('lists what needs following up and plans a focused inspection that keeps the other ratings', async () => {
    const db = t.database.db;
    const practice = await createRegisteredPractice(db, { name: 'Hillside Surgery', rating: 'Requires improvement', ratingDate: '2025-06-01' });
    await db
      .insertInto('ratings')
      .values([
        { organisation_id: practice.organisation.id, scope: 'key_question', name: 'Safe', rating: 'Requires improvement', report_date: '2025-06-01', source: 'test', current: true },
        { organisation_id: practice.organisation.id, scope: 'key_question', name: 'Effective', rating: 'Good', report_date: '2019-02-03', source: 'test', current: true },
        { organisation_id: practice.organisation.id, scope: 'key_question', name: 'Caring', rating: 'Good', report_date: '2019-02-03', source: 'test', current: true },
        { organisation_id: practice.organisation.id, scope: 'key_question', name: 'Responsive', rating: 'Good', report_date: '2025-06-01', source: 'test', current: true },
        { organisation_id: practice.organisation.id, scope: 'key_question', name: 'Well-led', rating: 'Requires improvement', report_date: '2025-06-01', source: 'test', current: true },
      ])
      .execute();
    const w = await createPublishedReport(db);
    const plan = await db.insertInto('action_plans').values({ inspection_id: w.inspectionId, report_id: w.reportId, status: 'accepted', due_date: '2026-03-10', due_explanation: ['test'] }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('action_plan_actions').values({ plan_id: plan.id, position: 1, title: 'Governance meetings', owner_name: 'GP partner', due_date: '2026-11-20' }).execute();

    const manager = await createUser(db, 'inspectionManager', { organisation: await createOrganisation(db, 'regulator') });
    const s = await signIn(t.app, manager);
    const dash = await s.get('/follow-up');
    expect(dash.statusCode).toBe(200);
    const rows = dash.body.split('data-testid="follow-up-row"').slice(1);
    const orchard = rows.find((r) => r.includes(w.location.name)) ?? '';
    expect(orchard).toMatch(/govuk-table__cell--numeric">1</);
    const hillside = rows.find((r) => r.includes('Hillside Surgery')) ?? '';
    expect(hillside).toContain('Re-inspect: Overdue: was due by 1 June 2026');
    // Search by name or ODS code finds one service however long the list is.
    const searched = await s.get('/follow-up?q=hillside');
    expect(searched.body.split('data-testid="follow-up-row"').slice(1).map((r) => r.includes('Hillside Surgery'))).toEqual([true]);
    expect(searched.body).toContain('1 service or provider matching “hillside” needs following up.');
    const byCode = await s.get(`/follow-up?q=${practice.odsCode}`);
    expect(byCode.body.split('data-testid="follow-up-row"').length).toBe(2);

    const planUrl = `/follow-up/${practice.organisation.id}/inspection`;
    const form = await s.get(planUrl);
    expect(form.body).toContain('Effective not inspected: its existing rating Good of 3 February 2019 is carried forward (principle 2).');
    expect(form.body).toMatch(/value="safe" checked/);
    expect(form.body).toMatch(/value="wellLed" checked/);
    expect(form.body).not.toMatch(/value="effective" checked/);

    const bad = await s.post(planUrl, { keyQuestions: ['safe', 'wellLed'], leadInspectorId: '', noticeType: 'announced', 'fieldworkStart-day': '12', 'fieldworkStart-month': '1', 'fieldworkStart-year': '2027', 'fieldworkEnd-day': '12', 'fieldworkEnd-month': '1', 'fieldworkEnd-year': '2027' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the lead inspector');
    expect(bad.body).toMatch(/id="fieldworkStart-day" name="fieldworkStart-day" type="text" value="12"/);
    const impossible = await s.post(planUrl, { keyQuestions: ['safe'], leadInspectorId: '', noticeType: 'announced', 'fieldworkStart-day': '31', 'fieldworkStart-month': '2', 'fieldworkStart-year': '2027', 'fieldworkEnd-day': '', 'fieldworkEnd-month': '', 'fieldworkEnd-year': '' });
    expect(impossible.statusCode).toBe(400);
    expect(impossible.body).toContain('Fieldwork start date must be a real date');
    expect(impossible.body).toContain('Enter the date fieldwork ends');

    const lead = await createUser(db, 'inspector', { organisation: await createOrganisation(db, 'regulator'), name: 'Lee Lead' });
    const ok = await s.post(planUrl, { keyQuestions: ['safe', 'wellLed'], leadInspectorId: lead.id, noticeType: 'announced', 'fieldworkStart-day': '12', 'fieldworkStart-month': '1', 'fieldworkStart-year': '2027', 'fieldworkEnd-day': '12', 'fieldworkEnd-month': '1', 'fieldworkEnd-year': '2027' });
    expect(ok.statusCode).toBe(303);
    const id = TestSession.location(ok).split('/').pop() as string;
    const inspection = await db.selectFrom('inspections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([inspection.kind, inspection.key_questions, inspection.subject_organisation_id, inspection.state]).toEqual(['focused', ['safe', 'well_led'], practice.organisation.id, 'planned']);
    const team = await db.selectFrom('inspection_team').select(['user_id', 'role']).where('inspection_id', '=', id).orderBy('role').execute();
    expect(team).toEqual([
      { user_id: manager.id, role: 'inspection_manager' },
      { user_id: lead.id, role: 'lead_inspector' },
    ]);
  });

  it('is for the regulator only', async () => {
    const provider = await createUser(t.database.db, 'providerUser');
    expect((await (await signIn(t.app, provider)).get('/follow-up')).statusCode).toBe(404);
  });
});
