/** /api/v1 for issue 8: the same services as the pages, with the error envelope. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importGpPatientSurvey } from '../../../src/services/gp-survey/gp-survey.import.js';
import { createPublishedReport, type PublishedWorld } from '../../factories/published-report.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { serviceContext } from '../register/register-fixtures.js';

let t: TestApp;
let w: PublishedWorld;
beforeAll(async () => {
  t = await createTestApp();
  w = await createPublishedReport(t.database.db);
});
afterAll(async () => t.close());

function api(s: TestSession | null, method: 'GET' | 'POST', url: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (s) {
    headers['cookie'] = [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (s.csrfToken) headers['x-csrf-token'] = s.csrfToken;
  }
  return t.app.inject({ method, url: `/api/v1${url}`, headers, ...(body === undefined ? {} : { payload: body as object }) });
}

describe('after-report API', () => {
  it('answers survey comparisons publicly, with significance', async () => {
    await importGpPatientSurvey(serviceContext(t.database.db), path.resolve('test', 'fixtures', 'gp-patient-survey', 'practices-2025.csv'), { rejectsDir: path.resolve('reports', 'import-rejects', 'test') });
    const res = await api(null, 'GET', '/gp-patient-survey/A81001');
    expect(res.statusCode).toBe(200);
    const overall = res.json().measures.find((m: { measure: string }) => m.measure === 'overall_experience');
    expect(overall.vsEngland.difference).toBe('lower');
    const missing = await api(null, 'GET', '/gp-patient-survey/Z99999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'No GP Patient Survey results for that practice' } });
  });

  it('runs an action plan through the API', async () => {
    const org = await signIn(t.app, w.practiceManager);
    const plan = await api(org, 'GET', `/inspections/${w.inspectionId}/action-plan`);
    expect(plan.statusCode).toBe(200);
    expect(plan.json().uncovered).toHaveLength(3);
    const bad = await api(org, 'POST', `/inspections/${w.inspectionId}/action-plan/actions`, { title: 'x', ownerName: 'y', dueDate: '2027-04-30', covers: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({ code: 'validation_failed', message: 'covers: Select the recommendations or breaches this action answers' });
    const covers = [...w.recommendationIds.map((id) => `recommendation:${id}`), `breach:${w.breachId}`];
    const added = await api(org, 'POST', `/inspections/${w.inspectionId}/action-plan/actions`, { title: 'Governance and complaints', ownerName: 'Practice manager', dueDate: '2027-04-30', covers, milestones: [{ dueDate: '2027-03-31', title: 'Audit' }] });
    expect(added.statusCode).toBe(201);
    expect(added.json().plan.uncovered).toEqual([]);
    expect((await api(org, 'POST', `/inspections/${w.inspectionId}/action-plan/submit`)).json().plan.status).toBe('submitted');
    const lead = await signIn(t.app, w.lead);
    expect((await api(lead, 'POST', `/inspections/${w.inspectionId}/action-plan/review`, { decision: 'accept' })).json().plan.status).toBe('accepted');
    const actionId = added.json().id as string;
    const early = await api(lead, 'POST', `/action-plan-actions/${actionId}/transitions`, { event: 'verify' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('illegal_transition');
    await api(org, 'POST', `/action-plan-actions/${actionId}/transitions`, { event: 'complete', text: 'Minutes and audit attached' });
    const verified = await api(lead, 'POST', `/action-plan-actions/${actionId}/transitions`, { event: 'verify' });
    expect(verified.json().actions[0].status).toBe('verified');

    const stranger = await signIn(t.app, await createUser(t.database.db, 'providerUser'));
    expect((await api(stranger, 'GET', `/inspections/${w.inspectionId}/action-plan`)).statusCode).toBe(404);
  });
});
