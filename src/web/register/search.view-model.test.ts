import { describe, expect, it } from 'vitest';
import { postcodeQuery } from '../../data/repositories/register.repository.js';
import { buildLocationPage } from './location.view-model.js';
import { buildSearchPage, decodeCursor, encodeCursor, keysetPagination, paginationItems, parseSearchQuery, searchHref } from './search.view-model.js';
import type { LocationDetail } from '../../data/repositories/register.repository.js';

describe('parseSearchQuery', () => {
  it('defaults to registered services, relevance with text, name without', () => {
    expect(parseSearchQuery({ q: '  ol4  1yn ' })).toMatchObject({ sort: 'relevance', page: 1, filters: { q: 'ol4 1yn', registeredOnly: true } });
    expect(parseSearchQuery({}).sort).toBe('name');
  });
  it.each([
    [{ page: 'abc' }, 1],
    [{ page: '-2' }, 1],
    [{ page: '3' }, 3],
    [{ page: '99999' }, 500],
  ])('page %j → %i', (q, page) => expect(parseSearchQuery(q).page).toBe(page));
  it.each<[string, { q?: string; near?: string }, string[]]>([
    ['search text of 100 characters is searched', { q: 'a'.repeat(100) }, []],
    ['longer search text is a problem, kept whole', { q: 'a'.repeat(101) }, ['q']],
    ['a postcode of 20 characters or fewer is looked up', { near: 'LU2 9AU' }, []],
    ['a longer place is a problem, kept whole', { near: 'LU2 9AU, Stopsley, Luton' }, ['near']],
    ['both at once name both', { q: 'x'.repeat(300), near: 'y'.repeat(30) }, ['q', 'near']],
  ])('%s', (_name, query, fields) => {
    const p = parseSearchQuery(query);
    expect(p.problems.map((x) => x.field)).toEqual(fields);
    if (query.q) expect(p.filters.q).toBe(query.q);
    if (query.near) expect(p.near?.place).toBe(query.near);
  });
  it('ignores an unknown rating and reads care home yes/no', () => {
    const p = parseSearchQuery({ rating: 'Excellent', careHome: 'no', status: 'all' });
    expect(p.filters).toMatchObject({ rating: undefined, careHome: false, registeredOnly: false });
  });
});

describe('postcodeQuery', () => {
  it.each([
    ['OL4 1YN', { norm: 'OL41YN', outward: 'OL4' }],
    ['ol41yn', { norm: 'OL41YN', outward: undefined }],
    ['ol4', { norm: 'OL4', outward: 'OL4' }],
    ['M1', { norm: 'M1', outward: 'M1' }],
    ['oldham', undefined],
  ])('%s', (q, out) => expect(postcodeQuery(q)).toEqual(out));
});

