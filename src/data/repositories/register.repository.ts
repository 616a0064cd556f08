/**
 * Read queries for the public register: search, location and provider detail, API lists
 * and the change feed. Indexes in migrations/20261123T0300-register.ts back each filter.
 */
import { sql, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, Executor } from '../database.js';
import type { RatingRow, RegisterLocation, RegisterProvider, ReportRow } from '../tables/register.tables.js';
import type { Organisation } from '../tables/foundation.tables.js';

export const SEARCH_SORTS = ['relevance', 'name', 'rating-date', 'nearest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface LocationFilters {
  q?: string | undefined;
  type?: string | undefined;
  /** A rating word, or 'none' for locations with no published overall rating. */
  rating?: string | undefined;
  localAuthority?: string | undefined;
  region?: string | undefined;
  constituency?: string | undefined;
  careHome?: boolean | undefined;
  serviceType?: string | undefined;
  specialism?: string | undefined;
  inspectionDirectorate?: string | undefined;
  primaryInspectionCategory?: string | undefined;
  /** Only currently registered locations (the public search's default). */
  registeredOnly?: boolean | undefined;
  /** Within this many miles of a point (a postcode's or outward code's position), nearest first. */
  near?: { latitude: number; longitude: number; miles: number } | undefined;
}

/**
 * A location's position: its own coordinates where the record has them (CQC's onspd fields),
 * otherwise its postcode district's centroid.
 */
const POSITION_LAT = sql`coalesce(register_locations.latitude, (select d.latitude from postcode_districts d where d.outward_code = register_locations.outward_code))`;
const POSITION_LON = sql`coalesce(register_locations.longitude, (select d.longitude from postcode_districts d where d.outward_code = register_locations.outward_code))`;

/** Great-circle distance in miles (haversine) from a point to a location's position. */
export function distanceMiles(lat: number, lon: number) {
  return sql<number>`(7917.6 * asin(sqrt(power(sin(radians(${POSITION_LAT} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${POSITION_LAT})) * power(sin(radians(${POSITION_LON} - ${lon}) / 2), 2))))`;
}

/**
 * A box of latitude and longitude that holds every point within `miles` of a point (a little
 * larger, never smaller): the distance is then worked out only for the services inside it, found
 * through the position index or their district's centroid, not for the whole register.
 */
export function withinBox(lat: number, lon: number, miles: number) {
  const dLat = miles / 69; // a degree of latitude is about 69.1 miles
  const widest = Math.min(89.9, Math.abs(lat) + dLat);
  const dLon = Math.min(180, miles / (69 * Math.cos((widest * Math.PI) / 180)));
  const [s, n, w, e] = [lat - dLat, lat + dLat, lon - dLon, lon + dLon];
  return sql<boolean>`((register_locations.latitude between ${s} and ${n} and register_locations.longitude between ${w} and ${e})
    or (register_locations.latitude is null and register_locations.outward_code = any(array(select d.outward_code from postcode_districts d where d.latitude between ${s} and ${n} and d.longitude between ${w} and ${e}))))`;
}

/** Where a postcode or outward code is: the mean position of register records with that postcode, else its district's centroid. */
export async function positionOfPostcode(db: Executor, raw: string): Promise<{ latitude: number; longitude: number; label: string } | undefined> {
  const pc = postcodeQuery(raw);
  if (!pc) return undefined;
  if (pc.norm.length >= 5 && !(pc.outward && pc.outward === pc.norm)) {
    const exact = await db
      .selectFrom('register_locations')
      .select([sql<number>`avg(latitude)`.as('lat'), sql<number>`avg(longitude)`.as('lon')])
      .where('postcode_norm', '=', pc.norm)
      .where('latitude', 'is not', null)
      .executeTakeFirst();
    if (exact?.lat != null && exact.lon != null) return { latitude: Number(exact.lat), longitude: Number(exact.lon), label: raw.trim().toUpperCase() };
  }
  const outward = pc.outward ?? (pc.norm.length > 3 ? pc.norm.slice(0, -3) : pc.norm);
  const d = await db.selectFrom('postcode_districts').select(['latitude', 'longitude']).where('outward_code', '=', outward).executeTakeFirst();
  return d ? { latitude: d.latitude, longitude: d.longitude, label: raw.trim().toUpperCase() } : undefined;
}

