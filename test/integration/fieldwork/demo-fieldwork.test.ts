/**
 * The demo world's fieldwork part: the Luton review through its fieldwork week (opening meeting
 * with the programme agreed, daily briefings, evidence, no concern, verbal feedback) and
 * Stopsley Village Practice judged, with the Regulation 17 breach, the warning notice issued on
 * 24 October 2025 and the ratings limited by it and approved. Loading again adds nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('the demo world: fieldwork and judgement', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  let uploadDir: string;
  const n = async (table: 'evidence_items' | 'briefings' | 'concerns' | 'breaches' | 'enforcement_actions' | 'enforcement_deadlines' | 'judgement_ratings' | 'quality_statement_scores' | 'inspection_events') =>
    Number((await t.database.db.selectFrom(table).select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-demo-'));
    t = await createTestApp({ config: { uploadDir } });
    ctx = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') };
    await loadDemoWorld(ctx);
  }, 300_000);
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('the Luton review went through its fieldwork week: programme agreed Monday, daily briefings, no concern, verbal feedback on Friday', async () => {
    const db = t.database.db;
    const r = await db.selectFrom('inspections').selectAll().where('subject_type', '=', 'area').where('area_name', '=', 'Luton').where('fieldwork_start', '=', '2026-09-14').executeTakeFirstOrThrow();
    expect(r.fieldwork_started_at?.toISOString()).toBe('2026-09-14T08:00:00.000Z');
    expect(r.programme_agreed_at?.toISOString()).toBe('2026-09-14T08:30:00.000Z');
    const briefings = await db.selectFrom('briefings').select(['kind', 'held_at', 'recommendation_areas']).where('inspection_id', '=', r.id).orderBy('held_at').execute();
    expect(briefings.map((b) => b.kind)).toEqual(['briefing', 'briefing', 'briefing', 'briefing', 'verbal_feedback']);
    expect(briefings[4]!.held_at.toISOString()).toBe('2026-09-18T13:00:00.000Z');
    expect(briefings[4]!.recommendation_areas).toContain('Timeliness of initial health assessments for looked-after children');
    expect(await db.selectFrom('concerns').select('id').where('inspection_id', '=', r.id).execute()).toEqual([]);
    expect((await db.selectFrom('evidence_items').select('id').where('inspection_id', '=', r.id).where('status', '=', 'recorded').execute()).length).toBeGreaterThanOrEqual(7);
    const judgement = await db.selectFrom('judgements').selectAll().where('inspection_id', '=', r.id).executeTakeFirst();
    expect(judgement?.status).toBe('approved');
  });

  it('Stopsley Village Practice is judged: Regulation 17 breach, warning notice issued 24 October 2025, well-led Inadequate because of it', async () => {
    const db = t.database.db;
    const s = await db.selectFrom('inspections as i').innerJoin('organisations as o', 'o.id', 'i.subject_organisation_id').select(['i.id', 'i.state']).where('o.ods_code', '=', 'E81006').where('i.fieldwork_start', '=', '2025-10-07').executeTakeFirstOrThrow();
    const breach = await db.selectFrom('breaches').selectAll().where('inspection_id', '=', s.id).executeTakeFirstOrThrow();
    expect(breach).toMatchObject({ regulation: '17', key_question: 'wellLed', paragraph: '17(1), 17(2)(a)(b)' });
    expect(breach.description).toContain('learning from incidents and significant events');
    const notice = await db.selectFrom('enforcement_actions').selectAll().where('inspection_id', '=', s.id).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ kind: 'warning-notice', state: 'closed', issued_on: '2025-10-24', compliance_date: '2025-12-19', breach_id: breach.id });
    const deadline = await db.selectFrom('enforcement_deadlines').selectAll().where('action_id', '=', notice.id).executeTakeFirstOrThrow();
    expect(deadline).toMatchObject({ rule: 'warning-notice-representations', due: '2025-11-07' });
    const ratings = Object.fromEntries((await db.selectFrom('judgement_ratings').selectAll().where('inspection_id', '=', s.id).execute()).map((r) => [r.subject, r]));
    expect(ratings['wellLed']).toMatchObject({ proposed_rating: 'Inadequate', approved_rating: 'Inadequate', rating_date: '2025-10-08' });
    expect(ratings['wellLed']!.explanation.join(' ')).toContain('warning notice for breach of Regulation 17 (Good governance)');
    expect(ratings['overall']!.approved_rating).toBe('Requires improvement');
    expect(ratings['safe']!.approved_rating).toBe('Requires improvement');
    const evidence = await db.selectFrom('evidence_items').select('body').where('inspection_id', '=', s.id).execute();
    const text = evidence.map((e) => e.body).join(' ');
    for (const finding of ['patient participation group', 'treated patients as individuals', 'positive about the leadership', 'slightly below the national and local averages', 'had not responded to their feedback', 'culture of openness and honesty']) expect(text).toContain(finding);
  });

  it('adds nothing when loaded again', async () => {
    const tables = ['evidence_items', 'briefings', 'concerns', 'breaches', 'enforcement_actions', 'enforcement_deadlines', 'judgement_ratings', 'quality_statement_scores', 'inspection_events'] as const;
    const before = await Promise.all(tables.map(n));
    await loadDemoWorld(ctx);
    expect(await Promise.all(tables.map(n))).toEqual(before);
  }, 300_000);
});
