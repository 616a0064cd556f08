import path from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { locationContentHtml } from './location-page.html.js';
import type { LocationPageView } from './location.view-model.js';
import type { RatingSummary } from './register-format.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([path.join(root, 'node_modules', 'govuk-frontend', 'dist')]), { autoescape: true });
const markup = (html: string) => html.replace(/\s+/g, ' ').replace(/> /g, '>').replace(/ </g, '<').trim();

const good: RatingSummary = { tag: { text: 'Good', classes: 'govuk-tag--green' }, dateText: 'Published 23 April 2019', iso: '2019-04-23', ageText: '7 years old', overdue: false, overdueText: null, explanation: null };

const base: LocationPageView = {
  pageTitle: 'Stopsley Village Practice – Find a service',
  name: 'Stopsley Village Practice',
  caption: 'GP practice, Luton',
  deregistered: false,
  details: [{ key: { text: 'Location ID' }, value: { text: '1-123' } }],
  overall: good,
  ratedPerService: false,
  keyQuestions: [
    { name: 'Safe', rating: good },
    { name: 'Effective', rating: null },
  ],
  hasKeyQuestions: true,
  services: [],
  serviceTypes: ['Doctors/GPs'],
  regulatedActivities: [],
  specialisms: [],
  latestReport: null,
  history: [],
  reports: [],
};

const render = (over: Partial<LocationPageView> = {}, parts: Partial<Parameters<typeof locationContentHtml>[1]> = {}) =>
  locationContentHtml({ ...base, ...over }, { enforcement: [], ratingReview: null, afterReportsHtml: '', ...parts });

