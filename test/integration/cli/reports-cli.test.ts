/**
 * `inspectorate reports render-pdfs [--all|--missing]`: makes published reports' PDFs on demand with
 * Chromium, with progress, and says what it did.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPdfPath } from '../../../src/services/reports/report-pdf.service.js';
import { createPublishedReport } from '../../factories/published-report.factory.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const uploads = mkdtempSync(path.join(os.tmpdir(), 'inspectorate-render-pdfs-'));

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete e['VITEST'];
    const child = spawn(process.execPath, [path.resolve('bin/inspectorate.js'), ...args], { env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('inspectorate reports render-pdfs', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await createPublishedReport(db.db);
    await createPublishedReport(db.db);
    env = { DATABASE_URL: db.url, UPLOAD_DIR: uploads };
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(uploads, { recursive: true, force: true });
  });

  it('makes the missing PDFs, then has nothing to do, and --all makes every one again', async () => {
    const first = await cli(['reports', 'render-pdfs'], env);
    expect(first.stdout, first.stderr).toContain('Made 2 PDFs of 2 reports.');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Making report PDFs: 1 of 2 INS-/);
    expect(first.stderr).toMatch(/Making report PDFs: 2 of 2 INS-/);
    const rows = await db.db.selectFrom('inspection_reports').select('pdf_storage_key').execute();
    for (const r of rows) expect(readFileSync(reportPdfPath({ uploadDir: uploads }, r.pdf_storage_key!)).subarray(0, 5).toString()).toBe('%PDF-');

    const second = await cli(['reports', 'render-pdfs', '--missing'], env);
    expect(second.stdout).toBe('Every published report has a current PDF.\n');

    const all = await cli(['reports', 'render-pdfs', '--all'], env);
    expect(all.stdout).toContain('Made 2 PDFs of 2 reports.');
    const keys = await db.db.selectFrom('inspection_reports').select('pdf_storage_key').execute();
    expect(keys.map((k) => k.pdf_storage_key)).not.toEqual(rows.map((r) => r.pdf_storage_key));

    const both = await cli(['reports', 'render-pdfs', '--all', '--missing'], env);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('inspectorate: choose --all or --missing, not both');
  }, 120_000);
});
