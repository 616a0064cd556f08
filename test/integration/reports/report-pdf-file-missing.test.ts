/**
 * A report whose PDF is recorded but whose file is gone (an uploads folder restored without it, a
 * shared folder not mounted on this machine, a disk cleaned by hand): the public page says plainly
 * that the PDF is not available yet and offers the web page, the PDF address answers the same instead
 * of an error page, and the daily re-render job and `reports render-pdfs --missing` make it again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueStaleReportPdfs, reportPdfPath, reportsToRender, storeReportPdf } from '../../../src/services/reports/report-pdf.service.js';
import { createPublishedReport, type PublishedWorld } from '../../factories/published-report.factory.js';
import { anonymous } from '../../support/session.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n% a report\n'));

describe('a report PDF whose file is missing', () => {
  let t: TestApp;
  let world: PublishedWorld;
  let uploadDir: string;
  let linkId = '';

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-pdf-missing-'));
    t = await createTestApp({ config: { uploadDir } });
    world = await createPublishedReport(t.database.db);
    linkId = (await t.database.db.selectFrom('inspection_reports').select('link_id').where('id', '=', world.reportId).executeTakeFirstOrThrow()).link_id;
    expect(await storeReportPdf({ db: t.database.db, config: { uploadDir } }, world.reportId, async () => PDF)).toBe('rendered');
  });
  afterAll(async () => {
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  async function storageKey(): Promise<string> {
    return (await t.database.db.selectFrom('inspection_reports').select('pdf_storage_key').where('id', '=', world.reportId).executeTakeFirstOrThrow()).pdf_storage_key!;
  }

  it('while the file is there, the page links to it and it downloads', async () => {
    const page = await anonymous(t.app).get(`/reports/${linkId}`);
    expect(page.body).toContain('data-testid="pdf-link"');
    const pdf = await anonymous(t.app).get(`/reports/${linkId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(await reportsToRender(t.database.db, 'missing', uploadDir)).toEqual([]);
  });

  it('once the file is gone, the page and the PDF address say it is not available yet and offer the web page', async () => {
    await rm(reportPdfPath({ uploadDir }, await storageKey()));
    const page = await anonymous(t.app).get(`/reports/${linkId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('data-testid="pdf-link"');
    expect(page.body).toContain('A PDF of this report is not available yet. The full report is on this page');
    const pdf = await anonymous(t.app).get(`/reports/${linkId}/report.pdf`);
    expect(pdf.statusCode).toBe(404);
    expect(pdf.headers['content-type']).toMatch(/^text\/html/);
    expect(pdf.body).toContain('A PDF of this report is not available yet');
    expect(pdf.body).toContain(`href="/reports/${linkId}"`);
  });

  it('the re-render job and render-pdfs --missing pick it up, and the render makes it again', async () => {
    expect((await reportsToRender(t.database.db, 'missing', uploadDir)).map((r) => r.id)).toEqual([world.reportId]);
    expect(await queueStaleReportPdfs(t.database.db, { uploadDir })).toBe(1);
    expect(await storeReportPdf({ db: t.database.db, config: { uploadDir } }, world.reportId, async () => PDF)).toBe('rendered');
    const pdf = await anonymous(t.app).get(`/reports/${linkId}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await anonymous(t.app).get(`/reports/${linkId}`)).body).toContain('data-testid="pdf-link"');
    expect(await reportsToRender(t.database.db, 'missing', uploadDir)).toEqual([]);
  });
});
