import { describe, expect, it } from 'vitest';
import { searchContentHtml } from './search-page.html.js';
import { buildSearchPage, parseSearchQuery, type SearchQuery } from './search.view-model.js';
import type { SearchResultRow } from '../../data/repositories/register.repository.js';

const options = { types: ['GP Practice', 'Social Care Org'], localAuthorities: ['Luton', 'Oldham'], regions: ['East', 'North West'], serviceTypes: ['Doctors/GPs'], specialisms: ['Dementia'] };
const row: SearchResultRow = {
  location_id: '1-5500',
  name: 'Stopsley Village Practice',
  provider_id: '1-100',
  provider_name: 'Dr Singh & Partners',
  type: 'GP Practice',
  town: 'Luton',
  postcode: 'LU2 9AU',
  registration_status: 'Registered',
  inspection_directorate: 'Primary medical services',
  overall_rating: 'Good',
  overall_rating_date: '2019-04-23',
  overall_rating_date_precision: 'day',
  care_home: false,
  has_service_ratings: false,
};

const page = (query: SearchQuery, rows: SearchResultRow[], total = rows.length, extra: Parameters<typeof buildSearchPage>[3] = {}) =>
  searchContentHtml(buildSearchPage(parseSearchQuery(query), { total, rows, options }, '2026-12-07', extra));

describe("the search page's content", () => {
  it('keeps what was searched for in the form and shows each result with its address, provider and rating', () => {
    const html = page({ q: 'stopsley', localAuthority: 'Luton' }, [row]);
    expect(html).toContain('<input class="govuk-input" id="q" name="q" type="search" spellcheck="false" value="stopsley"');
    expect(html).toContain('<option value="Luton" selected>Luton</option>');
    expect(html).toContain('Filter <span class="govuk-body-s">(1 selected)</span>');
    expect(html).toContain('data-testid="result-count">1 service found</p>');
    expect(html).toContain('<a class="govuk-link" href="/locations/1-5500">Stopsley Village Practice</a>');
    expect(html).toContain('Luton, LU2 9AU · GP Practice · run by Dr Singh &amp; Partners</p>');
    expect(html).toContain('Overall: <strong class="govuk-tag govuk-tag--green" data-testid="result-overall-rating">Good</strong>');
    expect(html).not.toContain('govuk-error-summary');
    expect(html).not.toContain('govuk-pagination');
  });

  it.each<[string, Partial<SearchResultRow>, string]>([
    ['no rating published', { overall_rating: null, overall_rating_date: null }, '<p class="govuk-body-s govuk-!-margin-bottom-0">No published rating</p>'],
    ['rated for each service, not overall', { overall_rating: null, has_service_ratings: true }, 'Rated for each service it provides, not overall'],
    ['no longer registered', { registration_status: 'Deregistered' }, ' · <strong>no longer registered</strong></p>'],
    ['a near search says how far away', { distance_miles: 1.04 }, 'data-testid="distance">1.0 mile away</p>'],
    ['a provider of the same name is not repeated', { provider_name: 'Stopsley Village Practice' }, 'Luton, LU2 9AU · GP Practice</p>'],
  ])('a result: %s', (_label, over, text) => {
    expect(page({ q: 'stopsley' }, [{ ...row, ...over }])).toContain(text);
  });

  it('offers a similar name when nothing matches, and what to try', () => {
    const html = page({ q: 'stopsly' }, [], 0, { didYouMean: 'Stopsley Village Practice' });
    expect(html).toContain('data-testid="result-count">No services match your search</p>');
    expect(html).toContain('Did you mean <a class="govuk-link" href="/locations?q=Stopsley+Village+Practice">Stopsley Village Practice</a>?');
    expect(html).toContain('Check the spelling, try a shorter part of the name or postcode, or clear some filters.');
  });

  it('a place that cannot be found: an error summary linked to the box, the box marked, the text kept', () => {
    const html = page({ near: 'ZZ9' }, [], 0, { nearProblem: 'We could not find “ZZ9”.' });
    expect(html.indexOf('govuk-error-summary')).toBe(12);
    expect(html).toContain('<li><a href="#near">We could not find “ZZ9”.</a></li>');
    expect(html).toContain('<p id="near-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> We could not find “ZZ9”.</p>');
    expect(html).toContain('id="near" name="near" type="text" spellcheck="false" value="ZZ9" aria-describedby="near-hint near-error"');
    expect(html).not.toContain('Check the spelling');
  });

  it('pages: Previous, the numbers and Next, carrying the search', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ ...row, location_id: `1-${i}` }));
    const html = page({ q: 'care', page: '3' }, rows, 100);
    expect(html).toContain('data-testid="result-count">100 services found, showing 41 to 60</p>');
    expect(html).toContain('href="/locations?q=care&amp;page=2" rel="prev"');
    expect(html).toContain('aria-label="Page 3" aria-current="page">3</a>');
    expect(html).toContain('href="/locations?q=care&amp;page=4" rel="next"');
  });

  it('escapes everything a person typed or the register holds', () => {
    const html = page({ q: '"><script>x</script>', type: '<img src=x>' }, [{ ...row, name: '<b>Home</b>', town: 'A & B' }]);
    expect(html).not.toMatch(/<script>|<img|<b>Home/);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('<option value="&lt;img src=x&gt;" selected>&lt;img src=x&gt;</option>');
    expect(html).toContain('&lt;b&gt;Home&lt;/b&gt;</a>');
  });
});
