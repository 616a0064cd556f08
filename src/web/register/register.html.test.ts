import path from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { detailsListHtml, enforcementHtml, ratingSummaryHtml, type DetailsRow } from './register.html.js';
import type { RatingSummary } from './register-format.js';
import type { EnforcementSummaryRow } from './enforcement-summary.view-model.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(root, 'node_modules', 'govuk-frontend', 'dist')]), { autoescape: true });

/** The same markup up to the white space between tags (which the browser does not show). */
const markup = (html: string) => html.replace(/\s+/g, ' ').replace(/> /g, '>').replace(/ </g, '<').replace(/ >/g, '>').trim();
const govukSummaryList = (rows: unknown, testid?: string) =>
  markup(env.renderString('{% from "govuk/components/summary-list/macro.njk" import govukSummaryList %}{{ govukSummaryList({ rows: rows, attributes: { "data-testid": testid } if testid else {} }) }}', { rows, testid }));

describe("the register's details list is GOV.UK's summary list markup", () => {
  it.each<[string, DetailsRow[], string | undefined]>([
    ['text values', [{ key: { text: 'Phone' }, value: { text: '01234 567890' } }, { key: { text: 'Region' }, value: { text: 'North West' } }], 'details'],
    ['an HTML value (an address) kept as HTML', [{ key: { text: 'Address' }, value: { html: '1 High Street<br>Luton<br>LU2 9AU' } }], 'details'],
    ['text with characters HTML would read is escaped', [{ key: { text: 'Provider' }, value: { text: 'Smith & Jones <Care> "Ltd"' } }], undefined],
    ['a key with an apostrophe', [{ key: { text: "Registered manager's name" }, value: { text: "O'Brien" } }], 'details'],
    ['no rows', [], 'details'],
  ])('%s', (_label, rows, testid) => {
    expect(markup(detailsListHtml(rows, testid))).toBe(govukSummaryList(rows, testid));
  });
});

const rating = (over: Partial<RatingSummary>): RatingSummary => ({
  tag: { text: 'Good', classes: 'govuk-tag--green' },
  dateText: 'Published 23 April 2019',
  iso: '2019-04-23',
  ageText: null,
  overdue: false,
  overdueText: null,
  explanation: null,
  ...over,
});

describe('a rating with its date', () => {
  it.each<[string, RatingSummary, string]>([
    [
      'a day: the date is a <time> a browser can read',
      rating({}),
      '<strong class="govuk-tag govuk-tag--green" data-testid="overall-rating">Good</strong> <span class="govuk-body-s register-rating-date" data-testid="overall-date"><time datetime="2019-04-23">Published 23 April 2019</time></span>',
    ],
    [
      'no date published: the words alone',
      rating({ iso: null, dateText: 'Date not published' }),
      '<strong class="govuk-tag govuk-tag--green" data-testid="overall-rating">Good</strong> <span class="govuk-body-s register-rating-date" data-testid="overall-date">Date not published</span>',
    ],
    [
      'its age, and a flag when it is older than the maximum time between inspections',
      rating({ ageText: '6 years old', overdue: true, overdueText: 'Older than the maximum time between inspections for this rating' }),
      '<strong class="govuk-tag govuk-tag--green" data-testid="overall-rating">Good</strong> <span class="govuk-body-s register-rating-date" data-testid="overall-date"><time datetime="2019-04-23">Published 23 April 2019</time> (6 years old)</span> <span class="govuk-body-s register-overdue" data-testid="overall-overdue"><strong>Older than the maximum time between inspections for this rating</strong></span>',
    ],
  ])('%s', (_label, r, html) => {
    expect(ratingSummaryHtml(r, 'overall')).toBe(html);
  });

  it('escapes every text it shows', () => {
    const html = ratingSummaryHtml(rating({ tag: { text: '<b>Good</b>', classes: '"x' }, dateText: 'A & B', ageText: "it's" }), 'o"');
    expect(html).not.toMatch(/<b>|"x|o"-/);
    expect(html).toContain('&lt;b&gt;Good&lt;/b&gt;');
    expect(html).toContain('A &amp; B</time> (it&#39;s)');
  });
});

describe('the enforcement section', () => {
  const entry: EnforcementSummaryRow = {
    heading: 'Warning notice',
    lines: [
      { label: 'Regulation', value: 'Regulation 12: Safe care & treatment' },
      { label: 'Taken on', value: '3 March 2026' },
    ],
    outcome: { text: 'We have not yet checked whether the provider has done what was required.', tagText: 'In force', tagClasses: 'govuk-tag--orange' },
    reportHref: '/reports/abc',
  };

  it('says when nothing has been published', () => {
    expect(enforcementHtml([])).toBe(
      '<h2 class="govuk-heading-l" id="enforcement">Enforcement</h2><p class="govuk-body" data-testid="enforcement">We have not published any enforcement action for this service.</p>',
    );
  });

  it('lists each action with its status, its details, what happened and a link to the report', () => {
    const html = enforcementHtml([entry, { ...entry, heading: 'Conditions', lines: [] }]);
    expect(html.match(/<li class="govuk-!-margin-bottom-6">/g)).toHaveLength(2);
    expect(html).toContain('<h3 class="govuk-heading-m govuk-!-margin-bottom-2">Warning notice <strong class="govuk-tag govuk-tag--orange">In force</strong></h3>');
    expect(html).toContain('<dt class="govuk-summary-list__key">Regulation</dt><dd class="govuk-summary-list__value">Regulation 12: Safe care &amp; treatment</dd>');
    expect(html).toContain('<p class="govuk-body">We have not yet checked whether the provider has done what was required.</p>');
    expect(html).toContain('<a class="govuk-link" href="/reports/abc">Read about this in the inspection report</a>');
  });
});
