/** The search page (/locations): parses the query string and builds the page's macro params. Pure. */
import { SEARCH_SORTS, validSortKey, type FilterOptions, type LocationFilters, type SearchPosition, type SearchResultRow, type SearchSort, type SortKeyValue } from '../../data/repositories/register.repository.js';
import { RATINGS } from '../../domain/vocabulary/ratings.js';
import { summariseRating, type RatingSummary } from './register-format.js';
import { locationPath } from '../paths.js';
import { errorSummary, pageTitle, type ErrorSummaryParams } from '../forms.view-model.js';
import type { PaginationItem, PaginationParams, SelectItem } from '../govuk-components.html.js';

export const SEARCH_PER_PAGE = 20;
/** The deepest page a typed page number (an offset) may ask for; Next and Previous links seek by key and go further. */
const MAX_PAGE = 500;
/** A page number carried beside a cursor only numbers the page; it is capped for sanity, not for cost. */
const MAX_KEYSET_PAGE = 100_000;
/** The most results anyone can page through; the count stops there ("More than 10,000 services found"). */
export const SEARCH_MAX_RESULTS = SEARCH_PER_PAGE * MAX_PAGE;

export type SearchQuery = Partial<Record<'q' | 'type' | 'rating' | 'localAuthority' | 'region' | 'careHome' | 'service' | 'specialism' | 'status' | 'sort' | 'page' | 'near' | 'distance' | 'after' | 'before', string>>;

