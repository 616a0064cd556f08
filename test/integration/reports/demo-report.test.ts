/**
 * The demo world's reports: the Luton area review published on 27 October 2026 and Stopsley
 * Village Practice on 10 February 2026 with the practice's response statement; factual accuracy
 * comments partly accepted; on the register; loading again changes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { newCorrelationId, systemActor, systemClock, type ServiceContext } from '../../../src/services/context.js';
import { loadDemoWorld } from '../../../src/services/demo/demo.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('the demo world’s reports', () => {
  let t: TestApp;
  let ctx: ServiceContext;
  let uploadDir: string;
  let firstLines: string[] = [];

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-demo-report-'));
    t = await createTestApp({ config: { uploadDir } });
    ctx = { db: t.database.db, actor: systemActor('test'), correlationId: newCorrelationId(), clock: systemClock, config: t.config, logger: createLogger('silent') };
    firstLines = (await loadDemoWorld(ctx)).lines;
  }, 300_000);
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  const reports = () =>
    t.database.db.selectFrom('inspection_reports as r').innerJoin('inspections as i', 'i.id', 'r.inspection_id').select(['r.id', 'r.link_id', 'r.stage', 'r.publication_date', 'r.fa_sent_at', 'r.response_statement', 'i.subject_type', 'i.state']).orderBy('r.publication_date').execute();

  it('publishes both cases on the dates in the timeline (and the care home report of the rating review demo)', async () => {
    expect(firstLines).toEqual(expect.arrayContaining(['Luton area review: report published Tuesday 27 October 2026', 'Stopsley Village Practice: report published Tuesday 10 February 2026 (Regulation 17 breach, warning notice)']));
    const rows = await reports();
    expect(rows.map((r) => [r.subject_type, r.stage, r.state, r.publication_date, r.fa_sent_at?.toISOString().slice(0, 10)])).toEqual([
      ['location', 'published', 'published', '2026-02-10', '2025-12-01'],
      // Issue 19's demo: the care home report published on 1 October 2026 that the refused rating review request is about.
      ['location', 'published', 'published', '2026-10-01', undefined],
      ['area', 'published', 'published', '2026-10-27', '2026-10-01'],
    ]);
    expect(rows[0]!.response_statement).toContain('working with the regulator and the ICB to address the areas raised');
  });

  it('has factual accuracy comments, some accepted and some not, each with its reason', async () => {
    const decisions = await t.database.db.selectFrom('fa_comments').select(['decision', 'decision_reason', 'change_made']).orderBy('decision').execute();
    expect(decisions.map((d) => d.decision)).toEqual(['accepted', 'accepted', 'rejected', 'rejected']);
    for (const d of decisions) expect(d.decision === 'accepted' ? d.change_made : d.decision_reason).toBeTruthy();
  });

  it("the ICB's category B comment carries its evidence file, stored and readable; the file is never on the public report", async () => {
    const files = await t.database.db.selectFrom('fa_comment_files as f').innerJoin('fa_comments as c', 'c.id', 'f.comment_id').select(['f.filename', 'f.content_type', 'f.size_bytes', 'f.storage_key', 'c.category']).execute();
    expect(files.map((f) => [f.filename, f.content_type, f.category])).toEqual([['looked-after-children-initial-health-assessments-2025-09-to-2026-08.csv', 'text/csv', 'factual_inaccuracy']]);
    const { fileStore } = await import('../../../src/services/inspections/uploads.service.js');
    const chunks: Buffer[] = [];
    for await (const c of fileStore(ctx).read(files[0]!.storage_key)) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.length).toBe(Number(files[0]!.size_bytes));
    expect(text).toContain('2026-08,23,18,78');
    const [, luton] = await reports();
    const page = await t.app.inject({ url: `/reports/${luton!.link_id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('looked-after-children-initial-health-assessments');
  });

  it('shows the practice report on the register with the breach, the warning notice and the response', async () => {
    const [stopsley] = await reports();
    const page = await t.app.inject({ url: `/reports/${stopsley!.link_id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Regulation 17');
    expect(page.body).toContain('Warning notice');
    expect(page.body).toContain('working with the regulator and the ICB to address the areas raised');
    const api = (await t.app.inject({ url: '/public/v1/locations/E81006' })).json();
    expect(api.reports).toEqual(expect.arrayContaining([expect.objectContaining({ linkId: stopsley!.link_id, reportDate: '2026-02-10' })]));
    expect(api.currentRatings.overall.reportLinkId).toBe(stopsley!.link_id);
  });

  it('changes nothing when loaded again', async () => {
    const count = async () => ({
      versions: Number((await t.database.db.selectFrom('report_versions').select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      files: Number((await t.database.db.selectFrom('fa_comment_files').select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      comments: Number((await t.database.db.selectFrom('fa_comments').select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      ratings: Number((await t.database.db.selectFrom('ratings').select(t.database.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    });
    const before = await count();
    const again = await loadDemoWorld(ctx);
    expect(again.lines).toEqual(expect.arrayContaining(['Luton area review report: already published', 'Stopsley Village Practice report: already published']));
    expect(await count()).toEqual(before);
  });
});
