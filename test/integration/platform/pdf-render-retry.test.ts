/**
 * A report PDF render that fails for real is kept and tried again later (graphile-worker's growing
 * waits), not dropped: the worker records the error, the next try is scheduled in the future, and
 * administrators see it waiting to try again. Here the PDF cannot be stored: the uploads folder is
 * a file, so every try fails after Chromium has rendered the report.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, stopWorker } from '../../../src/jobs/worker.js';
import { createLogger } from '../../../src/logger.js';
import { queueStaleReportPdfs } from '../../../src/services/reports/report-pdf.service.js';
import { createPublishedReport } from '../../factories/published-report.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { signIn } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

interface JobRow {
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  wait_seconds: number;
}

describe('a report PDF render that fails', () => {
  let t: TestApp;
  let work: string;
  let runner: Runner | undefined;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'inspectorate-render-retry-'));
    const notAFolder = path.join(work, 'uploads');
    await writeFile(notAFolder, 'a file where the uploads folder should be');
    t = await createTestApp({ config: { uploadDir: notAFolder } });
    await createPublishedReport(t.database.db);
  });
  afterAll(async () => {
    if (runner) await stopWorker(runner);
    await t.close();
    await rm(work, { recursive: true, force: true });
  });

  it('is tried again later with the error kept, and shows as waiting to try again', async () => {
    expect(await queueStaleReportPdfs(t.database.db)).toBe(1);
    runner = await startWorker({ config: t.config, db: t.database.db, pool: t.database.pool, logger: createLogger('silent') }, { concurrency: 1 });
    const job = async () =>
      (await sql<JobRow>`select attempts, max_attempts, last_error, extract(epoch from run_at - now())::float as wait_seconds from graphile_worker.jobs where task_identifier = 'render_report_pdf'`.execute(t.database.db)).rows;
    const until = Date.now() + 60_000;
    let rows = await job();
    while (Date.now() < until && !(rows[0]?.attempts === 1 && rows[0].last_error)) {
      await new Promise((r) => setTimeout(r, 500));
      rows = await job();
    }
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ attempts: 1, max_attempts: 10 });
    expect(row!.last_error).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    // Not run again at once: the next try waits (graphile-worker: about e^attempts seconds, growing).
    expect(row!.wait_seconds).toBeGreaterThan(0);

    const admin = await signIn(t.app, await createUser(t.database.db, 'administrator'));
    const page = await admin.get('/admin/jobs');
    expect(page.body).toContain('0 jobs have failed, 1 job is waiting to try again and 0 jobs are stuck.');
    expect(page.body).toContain('Tried 1 time of 10; next try');
  }, 90_000);
});