/** A location ID, provider ID or ODS code typed into search: where it leads, when it names exactly one service. */
export async function registerIdTarget(db: Executor, raw: string): Promise<{ kind: 'location' | 'provider'; id: string } | undefined> {
  const q = raw.trim();
  if (!/^[A-Za-z0-9-]{3,30}$/.test(q) || !/\d/.test(q)) return undefined;
  const upper = q.toUpperCase();
  const loc = await db.selectFrom('register_locations').select('location_id').where((eb) => eb.or([eb('location_id', '=', q), eb('location_id', '=', upper)])).executeTakeFirst();
  if (loc) return { kind: 'location', id: loc.location_id };
  const prov = await db.selectFrom('register_providers').select('provider_id').where((eb) => eb.or([eb('provider_id', '=', q), eb('provider_id', '=', upper)])).executeTakeFirst();
  if (prov) return { kind: 'provider', id: prov.provider_id };
  const byOds = await db.selectFrom('register_locations').select('location_id').where('ods_code', '=', upper).orderBy(sql`case when registration_status = 'Registered' then 0 else 1 end`).limit(2).execute();
  const registered = byOds.length;
  if (registered === 1) return { kind: 'location', id: byOds[0]!.location_id };
  return undefined;
}

/** The register name most like what was typed (trigram similarity), for "Did you mean". */
export async function similarLocationName(db: Executor, raw: string): Promise<string | undefined> {
  const q = raw.trim().toLowerCase();
  if (q.length < 3) return undefined;
  const row = await sql<{ name: string }>`
    select name from register_locations
    where ${q} <% lower(name) and registration_status = 'Registered'
    order by word_similarity(${q}, lower(name)) desc, similarity(lower(name), ${q}) desc, name limit 1`.execute(db);
  return row.rows[0]?.name;
}

/** The four ratings (src/domain/vocabulary/ratings.ts RATINGS; the data layer may not import the domain). */
const RATED = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'];

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A postcode, partial postcode or outward code: "OL4 1YN", "ol41", "OL4". */
export function postcodeQuery(q: string): { norm: string; outward: string | undefined } | undefined {
  const t = q.trim().toUpperCase();
  if (!/^[A-Z]{1,2}\d[A-Z\d]?(\s*\d[A-Z]{0,2})?$/.test(t)) return undefined;
  const norm = t.replace(/\s+/g, '');
  const spaced = /\s/.test(t) ? t.split(/\s+/)[0] : undefined;
  const outward = spaced ?? (/^[A-Z]{1,2}\d[A-Z\d]?$/.test(norm) ? norm : undefined);
  return { norm, outward };
}

type LocQuery = SelectQueryBuilder<Database, 'register_locations', object>;

/** The register's name order: the lower-cased name in byte order, as the index `register_locations_name` holds it. */
const NAME_KEY = sql<string>`(lower(name) collate "C")`;

/** Search text as matched: lower case, single spaces. */
function normaliseText(q: string | undefined): string | undefined {
  return q?.trim().toLowerCase().replace(/\s+/g, ' ') || undefined;
}

/** What a search's words match: every word in the search text, an ODS code, or the postcode. */
function textMatch(eb: ExpressionBuilder<Database, 'register_locations'>, text: string) {
  // Each word once, the longest first: a provider name repeats words ("Dr S K Pal and Miss S Pal"),
  // and when more than eight are typed the ones kept are those that narrow the search most.
  const words = [...new Set(text.split(' ').filter(Boolean))].sort((a, b) => b.length - a.length).slice(0, 8);
  const pc = postcodeQuery(text);
  const words_ = eb.and(words.map((w) => eb('register_locations.search_text', 'like', `%${escapeLike(w)}%`)));
  // An ODS code held by several locations lists them all (one alone goes straight to its page).
  const match = words.length === 1 && /^[a-z]\d{5}$/.test(text) ? eb.or([words_, eb('register_locations.ods_code', '=', text.toUpperCase())]) : words_;
  if (!pc) return match;
  const pcMatches = [];
  if (pc.outward && !/\s/.test(text)) pcMatches.push(eb('register_locations.outward_code', '=', pc.outward));
  if (pc.norm.length >= 4 || /\s/.test(text)) pcMatches.push(eb('register_locations.postcode_norm', 'like', `${escapeLike(pc.norm)}%`));
  return eb.or([match, ...pcMatches]);
}

