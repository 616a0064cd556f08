/**
 * The content of a location's public page (/locations/{id}) as HTML, from its view model. The page
 * is the register's most visited and is different for each of its ~90,000 services, so its content
 * is written by these functions rather than the Nunjucks template runtime, and the page around it is
 * filled in from a layout rendered once (src/web/page-shell.ts; ADR 0010, docs/performance.md). The
 * feedback and survey sections after the reports stay a template, rendered by the handler and passed
 * in as HTML. Every text is escaped. Pure.
 */
import { escapeHtml as e } from '../escape-html.js';
import type { LocationPageView } from './location.view-model.js';
import type { EnforcementSummaryRow } from './enforcement-summary.view-model.js';
import type { RatingReviewSection } from '../rating-review/location-review.view-model.js';
import { detailsListHtml, enforcementHtml, ratingSummaryHtml, tagHtml as tag } from './register.html.js';
import { scrollRegion } from '../plugins/reflow.js';


const DEREGISTERED =
  '<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> This service is no longer registered. Its ratings and reports are kept as a record.</strong></div>';
const RATED_PER_SERVICE =
  '<div class="govuk-inset-text">This location does not have a single overall rating. Each service it provides is rated on its own: see the ratings for each service below.</div>';

function head(v: LocationPageView): string {
  let html = `<span class="govuk-caption-l">${e(v.caption)}</span><h1 class="govuk-heading-xl">${e(v.name)}</h1>`;
  if (v.deregistered) html += DEREGISTERED;
  const r = v.latestReport;
  if (r) {
    const pdf = r.pdfHref ? ` or <a class="govuk-link" href="${e(r.pdfHref)}">download it as a PDF</a>` : '';
    html += `<p class="govuk-body" data-testid="latest-report">Latest inspection report, published ${e(r.dateText)}: <a class="govuk-link" href="${e(r.href)}">read it online</a>${pdf}.</p>`;
  }
  return `${html}<h2 class="govuk-heading-l">Ratings</h2>`;
}

function ratingReview(r: RatingReviewSection): string {
  if (!r) return '';
  return r.open
    ? `<div class="govuk-inset-text" data-testid="rating-review"><strong>Review of ratings under way.</strong> ${e(r.text)}</div>`
    : `<p class="govuk-body" data-testid="rating-review">${e(r.text)}</p>`;
}

function ratings(v: LocationPageView): string {
  let html = v.ratedPerService ? RATED_PER_SERVICE : '';
  if (v.overall) {
    html +=
      `<div class="register-overall" data-testid="overall"><h3 class="govuk-heading-m govuk-!-margin-bottom-2">Overall</h3>` +
      `<p class="govuk-body">${ratingSummaryHtml(v.overall, 'overall')}</p>` +
      (v.overall.explanation ? `<p class="govuk-body-s">${e(v.overall.explanation)}</p>` : '') +
      '</div>';
  } else if (!v.ratedPerService) {
    html += '<p class="govuk-body" data-testid="overall">This service has no published rating yet.</p>';
  }
  if (v.hasKeyQuestions) {
    let rows = '';
    for (const kq of v.keyQuestions)
      rows += `<tr class="govuk-table__row" data-testid="key-question"><th scope="row" class="govuk-table__header">${e(kq.name)}</th><td class="govuk-table__cell">${kq.rating ? ratingSummaryHtml(kq.rating, 'kq') : 'Not rated'}</td></tr>`;
    html +=
      table('key-questions', 'Key questions', 'Key question', rows) +
      '<p class="govuk-body-s">Each key question shows the date its own rating was published: a rating carried forward from an earlier inspection keeps its earlier date.</p>';
  }
  if (v.services.length) {
    let rows = '';
    for (const s of v.services) {
      let kqs = '';
      for (const k of s.keyQuestions) kqs += `<li>${e(k.name)}: ${tag(k.tag)}</li>`;
      const list = kqs ? ` <ul class="govuk-list govuk-body-s govuk-!-margin-top-2">${kqs}</ul>` : '';
      rows += `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${e(s.name)}</th><td class="govuk-table__cell">${ratingSummaryHtml(s.rating, 'service')}${list}</td></tr>`;
    }
    html += table('service-ratings', 'Ratings for each service', 'Service or population group', rows);
  }
  return html;
}