describe('pagination', () => {
  it('shows first, last and neighbours with ellipses', () => {
    const p = paginationItems(5, 10, (n) => `/p${n}`);
    expect(p?.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(p?.previous?.href).toBe('/p4');
    expect(paginationItems(1, 1, String)).toBeNull();
  });
  it('keeps the filters in page links', () => {
    expect(searchHref({ q: 'ol4', rating: 'Good', page: '2' }, { page: '3' })).toBe('/locations?q=ol4&rating=Good&page=3');
    expect(searchHref({ q: 'ol4' }, { page: '1' })).toBe('/locations?q=ol4');
  });
});

describe('buildSearchPage', () => {
  const options = { types: ['Social Care Org'], localAuthorities: [], regions: [], serviceTypes: [], specialisms: [] };
  const row = {
    location_id: 'RT203',
    name: 'Moorside',
    provider_id: 'RT2',
    provider_name: 'Pennine Care',
    type: 'NHS Healthcare Organisation',
    town: 'Oldham',
    postcode: 'OL9 8AA',
    registration_status: 'Registered',
    inspection_directorate: 'Hospitals',
    overall_rating: 'Inadequate',
    overall_rating_date: '2025-01-10',
    overall_rating_date_precision: 'day' as const,
    care_home: false,
    has_service_ratings: false,
  };
  it('shows the count, the rating with its date and age, and flags an overdue rating', () => {
    const view = buildSearchPage(parseSearchQuery({ q: 'moor' }), { total: 45, rows: [row], options }, '2026-11-23');
    expect(view.countText).toBe('45 services found, showing 1 to 1');
    expect(view.results[0]).toMatchObject({ href: '/locations/RT203', providerName: 'Pennine Care', address: 'Oldham, OL9 8AA' });
    expect(view.results[0]?.rating).toMatchObject({ dateText: 'Published 10 January 2025', ageText: '1 year, 10 months old', overdue: true });
  });
  it.each([
    [{ total: 10_000, totalCapped: true }, { page: '3' }, 'More than 10,000 services found, showing 41 to 41. Add a filter or another word to narrow the search', 500],
    [{ total: 10_000, totalCapped: false }, { page: '3' }, '10,000 services found, showing 41 to 41', 500],
  ])('a count that stopped at the cap says so (%o)', (counted, query, text, pages) => {
    const view = buildSearchPage(parseSearchQuery({ q: 'care', ...query }), { ...counted, rows: [row], options }, '2026-11-23');
    expect(view.countText).toBe(text);
    expect(view.pagination?.items?.at(-1)).toMatchObject({ number: pages });
  });
  it('too long a search text: an error summary linked to the box, "Error:" in the title, the text kept', () => {
    const q = 'Stopsley Village Practice '.repeat(5);
    const view = buildSearchPage(parseSearchQuery({ q }), { total: 0, rows: [], options }, '2026-11-23');
    expect(view.errorSummary).toEqual({ titleText: 'There is a problem', errorList: [{ text: 'Search text must be 100 characters or fewer', href: '#q' }] });
    expect(view.qProblem).toBe('Search text must be 100 characters or fewer');
    expect(view.pageTitle).toBe('Error: Find a service');
    expect(view.q).toBe(q.trim());
    expect(view.countText).toBe('Correct the problem above to search');
  });
  it('a place that cannot be found is in the error summary too', () => {
    const view = buildSearchPage(parseSearchQuery({ near: 'ZZ9' }), { total: 0, rows: [], options }, '2026-11-23', { nearProblem: 'We could not find “ZZ9”.' });
    expect(view.errorSummary?.errorList).toEqual([{ text: 'We could not find “ZZ9”.', href: '#near' }]);
    expect(view.nearProblem).toBe('We could not find “ZZ9”.');
    expect(view.pageTitle).toBe('Error: Find a service');
    expect(view.countText).toBe('Correct the problem above to search');
  });
  it('hands out the same filter list for the same options and choice, and a fresh one for a value typed into the URL', () => {
    const opts = { ...options, localAuthorities: ['Luton', 'Oldham'] };
    const first = buildSearchPage(parseSearchQuery({ localAuthority: 'Luton' }), { total: 0, rows: [], options: opts }, '2026-11-23');
    const again = buildSearchPage(parseSearchQuery({ localAuthority: 'Luton', q: 'care' }), { total: 0, rows: [], options: opts }, '2026-11-23');
    expect(again.filters.localAuthority).toBe(first.filters.localAuthority);
    expect(first.filters.localAuthority.find((i) => i.selected)).toEqual({ value: 'Luton', text: 'Luton', selected: true });
    const other = buildSearchPage(parseSearchQuery({ localAuthority: 'Oldham' }), { total: 0, rows: [], options: opts }, '2026-11-23');
    expect(other.filters.localAuthority.find((i) => i.selected)?.value).toBe('Oldham');
    const typed = buildSearchPage(parseSearchQuery({ localAuthority: 'Nowhere' }), { total: 0, rows: [], options: opts }, '2026-11-23');
    expect(typed.filters.localAuthority.at(-1)).toEqual({ value: 'Nowhere', text: 'Nowhere', selected: true });
    expect(Object.isFrozen(typed.filters.localAuthority)).toBe(false);
  });
  it('says a location is rated per service when it has no overall rating', () => {
    const view = buildSearchPage(parseSearchQuery({}), { total: 1, rows: [{ ...row, overall_rating: 'Not rated', has_service_ratings: true }], options }, '2026-11-23');
    expect(view.results[0]?.ratedPerService).toBe(true);
  });
});

describe('buildLocationPage', () => {
  it('gives every key question its own date and keeps history in date order', () => {
    const base = { organisation_id: 'o', source: 'cqc-api', recorded_at: new Date(), superseded_at: null, inherited: false, date_precision: 'day' as const, key_question: '', id: 1 };
    const detail = {
      location: { location_id: '1-1', name: 'Home', type: 'Social Care Org', town: 'Oldham', registration_status: 'Registered', inspection_directorate: 'Adult social care', document: null, service_types: [], regulated_activities: [], specialisms: [], care_home: true, number_of_beds: 10 },
      organisation: { address_line1: '1 Road', address_line2: null, town: 'Oldham', county: null, postcode: 'OL1 1AA', phone: null, website: null },
      provider: { providerId: 'P1', name: 'Prov', inRegister: true },
      ratings: [
        { ...base, scope: 'overall', name: '', rating: 'Good', report_date: '2024-03-14', report_link_id: 'b', current: true },
        { ...base, scope: 'key_question', name: 'Safe', rating: 'Good', report_date: '2024-03-14', report_link_id: 'b', current: true },
        { ...base, scope: 'key_question', name: 'Caring', rating: 'Outstanding', report_date: '2019-05-02', report_link_id: 'a', current: true },
        { ...base, scope: 'overall', name: '', rating: 'Requires improvement', report_date: '2019-05-02', report_link_id: 'a', current: false },
        { ...base, scope: 'overall', name: '', rating: 'Inadequate', report_date: '2017-01-01', report_link_id: 'z', current: false },
      ],
      reports: [],
    } as unknown as LocationDetail;
    const view = buildLocationPage(detail, '2026-11-23');
    expect(view.keyQuestions.find((k) => k.name === 'Caring')?.rating?.dateText).toBe('Published 2 May 2019');
    expect(view.keyQuestions.find((k) => k.name === 'Safe')?.rating?.dateText).toBe('Published 14 March 2024');
    expect(view.keyQuestions.find((k) => k.name === 'Effective')?.rating).toBeNull();
    expect(view.history.map((h) => h.title)).toEqual(['Rated requires improvement overall', 'Rated inadequate overall']);
    expect(view.details.find((d) => d.key.text === 'Provider')?.value.html).toContain('href="/providers/P1"');
    expect(view.reports).toEqual([]);
  });
});

describe('keyset paging links', () => {
  const href = (c: Record<string, string | undefined>) => searchHref({ q: 'care', page: '5', after: 'WyJ4Il0' }, c);
  const edges = { firstKey: [2, 'abbey house', '1-100'], lastKey: [2, 'acorn lodge', '1-200'], hasBefore: true, hasAfter: true };

  it('a cursor survives the URL and a foreign one is ignored', () => {
    const key = [3, 'st mary’s “house”', '1-123456789', null, 1.25];
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor('not a cursor!')).toBeUndefined();
    expect(decodeCursor(Buffer.from('{oops').toString('base64url'))).toBeUndefined();
  });

  it.each([
    [{ after: encodeCursor([1, 'a', 'x']) }, 'after'],
    [{ before: encodeCursor([1, 'a', 'x']) }, 'before'],
    [{ before: 'end' }, 'fromEnd'],
    [{ after: encodeCursor(['wrong', 'shape']) }, 'offset'],
    [{}, 'offset'],
  ])('%j reads the page by %s', (q, kind) => {
    expect(Object.keys(parseSearchQuery({ q: 'care', page: '7', ...q }).position)).toEqual([kind]);
  });

  it('Next and Previous carry the row keys; the first page has no cursor; the last is read from the end', () => {
    const p = keysetPagination(5, 40, false, edges, href);
    expect(p?.next?.href).toBe(`/locations?q=care&page=6&after=${encodeCursor(edges.lastKey)}`);
    expect(p?.previous?.href).toBe(`/locations?q=care&page=4&before=${encodeCursor(edges.firstKey)}`);
    expect(p?.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 4, 5, 6, '…', 40]);
    expect(p?.items[0]).toEqual({ number: 1, href: '/locations?q=care' });
    expect(p?.items[p.items.length - 1]).toEqual({ number: 40, href: '/locations?q=care&page=40&before=end' });
  });

  it('page 2 goes back to the plain first page; a capped count offers no last page; one page has no links', () => {
    expect(keysetPagination(2, 3, false, edges, href)?.previous?.href).toBe('/locations?q=care');
    expect(keysetPagination(5, 500, true, edges, href)?.items.map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 4, 5, 6]);
    expect(keysetPagination(1, 1, false, { firstKey: null, lastKey: null, hasBefore: false, hasAfter: false }, href)).toBeNull();
  });
});

