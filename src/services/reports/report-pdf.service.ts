/**
 * The report's PDF: rendered (by a renderer the job passes in: Chromium over the same template as
 * the web page) from the published version, stored in the file store, and recorded with the
 * template version, so a template change re-renders every PDF made with an older one.
 */
import { stat } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { Db } from '../../data/database.js';
import { REPORT_TEMPLATE_VERSION } from '../../domain/reports/report-sections.js';
import { FileStore } from '../files/file-store.js';
import { getPublicReport, type PublishedReport } from './published-report.service.js';

export type ReportPdfRenderer = (report: PublishedReport) => Promise<Uint8Array>;

export function reportPdfPath(config: Pick<Config, 'uploadDir'>, storageKey: string): string {
  return new FileStore(config.uploadDir).pathOf(storageKey);
}

/**
 * Whether the recorded PDF is really there: an uploads folder restored without it, a shared folder
 * not mounted on this machine or a file removed by hand leaves a record with no file.
 */
export async function reportPdfOnDisk(config: Pick<Config, 'uploadDir'>, storageKey: string | null): Promise<boolean> {
  if (!storageKey) return false;
  return stat(reportPdfPath(config, storageKey)).then((st) => st.isFile() && st.size > 0, () => false);
}

/** Renders and stores one report's PDF; does nothing when it is already current. */
export async function storeReportPdf(deps: { db: Db; config: Pick<Config, 'uploadDir'> }, reportId: string, render: ReportPdfRenderer, opts: { force?: boolean } = {}): Promise<'rendered' | 'current' | 'not-published'> {
  const row = await deps.db.selectFrom('inspection_reports').select(['link_id', 'stage', 'pdf_storage_key', 'pdf_template_version']).where('id', '=', reportId).executeTakeFirst();
  if (!row || row.stage !== 'published') return 'not-published';
  if (!opts.force && row.pdf_template_version === REPORT_TEMPLATE_VERSION && (await reportPdfOnDisk(deps.config, row.pdf_storage_key))) return 'current';
  const published = await getPublicReport(deps, row.link_id);
  const bytes = await render(published);
  const store = new FileStore(deps.config.uploadDir);
  const key = store.newKey();
  await store.writeAt(key, 0, bytes);
  await deps.db
    .updateTable('inspection_reports')
    .set({ pdf_storage_key: key, pdf_template_version: REPORT_TEMPLATE_VERSION, pdf_rendered_at: new Date(), pdf_size_bytes: bytes.length })
    .where('id', '=', reportId)
    .execute();
  if (row.pdf_storage_key) await store.remove(row.pdf_storage_key).catch(() => undefined);
  return 'rendered';
}

/**
 * Queues a render for every published report whose PDF is missing or was made with an older template,
 * and, given the uploads folder, every one whose recorded file is not there.
 */
export async function queueStaleReportPdfs(db: Db, opts: { uploadDir?: string } = {}): Promise<number> {
  const stale = await staleReports(db, opts.uploadDir);
  for (const r of stale) {
    await sql`select graphile_worker.add_job('render_report_pdf', json_build_object('reportId', ${r.id}::text), job_key => ${`render_report_pdf:${r.id}`}, max_attempts => 10)`.execute(db);
  }
  return stale.length;
}

/**
 * Published reports to render: `missing` (no PDF, one made with an older template, or, given the
 * uploads folder, one whose file is not there) or `all`.
 */
export async function reportsToRender(db: Db, which: 'missing' | 'all', uploadDir?: string): Promise<{ id: string; title: string }[]> {
  if (which === 'missing') return staleReports(db, uploadDir);
  return publishedReports(db).execute();
}

function publishedReports(db: Db) {
  return db
    .selectFrom('inspection_reports as r')
    .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
    .select(['r.id as id', 'i.reference as title', 'r.pdf_storage_key as key', 'r.pdf_template_version as version'])
    .where('r.stage', '=', 'published')
    .orderBy('r.published_at', 'asc');
}

async function staleReports(db: Db, uploadDir: string | undefined): Promise<{ id: string; title: string }[]> {
  const out: { id: string; title: string }[] = [];
  for (const r of await publishedReports(db).execute()) {
    const current = r.key !== null && r.version === REPORT_TEMPLATE_VERSION && (uploadDir === undefined || (await reportPdfOnDisk({ uploadDir }, r.key)));
    if (!current) out.push({ id: r.id, title: r.title });
  }
  return out;
}
