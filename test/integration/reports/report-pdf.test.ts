/**
 * The published report's PDF: rendered by the background job's renderer with Chromium from the
 * same template as the web page, tagged (a structure tree with headings) and with an outline;
 * stored and served; re-rendered when the template version changes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TEMPLATE_VERSION } from '../../../src/domain/reports/report-sections.js';
import { queueStaleReportPdfs, reportPdfPath, storeReportPdf } from '../../../src/services/reports/report-pdf.service.js';
import { closeReportRenderer, reportPdfRenderer } from '../../../src/web/reports/report-pdf.renderer.js';
import { MovableClock } from '../../factories/inspection.factory.js';
import { createPracticeWorld, inspectionThroughFieldwork, judgeInspection, practiceApis, reportAtStage, type PracticeWorld } from '../../factories/report.factory.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

interface StructNode {
  role?: string;
  children?: StructNode[];
  type?: string;
  id?: string;
}

function roles(node: StructNode | null, out: string[] = []): string[] {
  if (!node) return out;
  if (node.role) out.push(node.role);
  for (const c of node.children ?? []) roles(c, out);
  return out;
}

describe('report PDF', () => {
  let t: TestApp;
  let w: PracticeWorld;
  let uploadDir: string;
  let reportId = '';
  let linkId = '';
  const clock = new MovableClock(new Date('2025-09-22T09:00:00Z'));

  beforeAll(async () => {
    uploadDir = await mkdtemp(path.join(tmpdir(), 'inspectorate-report-pdf-'));
    t = await createTestApp({ clock, config: { uploadDir } });
    w = await createPracticeWorld(t.database.db);
    const id = await inspectionThroughFieldwork(await practiceApis(t, w, clock), w, clock);
    await judgeInspection(t.database.db, id, w);
    await reportAtStage(t, w, clock, id, 'published');
    const r = await t.database.db.selectFrom('inspection_reports').select(['id', 'link_id']).executeTakeFirstOrThrow();
    reportId = r.id;
    linkId = r.link_id;
  });
  afterAll(async () => {
    await closeReportRenderer();
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('publication queued the render job in the same transaction', async () => {
    const jobs = await sql<{ task_identifier: string }>`select task_identifier from graphile_worker.jobs`.execute(t.database.db);
    expect(jobs.rows.map((j) => j.task_identifier)).toContain('render_report_pdf');
  });

  it('renders a tagged PDF with an outline and the report headings, stores it and serves it from the public page', async () => {
    const before = await t.app.inject({ url: `/reports/${linkId}` });
    expect(before.body).toContain('A PDF of this report is not available yet');
    expect(await storeReportPdf({ db: t.database.db, config: t.config }, reportId, reportPdfRenderer(t.config.projectRoot))).toBe('rendered');
    const row = await t.database.db.selectFrom('inspection_reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
    const bytes = await readFile(reportPdfPath(t.config, row.pdf_storage_key!));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(row.pdf_size_bytes).toBe(bytes.length);

    const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
    const location = await t.database.db.selectFrom('organisations').select(['address_line1', 'town', 'postcode']).where('id', '=', w.practice.id).executeTakeFirstOrThrow();
    const address = `Stopsley Village Practice, ${location.address_line1}, ${location.town}, ${location.postcode}`;
    expect(address).toMatch(/^Stopsley Village Practice, \d+ High Street, Riverside, RV1 1AA$/);
    const markInfo = await doc.getMarkInfo();
    expect(markInfo?.Marked).toBe(true);
    const page1 = await doc.getPage(1);
    const tree = (await page1.getStructTree()) as StructNode;
    const allRoles: string[] = [];
    const texts: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      roles((await page.getStructTree()) as StructNode, allRoles);
      texts.push(((await page.getTextContent()).items as { str?: string }[]).map((i) => i.str ?? '').join(' '));
    }
    expect(tree).toBeTruthy();
    expect(allRoles).toEqual(expect.arrayContaining(['H1', 'H2', 'H3', 'Table', 'P']));
    const text = texts.join(' ').replace(/\s+/g, ' ');
    for (const heading of ['Stopsley Village Practice: inspection report', 'Ratings', 'Summary', 'Well-led', 'Governance, management and sustainability', 'Breaches of regulations and enforcement', 'Recommendations']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Regulation 17(1) and 17(2)(a) and (b): Good governance');
    const outline = await doc.getOutline();
    // The outline follows the headings: the title, then each section (line breaks inside a heading lose their space).
    // Issue 16: the title fits one line in the PDF, so the outline reads it with its space.
    expect(outline?.map((o) => o.title)).toEqual(['Stopsley Village Practice: inspection report']);
    expect(outline?.[0]?.items.map((o) => o.title)).toEqual(expect.arrayContaining(['Ratings', 'Summary', 'Well-led', 'Breaches of regulations and enforcement']));

    const page = await t.app.inject({ url: `/reports/${linkId}` });
    expect(page.body).toContain(`/reports/${linkId}/report.pdf`);
    const pdf = await t.app.inject({ url: `/reports/${linkId}/report.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.equals(bytes)).toBe(true);
  });

  it('carries the name, address, location ID, publication date and "Page N of M" on every page, and no engine identifiers (issue 16)', async () => {
    const row = await t.database.db.selectFrom('inspection_reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
    const bytes = await readFile(reportPdfPath(t.config, row.pdf_storage_key!));
    const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
    const location = await t.database.db.selectFrom('organisations').select(['address_line1', 'town', 'postcode']).where('id', '=', w.practice.id).executeTakeFirstOrThrow();
    const address = `Stopsley Village Practice, ${location.address_line1}, ${location.town}, ${location.postcode}`;
    expect(address).toMatch(/^Stopsley Village Practice, \d+ High Street, Riverside, RV1 1AA$/);
    expect(doc.numPages).toBeGreaterThan(1);
    const all: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const text = ((await (await doc.getPage(p)).getTextContent()).items as { str?: string }[]).map((i) => i.str ?? '').join(' ').replace(/\s+/g, ' ');
      all.push(text);
      expect(text).toContain(`Page ${p} of ${doc.numPages}`);
      expect(text).toContain(`Location ID ${w.locationId}`);
      expect(text).toContain(address);
      expect(text).toContain('Published 10 February 2026');
    }
    const text = all.join(' ');
    // Dates in the GOV.UK style; no method strings, rule identifiers, percentages or ISO dates in public text.
    expect(text).toContain('7 and 8 October 2025');
    expect(text).toContain('The provider must comply by 24 December 2025');
    for (const engine of [/saf-2024/, /primary-medical/, /\d+(\.\d+)?%/, /\b\d{4}-\d{2}-\d{2}\b/, /Limiter:/, /→/]) expect(text).not.toMatch(engine);
    const page = (await t.app.inject({ url: `/reports/${linkId}` })).body.replace(/<[^>]+>/g, ' ');
    for (const engine of [/saf-2024/, /\d+(\.\d+)?%/, /Limiter:/, /→/]) expect(page).not.toMatch(engine);
    expect(page).toContain(`Location ID`);
    // The one piece of evidence behind two statements is shown once.
    expect(text.split('Significant event reviews for the last year had not been completed').length - 1).toBeLessThanOrEqual(1);
  });

  it('is left alone while current, and re-rendered when the template version changes', async () => {
    const render = reportPdfRenderer(t.config.projectRoot);
    expect(await storeReportPdf({ db: t.database.db, config: t.config }, reportId, render)).toBe('current');
    const old = await t.database.db.selectFrom('inspection_reports').select('pdf_storage_key').where('id', '=', reportId).executeTakeFirstOrThrow();
    await t.database.db.updateTable('inspection_reports').set({ pdf_template_version: 'report-template/0' }).where('id', '=', reportId).execute();
    expect(await queueStaleReportPdfs(t.database.db)).toBe(1);
    expect(await storeReportPdf({ db: t.database.db, config: t.config }, reportId, render)).toBe('rendered');
    const now = await t.database.db.selectFrom('inspection_reports').select(['pdf_storage_key', 'pdf_template_version']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(now.pdf_template_version).toBe(REPORT_TEMPLATE_VERSION);
    expect(now.pdf_storage_key).not.toBe(old.pdf_storage_key);
  });
});
