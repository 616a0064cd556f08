/** The after-report demo part: Stopsley's survey against its ICB and England, and its feedback; idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAfterReportDemo } from '../../../src/services/demo/after-report.demo.js';
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
    expect(first).toEqual(['GP Patient Survey 2025 for Stopsley Village Practice (demo figures): 15 results added', 'Feedback about Stopsley Village Practice: 4 added']);
    const second = await loadAfterReportDemo(serviceContext(db));
    expect(second).toEqual(['GP Patient Survey 2025 for Stopsley Village Practice: already there', 'Feedback about Stopsley Village Practice: already there']);

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
});
