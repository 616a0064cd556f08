/**
 * The report's PDF: rendered (by a renderer the job passes in: Chromium over the same template as
 * the web page) from the published version, stored in the file store, and recorded with the
 * template version, so a template change re-renders every PDF made with an older one.
 */
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

/** Renders and stores one report's PDF; does nothing when it is already current. */
export async function storeReportPdf(deps: { db: Db; config: Pick<Config, 'uploadDir'> }, reportId: string, render: ReportPdfRenderer, opts: { force?: boolean } = {}): Promise<'rendered' | 'current' | 'not-published'> {
  const row = await deps.db.selectFrom('inspection_reports').select(['link_id', 'stage', 'pdf_storage_key', 'pdf_template_version']).where('id', '=', reportId).executeTakeFirst();
  if (!row || row.stage !== 'published') return 'not-published';
  if (!opts.force && row.pdf_storage_key && row.pdf_template_version === REPORT_TEMPLATE_VERSION) return 'current';
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

/** Queues a render for every published report whose PDF is missing or was made with an older template. */
export async function queueStaleReportPdfs(db: Db): Promise<number> {
  const stale = await db
    .selectFrom('inspection_reports')
    .select('id')
    .where('stage', '=', 'published')
    .where((eb) => eb.or([eb('pdf_template_version', 'is', null), eb('pdf_template_version', '<>', REPORT_TEMPLATE_VERSION)]))
    .execute();
  for (const r of stale) {
    await sql`select graphile_worker.add_job('render_report_pdf', json_build_object('reportId', ${r.id}::text), job_key => ${`render_report_pdf:${r.id}`}, max_attempts => 10)`.execute(db);
  }
  return stale.length;
}

/** Published reports to render: `missing` (no PDF, or one made with an older template) or `all`. */
export async function reportsToRender(db: Db, which: 'missing' | 'all'): Promise<{ id: string; title: string }[]> {
  let q = db
    .selectFrom('inspection_reports as r')
    .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
    .select(['r.id as id', 'i.reference as title'])
    .where('r.stage', '=', 'published');
  if (which === 'missing') q = q.where((eb) => eb.or([eb('r.pdf_storage_key', 'is', null), eb('r.pdf_template_version', 'is', null), eb('r.pdf_template_version', '<>', REPORT_TEMPLATE_VERSION)]));
  return q.orderBy('r.published_at', 'asc').execute();
}
