/**
 * GOV.UK Frontend components written as functions (the markup of govuk-frontend's macros, up to the
 * white space between tags), for pages whose content is written in TypeScript rather than by the
 * Nunjucks template runtime (ADR 0010). Only the options those pages use are supported; each function
 * is checked against the macro for the same parameters in govuk-components.html.test.ts. Every text
 * is escaped. Pure.
 */
import { escapeHtml as e } from './escape-html.js';

export interface InputParams {
  id: string;
  name: string;
  value?: string | undefined;
  type?: 'text' | 'search';
  label: { text: string; classes?: string };
  hint?: { text: string };
  errorMessage?: { text: string } | undefined;
  classes?: string;
  spellcheck?: boolean;
  autocomplete?: string;
  inputmode?: string;
  suffix?: { text: string };
}

export interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

export interface SelectParams {
  id: string;
  name: string;
  label: { text: string; classes?: string };
  items: readonly SelectItem[];
  classes?: string;
}

export interface ErrorSummaryParams {
  titleText: string;
  errorList: readonly { text: string; href: string }[];
}

export type PaginationItem = { number: number; href: string; current?: boolean } | { ellipsis: true };

export interface PaginationParams {
  previous?: { href: string };
  next?: { href: string };
  items: readonly PaginationItem[];
}

function label(id: string, l: { text: string; classes?: string }): string {
  return `<label class="govuk-label${l.classes ? ` ${e(l.classes)}` : ''}" for="${e(id)}">${e(l.text)}</label>`;
}

function errorMessage(id: string, text: string): string {
  return `<p id="${e(id)}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${e(text)}</p>`;
}

/** govukInput: a label, a hint, an error message, the input and a suffix. */
export function inputHtml(p: InputParams): string {
  const described = [p.hint ? `${p.id}-hint` : '', p.errorMessage ? `${p.id}-error` : ''].filter(Boolean).join(' ');
  const input =
    `<input class="govuk-input${p.classes ? ` ${e(p.classes)}` : ''}${p.errorMessage ? ' govuk-input--error' : ''}" id="${e(p.id)}" name="${e(p.name)}" type="${p.type ?? 'text'}"` +
    (p.spellcheck === undefined ? '' : ` spellcheck="${p.spellcheck}"`) +
    (p.value === undefined ? '' : ` value="${e(p.value)}"`) +
    (described ? ` aria-describedby="${e(described)}"` : '') +
    (p.autocomplete ? ` autocomplete="${e(p.autocomplete)}"` : '') +
    (p.inputmode ? ` inputmode="${e(p.inputmode)}"` : '') +
    '>';
  return (
    `<div class="govuk-form-group${p.errorMessage ? ' govuk-form-group--error' : ''}">` +
    label(p.id, p.label) +
    (p.hint ? `<div id="${e(p.id)}-hint" class="govuk-hint">${e(p.hint.text)}</div>` : '') +
    (p.errorMessage ? errorMessage(p.id, p.errorMessage.text) : '') +
    (p.suffix ? `<div class="govuk-input__wrapper">${input}<div class="govuk-input__suffix" aria-hidden="true">${e(p.suffix.text)}</div></div>` : input) +
    '</div>'
  );
}

/** The options of a list, kept per list (a view model hands out the same frozen list while its options stand). */
const optionsOf = new WeakMap<readonly SelectItem[], string>();

function optionsHtml(items: readonly SelectItem[]): string {
  let html = optionsOf.get(items);
  if (html === undefined) {
    html = '';
    for (const item of items) html += `<option value="${e(item.value)}"${item.selected ? ' selected' : ''}>${e(item.text)}</option>`;
    if (Object.isFrozen(items)) optionsOf.set(items, html);
  }
  return html;
}

/** govukSelect: a label and a select of the items (a frozen list's options are written once). */
export function selectHtml(p: SelectParams): string {
  return `<div class="govuk-form-group">${label(p.id, p.label)}<select class="govuk-select${p.classes ? ` ${e(p.classes)}` : ''}" id="${e(p.id)}" name="${e(p.name)}">${optionsHtml(p.items)}</select></div>`;
}

/** govukButton: a submit button. */
export function buttonHtml(text: string, attributes: Record<string, string> = {}): string {
  let attrs = '';
  for (const [k, v] of Object.entries(attributes)) attrs += ` ${e(k)}="${e(v)}"`;
  return `<button type="submit" class="govuk-button" data-module="govuk-button"${attrs}>${e(text)}</button>`;
}

/** govukErrorSummary: the title and a link to each problem's field. */
export function errorSummaryHtml(p: ErrorSummaryParams): string {
  let items = '';
  for (const item of p.errorList) items += `<li><a href="${e(item.href)}">${e(item.text)}</a></li>`;
  return (
    '<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">' +
    `<h2 class="govuk-error-summary__title">${e(p.titleText)}</h2>` +
    `<div class="govuk-error-summary__body">${items ? `<ul class="govuk-list govuk-error-summary__list">${items}</ul>` : ''}</div></div></div>`
  );
}

const ARROW_PREVIOUS =
  '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>';
const ARROW_NEXT =
  '<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>';

/** govukPagination with numbered items: Previous, the page numbers (and gaps), Next. */
export function paginationHtml(p: PaginationParams): string {
  let html = '<nav class="govuk-pagination" aria-label="Pagination">';
  if (p.previous)
    html += `<div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href="${e(p.previous.href)}" rel="prev">${ARROW_PREVIOUS}<span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span></a></div>`;
  if (p.items.length) {
    html += '<ul class="govuk-pagination__list">';
    for (const item of p.items) {
      if ('ellipsis' in item) html += '<li class="govuk-pagination__item govuk-pagination__item--ellipsis">&ctdot;</li>';
      else
        html +=
          `<li class="govuk-pagination__item${item.current ? ' govuk-pagination__item--current' : ''}">` +
          `<a class="govuk-link govuk-pagination__link" href="${e(item.href)}" aria-label="Page ${item.number}"${item.current ? ' aria-current="page"' : ''}>${item.number}</a></li>`;
    }
    html += '</ul>';
  }
  if (p.next)
    html += `<div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" href="${e(p.next.href)}" rel="next"><span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>${ARROW_NEXT}</a></div>`;
  return `${html}</nav>`;
}
