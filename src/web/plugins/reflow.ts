/**
 * Works at 320 CSS pixels (WCAG 1.4.10 reflow). Wide data tables cannot reflow, so each one sits in
 * its own scroll region: labelled (by its caption, or the heading above it) and keyboard-focusable,
 * as WCAG and the GOV.UK table guidance ask. Done once, on the way out, for every HTML page, so no
 * template can forget it; the CSS in public/app.css does the rest (wrapping long text, stacking).
 * PDFs are rendered from the templates directly and are not touched.
 */
import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../escape-html.js';

const TABLE = /<table\b[\s\S]*?<\/table>/g;
const ALREADY_WRAPPED = 'data-app-scroll-region';

function textOf(html: string): string {
  return html
    .replace(/<span class="govuk-visually-hidden">[\s\S]*?<\/span>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The name a table's scroll region announces: its caption, else the nearest heading before it. */
export function tableLabel(html: string, tableStart: number, table: string): string {
  const caption = /<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(table);
  const fromCaption = caption ? textOf(caption[1] ?? '') : '';
  if (fromCaption) return fromCaption;
  const before = html.slice(Math.max(0, tableStart - 20_000), tableStart);
  const headings = [...before.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/g)];
  const heading = headings.length ? textOf(headings[headings.length - 1]?.[1] ?? '') : '';
  return heading || 'Table';
}

/** Text taken from the page's HTML keeps its entities; everything else goes through the one escape. */
const escapeAttr = (s: string) => s.split(/(&(?:[a-z]+|#\d+|#x[0-9a-f]+);)/gi).map((part, i) => (i % 2 ? part : escapeHtml(part))).join('');

/** A table in its labelled, focusable scroll region (pages that write their own tables use it directly). */
export function scrollRegion(label: string, tableHtml: string): string {
  return `<div class="app-table-scroll" ${ALREADY_WRAPPED} role="region" aria-label="${escapeAttr(label)}" tabindex="0">${tableHtml}</div>`;
}

/** True when the table at `offset` opens right inside a scroll region's tag (its label cannot hold ">": it is escaped). */
const WRAPPER_BEFORE = new RegExp(`${ALREADY_WRAPPED}[^>]*>\\s*$`);
const isWrapped = (html: string, offset: number) => WRAPPER_BEFORE.test(html.slice(Math.max(0, offset - 400), offset));

/** Wrap every table of a page in a labelled, focusable scroll region. A page whose tables all are is returned as it is (no copy). */
export function wrapTables(html: string): string {
  if (!html.includes('<table')) return html;
  let unwrapped = false;
  for (const m of html.matchAll(TABLE)) {
    if (!isWrapped(html, m.index)) {
      unwrapped = true;
      break;
    }
  }
  if (!unwrapped) return html;
  return html.replace(TABLE, (table, offset: number) => (isWrapped(html, offset) ? table : scrollRegion(tableLabel(html, offset, table), table)));
}

export function registerReflow(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html')) return payload;
    return wrapTables(payload);
  });
}