function applyFilters(query: LocQuery, f: LocationFilters, opts: { withText?: boolean } = {}): LocQuery {
  let q = query;
  const text = normaliseText(f.q);
  if (text && opts.withText !== false) q = q.where((eb) => textMatch(eb, text));
  if (f.type) q = q.where('register_locations.type', '=', f.type);
  if (f.rating === 'none') q = q.where((eb) => eb.or([eb('register_locations.overall_rating', 'is', null), eb('register_locations.overall_rating', 'not in', RATED)]));
  else if (f.rating) q = q.where('register_locations.overall_rating', '=', f.rating);
  if (f.localAuthority) q = q.where('register_locations.local_authority', '=', f.localAuthority);
  if (f.region) q = q.where('register_locations.region', '=', f.region);
  if (f.constituency) q = q.where('register_locations.constituency', '=', f.constituency);
  if (f.careHome !== undefined) q = q.where('register_locations.care_home', '=', f.careHome);
  if (f.serviceType) q = q.where(sql<boolean>`register_locations.service_types @> array[${f.serviceType}]::text[]`);
  if (f.specialism) q = q.where(sql<boolean>`register_locations.specialisms @> array[${f.specialism}]::text[]`);
  if (f.inspectionDirectorate) q = q.where('register_locations.inspection_directorate', '=', f.inspectionDirectorate);
  if (f.primaryInspectionCategory) q = q.where('register_locations.primary_inspection_category', '=', f.primaryInspectionCategory);
  if (f.registeredOnly) q = q.where('register_locations.registration_status', '=', 'Registered');
  if (f.near) q = q.where(withinBox(f.near.latitude, f.near.longitude, f.near.miles)).where(sql<boolean>`${distanceMiles(f.near.latitude, f.near.longitude)} <= ${f.near.miles}`);
  return q;
}

export type SearchResultRow = Pick<
  RegisterLocation,
  | 'location_id'
  | 'name'
  | 'provider_id'
  | 'provider_name'
  | 'type'
  | 'town'
  | 'postcode'
  | 'registration_status'
  | 'inspection_directorate'
  | 'overall_rating'
  | 'overall_rating_date'
  | 'overall_rating_date_precision'
  | 'care_home'
> & { has_service_ratings: boolean; distance_miles?: number | null };

/** One value of a row's sort key: what a keyset cursor carries (docs/performance.md, "Keyset paging"). */
export type SortKeyValue = string | number | null;

/**
 * Where a page starts: at an offset (the first pages, and links from before keyset paging), just
 * after or just before a row's sort key (Next and Previous), or at the end of the list (the last
 * page, counted back from the end so it lines up with the pages before it).
 */
export type SearchPosition = { offset: number } | { after: SortKeyValue[] } | { before: SortKeyValue[] } | { fromEnd: true };

interface SortKey {
  expr: RawBuilder<unknown>;
  desc: boolean;
  /** Nulls sort last (only the rating date may be null). */
  nullable: boolean;
  type: 'number' | 'string';
}

function sortKeys(filters: LocationFilters, sort: SearchSort, text: string | undefined): SortKey[] {
  const keys: SortKey[] = [];
  if (filters.near && sort === 'nearest') keys.push({ expr: distanceMiles(filters.near.latitude, filters.near.longitude), desc: false, nullable: false, type: 'number' });
  else if (sort === 'relevance' && text) {
    const pc = postcodeQuery(text);
    keys.push({
      expr: sql`(case when lower(name) = ${text} then 0 when lower(name) like ${`${escapeLike(text)}%`} then 1 ${pc ? sql`when postcode_norm like ${`${escapeLike(pc.norm)}%`} then 1` : sql``} when lower(name) like ${`%${escapeLike(text)}%`} then 2 else 3 end)`,
      desc: false,
      nullable: false,
      type: 'number',
    });
  }
  if (sort === 'rating-date') keys.push({ expr: sql`overall_rating_date`, desc: true, nullable: true, type: 'string' });
  // The unique location id last: rows that tie on everything else still have one order, so no row is skipped or repeated between pages.
  keys.push({ expr: NAME_KEY, desc: false, nullable: false, type: 'string' }, { expr: sql`location_id`, desc: false, nullable: false, type: 'string' });
  return keys;
}

