/**
 * The shape for a bigger deployment (docs/deployment.md): two web processes (`serve --no-worker`) and
 * one worker process (`worker`) against one PostgreSQL (DATABASE_URL) and one Redis (REDIS_URL), with
 * the uploads folder shared. A session made on one web process works on the other, a file uploaded
 * through one downloads from the other, the public API's rate limit is counted across both, and a report PDF job queued by one is rendered by the worker and
 * served, from the shared folder, by both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueStaleReportPdfs } from '../../../src/services/reports/report-pdf.service.js';
import { createPublishedReport } from '../../factories/published-report.factory.js';
import { createOrganisation } from '../../factories/organisation.factory.js';
import { createUser, type TestUser } from '../../factories/user.factory.js';
import { freePort } from '../../support/processes.js';
import { csrfTokenIn } from '../../support/session.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const uploads = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-shared-uploads-'));

interface Proc {
  child: ChildProcess;
  output: string;
}

function start(args: string[], env: Record<string, string>): Proc {
  const e: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete e['VITEST'];
  const child = spawn(process.execPath, [path.resolve('bin/inspectorate.js'), ...args], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc: Proc = { child, output: '' };
  child.stdout!.on('data', (d: Buffer) => (proc.output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (proc.output += d.toString()));
  return proc;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
}

describe('two web processes and one worker', () => {
  let db: TestDatabase;
  let user: TestUser;
  let web: [string, string];
  const procs: Proc[] = [];
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!, value.join('='));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

  beforeAll(async () => {
    db = await createTestDatabase();
    user = await createUser(db.db, 'inspector', { name: 'Priya Scaled' });
    const ports = [await freePort(), await freePort()];
    const env = { DATABASE_URL: db.url, REDIS_URL, UPLOAD_DIR: uploads, DEMO: 'false', COOKIE_SECURE: 'false', PUBLIC_API_RATE_LIMIT: '4', LOG_LEVEL: 'warn' };
    for (const port of ports) procs.push(start(['serve', '--no-worker'], { ...env, PORT: String(port) }));
    procs.push(start(['worker', '--concurrency', '1'], env));
    web = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
    for (const base of web) await until(`${base}/health`, async () => (await fetch(`${base}/health`)).ok, 90_000);
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) await stop(p);
    await db.destroy();
    rmSync(uploads, { recursive: true, force: true });
  });

  it('a session made on one web process works on the other', async () => {
    const form = await fetch(`${web[0]}/sign-in`);
    remember(form);
    const token = csrfTokenIn(await form.text())!;
    const signedIn = await fetch(`${web[0]}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
      body: new URLSearchParams({ email: user.email, password: user.password, _csrf: token }).toString(),
    });
    expect(signedIn.status).toBe(303);
    remember(signedIn);
    const other = await fetch(`${web[1]}/home`, { headers: { cookie: cookie() }, redirect: 'manual' });
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('Priya Scaled');
    const nobody = await fetch(`${web[1]}/home`, { redirect: 'manual' });
    expect(nobody.status).not.toBe(200);
  });

  it('a file uploaded through one web process downloads from the other (the uploads folder is shared)', async () => {
    const location = await createOrganisation(db.db, 'location', { name: 'Shared Folder Surgery' });
    const now = new Date();
    const inspection = await db.db
      .insertInto('inspections')
      .values({ reference: `INS-2026-9${String(process.pid).slice(-5)}`, kind: 'comprehensive', subject_type: 'location', subject_organisation_id: location.id, key_questions: ['safe'], notice_type: 'announced', state: 'fieldwork', fieldwork_start: '2026-12-01', fieldwork_end: '2026-12-02', notified_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.db.insertInto('inspection_team').values({ inspection_id: inspection.id, user_id: user.id, role: 'lead_inspector' }).execute();
    const item = await db.db.insertInto('evidence_items').values({ inspection_id: inspection.id, inspector_id: user.id, body: 'Observed the morning huddle.', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const itemPath = `/inspections/${inspection.id}/evidence-items/${item.id}`;

    const page = await fetch(`${web[0]}${itemPath}`, { headers: { cookie: cookie() } });
    expect(page.status).toBe(200);
    const token = csrfTokenIn(await page.text())!;
    const form = new FormData();
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    form.append('_csrf', token);
    form.append('attachment', new Blob([photo], { type: 'image/jpeg' }), 'huddle board.jpg');
    const uploaded = await fetch(`${web[0]}${itemPath}/attachments`, { method: 'POST', body: form, headers: { cookie: cookie() }, redirect: 'manual' });
    expect(uploaded.status).toBe(303);

    const view = await (await fetch(`${web[1]}${itemPath}`, { headers: { cookie: cookie() } })).text();
    const href = /href="(\/api\/v1\/evidence-attachments\/[^"]+\/download)"/.exec(view)?.[1];
    expect(href, 'the attachment is listed on the other web process').toBeDefined();
    const download = await fetch(`${web[1]}${href}`, { headers: { cookie: cookie() } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(photo);
  });

  it('the public API rate limit is shared: four requests across both, and the fifth is refused by either', async () => {
    const key = `scale-out-test-${randomBytes(6).toString('hex')}`;
    const call = (base: string) => fetch(`${base}/public/v1/openapi.json`, { headers: { 'ocp-apim-subscription-key': key } });
    const statuses = [];
    for (const base of [web[0], web[1], web[0], web[1]]) statuses.push((await call(base)).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect((await call(web[1])).status).toBe(429);
    expect((await call(web[0])).status).toBe(429);
  });

  it('a PDF job is rendered by the worker process and served by both web processes from the shared folder', async () => {
    const world = await createPublishedReport(db.db);
    const { link_id: linkId } = await db.db.selectFrom('inspection_reports').select('link_id').where('id', '=', world.reportId).executeTakeFirstOrThrow();
    expect((await fetch(`${web[0]}/reports/${linkId}/report.pdf`)).status).toBe(404);
    expect(await queueStaleReportPdfs(db.db)).toBe(1);
    for (const base of web) {
      const pdf = await until(`the PDF on ${base}`, async () => {
        const res = await fetch(`${base}/reports/${linkId}/report.pdf`);
        return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : undefined;
      }, 60_000);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    const health = (await (await fetch(`${web[1]}/health`)).json()) as { worker: { status: string; running: number } };
    expect(health.worker).toMatchObject({ status: 'ok', running: 1 });
  }, 90_000);
});
