/**
 * Failures are seen and retried: a report PDF job that failed shows on the administrators' jobs page
 * and in /health; the public page says the PDF is not available yet and offers the web page; the
 * retry button runs it again, and the real worker (with Chromium) then makes the PDF. /health reports
 * the worker's heartbeat.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, stopWorker } from '../../../src/jobs/worker.js';
import { createLogger } from '../../../src/logger.js';
import { queueStaleReportPdfs } from '../../../src/services/reports/report-pdf.service.js';
import { createPublishedReport, type PublishedWorld } from '../../factories/published-report.factory.js';
import { createUser } from '../../factories/user.factory.js';
import { anonymous, signIn, type TestSession } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

interface Health {
  status: string;
  database: string;
  worker: { status: string; lastHeartbeat: string | null; running: number };
  failedJobsLastHour: number;
}

describe('background jobs: failures seen and retried', () => {
  let t: TestApp;
  let admin: TestSession;
  let world: PublishedWorld;
  let uploadDir: string;
  let runner: Runner | undefined;
  let linkId = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-jobs-'));
    t = await createTestApp({ config: { uploadDir } });
    admin = await signIn(t.app, await createUser(t.database.db, 'administrator'));
    world = await createPublishedReport(t.database.db);
    linkId = (await t.database.db.selectFrom('inspection_reports').select('link_id').where('id', '=', world.reportId).executeTakeFirstOrThrow()).link_id;
  });
  afterAll(async () => {
    if (runner) await stopWorker(runner);
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  async function health(): Promise<Health> {
    const res = await anonymous(t.app).get('/health');
    expect(res.statusCode).toBe(200);
    return JSON.parse(res.body) as Health;
  }

  it('with no worker yet, /health says so, and the public page offers the web page instead of the PDF', async () => {
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok', worker: { status: 'none', lastHeartbeat: null }, failedJobsLastHour: 0 });
    const page = await anonymous(t.app).get(`/reports/${linkId}`);
    expect(page.body).toContain('A PDF of this report is not available yet. The full report is on this page');
    const pdf = await anonymous(t.app).get(`/reports/${linkId}/report.pdf`);
    expect(pdf.statusCode).toBe(404);
    expect(pdf.body).toContain('A PDF of this report is not available yet');
    expect(pdf.body).toContain(`href="/reports/${linkId}"`);
  });

  it('a PDF job that failed every attempt is listed for administrators and counted by /health', async () => {
    expect(await queueStaleReportPdfs(t.database.db)).toBe(1);
    const queued = await sql<{ max_attempts: number }>`select max_attempts from graphile_worker.jobs where task_identifier = 'render_report_pdf'`.execute(t.database.db);
    // Retried with backoff (graphile-worker waits about e^attempt seconds between tries), ten times over some hours.
    expect(queued.rows[0]?.max_attempts).toBe(10);
    // What a run of crashes leaves behind: every attempt used, the last error kept.
    await sql`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'browserType.launch: Target page, context or browser has been closed (SIGSEGV)', updated_at = now()`.execute(t.database.db);

    expect((await health()).failedJobsLastHour).toBe(1);
    const page = await admin.get('/admin/jobs');
    expect(page.statusCode, page.body.match(/Reference[^<]*/)?.[0]).toBe(200);
    expect(page.body).toContain('1 job has failed, 0 jobs are waiting to try again and 0 jobs are stuck.');
    expect(page.body).toContain('Make a report PDF');
    expect(page.body).toContain('Tried 10 times of 10; it will not be tried again unless you retry it.');
    expect(page.body).toContain('SIGSEGV');
    expect(page.body).toContain(`reportId ${world.reportId}`);

    for (const who of ['inspectionManager', 'providerAdmin'] as const) {
      const other = await signIn(t.app, await createUser(t.database.db, who));
      expect((await other.get('/admin/jobs')).statusCode).toBe(404);
    }
    expect((await anonymous(t.app).get('/admin/jobs')).statusCode).not.toBe(200);
  });

  it('Retry now runs the job again (audited), and the worker makes the PDF with Chromium', async () => {
    const page = await admin.get('/admin/jobs');
    const id = /action="\/admin\/jobs\/(\d+)\/retry"/.exec(page.body)?.[1];
    expect(id).toBeDefined();
    const retried = await admin.post(`/admin/jobs/${id}/retry`, {});
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe(`/admin/jobs?retried=${id}`);
    const after = await admin.get(`/admin/jobs?retried=${id}`);
    expect(after.body).toContain(`Job ${id} (Make a report PDF) will run again now.`);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'subject_id']).where('action', '=', 'JOB_RETRIED').execute();
    expect(audit).toEqual([{ action: 'JOB_RETRIED', subject_id: id }]);

    runner = await startWorker({ config: t.config, db: t.database.db, pool: t.database.pool, logger: createLogger('silent') }, { concurrency: 1 });
    const until = Date.now() + 60_000;
    let key: string | null = null;
    while (Date.now() < until && !key) {
      await new Promise((r) => setTimeout(r, 500));
      key = (await t.database.db.selectFrom('inspection_reports').select('pdf_storage_key').where('id', '=', world.reportId).executeTakeFirstOrThrow()).pdf_storage_key;
    }
    expect(key).not.toBeNull();
    const pdf = await anonymous(t.app).get(`/reports/${linkId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await admin.get('/admin/jobs')).body).toContain('No job has failed or is stuck.');

    const h = await health();
    expect(h.worker.status).toBe('ok');
    expect(Date.now() - Date.parse(h.worker.lastHeartbeat!)).toBeLessThan(60_000);
    expect(h.failedJobsLastHour).toBe(0);
  }, 90_000);

  it('a job locked for too long by a worker that stopped is shown as stuck and can be released', async () => {
    await sql`select graphile_worker.add_job('send_email', json_build_object('emailId', 424242), max_attempts => 5)`.execute(t.database.db);
    await sql`update graphile_worker._private_jobs set locked_at = now() - interval '30 minutes', locked_by = 'gone-worker', attempts = 1 where locked_by is null and task_id = (select id from graphile_worker._private_tasks where identifier = 'send_email')`.execute(t.database.db);
    const page = await admin.get('/admin/jobs');
    expect(page.body).toContain('Send an email');
    expect(page.body).toContain('the worker running it may have stopped');
    expect(page.body).toContain('Release and retry now');
    const id = /action="\/admin\/jobs\/(\d+)\/retry"/.exec(page.body)?.[1];
    expect((await admin.post(`/admin/jobs/${id}/retry`, {})).statusCode).toBe(303);
    const row = await sql<{ locked_by: string | null; attempts: number }>`select locked_by, attempts from graphile_worker.jobs where id = ${id}::bigint`.execute(t.database.db);
    // Released and reset; the worker started above may already have run it (an email that does not exist is skipped).
    expect(row.rows.every((r) => r.locked_by !== 'gone-worker' && r.attempts <= 1)).toBe(true);
  });
});