/** A cursor's values, checked against the sort's keys (a cursor from another sort is not used). */
export function validSortKey(values: unknown, filters: LocationFilters, sort: SearchSort, q?: string): values is SortKeyValue[] {
  const keys = sortKeys(filters, sort, normaliseText(q));
  return Array.isArray(values) && values.length === keys.length && keys.every((k, i) => (values[i] === null ? k.nullable : typeof values[i] === k.type && (k.type === 'string' || Number.isFinite(values[i]))));
}

/** Rows strictly past `values` in the order of `keys` (forward), or strictly before it (backward). */
function seek(keys: SortKey[], values: SortKeyValue[], forward: boolean): RawBuilder<boolean> {
  // Every key ascending (name order): one row comparison, which the (lower(name), location_id) index answers.
  if (keys.every((k) => !k.desc && !k.nullable)) {
    const cols = sql.join(keys.map((k) => k.expr));
    const vals = sql.join(values.map((v) => sql`${v}`));
    return forward ? sql<boolean>`(${cols}) > (${vals})` : sql<boolean>`(${cols}) < (${vals})`;
  }
  const ors = keys.map((k, i) => {
    const equalBefore = keys.slice(0, i).map((kk, j) => (values[j] === null ? sql`${kk.expr} is null` : sql`${kk.expr} = ${values[j]}`));
    const v = values[i] ?? null;
    // Past v in this key's direction; nulls come last.
    const later = forward !== k.desc;
    let past: RawBuilder<unknown>;
    if (v === null) past = forward ? sql`false` : sql`${k.expr} is not null`;
    else if (later) past = k.nullable && forward ? sql`(${k.expr} > ${v} or ${k.expr} is null)` : sql`${k.expr} > ${v}`;
    else past = k.nullable && forward ? sql`(${k.expr} < ${v} or ${k.expr} is null)` : sql`${k.expr} < ${v}`;
    if (k.nullable && v !== null && !forward) past = later ? sql`${k.expr} > ${v}` : sql`${k.expr} < ${v}`;
    return sql`(${sql.join([...equalBefore, past], sql` and `)})`;
  });
  return sql<boolean>`(${sql.join(ors, sql` or `)})`;
}

const RESULT_COLUMNS = [
  'location_id',
  'name',
  'provider_id',
  'provider_name',
  'type',
  'town',
  'postcode',
  'registration_status',
  'inspection_directorate',
  'overall_rating',
  'overall_rating_date',
  'overall_rating_date_precision',
  'care_home',
  'organisation_id',
] as const;

/**
 * The relevance rank's four groups, as conditions each group can be read by on its own: 0 the name
 * is the search text, 1 the name (or the postcode) starts with it, 2 the name contains it, 3 anything
 * else the search matches (provider, town, postcode, the words apart). Exactly the rank's `case`.
 */
function rankGroup(eb: ExpressionBuilder<Database, 'register_locations'>, text: string, rank: number): RawBuilder<boolean> {
  const pc = postcodeQuery(text);
  const prefix = sql`${NAME_KEY} like ${`${escapeLike(text)}%`}`;
  const contains = sql`lower(name) like ${`%${escapeLike(text)}%`}`;
  const postcode = pc ? sql`coalesce(postcode_norm like ${`${escapeLike(pc.norm)}%`}, false)` : sql`false`;
  const matches = textMatch(eb, text);
  switch (rank) {
    case 0:
      return sql<boolean>`${NAME_KEY} = ${text}`;
    case 1:
      return pc ? sql<boolean>`${NAME_KEY} <> ${text} and (${prefix} or (${postcode} and ${matches}))` : sql<boolean>`${NAME_KEY} <> ${text} and ${prefix}`;
    case 2:
      return pc ? sql<boolean>`${contains} and not ${prefix} and not ${postcode}` : sql<boolean>`${contains} and not ${prefix}`;
    default:
      return sql<boolean>`${matches} and not ${contains} and not ${postcode}`;
  }
}

/**
 * A search's match count. For a relevance search it also says how many of the counted matches fall
 * in each of the rank's four groups (when the count stopped at its cap, among the first matches
 * counted): the groups' sizes decide how each group is read.
 */
export interface MatchCount {
  n: number;
  groups?: readonly number[];
}

