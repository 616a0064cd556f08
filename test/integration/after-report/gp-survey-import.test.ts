/**
 * `npx inspectorate import gp-patient-survey FILE.csv`: suppressed rows, bad rows with reasons,
 * ICB and England from aggregate rows or computed from practices, re-import without
 * duplicates, and the comparison on the location page marking only significant differences.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importGpPatientSurvey } from '../../../src/services/gp-survey/gp-survey.import.js';
import { practiceSurveyComparison } from '../../../src/services/gp-survey/gp-survey.service.js';
import { WrongKindError } from '../../../src/services/import/import-run.js';
import { createRegisteredPractice } from '../../factories/register-location.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { runCli, serviceContext } from '../register/register-fixtures.js';

const FIXTURES = path.resolve('test', 'fixtures', 'gp-patient-survey');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const results = (db: TestApp['database']['db']) => db.selectFrom('gp_survey_results').selectAll();

describe('import gp-patient-survey', () => {
  it('imports through the command line, suppressing small results and rejecting bad rows with reasons', async () => {
    const res = await runCli(t.database.url, ['import', 'gp-patient-survey', path.join(FIXTURES, 'practices-2025.csv')]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/as gp-patient-survey/);
    expect(res.stdout).toMatch(/rows read:\s+8/);
    expect(res.stdout).toMatch(/rejected:\s+3 \(reasons in (.+\.csv)\)/);
    const rejectsFile = /reasons in (.+\.csv)\)/.exec(res.stdout)?.[1] as string;
    const rejects = readFileSync(rejectsFile, 'utf8');
    expect(rejects).toContain('line 5,A81004,rejected,overall_experience_good_pct is 120.0: a percentage cannot be more than 100');
    expect(rejects).toContain('line 6,BADCODE,rejected,practice code BADCODE is not an ODS practice code');
    expect(rejects).toContain('line 7,A81005,rejected,"overall_experience_good_pct is ""abc"": expected a percentage from 0 to 100"');

    const db = t.database.db;
    const practices = await db.selectFrom('gp_survey_results').where('area_type', '=', 'practice').select('area_code').distinct().execute();
    expect(practices.map((p) => p.area_code).sort()).toEqual(['A81001', 'A81002', 'A81003']);
    const gamma = await results(db).where('area_code', '=', 'A81003').orderBy('measure').execute();
    expect(gamma.filter((g) => g.suppressed).map((g) => g.measure).sort()).toEqual(['contact_experience', 'easy_by_phone', 'overall_experience']);
    expect(gamma.find((g) => g.measure === 'overall_experience')?.percentage).toBeNull();
    expect(Number(gamma.find((g) => g.measure === 'needs_met')?.percentage)).toBe(90);
    // ICB and England came from the file's own rows.
    const icb = await results(db).where('area_type', '=', 'icb').where('measure', '=', 'overall_experience').executeTakeFirstOrThrow();
    expect([icb.area_code, Number(icb.percentage), icb.responses, icb.source]).toEqual(['QRV', 75, 20000, 'file']);
    const before = (await results(db).execute()).length;

    // Importing the same file again changes nothing.
    const again = await importGpPatientSurvey(serviceContext(db), path.join(FIXTURES, 'practices-2025.csv'), { rejectsDir: path.resolve('reports', 'import-rejects', 'test') });
    expect(again.inserted).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.unchanged).toBe(before);
    expect((await results(db).execute()).length).toBe(before);
  });

  it('computes ICB and England from practice rows weighted by responses when the file has no aggregate rows', async () => {
    const db = t.database.db;
    const summary = await importGpPatientSurvey(serviceContext(db), path.join(FIXTURES, 'practices-only-2024.csv'), { mappingFile: path.join(FIXTURES, 'practices-only.mapping.json'), rejectsDir: path.resolve('reports', 'import-rejects', 'test') });
    expect(summary.practices).toBe(4);
    expect(summary.computedAreas).toBe(3);
    const area = async (type: 'icb' | 'england', code: string) => results(db).where('survey_year', '=', 2024).where('area_type', '=', type).where('area_code', '=', code).executeTakeFirstOrThrow();
    const qnn = await area('icb', 'QNN');
    expect([Number(qnn.percentage), qnn.responses, qnn.source]).toEqual([65, 400, 'computed']);
    // West Surgery's 4 responses are suppressed and left out of the weighting.
    const qmm = await area('icb', 'QMM');
    expect([Number(qmm.percentage), qmm.responses]).toEqual([70, 200]);
    const england = await area('england', 'ENG');
    expect(Number(england.percentage)).toBeCloseTo((80 * 100 + 60 * 300 + 70 * 200) / 600, 3);
  });

  it('refuses a file that is not a survey results file, storing nothing', async () => {
    const db = t.database.db;
    const before = (await results(db).execute()).length;
    await expect(importGpPatientSurvey(serviceContext(db), path.join(FIXTURES, 'not-a-survey.csv'))).rejects.toThrow(WrongKindError);
    await expect(importGpPatientSurvey(serviceContext(db), path.join(FIXTURES, 'not-a-survey.csv'))).rejects.toThrow(/missing practice_code, icb_code, level/);
    expect((await results(db).execute()).length).toBe(before);
  });

  it('compares a practice with its ICB and England, marking only significant differences, on the location page', async () => {
    const db = t.database.db;
    const alpha = await practiceSurveyComparison(serviceContext(db), 'A81001');
    expect(alpha?.measures.find((m) => m.measure === 'overall_experience')?.vsEngland.difference).toBe('lower');
    const beta = await practiceSurveyComparison(serviceContext(db), 'A81002');
    expect(beta?.measures.every((m) => m.vsEngland.difference === 'no-significant-difference' && m.vsIcb.difference === 'no-significant-difference')).toBe(true);

    await createRegisteredPractice(db, { odsCode: 'A81001', name: 'Alpha Surgery' });
    await createRegisteredPractice(db, { odsCode: 'A81002', name: 'Beta Surgery' });
    const page = await anonymous(t.app).get('/locations/A81001');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('GP Patient Survey 2025');
    expect(page.body).toMatch(/<svg class="app-chart" role="img" aria-labelledby="gpps-location-a81001-title gpps-location-a81001-desc"/);
    const overallRow = page.body.split('data-testid="gp-survey-row"')[1] ?? '';
    expect(overallRow).toContain('Overall experience of the GP practice was good');
    expect(overallRow).toContain('<strong data-testid="significant">Significantly lower than England</strong>');
    const betaPage = await anonymous(t.app).get('/locations/A81002');
    expect(betaPage.body).toContain('GP Patient Survey 2025');
    expect(betaPage.body).not.toContain('data-testid="significant"');
    expect(betaPage.body).toContain('No significant difference from England');
  });

  it("shows the survey in the inspection team's evidence view, and not to the practice", async () => {
    const db = t.database.db;
    const org = await db.selectFrom('organisations').select(['id']).where('ods_code', '=', 'A81001').executeTakeFirstOrThrow();
    const inspection = await db
      .insertInto('inspections')
      .values({ reference: `INS-2026-8${String(process.pid).slice(-5)}`, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: org.id, key_questions: ['safe'], notice_type: 'announced', fieldwork_start: '2026-12-15', fieldwork_end: '2026-12-15' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const manager = await createUser(db, 'inspectionManager', { organisation: await createOrganisation(db, 'regulator') });
    const s = await signIn(t.app, manager);
    const page = await s.get(`/inspections/${inspection.id}/gp-patient-survey`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Significantly lower than England');
    // The evidence view explains each comparison.
    expect(page.body).toMatch(/percentage points below England: a statistically significant difference \(z = -\d+\.\d\d, gpps-comparison\/1\)/);
    const provider = await createUser(db, 'providerUser');
    expect((await (await signIn(t.app, provider)).get(`/inspections/${inspection.id}/gp-patient-survey`)).statusCode).toBe(404);
  });
});