describe("a location page's content", () => {
  it('shows the name, the overall rating, each key question and the details, in that order', () => {
    const html = render();
    const order = ['<span class="govuk-caption-l">GP practice, Luton</span>', '<h1 class="govuk-heading-xl">Stopsley Village Practice</h1>', 'data-testid="overall-rating">Good</strong>', 'Key questions', 'About this service', 'Rating history', 'Enforcement', 'Reports'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain('<th scope="row" class="govuk-table__header">Effective</th><td class="govuk-table__cell">Not rated</td>');
  });

  it.each<[string, Partial<LocationPageView>, string[], string[]]>([
    ['no rating yet', { overall: null, hasKeyQuestions: false }, ['This service has no published rating yet.'], ['data-testid="key-questions"']],
    ['rated per service: no "no rating" line, a table of services', { overall: null, ratedPerService: true, hasKeyQuestions: false, services: [{ name: 'Maternity', rating: good, keyQuestions: [{ name: 'Safe', tag: { text: 'Good', classes: 'govuk-tag--green' } }] }] }, ['data-testid="service-ratings"', '<li>Safe: <strong class="govuk-tag govuk-tag--green">Good</strong></li>'], ['no published rating yet']],
    ['no services, activities or specialisms: no heading for them', { serviceTypes: [] }, [], ['Services and regulated activities']],
    ['a rating history', { history: [{ iso: '2016-05-01', dateText: '1 May 2016', title: 'Rated good overall', lines: [{ label: 'Safe', tag: { text: 'Good', classes: 'govuk-tag--green' } }], reportLinkId: null }] }, ['<time datetime="2016-05-01">1 May 2016</time>', 'Rated good overall'], ['There are no earlier ratings']],
    ['reports here and on CQC', { reports: [{ dateText: '3 March 2026', type: 'Inspection report', firstVisitText: 'Inspection started 1 February 2026', href: '/reports/r1' }, { dateText: '1 May 2016', type: 'Report', firstVisitText: null, href: null }] }, ['<a class="govuk-link" href="/reports/r1">Inspection report published 3 March 2026</a> <span class="govuk-body-s">(Inspection started 1 February 2026)</span>', '<li>Report published 1 May 2016</li>'], ['No inspection reports have been published']],
    ['the latest report, as a web page and a PDF', { latestReport: { href: '/reports/r1', pdfHref: '/reports/r1.pdf', dateText: '3 March 2026', linkId: 'r1' } }, ['published 3 March 2026: <a class="govuk-link" href="/reports/r1">read it online</a> or <a class="govuk-link" href="/reports/r1.pdf">download it as a PDF</a>.'], []],
    ['the latest report before its PDF is ready', { latestReport: { href: '/reports/r1', pdfHref: null, dateText: '3 March 2026', linkId: 'r1' } }, ['<a class="govuk-link" href="/reports/r1">read it online</a>.</p>'], ['download it as a PDF']],
  ])('%s', (_label, over, shown, hidden) => {
    const html = render(over);
    for (const s of shown) expect(html).toContain(s);
    for (const s of hidden) expect(html).not.toContain(s);
  });

  it('puts the line about a review of the ratings under the Ratings heading, and the feedback and survey sections last', () => {
    const open = render({}, { ratingReview: { open: true, text: 'A review is taking place.' }, afterReportsHtml: '<h2 id="feedback">Feedback</h2>' });
    expect(open).toContain('<h2 class="govuk-heading-l">Ratings</h2><div class="govuk-inset-text" data-testid="rating-review"><strong>Review of ratings under way.</strong> A review is taking place.</div>');
    expect(open.endsWith('<h2 id="feedback">Feedback</h2>')).toBe(true);
    expect(render({}, { ratingReview: { open: false, text: 'Completed.' } })).toContain('<p class="govuk-body" data-testid="rating-review">Completed.</p>');
  });

  it("uses GOV.UK's warning text and inset text markup", () => {
    const warning = env.renderString('{% from "govuk/components/warning-text/macro.njk" import govukWarningText %}{{ govukWarningText({ text: "This service is no longer registered. Its ratings and reports are kept as a record.", iconFallbackText: "Warning" }) }}', {});
    expect(markup(render({ deregistered: true }))).toContain(markup(warning));
    const inset = env.renderString('{% from "govuk/components/inset-text/macro.njk" import govukInsetText %}{{ govukInsetText({ text: "This location does not have a single overall rating. Each service it provides is rated on its own: see the ratings for each service below." }) }}', {});
    expect(markup(render({ overall: null, ratedPerService: true, services: [{ name: 'Maternity', rating: good, keyQuestions: [] }] }))).toContain(markup(inset));
  });

  it('puts each table in a scroll region named by its caption (readable at 320 px)', () => {
    expect(render()).toContain('<div class="app-table-scroll" data-app-scroll-region role="region" aria-label="Key questions" tabindex="0"><table class="govuk-table" data-testid="key-questions">');
  });

  it('escapes every text that comes from the register', () => {
    const bad = '<script>x</script>"\'&';
    const html = render({
      name: bad,
      caption: bad,
      keyQuestions: [{ name: bad, rating: { ...good, tag: { text: bad, classes: bad }, dateText: bad, ageText: bad } }],
      services: [{ name: bad, rating: good, keyQuestions: [{ name: bad, tag: { text: bad, classes: bad } }] }],
      serviceTypes: [bad],
      regulatedActivities: [bad],
      specialisms: [bad],
      details: [{ key: { text: bad }, value: { text: bad } }],
      history: [{ iso: bad, dateText: bad, title: bad, lines: [{ label: bad, tag: { text: bad, classes: bad } }], reportLinkId: null }],
      reports: [{ dateText: bad, type: bad, firstVisitText: bad, href: bad }],
      latestReport: { href: bad, pdfHref: bad, dateText: bad, linkId: 'x' },
    }, { ratingReview: { open: true, text: bad }, enforcement: [{ heading: bad, lines: [{ label: bad, value: bad }], outcome: { text: bad, tagText: bad, tagClasses: bad }, reportHref: bad }] });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"\'&');
    expect(html.split('&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;').length - 1).toBeGreaterThanOrEqual(25);
  });
});