/**
 * A relevance search read group by group, each in name order (docs/performance.md, "Relevance in
 * groups"): every group is a short walk of the name index or a small trigram match, so a broad word
 * ("care" matches half the register) no longer ranks and sorts every match on every page. Returns
 * the same rows, in the same order, as the one query ordered by the rank would.
 *
 * The name-equals and name-starts-with groups are ranges of the name index. "Name contains" and
 * "anything else" are read by a walk of the name index in name order when the group is dense, and
 * otherwise by its matches, found first through the trigram indexes and then sorted: a walk where
 * matches are sparse reads on towards the index's end looking for rows that are not there. How
 * dense is dense depends on what the walk reads: "name contains" with no other filter tests each
 * entry from the index alone (it holds the name and the status: an index-only scan), a tenth of a
 * microsecond an entry, so a group of DENSE_GROUP of the counted matches is walked; a walk that
 * fetches each row to test it (another filter, or "anything else", which tests the search text)
 * costs about ten times as much an entry and needs ten times as many (docs/performance.md, "Groups
 * by their size"). A group the exact count found empty is not read at all.
 */
const DENSE_GROUP = 1_000;

type GroupRead = 'walk' | 'matches' | 'skip';

/** Filters besides the search text and registration status (which the name index holds). */
function filtersBesideText(f: LocationFilters): boolean {
  return [f.type, f.rating, f.localAuthority, f.region, f.constituency, f.careHome, f.serviceType, f.specialism, f.inspectionDirectorate, f.primaryInspectionCategory, f.near].some((v) => v !== undefined);
}

async function howToRead(rank: number, filters: LocationFilters, counting: Promise<MatchCount>, countCap: number | undefined, denseGroup: number): Promise<GroupRead> {
  if (rank < 2) return 'walk';
  const count = await counting;
  const inGroup = count.groups?.[rank];
  // A count kept without its groups: read by the matches (right whatever the group's size).
  if (inGroup === undefined) return 'matches';
  if (inGroup === 0 && !(countCap && count.n > countCap)) return 'skip';
  const indexOnly = rank === 2 && !filtersBesideText(filters);
  return inGroup >= (indexOnly ? denseGroup : denseGroup * 10) ? 'walk' : 'matches';
}

async function readByRelevanceGroups(
  db: Executor,
  filters: LocationFilters,
  text: string,
  position: SearchPosition,
  limit: number,
  howToReadGroup: (rank: number) => Promise<GroupRead>,
): Promise<Record<string, unknown>[]> {
  const backward = 'before' in position || 'fromEnd' in position;
  const cursor = 'after' in position ? position.after : 'before' in position ? position.before : null;
  const offset = 'offset' in position ? position.offset : 0;
  const need = offset + limit + 1;
  const start = cursor ? Number(cursor[0]) : backward ? 3 : 0;
  const rows: Record<string, unknown>[] = [];
  for (let rank = start; backward ? rank >= 0 : rank <= 3; rank += backward ? -1 : 1) {
    const read = await howToReadGroup(rank);
    if (read === 'skip') continue;
    const q = applyFilters(db.selectFrom('register_locations'), filters, { withText: false })
      .where((eb) => rankGroup(eb, text, rank))
      .select([...RESULT_COLUMNS, ...(filters.near ? [distanceMiles(filters.near.latitude, filters.near.longitude).as('distance_miles')] : []), sql<number>`${sql.lit(rank)}::int`.as('sort_key_0'), NAME_KEY.as('sort_key_1'), sql<string>`location_id`.as('sort_key_2')]);
    const dir = sql.raw(backward ? 'desc' : 'asc');
    const seek = cursor && rank === start ? sql.raw(backward ? '<' : '>') : null;
    let got: unknown[];
    if (read === 'matches') {
      // The group's matches first (OFFSET 0 keeps the subquery apart, so no ordered walk is planned), then the page of them.
      let page = db.selectFrom(q.offset(0).as('m')).selectAll();
      if (seek) page = page.where(sql<boolean>`(m.sort_key_1, m.sort_key_2) ${seek} (${cursor![1]}, ${cursor![2]})`);
      got = await page.orderBy(sql`m.sort_key_1 ${dir}`).orderBy(sql`m.sort_key_2 ${dir}`).limit(need - rows.length).execute();
    } else {
      // The walk finds the page's rows by the name index, from the index alone where the group's
      // test needs only the name and the status (an index-only scan: no row fetched to be dropped),
      // then those rows are read whole.
      let walk = applyFilters(db.selectFrom('register_locations'), filters, { withText: false })
        .where((eb) => rankGroup(eb, text, rank))
        .select('location_id');
      if (seek) walk = walk.where(sql<boolean>`(${NAME_KEY}, location_id) ${seek} (${cursor![1]}, ${cursor![2]})`);
      walk = walk.orderBy(sql`${NAME_KEY} ${dir}`).orderBy(sql`location_id ${dir}`).limit(need - rows.length);
      got = await q.where('location_id', 'in', walk).orderBy(sql`${NAME_KEY} ${dir}`).orderBy(sql`location_id ${dir}`).execute();
    }
    rows.push(...(got as Record<string, unknown>[]));
    if (rows.length >= need) break;
  }
  return rows.slice(offset);
}