/** A row's sort key in a URL: base64url of its JSON (`before=end` is the last page). */
export function encodeCursor(key: readonly SortKeyValue[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): unknown {
  if (!raw || raw.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The longest search text the page searches for; longer text is kept in the box with an error. */
export const SEARCH_TEXT_MAX = 100;
/** A place for "near" is a postcode or its first part; longer text is kept in the box with an error. */
const NEAR_TEXT_MAX = 20;

export const DEFAULT_DISTANCE_MILES = 5;
export const MAX_DISTANCE_MILES = 100;

export interface ParsedSearch {
  filters: LocationFilters;
  /** `near=`: a postcode or outward code, and how many miles from it. */
  near?: { place: string; miles: number };
  sort: SearchSort;
  page: number;
  /** Where the page starts: an offset for a typed page number, otherwise just after or before a row's key, or the last page. */
  position: SearchPosition;
  /** The query as given, to refill the form and build links. */
  raw: SearchQuery;
  /** What was typed that cannot be searched for as it is (too long), by field: nothing is searched then. */
  problems: { field: 'q' | 'near'; message: string }[];
}

function clean(v: string | undefined, max = 100): string | undefined {
  const t = v?.trim().replace(/\s+/g, ' ');
  return t ? t.slice(0, max) : undefined;
}

export function parseSearchQuery(query: SearchQuery): ParsedSearch {
  const sortRaw = clean(query.sort) as SearchSort | undefined;
  const problems: ParsedSearch['problems'] = [];
  // Kept whole so the box shows what was typed; too long to search for is a problem, not a cut.
  const q = clean(query.q, Infinity);
  if (q && q.length > SEARCH_TEXT_MAX) problems.push({ field: 'q', message: `Search text must be ${SEARCH_TEXT_MAX} characters or fewer` });
  const near = clean(query.near, Infinity);
  if (near && near.length > NEAR_TEXT_MAX) problems.push({ field: 'near', message: 'Enter a postcode such as LU2 9AU, or the first part of one such as LU2' });
  const chosen: SearchSort | undefined = sortRaw && SEARCH_SORTS.includes(sortRaw) && !(sortRaw === 'nearest' && !near) ? sortRaw : undefined;
  const sort: SearchSort = chosen ?? (near ? 'nearest' : q ? 'relevance' : 'name');
  const pageNum = Number(query.page);
  const after = decodeCursor(query.after);
  const before = query.before === 'end' ? 'end' : decodeCursor(query.before);
  const keyed = after !== undefined || before !== undefined;
  const page = Number.isInteger(pageNum) && pageNum >= 1 ? Math.min(pageNum, keyed ? MAX_KEYSET_PAGE : MAX_PAGE) : 1;
  const careHome = query.careHome === 'yes' ? true : query.careHome === 'no' ? false : undefined;
  const rating = clean(query.rating);
  const d = Number(query.distance);
  const miles = Number.isFinite(d) && d > 0 ? Math.min(d, MAX_DISTANCE_MILES) : DEFAULT_DISTANCE_MILES;
  const filters: LocationFilters = {
    q,
    type: clean(query.type),
    rating: rating && ([...RATINGS, 'none'] as string[]).includes(rating) ? rating : undefined,
    localAuthority: clean(query.localAuthority),
    region: clean(query.region),
    careHome,
    serviceType: clean(query.service),
    specialism: clean(query.specialism),
    registeredOnly: query.status !== 'all',
  };
  // The key's shape depends on the sort (and a near search): a cursor from another search is not used.
  const keyFilters = near ? { ...filters, near: { latitude: 0, longitude: 0, miles } } : filters;
  const position: SearchPosition =
    before === 'end'
      ? { fromEnd: true }
      : validSortKey(after, keyFilters, sort, q)
        ? { after }
        : validSortKey(before, keyFilters, sort, q)
          ? { before }
          : { offset: (Math.min(page, MAX_PAGE) - 1) * SEARCH_PER_PAGE };
  return {
    filters,
    sort,
    page,
    position,
    raw: query,
    problems,
    ...(near ? { near: { place: near, miles } } : {}),
  };
}

export function searchHref(raw: SearchQuery, changes: Partial<SearchQuery>): string {
  const params = new URLSearchParams();
  // A cursor belongs to one page: a link that changes anything else starts without it.
  const { after, before, ...rest } = raw;
  const base = Object.keys(changes).length === 0 ? raw : rest;
  void after;
  void before;
  for (const [k, v] of Object.entries({ ...base, ...changes })) if (v !== undefined && v !== '' && !(k === 'page' && v === '1')) params.set(k, v);
  const s = params.toString();
  return s ? `/locations?${s}` : '/locations';
}

/** The lists already made for a list of options (the same array while the register's options stand), by choice: frozen, so the page writes each one's options once (govuk-components.html.ts). */
const madeLists = new WeakMap<readonly string[], Map<string, readonly SelectItem[]>>();

function selectItems(values: string[], selected: string | undefined, anyText: string): readonly SelectItem[] {
  const build = () => {
    const items: SelectItem[] = [{ value: '', text: anyText }];
    for (const v of values) items.push({ value: v, text: v, ...(v === selected ? { selected: true } : {}) });
    if (selected && !values.includes(selected)) items.push({ value: selected, text: selected, selected: true });
    return items;
  };
  // Only choices among the options are kept (a typed value of anyone's choosing is made afresh).
  if (selected !== undefined && !values.includes(selected)) return build();
  let made = madeLists.get(values);
  if (!made) madeLists.set(values, (made = new Map()));
  const key = `${selected ?? ''}\u0000${anyText}`;
  let items = made.get(key);
  if (!items) made.set(key, (items = Object.freeze(build().map((item) => Object.freeze(item)))));
  return items;
}

export interface SearchResultView {
  href: string;
  name: string;
  providerName: string | null;
  address: string;
  type: string | null;
  deregistered: boolean;
  rating: RatingSummary | null;
  ratedPerService: boolean;
  /** "1.2 miles away" in a near search. */
  distance: string | null;
}

export interface SearchPageView {
  pageTitle: string;
  q: string;
  near: string;
  distance: string;
  /** "Did you mean": a name like what was typed, when nothing matched. */
  didYouMean: { text: string; href: string } | null;
  /** Said when the near place is not a postcode or outward code we can place. */
  nearProblem: string | null;
  /** Said when the search text is too long to search for. */
  qProblem: string | null;
  /** The GOV.UK error summary: every problem above, linked to its box. */
  errorSummary: ErrorSummaryParams | null;
  countText: string;
  hasResults: boolean;
  results: SearchResultView[];
  filters: {
    type: readonly SelectItem[];
    rating: readonly SelectItem[];
    localAuthority: readonly SelectItem[];
    region: readonly SelectItem[];
    careHome: readonly SelectItem[];
    service: readonly SelectItem[];
    specialism: readonly SelectItem[];
    status: readonly SelectItem[];
    sort: readonly SelectItem[];
  };
  activeFilterCount: number;
  clearHref: string;
  pagination: PaginationParams | null;
}

export function paginationItems(page: number, totalPages: number, href: (p: number) => string): SearchPageView['pagination'] {
  if (totalPages <= 1) return null;
  const items: PaginationItem[] = [];
  const show = new Set([1, totalPages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= totalPages));
  let last = 0;
  for (const p of [...show].sort((a, b) => a - b)) {
    if (p - last > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), ...(p === page ? { current: true } : {}) });
    last = p;
  }
  return {
    ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
    ...(page < totalPages ? { next: { href: href(page + 1) } } : {}),
    items,
  };
}

/** Where the rows of this page sit in the whole list (from the search), for keyset links. */
export interface PageEdges {
  firstKey: SortKeyValue[] | null;
  lastKey: SortKeyValue[] | null;
  hasBefore: boolean;
  hasAfter: boolean;
}

/**
 * Page links that work without JavaScript and never make the database count through every earlier
 * match: Next and Previous carry the sort key of the row they continue from; the first page is the
 * list's start, the last page is read back from the end. Numbered: first, the neighbours, last.
 */
export function keysetPagination(page: number, totalPages: number, capped: boolean, edges: PageEdges, href: (changes: Partial<SearchQuery>) => string): SearchPageView['pagination'] {
  const first = href({ page: '1', after: '', before: '' });
  const previous = edges.hasBefore && page > 1 ? (page - 1 === 1 || !edges.firstKey ? first : href({ page: String(page - 1), before: encodeCursor(edges.firstKey), after: '' })) : null;
  const next = edges.hasAfter && edges.lastKey ? href({ page: String(page + 1), after: encodeCursor(edges.lastKey), before: '' }) : null;
  const lastPage = !capped && totalPages > page + 1 ? totalPages : null;
  if (!previous && !next && page === 1) return null;
  const items: PaginationItem[] = [];
  if (page > 1) items.push({ number: 1, href: first });
  if (previous && page - 1 > 1) {
    if (page - 1 > 2) items.push({ ellipsis: true });
    items.push({ number: page - 1, href: previous });
  } else if (page > 2) items.push({ ellipsis: true });
  items.push({ number: page, href: href({}), current: true });
  if (next) items.push({ number: page + 1, href: next });
  if (lastPage) {
    if (lastPage > page + 2) items.push({ ellipsis: true });
    items.push({ number: lastPage, href: href({ page: String(lastPage), before: 'end', after: '' }) });
  }
  return { ...(previous ? { previous: { href: previous } } : {}), ...(next ? { next: { href: next } } : {}), items };
}

export function milesAway(m: number): string {
  const v = Math.round(m * 10) / 10;
  return `${v.toFixed(1)} ${v === 1 ? 'mile' : 'miles'} away`;
}

export function buildSearchPage(
  parsed: ParsedSearch,
  result: { total: number; totalCapped?: boolean; rows: SearchResultRow[]; options: FilterOptions } & Partial<PageEdges>,
  today: string,
  extra: { didYouMean?: string | undefined; nearProblem?: string | undefined } = {},
): SearchPageView {
  const { filters, raw, problems } = parsed;
  // What was typed (too long) and a place that could not be found: each by its box and in the summary.
  const allProblems = [...problems, ...(extra.nearProblem ? [{ field: 'near', message: extra.nearProblem }] : [])];
  const totalPages = Math.ceil(result.total / SEARCH_PER_PAGE);
  const first = (parsed.page - 1) * SEARCH_PER_PAGE + 1;
  const last = first + result.rows.length - 1;
  const n = result.totalCapped ? `More than ${result.total.toLocaleString('en-GB')}` : result.total.toLocaleString('en-GB');
  const narrow = result.totalCapped ? '. Add a filter or another word to narrow the search' : '';
  const countText = allProblems.length
    ? 'Correct the problem above to search'
    : result.total === 0
      ? 'No services match your search'
      : result.rows.length === 0
        ? `${n} ${result.total === 1 ? 'service' : 'services'} found (this page is past the last one)`
        : `${n} ${result.total === 1 ? 'service' : 'services'} found${totalPages > 1 ? `, showing ${first.toLocaleString('en-GB')} to ${last.toLocaleString('en-GB')}` : ''}${narrow}`;
  const active = [filters.type, filters.rating, filters.localAuthority, filters.region, filters.careHome, filters.serviceType, filters.specialism].filter((v) => v !== undefined).length + (filters.registeredOnly ? 0 : 1);
  return {
    pageTitle: pageTitle(
      allProblems.length ? 'Find a service' : filters.q ? `Search results for “${filters.q}” – Find a service` : parsed.near ? `Services near ${parsed.near.place.toUpperCase()} – Find a service` : 'Find a service',
      allProblems,
    ),
    q: filters.q ?? '',
    near: parsed.near?.place ?? '',
    distance: parsed.near ? String(parsed.near.miles) : '',
    didYouMean: extra.didYouMean ? { text: extra.didYouMean, href: searchHref(raw, { q: extra.didYouMean, page: '1' }) } : null,
    nearProblem: allProblems.find((p) => p.field === 'near')?.message ?? null,
    qProblem: allProblems.find((p) => p.field === 'q')?.message ?? null,
    errorSummary: errorSummary(allProblems),
    countText,
    hasResults: result.rows.length > 0,
    results: result.rows.map((r) => {
      const ratedPerService = r.has_service_ratings && !(RATINGS as readonly string[]).includes(r.overall_rating ?? '');
      return {
        href: locationPath(encodeURIComponent(r.location_id)),
        name: r.name,
        providerName: r.provider_name && r.provider_name !== r.name ? r.provider_name : null,
        address: [r.town, r.postcode].filter(Boolean).join(', '),
        type: r.type,
        deregistered: r.registration_status === 'Deregistered',
        rating: r.overall_rating ? summariseRating(r.overall_rating, r.overall_rating_date, r.overall_rating_date_precision, r, today) : null,
        ratedPerService,
        distance: r.distance_miles === null || r.distance_miles === undefined ? null : milesAway(Number(r.distance_miles)),
      };
    }),
    filters: {
      type: selectItems(result.options.types, filters.type, 'Any type'),
      rating: [
        { value: '', text: 'Any rating' },
        ...[...RATINGS, 'none'].map((v) => ({ value: v, text: v === 'none' ? 'No published rating' : v, ...(v === filters.rating ? { selected: true } : {}) })),
      ],
      localAuthority: selectItems(result.options.localAuthorities, filters.localAuthority, 'Any local authority'),
      region: selectItems(result.options.regions, filters.region, 'Any region'),
      careHome: [
        { value: '', text: 'Care homes and other services' },
        { value: 'yes', text: 'Care homes only', ...(filters.careHome === true ? { selected: true } : {}) },
        { value: 'no', text: 'Not care homes', ...(filters.careHome === false ? { selected: true } : {}) },
      ],
      service: selectItems(result.options.serviceTypes, filters.serviceType, 'Any service type'),
      specialism: selectItems(result.options.specialisms, filters.specialism, 'Any specialism'),
      status: [
        { value: '', text: 'Registered services only' },
        { value: 'all', text: 'Include services no longer registered', ...(filters.registeredOnly ? {} : { selected: true }) },
      ],
      sort: [
        ...(parsed.near ? [{ value: 'nearest', text: 'Nearest first', ...(parsed.sort === 'nearest' ? { selected: true } : {}) }] : []),
        { value: 'relevance', text: 'Best match', ...(parsed.sort === 'relevance' ? { selected: true } : {}) },
        { value: 'name', text: 'Name (A to Z)', ...(parsed.sort === 'name' ? { selected: true } : {}) },
        { value: 'rating-date', text: 'Most recently rated', ...(parsed.sort === 'rating-date' ? { selected: true } : {}) },
      ],
    },
    activeFilterCount: active,
    clearHref: searchHref({}, { q: filters.q }),
    pagination:
      result.hasBefore === undefined
        ? paginationItems(parsed.page, totalPages, (p) => searchHref(raw, { page: String(p) }))
        : keysetPagination(parsed.page, totalPages, !!result.totalCapped, { firstKey: result.firstKey ?? null, lastKey: result.lastKey ?? null, hasBefore: !!result.hasBefore, hasAfter: !!result.hasAfter }, (changes) => searchHref(raw, changes)),
  };
}
