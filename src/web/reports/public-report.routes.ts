/**
 * The published report on the public site: GET /reports/{linkId} (GOV.UK-styled page) and
 * GET /reports/{linkId}/report.pdf (the tagged PDF rendered by the background job).
 * A report that is not published does not exist here (embargo).
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { earlierPublishedVersions, getPublicReport } from '../../services/reports/published-report.service.js';
import { reportPdfOnDisk, reportPdfPath } from '../../services/reports/report-pdf.service.js';
import { formatDate } from '../register/register-format.js';
import { buildReportDocument } from './report-document.view-model.js';
import { locationPath, publicReportPath, publicReportPdfPath } from '../paths.js';

const params = { type: 'object', required: ['linkId'], properties: { linkId: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

function sizeText(bytes: number | null): string {
  if (!bytes) return 'PDF';
  return bytes >= 1024 * 1024 ? `PDF, ${(bytes / 1024 / 1024).toFixed(1)} MB` : `PDF, ${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export async function publicReportRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { linkId: string }; Querystring: { version?: number } }>('/reports/:linkId', { schema: { params, querystring: { type: 'object', properties: { version: { type: 'integer', minimum: 1, maximum: 100000 } } } } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const published = await getPublicReport(ctx, request.params.linkId, request.query.version);
    const doc = buildReportDocument(published);
    const r = published.report;
    const earlier = await earlierPublishedVersions(ctx.db, r.id);
    const latest = earlier.length ? await ctx.db.selectFrom('report_versions').select('published_on').where('report_id', '=', r.id).where('version', '=', r.published_version ?? 0).executeTakeFirst() : undefined;
    const current = request.query.version === undefined || request.query.version === r.published_version;
    const versions = earlier.length
      ? current
        ? { text: `This report was updated on ${formatDate(latest?.published_on ?? r.publication_date ?? '')} after a review of its ratings.`, links: earlier.map((v) => ({ text: `Read the version published on ${formatDate(v.publishedOn)}`, href: publicReportPath(r.link_id, `?version=${v.version}`) })) }
        : { text: `This is an earlier version of the report, published on ${formatDate(earlier.find((v) => v.version === request.query.version)!.publishedOn)}. Its ratings were changed after a review of ratings.`, links: [{ text: 'Read the current version', href: publicReportPath(r.link_id) }] }
      : null;
    const breadcrumbs = [
      { text: 'Home', href: '/' },
      { text: 'Find a service', href: '/locations' },
      ...(published.locationId ? [{ text: published.inspection.subjectName, href: locationPath(encodeURIComponent(published.locationId)) }] : []),
    ];
    return reply.header('Cache-Control', 'public, max-age=60').view('reports/views/published-report.njk', {
      pageTitle: `${doc.title} (published ${formatDate(r.publication_date)})`,
      doc,
      breadcrumbs,
      versions,
      pdf: { available: await reportPdfOnDisk(ctx.config, r.pdf_storage_key), href: publicReportPdfPath(r.link_id), sizeText: sizeText(r.pdf_size_bytes) },
    });
  });

  app.get<{ Params: { linkId: string } }>('/reports/:linkId/report.pdf', { schema: { params } }, async (request, reply) => {
    const ctx = request.serviceContext();
    const published = await getPublicReport(ctx, request.params.linkId);
    const r = published.report;
    if (!r.pdf_storage_key || !(await reportPdfOnDisk(ctx.config, r.pdf_storage_key))) {
      // Not rendered yet (or its rendering failed and is being retried, or its file is missing until the
      // daily re-render makes it again): say so, and offer the web page.
      return reply
        .code(404)
        .header('Cache-Control', 'no-store')
        .view('reports/views/pdf-not-available.njk', { pageTitle: `PDF not available yet: ${published.inspection.subjectName}`, subjectName: published.inspection.subjectName, reportHref: publicReportPath(r.link_id) });
    }
    const filename = `${published.inspection.subjectName.replace(/[^A-Za-z0-9 -]/g, '').trim().replace(/\s+/g, '-').toLowerCase() || 'report'}-${r.publication_date}.pdf`;
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="${filename}"`)
      .header('Cache-Control', 'public, max-age=300')
      .send(createReadStream(reportPdfPath(ctx.config, r.pdf_storage_key)));
  });
}