/** A table of ratings in its scroll region (labelled by its caption, as src/web/plugins/reflow.ts would). */
function table(testid: string, caption: string, firstHeader: string, rows: string): string {
  return scrollRegion(
    caption,
    `<table class="govuk-table" data-testid="${testid}"><caption class="govuk-table__caption govuk-table__caption--m">${caption}</caption>` +
      `<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">${firstHeader}</th><th scope="col" class="govuk-table__header">Rating and when it was published</th></tr></thead>` +
      `<tbody class="govuk-table__body">${rows}</tbody></table>`,
  );
}

function bullets(heading: string, items: readonly string[]): string {
  if (!items.length) return '';
  let lis = '';
  for (const s of items) lis += `<li>${e(s)}</li>`;
  return `<h3 class="govuk-heading-s">${heading}</h3><ul class="govuk-list govuk-list--bullet">${lis}</ul>`;
}

function about(v: LocationPageView): string {
  let html = `<h2 class="govuk-heading-l">About this service</h2>${detailsListHtml(v.details, 'details')}`;
  if (v.serviceTypes.length || v.regulatedActivities.length || v.specialisms.length)
    html +=
      '<h2 class="govuk-heading-m">Services and regulated activities</h2>' +
      bullets('Services', v.serviceTypes) +
      bullets('Regulated activities', v.regulatedActivities) +
      bullets('Specialisms', v.specialisms);
  return html;
}

function history(v: LocationPageView): string {
  const heading = '<h2 class="govuk-heading-l">Rating history</h2>';
  if (!v.history.length) return `${heading}<p class="govuk-body" data-testid="history">There are no earlier ratings for this service.</p>`;
  let items = '';
  for (const h of v.history) {
    let lines = '';
    for (const l of h.lines) lines += `<li>${e(l.label)}: ${tag(l.tag)}</li>`;
    items +=
      `<div class="moj-timeline__item"><div class="moj-timeline__header"><h3 class="moj-timeline__title">${e(h.title)}</h3></div>` +
      `<p class="moj-timeline__date"><time datetime="${e(h.iso)}">${e(h.dateText)}</time></p>` +
      (lines ? `<div class="moj-timeline__description"><ul class="govuk-list govuk-body-s">${lines}</ul></div>` : '') +
      '</div>';
  }
  return `${heading}<div class="moj-timeline" data-testid="history">${items}</div>`;
}

function reports(v: LocationPageView): string {
  const heading = '<h2 class="govuk-heading-l">Reports</h2>';
  if (!v.reports.length) return `${heading}<p class="govuk-body" data-testid="reports">No inspection reports have been published for this service yet.</p>`;
  let items = '';
  for (const r of v.reports) {
    const text = `${e(r.type)} published ${e(r.dateText)}`;
    const first = r.firstVisitText ? ` <span class="govuk-body-s">(${e(r.firstVisitText)})</span>` : '';
    items += `<li>${r.href ? `<a class="govuk-link" href="${e(r.href)}">${text}</a>` : text}${first}</li>`;
  }
  return `${heading}<ul class="govuk-list" data-testid="reports">${items}</ul><p class="govuk-body-s">Reports published before this service joined Inspectorate are on CQC's website.</p>`;
}

/**
 * The whole content: caption and name, the latest report, the ratings (after the line about a review
 * of them), the details, history, enforcement and reports, then `afterReportsHtml` (the feedback and
 * survey sections, already HTML).
 */
export function locationContentHtml(view: LocationPageView, parts: { enforcement: readonly EnforcementSummaryRow[]; ratingReview: RatingReviewSection; afterReportsHtml: string }): string {
  return head(view) + ratingReview(parts.ratingReview) + ratings(view) + about(view) + history(view) + enforcementHtml(parts.enforcement) + reports(view) + parts.afterReportsHtml;
}
