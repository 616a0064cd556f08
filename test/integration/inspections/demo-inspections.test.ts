/**
 * The demo world's inspections (planning part): the Luton area review as notified on
 * Thursday 10 September 2026 with evidence partly returned, a case list and a seeded sample;
 * Stopsley Village Practice notified on Monday 22 September 2025; a third practice planned.
 * Loading again adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { LUTON_SAMPLE_SEED } from '../../../src/services/demo/inspections-planning.demo.js';
import { fileStore } from '../../../src/services/inspections/uploads.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { signIn } from '../../support/session.js';
import { DEMO_PASSWORD } from '../../../src/services/demo/demo-accounts.js';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe('the demo world’s inspections, up to the start of fieldwork', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  let uploadDir: string;
  const counts = async () => {
    const db = t.database.db;
    const n = async (table: 'inspections' | 'inspection_events' | 'evidence_requests' | 'evidence_files' | 'cases' | 'samples' | 'programme_visits' | 'outbox_emails' | 'audit_events') =>
      Number((await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { inspections: await n('inspections'), events: await n('inspection_events'), requests: await n('evidence_requests'), files: await n('evidence_files'), cases: await n('cases'), samples: await n('samples'), visits: await n('programme_visits'), emails: await n('outbox_emails') };
  };

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

  const lutonReview = () =>
    t.database.db.selectFrom('inspections').selectAll().where('subject_type', '=', 'area').where('area_name', '=', 'Luton').where('fieldwork_start', '=', '2026-09-14').executeTakeFirstOrThrow();

  it('notified the ICB of the Luton review on Thursday 10 September 2026 for the week of Monday 14 September, with the council’s services marked', async () => {
    const r = await lutonReview();
    expect(r.kind).toBe('area_review_safeguarding_lac');
    expect(r.notified_at?.toISOString()).toBe('2026-09-10T09:00:00.000Z');
    expect(r.fieldwork_end).toBe('2026-09-18');
    // The fieldwork part holds the opening meeting on Monday morning, where the programme is agreed.
    expect(r.programme_agreed_at?.toISOString()).toBe('2026-09-14T08:30:00.000Z');
    const db = t.database.db;
    const scope = await db.selectFrom('inspection_scope_services').selectAll().where('inspection_id', '=', r.id).orderBy('position').execute();
    expect(scope.map((s) => s.service_name)).toEqual(['Midwifery', 'Health Visiting', 'A&E', 'School Nursing', 'Child & Adolescent Mental Health', 'Adult Mental Health', 'Contraception & Sexual Health', 'Drugs & Alcohol']);
    const closed = scope.filter((s) => !s.recommendations_allowed);
    expect(closed.map((s) => s.service_name)).toEqual(['Health Visiting', 'School Nursing', 'Contraception & Sexual Health', 'Drugs & Alcohol']);
    for (const s of closed) expect(s.recommendations_note).toMatch(/power to make recommendations about this service is limited/);
    const team = await db.selectFrom('inspection_team as t').innerJoin('users as u', 'u.id', 't.user_id').select(['u.name', 't.role']).where('t.inspection_id', '=', r.id).execute();
    expect(team.map((m) => `${m.role}:${m.name}`).sort()).toEqual(['inspection_manager:Helen Carter', 'inspector:Aisha Rahman', 'lead_inspector:Daniel Osei', 'specialist_adviser:Dr Tom Whitfield']);
    const contacts = await db.selectFrom('inspection_contacts').select(['name', 'role']).where('inspection_id', '=', r.id).orderBy('position').execute();
    expect(contacts).toEqual([
      { name: 'Caroline Hughes', role: 'executive_lead' },
      { name: 'Joanne Whitaker', role: 'designated_nurse' },
      { name: 'Dr Samuel Adeyemi', role: 'designated_doctor' },
    ]);
    const emails = await db.selectFrom('outbox_emails').select(['subject', 'text_body']).where('to_address', '=', 'caroline.hughes@nhs.example').execute();
    const notice = emails.find((e) => e.subject.includes('Luton'));
    expect(notice?.text_body).toContain('Fieldwork runs from Monday 14 September 2026 to Friday 18 September 2026');
  });

  it('has evidence partly returned: real uploaded files with their SHA-256, one item that cannot be provided, the rest still to do', async () => {
    const r = await lutonReview();
    const db = t.database.db;
    const requests = await db.selectFrom('evidence_requests').selectAll().where('inspection_id', '=', r.id).orderBy('position').execute();
    expect(requests).toHaveLength(6);
    for (const q of requests) expect(q.due_date).toBe('2026-09-11');
    const files = await db.selectFrom('evidence_files').selectAll().where('evidence_request_id', 'in', requests.map((q) => q.id)).execute();
    expect(files.map((f) => f.original_filename).sort()).toEqual(['BLMK ICB Safeguarding Children Policy v4.2.pdf', 'Safeguarding training compliance August 2026.csv']);
    for (const f of files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(fileStore(ctx).pathOf(f.storage_key))).toBe(true);
    }
    expect(requests.filter((q) => q.status === 'cannot_provide').map((q) => q.title)).toEqual(['Designated professionals: job descriptions and supervision arrangements']);
    expect(requests.filter((q) => q.status === 'requested')).toHaveLength(3);
  });

  it('has the ICB’s case list and a sample drawn with its seed and rationale, and the week’s programme not yet agreed', async () => {
    const r = await lutonReview();
    const db = t.database.db;
    expect(await db.selectFrom('cases').select('id').where('inspection_id', '=', r.id).execute()).toHaveLength(48);
    const sample = await db.selectFrom('samples').selectAll().where('inspection_id', '=', r.id).executeTakeFirstOrThrow();
    expect(sample.seed).toBe(LUTON_SAMPLE_SEED);
    expect(sample.rationale).toMatch(/journey between services/);
    expect(await db.selectFrom('sample_members').select('id').where('sample_id', '=', sample.id).execute()).toHaveLength(12);
    const visits = await db.selectFrom('programme_visits').select(['service_name', 'visit_date']).where('inspection_id', '=', r.id).orderBy('visit_date').execute();
    expect(visits).toHaveLength(8);
    expect(visits.every((v) => v.visit_date >= '2026-09-14' && v.visit_date <= '2026-09-18')).toBe(true);
  });

  it('notified Stopsley Village Practice on Monday 22 September 2025, and left a second Luton practice planned for 15 December 2026', async () => {
    const db = t.database.db;
    const gp = await db
      .selectFrom('inspections as i')
      .innerJoin('organisations as o', 'o.id', 'i.subject_organisation_id')
      .select(['o.ods_code', 'i.state', 'i.notice_type', 'i.notified_at', 'i.fieldwork_start', 'i.fieldwork_end', 'i.id'])
      .where('i.subject_type', '=', 'location')
      .orderBy('i.fieldwork_start')
      .execute();
    const stopsley = gp.find((g) => g.ods_code === 'E81006')!;
    expect(stopsley).toMatchObject({ notice_type: 'announced', fieldwork_start: '2025-10-07', fieldwork_end: '2025-10-08' });
    expect(stopsley.notified_at?.toISOString()).toBe('2025-09-22T09:30:00.000Z');
    const contacts = await db.selectFrom('inspection_contacts').select('role').where('inspection_id', '=', stopsley.id).execute();
    expect(contacts.map((c) => c.role)).toContain('practice_manager');
    const third = gp.find((g) => g.ods_code === 'E81005')!;
    expect(third).toMatchObject({ state: 'planned', notice_type: 'announced', fieldwork_start: '2026-12-15', notified_at: null });
  });

  it('a published inspection offers no new evidence request, and the form refuses one with the reason, storing nothing', async () => {
    const published = await t.database.db
      .selectFrom('inspections as i')
      .innerJoin('inspection_team as m', 'm.inspection_id', 'i.id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('i.id')
      .where('i.state', '=', 'published')
      .where('m.role', '=', 'lead_inspector')
      .where('u.email', '=', 'daniel.osei@inspectorate.example')
      .executeTakeFirstOrThrow();
    const lead = await signIn(t.app, { email: 'daniel.osei@inspectorate.example', password: DEMO_PASSWORD });
    const page = await lead.get(`/inspections/${published.id}/evidence`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Request a document');
    const before = (await counts()).requests;
    const refused = await lead.post(`/inspections/${published.id}/evidence/new`, { title: 'Late policy', description: '', organisationId: '', 'dueDate-day': '', 'dueDate-month': '', 'dueDate-year': '' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Evidence can be requested only before or during fieldwork');
    expect((await counts()).requests).toBe(before);
  });

  it('adds nothing when loaded again', async () => {
    const before = await counts();
    await loadDemoWorld(ctx);
    expect(await counts()).toEqual(before);
  }, 300_000);
});