/** The matches of a search, up to `cap` + 1 of them; by relevance group too when given the rank. */
async function countMatches(db: Executor, query: LocQuery, cap: number | undefined, rank: RawBuilder<unknown> | null): Promise<MatchCount> {
  if (!rank) {
    const counted = cap
      ? await db.selectFrom(query.select(sql<number>`1`.as('one')).limit(cap + 1).as('m')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      : await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { n: Number(counted.n) };
  }
  let matches = query.select(rank.as('g'));
  if (cap) matches = matches.limit(cap + 1);
  const byGroup = await db.selectFrom(matches.as('m')).select((eb) => ['m.g', eb.fn.countAll<number>().as('n')]).groupBy('m.g').execute();
  const groups = [0, 0, 0, 0];
  for (const g of byGroup) groups[Number(g.g)] = Number(g.n);
  return { n: groups.reduce((a, b) => a + b, 0), groups };
}

export async function searchLocations(
  db: Executor,
  filters: LocationFilters,
  opts: {
    sort: SearchSort;
    limit: number;
    offset?: number;
    position?: SearchPosition;
    countCap?: number;
    /** The count of this search kept from an earlier page (it is not counted again). */
    knownCount?: MatchCount;
    /** A relevance group with at least this many of the counted matches is read by a walk of the name index, a smaller one by its matches (tests set it). */
    denseGroup?: number;
  },
): Promise<{ total: number; totalCapped: boolean; count: MatchCount; rows: SearchResultRow[]; firstKey: SortKeyValue[] | null; lastKey: SortKeyValue[] | null; hasBefore: boolean; hasAfter: boolean }> {
  const query = applyFilters(db.selectFrom('register_locations'), filters);
  const text = normaliseText(filters.q);
  const position: SearchPosition = opts.position ?? { offset: opts.offset ?? 0 };
  const keys = sortKeys(filters, opts.sort, text);
  // Backward (Previous, the last page): read in the reverse order, then turn the page round.
  const backward = 'before' in position || 'fromEnd' in position;
  const offset = 'offset' in position ? position.offset : 0;
  // A capped count stops at countCap + 1 matches: a broad word can match half the register, and past the cap nobody pages anyway.
  const counting: Promise<MatchCount> = opts.knownCount !== undefined ? Promise.resolve(opts.knownCount) : countMatches(db, query, opts.countCap, opts.sort === 'relevance' && text ? keys[0]!.expr : null);
  let limit = opts.limit;
  if ('fromEnd' in position) {
    // The last page holds what is left after the full pages before it, so it lines up with them.
    const n = Number((await counting).n);
    if (!(opts.countCap && n > opts.countCap) && n > 0) limit = n - Math.floor((n - 1) / opts.limit) * opts.limit;
  }
  let listing: Promise<Record<string, unknown>[]>;
  if (opts.sort === 'relevance' && text) {
    listing = readByRelevanceGroups(db, filters, text, position, limit, (rank) => howToRead(rank, filters, counting, opts.countCap, opts.denseGroup ?? DENSE_GROUP));
  } else {
    let listQuery = query.select([
      ...RESULT_COLUMNS,
      ...(filters.near ? [distanceMiles(filters.near.latitude, filters.near.longitude).as('distance_miles')] : []),
      ...keys.map((k, i) => k.expr.as(`sort_key_${i}`)),
    ]);
    if ('after' in position) listQuery = listQuery.where(seek(keys, position.after, true));
    if ('before' in position) listQuery = listQuery.where(seek(keys, position.before, false));
    for (const k of keys) listQuery = listQuery.orderBy(sql`${k.expr} ${sql.raw(k.desc !== backward ? 'desc' : 'asc')} ${sql.raw(k.nullable ? (backward ? 'nulls first' : 'nulls last') : '')}`);
    listing = listQuery.limit(limit + 1).offset(offset).execute() as Promise<Record<string, unknown>[]>;
  }
  const [fetched, count] = await Promise.all([listing, counting]);
  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (backward) page.reverse();
  const keyOf = (r: Record<string, unknown> | undefined) => (r ? keys.map((_, i) => (r[`sort_key_${i}`] ?? null) as SortKeyValue) : null);
  const matched = count.n;
  const totalCapped = !!opts.countCap && matched > opts.countCap;
  // Asked for the page's rows only: inside the list query the planner hashes every current service rating (a scan of the whole table).
  const orgIds = page.map((r) => r['organisation_id'] as string);
  const withServiceRatings = page.length
    ? new Set((await db.selectFrom('ratings').select('organisation_id').distinct().where('organisation_id', 'in', orgIds).where('current', '=', true).where('scope', '=', 'service').execute()).map((r) => r.organisation_id))
    : new Set<string>();
  const rows = page.map((r) => {
    const { organisation_id, ...rest } = r as Record<string, unknown> & { organisation_id: string };
    for (const k of Object.keys(rest)) if (k.startsWith('sort_key_')) delete rest[k];
    return { ...rest, has_service_ratings: withServiceRatings.has(organisation_id) };
  }) as SearchResultRow[];
  return {
    total: totalCapped ? opts.countCap! : matched,
    totalCapped,
    count,
    rows,
    firstKey: keyOf(page[0]),
    lastKey: keyOf(page[page.length - 1]),
    hasBefore: backward ? more : 'after' in position || offset > 0,
    hasAfter: backward ? 'before' in position : more,
  };
}

export interface FilterOptions {
  types: string[];
  localAuthorities: string[];
  regions: string[];
  serviceTypes: string[];
  specialisms: string[];
}

export async function registerFilterOptions(db: Executor): Promise<FilterOptions> {
  const distinct = async (column: 'type' | 'local_authority' | 'region'): Promise<string[]> =>
    (await db.selectFrom('register_locations').select(column).distinct().where(column, 'is not', null).orderBy(column).execute())
      .map((r) => (r as Record<string, string | null>)[column])
      .filter((v): v is string => !!v);
  const unnested = async (column: 'service_types' | 'specialisms'): Promise<string[]> =>
    (await sql<{ v: string }>`select distinct unnest(${sql.ref(column)}) as v from register_locations order by 1`.execute(db)).rows.map((r) => r.v);
  const [types, localAuthorities, regions, serviceTypes, specialisms] = await Promise.all([
    distinct('type'),
    distinct('local_authority'),
    distinct('region'),
    unnested('service_types'),
    unnested('specialisms'),
  ]);
  return { types, localAuthorities, regions, serviceTypes, specialisms };
}

export interface LocationDetail {
  location: RegisterLocation;
  organisation: Organisation;
  provider: { providerId: string; name: string; inRegister: boolean } | null;
  ratings: RatingRow[];
  reports: ReportRow[];
}

export async function findRegisterLocation(db: Executor, locationId: string): Promise<LocationDetail | undefined> {
  const location = await db.selectFrom('register_locations').selectAll().where('location_id', '=', locationId).executeTakeFirst();
  if (!location) return undefined;
  const [organisation, provider, ratings, reports] = await Promise.all([
    db.selectFrom('organisations').selectAll().where('id', '=', location.organisation_id).executeTakeFirstOrThrow(),
    location.provider_id
      ? db.selectFrom('register_providers').select(['provider_id', 'name']).where('provider_id', '=', location.provider_id).executeTakeFirst()
      : Promise.resolve(undefined),
    db.selectFrom('ratings').selectAll().where('organisation_id', '=', location.organisation_id).orderBy('report_date', 'desc').orderBy('scope').orderBy('name').execute(),
    db.selectFrom('reports').selectAll().where('organisation_id', '=', location.organisation_id).orderBy('report_date', 'desc').execute(),
  ]);
  return {
    location,
    organisation,
    provider: location.provider_id
      ? { providerId: location.provider_id, name: provider?.name ?? location.provider_name ?? location.provider_id, inRegister: !!provider }
      : null,
    ratings,
    reports,
  };
}

export interface ProviderDetail {
  provider: RegisterProvider;
  organisation: Organisation;
  ratings: RatingRow[];
  locations: Pick<RegisterLocation, 'location_id' | 'name' | 'town' | 'postcode' | 'type' | 'registration_status' | 'inspection_directorate' | 'overall_rating' | 'overall_rating_date' | 'overall_rating_date_precision'>[];
}

export async function findRegisterProvider(db: Executor, providerId: string): Promise<ProviderDetail | undefined> {
  const provider = await db.selectFrom('register_providers').selectAll().where('provider_id', '=', providerId).executeTakeFirst();
  if (!provider) return undefined;
  const [organisation, ratings, locations] = await Promise.all([
    db.selectFrom('organisations').selectAll().where('id', '=', provider.organisation_id).executeTakeFirstOrThrow(),
    db.selectFrom('ratings').selectAll().where('organisation_id', '=', provider.organisation_id).where('current', '=', true).execute(),
    db
      .selectFrom('register_locations')
      .select(['location_id', 'name', 'town', 'postcode', 'type', 'registration_status', 'inspection_directorate', 'overall_rating', 'overall_rating_date', 'overall_rating_date_precision'])
      .where('provider_id', '=', providerId)
      .orderBy(sql`registration_status = 'Registered'`, 'desc')
      .orderBy(sql`lower(name)`)
      .execute(),
  ]);
  return { provider, organisation, ratings, locations };
}

/**
 * One page of the API's location list, in location ID order (unique, so pages never overlap): at
 * an offset (CQC's page and perPage), or, with `afterLocationId`, just after that ID (keyset paging,
 * which reads only the page however deep it is).
 */
export async function listLocationsPage(db: Executor, filters: LocationFilters, limit: number, offset: number, afterLocationId?: string): Promise<{ total: number; rows: { location_id: string; name: string; postcode: string | null }[] }> {
  const base = applyFilters(db.selectFrom('register_locations'), filters);
  const list = base.select(['location_id', 'name', 'postcode']).orderBy('location_id');
  const [rows, count] = await Promise.all([
    (afterLocationId !== undefined ? list.where('location_id', '>', afterLocationId) : list.offset(offset)).limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows };
}

export async function listProvidersPage(
  db: Executor,
  filters: { localAuthority?: string | undefined; region?: string | undefined; inspectionDirectorate?: string | undefined },
  limit: number,
  offset: number,
): Promise<{ total: number; rows: { provider_id: string; name: string }[] }> {
  let base = db.selectFrom('register_providers');
  if (filters.localAuthority) base = base.where('local_authority', '=', filters.localAuthority);
  if (filters.region) base = base.where('region', '=', filters.region);
  if (filters.inspectionDirectorate) base = base.where('inspection_directorate', '=', filters.inspectionDirectorate);
  const [rows, count] = await Promise.all([
    base.select(['provider_id', 'name']).orderBy('provider_id').limit(limit).offset(offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows };
}

export async function listProviderLocations(db: Executor, providerId: string): Promise<{ location_id: string; name: string; postcode: string | null }[]> {
  return db.selectFrom('register_locations').select(['location_id', 'name', 'postcode']).where('provider_id', '=', providerId).orderBy('location_id').execute();
}

/** Ids changed in [start, end), oldest change first. */
export async function listChanges(
  db: Executor,
  kind: 'location' | 'provider',
  start: Date,
  end: Date,
  limit: number,
  offset: number,
): Promise<{ total: number; ids: string[] }> {
  const table = kind === 'location' ? sql.table('register_locations') : sql.table('register_providers');
  const idColumn = kind === 'location' ? sql.ref('location_id') : sql.ref('provider_id');
  const [rows, count] = await Promise.all([
    sql<{ id: string }>`select ${idColumn} as id from ${table} where last_changed_at >= ${start} and last_changed_at < ${end}
      order by last_changed_at, ${idColumn} limit ${limit} offset ${offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${table} where last_changed_at >= ${start} and last_changed_at < ${end}`.execute(db),
  ]);
  return { total: count.rows[0]?.n ?? 0, ids: rows.rows.map((r) => r.id) };
}

export async function findRegisterLocationForApi(db: Executor, locationId: string): Promise<LocationDetail | undefined> {
  return findRegisterLocation(db, locationId);
}
