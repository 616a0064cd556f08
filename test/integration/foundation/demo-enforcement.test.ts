/**
 * Issue 16, item 9: the demo world tells Stopsley Village Practice's enforcement story to the end.
 * Its warning notice carries its date to comply by, a focused follow-up inspection checked it and
 * the regulator recorded that it was met, the public location page and API say so, and a piece of
 * feedback shared with the practice was answered. Loading the demo again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { PRACTICE_RESPONSE, SHARED_FEEDBACK_TEXT } from '../../../src/services/demo/enforcement-follow-through.demo.js';
import { DEMO_PASSWORD } from '../../../src/services/demo/demo-accounts.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('the demo world: Stopsley Village Practice’s warning notice followed through', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  let locationId = '';
  const snapshot = async () => {
    const db = t.database.db;
    const n = async (table: 'inspections' | 'enforcement_actions' | 'feedback' | 'evidence_items' | 'notifications') => Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const audit = await db.selectFrom('audit_events').select(db.fn.countAll<number>().as('n')).where('action', '<>', 'REGISTER_IMPORTED').executeTakeFirstOrThrow();
    const notice = await db.selectFrom('enforcement_actions').select(['state', 'compliance_decision', 'version']).where('kind', '=', 'warning-notice').orderBy('created_at').execute();
    return { inspections: await n('inspections'), enforcement: await n('enforcement_actions'), feedback: await n('feedback'), evidence: await n('evidence_items'), notifications: await n('notifications'), audit: Number(audit.n), notice };
  };

  beforeAll(async () => {
    t = await createTestApp();
    ctx = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') };
    const first = await loadDemoWorld(ctx);
    expect(first.lines.join('\n')).toContain('warning notice complied with (met)');
    const location = await t.database.db.selectFrom('register_locations').innerJoin('organisations', 'organisations.id', 'register_locations.organisation_id').select('register_locations.location_id').where('organisations.ods_code', '=', 'E81006').executeTakeFirstOrThrow();
    locationId = location.location_id;
  }, 600_000);
  afterAll(async () => t.close());

  it('loading the demo a second time changes nothing', async () => {
    const before = await snapshot();
    const again = await loadDemoWorld(ctx);
    expect(await snapshot()).toEqual(before);
    expect(again.lines).toContain('Stopsley Village Practice follow-up of the warning notice: already there');
    expect(again.lines).toContain('Feedback shared with Stopsley Village Practice and answered: already there');
  }, 600_000);

  it('the focused follow-up inspection of 13 January 2026 checked the notice, and the decision is "complied"', async () => {
    const db = t.database.db;
    const inspections = await db.selectFrom('inspections').innerJoin('organisations', 'organisations.id', 'inspections.subject_organisation_id').select(['inspections.kind', 'inspections.state', 'inspections.fieldwork_start', 'inspections.key_questions']).where('organisations.ods_code', '=', 'E81006').orderBy('inspections.fieldwork_start').execute();
    expect(inspections.map((i) => [i.kind, i.fieldwork_start])).toEqual([
      ['comprehensive', '2025-10-07'],
      ['focused', '2026-01-13'],
    ]);
    expect(inspections[1]).toMatchObject({ state: 'judgement', key_questions: ['well_led'] });
    const notice = await db.selectFrom('enforcement_actions').selectAll().where('kind', '=', 'warning-notice').where('organisation_id', '=', (await db.selectFrom('organisations').select('id').where('ods_code', '=', 'E81006').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ state: 'closed', compliance_date: '2025-12-19', issued_on: '2025-10-24', compliance_decision: 'complied' });
    expect(notice.compliance_evidence).toContain('follow-up inspection on 13 January 2026');
  });

  it('the public location page and the public API show the warning notice as met, with its date to comply by', async () => {
    const page = await t.app.inject({ url: `/locations/${locationId}` });
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('id="enforcement"'));
    expect(section).toContain('Warning notice');
    expect(section).toContain('Regulation 17 (Good governance)');
    expect(section).toContain('19 December 2025');
    expect(section).toContain('Met');
    expect(section).not.toContain('Not met');

    const api = await t.app.inject({ url: `/public/v1/locations/${locationId}/enforcement` });
    expect(api.statusCode).toBe(200);
    expect(api.json().enforcement).toEqual([expect.objectContaining({ kind: 'warning-notice', regulationNumber: '17', takenOn: '2025-10-24', complyBy: '2025-12-19', status: 'met', outcome: expect.objectContaining({ decision: 'complied', decidedOn: '2026-01-15' }) })]);
  });

  it('the practice manager sees the feedback shared with the practice and her answer; the giver’s status page shows it', async () => {
    const row = await t.database.db.selectFrom('feedback').select(['reference', 'outcome', 'response']).where('what_happened', '=', SHARED_FEEDBACK_TEXT).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'shared_with_provider', response: PRACTICE_RESPONSE });
    const s = await signIn(t.app, { email: 'sarah.mitchell@nhs.example', password: DEMO_PASSWORD });
    const list = await s.get('/shared-feedback');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(row.reference);
    const status = await t.app.inject({ url: `/give-feedback/status?reference=${row.reference}` });
    expect(status.body).toContain('The service’s response');
    expect(status.body).toContain('every call back request is logged');
  });

  it('every link on the follow-up list opens: a service gets "Plan a follow-up inspection", the ICB with an overdue action its own page', async () => {
    const s = await signIn(t.app, { email: 'daniel.osei@inspectorate.example', password: DEMO_PASSWORD });
    const list = await s.get('/follow-up');
    expect(list.statusCode).toBe(200);
    const rows = [...list.body.matchAll(/<tr class="govuk-table__row" data-testid="follow-up-row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).filter((r) => r.includes('govuk-table__cell'));
    expect(rows.length).toBeGreaterThan(0);
    const icb = rows.find((r) => r.includes('NHS Bedfordshire, Luton and Milton Keynes'));
    expect(icb, 'the ICB with the joint plan’s overdue action is listed').toBeDefined();
    expect(icb).toContain('Commissioner');
    expect(icb).not.toContain('Plan a follow-up inspection');
    expect(icb).toContain('See the organisation');
    expect(rows.some((r) => r.includes('Plan a follow-up inspection'))).toBe(true);
    for (const r of rows) {
      for (const m of r.matchAll(/href="(\/(?:follow-up|organisations)\/[^"]+)"/g)) expect((await s.get(m[1]!)).statusCode, m[1]).toBe(200);
    }
  });
});
