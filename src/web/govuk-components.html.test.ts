import path from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { buttonHtml, errorSummaryHtml, inputHtml, paginationHtml, selectHtml, type ErrorSummaryParams, type InputParams, type PaginationParams, type SelectParams } from './govuk-components.html.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(root, 'node_modules', 'govuk-frontend', 'dist')]), { autoescape: true });

/** The same markup up to white space next to tags (the macros indent their output); spaces between words are kept. */
const markup = (html: string) => html.replace(/\s+/g, ' ').replace(/> /g, '>').replace(/ </g, '<').trim();
const macro = (component: string, name: string, params: unknown) => markup(env.renderString(`{% from "govuk/components/${component}/macro.njk" import ${name} %}{{ ${name}(params) }}`, { params }));

describe('GOV.UK components written as functions give the macros’ markup', () => {
  it.each<[string, InputParams]>([
    ['a search box with a hint', { id: 'q', name: 'q', value: 'luton', type: 'search', spellcheck: false, autocomplete: 'off', label: { text: 'Name or town', classes: 'govuk-label--s' }, hint: { text: 'For example, Stopsley' } }],
    ['an empty value is still written (the box shows nothing)', { id: 'near', name: 'near', value: '', label: { text: 'Near' } }],
    ['an error message, linked from the input with the hint', { id: 'near', name: 'near', value: 'ZZ99', label: { text: 'Near' }, hint: { text: 'A postcode' }, errorMessage: { text: 'We could not find “ZZ99”' }, classes: 'govuk-input--width-10' }],
    ['a suffix and an input mode', { id: 'distance', name: 'distance', value: '5', classes: 'govuk-input--width-3', inputmode: 'decimal', suffix: { text: 'miles' }, label: { text: 'Within', classes: 'govuk-label--s' } }],
    ['text HTML would read is escaped', { id: 'q', name: 'q', value: '"><script>alert(1)</script>', label: { text: 'A & B <c>' }, errorMessage: { text: "it's <b>" } }],
  ])('govukInput: %s', (_label, params) => {
    expect(markup(inputHtml(params))).toBe(macro('input', 'govukInput', params));
  });

  it.each<[string, SelectParams]>([
    ['options with one chosen', { id: 'sort', name: 'sort', label: { text: 'Sort by', classes: 'govuk-label--s' }, items: [{ value: 'relevance', text: 'Best match' }, { value: 'name', text: 'Name (A to Z)', selected: true }] }],
    ['classes and an empty value', { id: 'region', name: 'region', classes: 'register-select', label: { text: 'Region' }, items: [{ value: '', text: 'Any region' }, { value: 'London', text: 'London' }] }],
    ['text HTML would read is escaped', { id: 'la', name: 'la', label: { text: 'Local <authority>' }, items: [{ value: 'A & "B"', text: 'A & <B>', selected: true }] }],
  ])('govukSelect: %s', (_label, params) => {
    expect(markup(selectHtml(params))).toBe(macro('select', 'govukSelect', params));
  });

  it('govukSelect: a frozen list is written once and gives the same markup each time', () => {
    const items = Object.freeze([Object.freeze({ value: 'a', text: 'A' }), Object.freeze({ value: 'b', text: 'B', selected: true })]);
    const params = { id: 'x', name: 'x', label: { text: 'X' }, items };
    const first = selectHtml(params);
    expect(selectHtml({ ...params, id: 'y', name: 'y' })).toContain('id="y" name="y"><option value="a">A</option><option value="b" selected>B</option>');
    expect(markup(first)).toBe(macro('select', 'govukSelect', params));
  });

  it('govukButton: a submit button with attributes', () => {
    expect(markup(buttonHtml('Search', { 'data-testid': 'search-button' }))).toBe(macro('button', 'govukButton', { text: 'Search', attributes: { 'data-testid': 'search-button' } }));
  });

  it.each<[string, ErrorSummaryParams]>([
    ['one problem', { titleText: 'There is a problem', errorList: [{ text: 'Enter a postcode', href: '#near' }] }],
    ['two problems, escaped', { titleText: 'There is a problem', errorList: [{ text: 'Search text & <more>', href: '#q' }, { text: 'Enter a postcode', href: '#near' }] }],
  ])('govukErrorSummary: %s', (_label, params) => {
    expect(markup(errorSummaryHtml(params))).toBe(macro('error-summary', 'govukErrorSummary', params));
  });

  it.each<[string, PaginationParams]>([
    ['the first page: next only', { next: { href: '/locations?page=2' }, items: [{ number: 1, href: '/locations', current: true }, { number: 2, href: '/locations?page=2' }, { ellipsis: true }, { number: 9, href: '/locations?page=9' }] }],
    ['a middle page: both ways', { previous: { href: '/locations?page=4' }, next: { href: '/locations?page=6' }, items: [{ number: 1, href: '/locations' }, { ellipsis: true }, { number: 4, href: '/locations?page=4' }, { number: 5, href: '/locations?page=5', current: true }, { number: 6, href: '/locations?page=6' }] }],
    ['the last page, with a link that needs escaping', { previous: { href: '/locations?q=a&page=2' }, items: [{ number: 1, href: '/locations?q=a' }, { number: 2, href: '/locations?q=a&page=2', current: true }] }],
  ])('govukPagination: %s', (_label, params) => {
    expect(markup(paginationHtml(params))).toBe(macro('pagination', 'govukPagination', params));
  });
});
