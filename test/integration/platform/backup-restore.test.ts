/**
 * `inspectorate backup FILE` and `inspectorate restore FILE`, run as commands: a backup of a database
 * with a published report, its PDF in the uploads folder and audit rows, restored into a fresh database
 * and a fresh uploads folder, has every inspection, file and audit row, and the restored app serves them.
 */
import { spawn } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../../src/data/connect.js';
import { createDb, type DbHandle } from '../../../src/data/database.js';
import { recordAudit } from '../../../src/services/audit.service.js';
import { newCorrelationId, systemActor } from '../../../src/services/context.js';
import { reportPdfPath, storeReportPdf } from '../../../src/services/reports/report-pdf.service.js';
import { createPublishedReport } from '../../factories/published-report.factory.js';
import { freePort, listening } from '../../support/processes.js';
import { testConfig } from '../../support/test-config.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const BIN = path.resolve('bin/inspectorate.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-backup-test-'));
// The embedded PostgreSQL restored into below runs as the system user "postgres" when the tests run as root.
chmodSync(work, 0o755);
const fresh = `inspectorate_restore_${process.pid}_${Date.now()}`;

function urlOf(database: string): string {
  const u = new URL(inject('adminDatabaseUrl'));
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete e['VITEST'];
    const child = spawn(process.execPath, [BIN, ...args], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function counts(db: DbHandle['db']) {
  return {
    inspections: (await db.selectFrom('inspections').select(['id', 'reference']).orderBy('id').execute()),
    audit: (await db.selectFrom('audit_events').select(['id', 'action', 'subject_id']).orderBy('id').execute()),
    reports: (await db.selectFrom('inspection_reports').select(['id', 'pdf_storage_key']).orderBy('id').execute()),
  };
}

describe('backup and restore', () => {
  let source: TestDatabase;
  let restored: DbHandle | undefined;
  const uploads = path.join(work, 'uploads');
  const restoredUploads = path.join(work, 'restored uploads');
  const file = path.join(work, 'backups', 'inspectorate backup.tar');
  const pdfBytes = Buffer.from('%PDF-1.7\n% the report of Orchard Surgery\n');

  beforeAll(async () => {
    source = await createTestDatabase();
    const world = await createPublishedReport(source.db);
    await createPublishedReport(source.db);
    await storeReportPdf({ db: source.db, config: { uploadDir: uploads } }, world.reportId, async () => new Uint8Array(pdfBytes));
    await source.db.transaction().execute((trx) =>
      recordAudit(trx, { actor: systemActor('backup test'), correlationId: newCorrelationId() }, { action: 'REPORT_PUBLISHED', subjectType: 'inspection_report', subjectId: world.reportId }),
    );
    // An audit trail of a few hundred kilobytes, as a real one is: a table larger than any one read
    // of the connection (one such table once made the backup hang, and a slow disk lost rows).
    await source.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 400; i++) {
        await recordAudit(trx, { actor: systemActor('backup test'), correlationId: newCorrelationId() }, { action: 'REPORT_VIEWED', subjectType: 'inspection_report', subjectId: world.reportId, after: { note: `${i} ${'a long note '.repeat(80)}` } });
      }
    });
    await admin(`create database ${fresh}`);
  });
  afterAll(async () => {
    await restored?.close();
    await source.destroy();
    await admin(`drop database if exists ${fresh} with (force)`);
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up the database and uploads, restores them into a fresh database and folder, and every row and file is there', async () => {
    // The two-role setup (docs/database-roles.md): the app role, and the owner that backs up.
    const made = await cli(['backup', file], { DATABASE_URL: source.url, MIGRATION_DATABASE_URL: source.ownerUrl, UPLOAD_DIR: uploads });
    expect(made.stderr + made.stdout).toMatch(/Backed up to .*inspectorate backup\.tar: 2 inspections, \d+ audit rows, 1 files\./);
    expect(made.code).toBe(0);
    expect(made.stderr).toMatch(/Backing up: \d+ of \d+ database/);
    expect(existsSync(`${file}.partial`)).toBe(false);

    const back = await cli(['restore', file], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(back.stderr + back.stdout).toMatch(/Restored .*: 2 inspections, \d+ audit rows, 1 files\./);
    expect(back.code).toBe(0);
    expect(back.stderr).toMatch(/Restoring: \d+ of \d+/);

    restored = createDb(urlOf(fresh), { max: 2 });
    const before = await counts(source.db);
    const after = await counts(restored.db);
    expect(after).toEqual(before);
    expect(after.audit.map((a) => a.action)).toContain('REPORT_PUBLISHED');
    const key = after.reports.find((r) => r.pdf_storage_key)!.pdf_storage_key!;
    expect(readFileSync(reportPdfPath({ uploadDir: restoredUploads }, key))).toEqual(pdfBytes);

    // The restored database is one the app recognises: migrations are recorded, so none runs again.
    const migrate = await cli(['migrate'], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(migrate.stdout).toContain('The database schema is already up to date.');
  }, 120_000);

  it('restores the same backup into a fresh embedded PostgreSQL data folder, with every inspection, audit row and file', async () => {
    const dataDir = path.join(work, 'fresh data', 'postgres');
    const uploadDir = path.join(work, 'fresh data', 'uploads');
    const port = await freePort();
    const env: Record<string, string> = { EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(port), UPLOAD_DIR: uploadDir };
    const back = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const e: NodeJS.ProcessEnv = { ...process.env, ...env };
      delete e['DATABASE_URL'];
      delete e['MIGRATION_DATABASE_URL'];
      delete e['VITEST'];
      const child = spawn(process.execPath, [BIN, 'restore', file], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toMatch(/Restored .*: 2 inspections, \d+ audit rows, 1 files\./);
    expect(await listening(port)).toBe(false);

    const opened = await openDatabase(testConfig({ databaseUrl: undefined, migrationDatabaseUrl: undefined, embeddedPgDir: dataDir, embeddedPgPort: port, uploadDir }));
    try {
      expect(await counts(opened.db)).toEqual(await counts(source.db));
      const key = (await opened.db.selectFrom('inspection_reports').select('pdf_storage_key').where('pdf_storage_key', 'is not', null).executeTakeFirstOrThrow()).pdf_storage_key!;
      expect(readFileSync(reportPdfPath({ uploadDir }, key))).toEqual(pdfBytes);
    } finally {
      await opened.shutdown();
    }
  }, 120_000);

  it('refuses to restore over data unless told to replace it, and refuses a file that is not a backup', async () => {
    const again = await cli(['restore', file], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('inspectorate: restore failed: the database already holds data; restore into an empty one, or add --replace to replace what is there');
    const notBackup = path.join(work, 'notes.txt');
    await import('node:fs/promises').then((f) => f.writeFile(notBackup, 'not a backup'));
    const bad = await cli(['restore', notBackup], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^inspectorate: restore failed: .*notes\.txt is not an Inspectorate backup/);
    const replaced = await cli(['restore', file, '--replace'], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(replaced.code, replaced.stderr).toBe(0);
  }, 120_000);

  it('refuses a backup made by a later version whose database had a migration this version does not know, and a restore that fails part-way leaves the database as it was', async () => {
    const { pack, extract } = await import('tar-fs');
    const unpacked = path.join(work, 'unpacked');
    await pipeline(createReadStream(file), extract(unpacked));
    const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')) as { migrations: string[] };
    manifest.migrations.push('20990101T0000-from-the-future');
    writeFileSync(path.join(unpacked, 'manifest.json'), JSON.stringify(manifest));
    const later = path.join(work, 'later.tar');
    await pipeline(pack(unpacked), createWriteStream(later));
    const before = await counts(restored!.db);
    const refused = await cli(['restore', later, '--replace'], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/restore failed: .*later\.tar was made by a later version of Inspectorate: its database has a migration this version does not know \(20990101T0000-from-the-future\)/);
    expect(await counts(restored!.db)).toEqual(before);

    // A backup that fails its check only after everything was dropped and loaded: the one transaction undoes it all.
    manifest.migrations.pop();
    const tampered = manifest as unknown as { tables: { name: string; rows: number }[] };
    tampered.tables.find((t) => t.name === 'audit_events')!.rows += 1;
    writeFileSync(path.join(unpacked, 'manifest.json'), JSON.stringify(manifest));
    const short = path.join(work, 'short.tar');
    await pipeline(pack(unpacked), createWriteStream(short));
    const failed = await cli(['restore', short, '--replace'], { DATABASE_URL: urlOf(fresh), UPLOAD_DIR: restoredUploads });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/restore failed: the restore is incomplete: audit_events has \d+ rows, the backup had \d+/);
    expect(await counts(restored!.db)).toEqual(before);
  }, 120_000);
});
