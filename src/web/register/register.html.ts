/**
 * The register's repeated pieces of markup (a rating with its date, a details list, the
 * enforcement list), written as functions of their view models rather than Nunjucks macros: a
 * location page for a different service on each request spent most of its rendering in the
 * template runtime (docs/performance.md, ADR 0010). Every text is escaped here; the functions
 * return HTML. Templates call them as globals (src/web/plugins/views.ts). Pure.
 */
import { escapeHtml as e } from '../escape-html.js';
import type { RatingSummary, TagParams } from './register-format.js';
import type { EnforcementSummaryRow } from './enforcement-summary.view-model.js';

/** A row of a details list: text is escaped, html is used as it is (built with escapeHtml). */
export interface DetailsRow {
  key: { text: string };
  value: { text?: string; html?: string };
}

/** A GOV.UK tag (a rating, an enforcement action's status). */
export function tagHtml(t: TagParams): string {
  return `<strong class="govuk-tag ${e(t.classes)}">${e(t.text)}</strong>`;
}

/** One row of a GOV.UK summary list without actions: the key as text, the value as HTML. */
function summaryRowHtml(key: string, valueHtml: string): string {
  return `<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${e(key)}</dt><dd class="govuk-summary-list__value">${valueHtml}</dd></div>`;
}

/** A rating as a tag, its publication date and age, and whether it is overdue. */
export function ratingSummaryHtml(r: RatingSummary, testid: string): string {
  const date = r.iso ? `<time datetime="${e(r.iso)}">${e(r.dateText)}</time>` : e(r.dateText);
  const age = r.ageText ? ` (${e(r.ageText)})` : '';
  const overdue = r.overdue ? ` <span class="govuk-body-s register-overdue" data-testid="${e(testid)}-overdue"><strong>${e(r.overdueText ?? '')}</strong></span>` : '';
  return (
    `<strong class="govuk-tag ${e(r.tag.classes)}" data-testid="${e(testid)}-rating">${e(r.tag.text)}</strong>` +
    ` <span class="govuk-body-s register-rating-date" data-testid="${e(testid)}-date">${date}${age}</span>${overdue}`
  );
}

/**
 * GOV.UK's summary list markup for rows of a key and a value, without actions (the details of a
 * service or provider). register.html.test.ts checks it against govukSummaryList's for the same rows.
 */
export function detailsListHtml(rows: readonly DetailsRow[], testid?: string): string {
  let html = `<dl class="govuk-summary-list"${testid ? ` data-testid="${e(testid)}"` : ''}>`;
  for (const row of rows) html += summaryRowHtml(row.key.text, row.value.html ? row.value.html : e(row.value.text ?? ''));
  return `${html}</dl>`;
}

/** The "Enforcement" section of a location's or provider's page (issue 16), as the regulator publishes it. */
export function enforcementHtml(rows: readonly EnforcementSummaryRow[]): string {
  const heading = '<h2 class="govuk-heading-l" id="enforcement">Enforcement</h2>';
  if (!rows.length) return `${heading}<p class="govuk-body" data-testid="enforcement">We have not published any enforcement action for this service.</p>`;
  let items = '';
  for (const r of rows) {
    const tag = r.outcome ? ` ${tagHtml({ text: r.outcome.tagText, classes: r.outcome.tagClasses })}` : '';
    let lines = '';
    for (const l of r.lines) lines += summaryRowHtml(l.label, e(l.value));
    items +=
      `<li class="govuk-!-margin-bottom-6"><h3 class="govuk-heading-m govuk-!-margin-bottom-2">${e(r.heading)}${tag}</h3>` +
      `<dl class="govuk-summary-list govuk-summary-list--no-border govuk-!-margin-bottom-2">${lines}</dl>` +
      (r.outcome ? `<p class="govuk-body">${e(r.outcome.text)}</p>` : '') +
      `<p class="govuk-body"><a class="govuk-link" href="${e(r.reportHref)}">Read about this in the inspection report</a></p></li>`;
  }
  return `${heading}<p class="govuk-body">When a service does not meet the regulations we can take action. This is the action we have published.</p><ul class="govuk-list" data-testid="enforcement">${items}</ul>`;
}

/** The functions above as the templates call them (globals, src/web/plugins/views.ts). */
export const REGISTER_TEMPLATE_FUNCTIONS: Record<string, (...args: never[]) => string> = {
  ratingSummary: ratingSummaryHtml,
  detailsList: detailsListHtml,
  enforcementList: enforcementHtml,
};
