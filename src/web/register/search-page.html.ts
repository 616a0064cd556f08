/**
 * The content of the register's search page (/locations) as HTML, from its view model: the search
 * form with its filters, the count, "Did you mean", the results and their page links. A different
 * search on each request spent more of its time in the Nunjucks template runtime than in its reads,
 * so, like the location page (ADR 0010), its content is written by these functions and the page
 * around it is filled in from a layout rendered once (src/web/page-shell.ts). The GOV.UK components
 * are src/web/govuk-components.html.ts. Every text is escaped. Pure.
 */
import { escapeHtml as e } from '../escape-html.js';
import { buttonHtml, errorSummaryHtml, inputHtml, paginationHtml, selectHtml } from '../govuk-components.html.js';
import { ratingSummaryHtml } from './register.html.js';
import type { SearchPageView, SearchResultView } from './search.view-model.js';

const NO_RESULTS = '<p class="govuk-body">Check the spelling, try a shorter part of the name or postcode, or clear some filters.</p>';
const OVERDUE_NOTE =
  '<p class="govuk-body-s">A rating is marked when it is older than the longest time CQC allows between inspections for that rating (for example 6 months after inadequate, 5 years after good for GP practices).</p>';

function searchBoxes(v: SearchPageView): string {
  return (
    '<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">' +
    inputHtml({
      id: 'q',
      name: 'q',
      value: v.q,
      type: 'search',
      spellcheck: false,
      autocomplete: 'off',
      label: { text: 'Name, provider, town or postcode', classes: 'govuk-label--s' },
      hint: { text: 'For example, Stopsley, Oldham, OL4 1YN or OL4' },
      errorMessage: v.qProblem ? { text: v.qProblem } : undefined,
    }) +
    '</div><div class="govuk-grid-column-one-third">' +
    inputHtml({
      id: 'near',
      name: 'near',
      value: v.near,
      classes: 'govuk-input--width-10',
      autocomplete: 'postal-code',
      spellcheck: false,
      label: { text: 'Near a postcode', classes: 'govuk-label--s' },
      hint: { text: 'For example LU2 9AU or LU2' },
      errorMessage: v.nearProblem ? { text: v.nearProblem } : undefined,
    }) +
    inputHtml({ id: 'distance', name: 'distance', value: v.distance, classes: 'govuk-input--width-3', inputmode: 'decimal', suffix: { text: 'miles' }, label: { text: 'Within', classes: 'govuk-label--s' } }) +
    '</div></div>' +
    `<div class="govuk-grid-row"><div class="govuk-grid-column-one-third">${selectHtml({ id: 'sort', name: 'sort', label: { text: 'Sort by', classes: 'govuk-label--s' }, items: v.filters.sort })}</div></div>`
  );
}

/** The filters, each a select, in the order people narrow a search. */
const FILTERS: readonly [keyof SearchPageView['filters'], string][] = [
  ['rating', 'Overall rating'],
  ['type', 'Type or sector'],
  ['careHome', 'Care home'],
  ['service', 'Service type'],
  ['specialism', 'Specialism'],
  ['localAuthority', 'Local authority'],
  ['region', 'Region'],
  ['status', 'Registration'],
];

function filters(v: SearchPageView): string {
  let html = `<div class="register-filters"><h2 class="govuk-heading-m">Filter${v.activeFilterCount ? ` <span class="govuk-body-s">(${v.activeFilterCount} selected)</span>` : ''}</h2>`;
  for (const [id, text] of FILTERS) html += selectHtml({ id, name: id, label: { text }, items: v.filters[id], classes: 'register-select' });
  return `${html}${buttonHtml('Search', { 'data-testid': 'search-button' })}<p class="govuk-body"><a class="govuk-link" href="${e(v.clearHref)}">Clear filters</a></p></div>`;
}

function result(r: SearchResultView): string {
  const rating = r.ratedPerService ? 'Rated for each service it provides, not overall' : r.rating ? `Overall: ${ratingSummaryHtml(r.rating, 'result-overall')}` : 'No published rating';
  return (
    `<li class="register-result" data-testid="result"><h2 class="govuk-heading-s govuk-!-margin-bottom-1"><a class="govuk-link" href="${e(r.href)}">${e(r.name)}</a></h2>` +
    (r.distance ? `<p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="distance">${e(r.distance)}</p>` : '') +
    `<p class="govuk-body-s govuk-!-margin-bottom-1">${e(r.address)}${r.type ? ` · ${e(r.type)}` : ''}${r.providerName ? ` · run by ${e(r.providerName)}` : ''}${r.deregistered ? ' · <strong>no longer registered</strong>' : ''}</p>` +
    `<p class="govuk-body-s govuk-!-margin-bottom-0">${rating}</p></li>`
  );
}

function results(v: SearchPageView): string {
  let html = `<p class="govuk-body govuk-!-font-weight-bold" role="status" data-testid="result-count">${e(v.countText)}</p>`;
  if (v.didYouMean) html += `<p class="govuk-body" data-testid="did-you-mean">Did you mean <a class="govuk-link" href="${e(v.didYouMean.href)}">${e(v.didYouMean.text)}</a>?</p>`;
  if (v.hasResults) {
    html += '<ul class="govuk-list register-results" data-testid="results">';
    for (const r of v.results) html += result(r);
    html += '</ul>';
    if (v.pagination) html += paginationHtml(v.pagination);
  } else if (!v.errorSummary) html += NO_RESULTS;
  return html + OVERDUE_NOTE;
}

/** The whole content: the error summary, the heading and the form, which holds the filters and the results beside them. */
export function searchContentHtml(v: SearchPageView): string {
  return (
    (v.errorSummary ? errorSummaryHtml(v.errorSummary) : '') +
    '<h1 class="govuk-heading-xl">Find a service</h1><form method="get" action="/locations" novalidate>' +
    searchBoxes(v) +
    `<div class="govuk-grid-row"><div class="govuk-grid-column-one-third">${filters(v)}</div><div class="govuk-grid-column-two-thirds">${results(v)}</div></div></form>`
  );
}
