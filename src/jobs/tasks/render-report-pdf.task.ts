/**
 * render_report_pdf { reportId }: renders a published report's tagged PDF with Chromium and stores it
 * (queued in the publication transaction). rerender_report_pdfs (daily): queues every PDF made with an
 * older template version, and every one whose file is missing.
 */
import type { Task } from 'graphile-worker';
import { queueStaleReportPdfs, storeReportPdf } from '../../services/reports/report-pdf.service.js';
import { reportPdfRenderer } from '../../web/reports/report-pdf.renderer.js';
import type { WorkerDeps } from '../worker.js';

export function renderReportPdfTask(deps: WorkerDeps): Task {
  const render = reportPdfRenderer(deps.config.projectRoot);
  return async (payload, helpers) => {
    const reportId = (payload as { reportId?: unknown } | null)?.reportId;
    if (typeof reportId !== 'string' || !/^[0-9a-f-]{36}$/.test(reportId)) {
      helpers.logger.error(`render_report_pdf: bad payload ${JSON.stringify(payload)}`);
      return;
    }
    const outcome = await storeReportPdf(deps, reportId, render);
    helpers.logger.info(`render_report_pdf ${reportId}: ${outcome}`);
  };
}

export function rerenderReportPdfsTask(deps: WorkerDeps): Task {
  return async (_payload, helpers) => {
    const n = await queueStaleReportPdfs(deps.db, { uploadDir: deps.config.uploadDir });
    helpers.logger.info(`rerender_report_pdfs: queued ${n}`);
  };
}
