/**
 * Issue 15 in the demo world: the Luton review's sampled cases tracked with findings and linked
 * evidence, and the demo's published reports written in their structures with no placeholder text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSection } from '../../../src/domain/reports/report-sections.js';
import { placeholderSections } from '../../../src/domain/reports/report-structures.js';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('the demo world: cases tracked with findings, reports in their structures', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  let uploadDir: string;
  let lines: string[] = [];

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-demo-tracking-'));
    t = await createTestApp({ config: { uploadDir } });
    ctx = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') };
    lines = (await loadDemoWorld(ctx)).lines;
  }, 300_000);
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('tracks six of the Luton sample’s cases, with every kind of finding and linked evidence and visits', async () => {
    expect(lines).toContain('Luton area review: 6 sampled cases tracked with findings (good practice, concerns, one immediate action needed)');
    const tracked = await t.database.db.selectFrom('case_tracking').select(['case_id', 'services_seen', 'records_read']).execute();
    expect(tracked).toHaveLength(6);
    for (const c of tracked) expect(c.services_seen.length).toBeGreaterThan(0);
    const kinds = await t.database.db.selectFrom('case_tracking_findings').select('kind').execute();
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['good_practice', 'concern', 'immediate_action']));
    const links = await t.database.db.selectFrom('case_tracking_links').select('kind').execute();
    expect(links.map((l) => l.kind)).toContain('evidence_item');
    expect(links.map((l) => l.kind)).toContain('visit');
  });

  it("the published reports hold no placeholder text; the Luton review follows the child's journey", async () => {
    const rows = await t.database.db
      .selectFrom('inspection_reports as r')
      .innerJoin('report_versions as v', (j) => j.onRef('v.report_id', '=', 'r.id').onRef('v.version', '=', 'r.published_version'))
      .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
      .select(['i.kind', 'r.structure', 'v.sections'])
      .where('r.stage', '=', 'published')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      const sections = r.sections as ReportSection[];
      expect(placeholderSections(sections)).toEqual([]);
      for (const s of sections) expect(s.body).not.toMatch(/\[To write|We looked at whether the service is/);
    }
    const luton = rows.find((r) => r.kind === 'area_review_safeguarding_lac')!;
    expect(luton.structure).toBe('area-review-safeguarding-lac/1');
    const headings = (luton.sections as ReportSection[]).map((s) => s.heading);
    expect(headings).toEqual(expect.arrayContaining(['Cases we tracked', 'Early help', 'Children in need', 'Child protection', 'Looked after children', 'Leadership and management', 'Governance', 'Training and supervision', 'Recommendations']));
    // The case-tracking summary fed the draft and names no case.
    const cases = (luton.sections as ReportSection[]).find((s) => s.key === 'case-tracking')!;
    expect(cases.body).toMatch(/We tracked 6 cases from the sample/);
    expect(cases.body).not.toMatch(/LTN-\d/);
  });

  it('loading again changes nothing', async () => {
    const again = (await loadDemoWorld(ctx)).lines;
    expect(again.some((l) => /cases tracked/.test(l))).toBe(false);
    expect(await t.database.db.selectFrom('case_tracking').select('case_id').execute()).toHaveLength(6);
  });
});
