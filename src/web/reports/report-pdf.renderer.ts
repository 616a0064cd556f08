/**
 * Renders a published report to a tagged, accessible PDF with Chromium, from the same template
 * as the web page (reports/views/_report-document.njk) and the same GOV.UK stylesheet. One
 * browser is kept warm per process; each render uses its own context and page.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import nunjucks from 'nunjucks';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../platform/chromium.js';
import type { PublishedReport } from '../../services/reports/published-report.service.js';
import { buildReportDocument } from './report-document.view-model.js';
import { escapeHtml } from '../escape-html.js';

const ORIGIN = 'http://report.inspectorate.invalid';

let browser: Promise<Browser> | null = null;

/** Playwright closes the browser on signals unless the process stops it in order (see keepRendererThroughSignals). */
let closeOnSignals = true;

/**
 * For the worker, which closes the renderer itself when it stops (stopWorker), after running renders
 * finish: the browser must then not be closed under them by Ctrl+C or SIGTERM.
 */
export function keepRendererThroughSignals(): void {
  closeOnSignals = false;
}

/** The platform's one launcher, kept warm: one browser per process, a context per render. */
async function launch(): Promise<Browser> {
  const b = await launchChromium({ keepWarm: true, closeOnSignals });
  // A browser that crashed or was killed is launched afresh by the next render.
  b.on('disconnected', () => {
    if (browser && b === launched) browser = null;
  });
  launched = b;
  return b;
}

let launched: Browser | null = null;

function getBrowser(): Promise<Browser> {
  if (!browser) {
    browser = launch().catch((e: unknown) => {
      browser = null;
      throw e;
    });
  }
  return browser;
}

export async function closeReportRenderer(): Promise<void> {
  const b = browser;
  browser = null;
  if (b) await (await b).close().catch(() => undefined);
}

function environment(projectRoot: string): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([path.join(projectRoot, 'src', 'web'), path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist')]);
  return new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
}

export function renderReportHtml(projectRoot: string, report: PublishedReport): string {
  return environment(projectRoot).render('reports/views/report-pdf.njk', { doc: buildReportDocument(report) });
}


/**
 * The running header and footer on every page (issue 16): the service's name, address and
 * location ID, the publication date, and "Page N of M". Chromium fills pageNumber and totalPages.
 */
export function reportPageTemplates(report: PublishedReport): { headerTemplate: string; footerTemplate: string } {
  const run = buildReportDocument(report).running;
  const style = 'font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #505a5f; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between; gap: 4mm;';
  const left = [run.name, run.address].filter((x): x is string => !!x).map(escapeHtml).join(', ');
  const right = run.locationId ? `Location ID ${escapeHtml(run.locationId)}` : '';
  const published = run.published ? `Published ${escapeHtml(run.published)}` : '';
  return {
    headerTemplate: `<div style="${style}"><span>${left}</span><span>${right}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${published}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

/** Local files the page may load, by URL path; anything else is refused. */
function assetFile(projectRoot: string, urlPath: string): string | null {
  const govuk = path.join(projectRoot, 'node_modules', 'govuk-frontend', 'dist', 'govuk');
  if (urlPath === '/assets/govuk/govuk-frontend.min.css') return path.join(govuk, 'govuk-frontend.min.css');
  if (urlPath === '/assets/app/app.css') return path.join(projectRoot, 'src', 'web', 'public', 'app.css');
  const m = /^\/assets\/((?:fonts|images)\/[A-Za-z0-9._-]+)$/.exec(urlPath);
  return m ? path.join(govuk, 'assets', m[1]!) : null;
}

const TYPES: Record<string, string> = { '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon' };

export function reportPdfRenderer(projectRoot: string): (report: PublishedReport) => Promise<Uint8Array> {
  return async (report) => {
    const html = renderReportHtml(projectRoot, report);
    const b = await getBrowser();
    const context = await b.newContext();
    try {
      const page = await context.newPage();
      await page.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== ORIGIN) return route.abort();
        if (url.pathname === '/report') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        const file = assetFile(projectRoot, url.pathname);
        if (!file) return route.abort();
        try {
          return route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: await readFile(file) });
        } catch {
          return route.abort();
        }
      });
      await page.goto(`${ORIGIN}/report`, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'screen' });
      // Let fonts and layout settle, so the tagged structure is built from the final layout.
      await page.evaluate(async () => {
        await document.fonts.ready;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, tagged: true, outline: true, displayHeaderFooter: true, ...reportPageTemplates(report), margin: { top: '20mm', bottom: '20mm', left: '0', right: '0' } });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  };
}
