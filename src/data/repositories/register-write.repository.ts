/**
 * Bulk writes for the public register. One organisations row per real organisation:
 * the same matching rules as organisation.repository.ts (CQC location id, then CQC
 * provider id, then ODS code of the same kind), applied to a batch at a time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Executor } from '../database.js';
import { copyChunks, copyClientOf, copyFromChunks, copyLines, copyText, type CopyValue } from '../pg-copy.js';
import type { DatePrecision, RatingScope } from '../tables/register.tables.js';

export interface RatingInput {
  scope: RatingScope;
  /** Key question or service name; '' for overall. */
  name: string;
  /** A service's key-question rating: the key question (scope 'service'); otherwise omitted. */
  keyQuestion?: string;
  rating: string;
  reportDate: string | null;
  precision: DatePrecision;
  linkId: string | null;
  inherited: boolean;
  current: boolean;
}

/**
 * Which of a rating this platform published and an imported one stays current. The rule is the
 * domain's (src/domain/register/rating-precedence.ts); the import services pass it in.
 */
export interface RatingPrecedence {
  /** `ratings.source` of the platform's own published ratings. */
  platformSource: string;
  importedReplacesPublished(published: { reportDate: string | null }, imported: { reportDate: string | null }): boolean;
  /** When the published rating stays, the register row keeps the later of its and the import's report and inspection dates. */
  laterDate(a: string | null, b: string | null): string | null;
}

export interface ReportInput {
  linkId: string;
  reportDate: string | null;
  reportType: string | null;
  reportUri: string | null;
  firstVisitDate: string | null;
}

export interface LocationRecord {
  /** The register's id: the CQC location id, or the ODS code for a GP practice known only by it. */
  registerId: string;
  cqcLocationId: string | null;
  providerId: string | null;
  name: string;
  odsCode: string | null;
  type: string | null;
  registrationStatus: string | null;
  registrationDate: string | null;
  deregistrationDate: string | null;
  dormancy: string | null;
  careHome: boolean | null;
  numberOfBeds: number | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  county: string | null;
  postcode: string | null;
  phone: string | null;
  website: string | null;
  region: string | null;
  localAuthority: string | null;
  constituency: string | null;
  icbCode: string | null;
  icbName: string | null;
  latitude: number | null;
  longitude: number | null;
  inspectionDirectorate: string | null;
  primaryInspectionCategory: string | null;
  serviceTypes: string[];
  specialisms: string[];
  regulatedActivities: string[];
  brandId: string | null;
  brandName: string | null;
  lastInspectionDate: string | null;
  lastReportDate: string | null;
  overall: { rating: string; reportDate: string | null; precision: DatePrecision; linkId: string | null; inherited: boolean } | null;
  ratings: RatingInput[];
  /** False when the source carries no ratings (a directory without rating columns): stored ratings are left alone. */
  ratingsIncluded?: boolean;
  reports: ReportInput[];
  document: unknown;
  source: string;
}

export interface ProviderRecord {
  registerId: string;
  cqcProviderId: string | null;
  odsCode: string | null;
  name: string;
  type: string | null;
  ownershipType: string | null;
  registrationStatus: string | null;
  registrationDate: string | null;
  deregistrationDate: string | null;
  companiesHouseNumber: string | null;
  brandId: string | null;
  brandName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  county: string | null;
  postcode: string | null;
  phone: string | null;
  website: string | null;
  region: string | null;
  localAuthority: string | null;
  inspectionDirectorate: string | null;
  ratings: RatingInput[];
  document: unknown;
  source: string;
}

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Lines for the import report about records that were stored (how they were matched). */
  notes?: ImportNote[];
}

interface OrgMatch {
  id: string;
  cqc_location_id: string | null;
  cqc_provider_id: string | null;
  ods_code: string | null;
  minted_id: string | null;
}

/** Something an import did that its report should say (not a rejection): "matched by ODS code", "a new location because ...". */
export interface ImportNote {
  registerId: string;
  reason: string;
}

export function sourceHash(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

/** The hash stored for a location: of the record without its document, then the document's JSON. */
function locationHash(rest: unknown, documentJson: string): string {
  // The same text as sourceHash([rest, document]), with the document serialised only once and
  // hashed in parts (a location's document is kilobytes: no copy of it joined to the rest).
  return createHash('sha1').update('[').update(JSON.stringify(rest)).update(',').update(documentJson).update(']').digest('hex');
}

/** A location record's document as JSON and the hash stored for it. */
function hashLocation(r: LocationRecord): { hash: string; documentJson: string | null } {
  const { document, ...rest } = r;
  const documentJson = JSON.stringify(document ?? null);
  return { hash: locationHash(rest, documentJson), documentJson: document == null ? null : documentJson };
}

const preparedLocations = new WeakMap<LocationRecord, { hash: string; documentJson: string | null }>();
const preparedRatings = new WeakMap<RatingInput[], { source: string; lines: string[] }>();

/** What makes a rating one row of an organisation's ratings (the table's unique key, without the organisation). */
function ratingKey(r: RatingInput): string {
  return [r.scope, r.name, r.keyQuestion ?? '', r.rating, r.reportDate ?? '', r.linkId ?? ''].join('\u0000');
}

/**
 * A record's ratings as COPY text for every column after the organisation id, one line per rating,
 * a rating the record repeats merged as writeRatings merges it (current if any copy is current).
 */
export function ratingCopyLines(ratings: readonly RatingInput[], source: string): string[] {
  const byKey = new Map<string, { r: RatingInput; current: boolean }>();
  for (const r of ratings) {
    const key = ratingKey(r);
    const prev = byKey.get(key);
    if (prev) prev.current = prev.current || r.current;
    else byKey.set(key, { r, current: r.current });
  }
  return [...byKey.values()].map(({ r, current }) =>
    [r.scope, r.name, r.keyQuestion ?? '', r.rating, r.reportDate, r.precision, r.linkId, r.inherited, source, current].map(copyText).join('\t'),
  );
}

/**
 * Works out a location's hash, document JSON and ratings' COPY text ahead of its batch's write: an
 * import calls it as each record is read, while the batch before is being written, so the write has
 * less to do.
 */
export function prepareLocationRecord(r: LocationRecord): void {
  preparedLocations.set(r, hashLocation(r));
  if (r.ratingsIncluded !== false) preparedRatings.set(r.ratings, { source: r.source, lines: ratingCopyLines(r.ratings, r.source) });
}

/** Prepared rating lines, each behind its organisation's id. */
function* preparedRatingLines(changed: { organisationId: string }[], lines: string[][]): Generator<string> {
  for (let i = 0; i < changed.length; i++) {
    const org = copyText((changed[i] as { organisationId: string }).organisationId);
    for (const line of lines[i] as string[]) yield `${org}\t${line}`;
  }
}

/** What is stored for each register id: its organisation and the hash of the record it came from. */
async function storedRecords(db: Executor, kind: 'location' | 'provider', registerIds: string[]): Promise<Map<string, { organisationId: string; hash: string }>> {
  if (registerIds.length === 0) return new Map();
  const rows =
    kind === 'location'
      ? await db.selectFrom('register_locations').select(['location_id as rid', 'organisation_id', 'source_hash']).where('location_id', 'in', registerIds).execute()
      : await db.selectFrom('register_providers').select(['provider_id as rid', 'organisation_id', 'source_hash']).where('provider_id', 'in', registerIds).execute();
  return new Map(rows.map((r) => [r.rid, { organisationId: r.organisation_id, hash: r.source_hash }]));
}

const ORGANISATION_COLUMNS = ['id', 'kind', 'name', 'parent_id', 'cqc_location_id', 'cqc_provider_id', 'ods_code', 'minted_id', 'address_line1', 'address_line2', 'town', 'county', 'postcode', 'phone', 'website'] as const;
const LOCATION_COLUMNS = [
  'organisation_id', 'location_id', 'provider_id', 'provider_name', 'name', 'ods_code', 'type', 'registration_status', 'registration_date',
  'deregistration_date', 'dormancy', 'care_home', 'number_of_beds', 'town', 'postcode', 'region', 'local_authority', 'constituency', 'icb_code', 'icb_name', 'latitude', 'longitude',
  'inspection_directorate', 'primary_inspection_category', 'service_types', 'specialisms', 'regulated_activities', 'brand_id', 'brand_name', 'overall_rating',
  'overall_rating_date', 'overall_rating_date_precision', 'overall_report_link_id', 'overall_inherited', 'last_inspection_date', 'last_report_date', 'source', 'source_hash', 'document',
] as const;
const PROVIDER_COLUMNS = [
  'organisation_id', 'provider_id', 'name', 'type', 'ownership_type', 'registration_status', 'registration_date', 'deregistration_date',
  'companies_house_number', 'brand_id', 'brand_name', 'region', 'local_authority', 'inspection_directorate', 'source', 'source_hash', 'document',
] as const;
const RATING_COLUMNS = ['organisation_id', 'scope', 'name', 'key_question', 'rating', 'report_date', 'date_precision', 'report_link_id', 'inherited', 'source', 'current'] as const;
const REPORT_COLUMNS = ['organisation_id', 'link_id', 'report_date', 'report_type', 'report_uri', 'first_visit_date', 'source'] as const;

/** COPYs row objects (a column's value under its name; `document` already as JSON text). */
function copyObjects(client: pg.PoolClient, table: string, columns: readonly string[], rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  return copyFromChunks(client, `copy ${table} (${columns.join(', ')}) from stdin`, () => copyLines(rows, (r) => columns.map((c) => r[c] as CopyValue)));
}

/** Keeps the last record for each register id (a file may repeat a record). */
function lastById<T extends { registerId: string }>(records: T[]): T[] {
  const map = new Map<string, T>();
  for (const r of records) map.set(r.registerId, r);
  return [...map.values()];
}

interface OrgRow {
  id: string;
  kind: 'location' | 'provider';
  name: string;
  parent_id: string | null;
  cqc_location_id: string | null;
  cqc_provider_id: string | null;
  ods_code: string | null;
  minted_id?: string | null;
  address_line1: string | null;
  address_line2: string | null;
  town: string | null;
  county: string | null;
  postcode: string | null;
  phone: string | null;
  website: string | null;
}

/** A register id in Inspectorate's own namespace (a provider known only from the NHS practice list). */
export const isMintedId = (id: string) => id.startsWith('INS-');

/**
 * Resolves each record to an organisation and writes organisations: new rows inserted, existing
 * rows updated with the non-null fields only (a sparse source never blanks data). The matching
 * rules (docs/identifiers.md): the CQC id first; then the organisation this register id was stored
 * under (or, for an id Inspectorate minted, that id); then an ODS code, but only to attach a record
 * to the one organisation of its kind that has the code and no CQC id of its own (a practice known
 * only from the NHS list), and only when there is exactly one. Otherwise a new organisation, with a
 * note saying why. An ODS code is an attribute several locations may share; it is stored as sent.
 */
async function upsertOrganisations(
  db: Executor,
  kind: 'location' | 'provider',
  rows: (Omit<OrgRow, 'id' | 'kind'> & { registerId: string })[],
  stored: Map<string, { organisationId: string }>,
): Promise<{ ids: string[]; created: boolean[]; notes: ImportNote[] }> {
  const known = new Map([...stored].map(([rid, s]) => [rid, s.organisationId]));
  const cqcIds = rows.map((r) => (kind === 'location' ? r.cqc_location_id : r.cqc_provider_id)).filter((v): v is string => !!v);
  const ods = [...new Set(rows.map((r) => r.ods_code).filter((v): v is string => !!v))];
  const minted = rows.map((r) => r.registerId).filter(isMintedId);
  const idColumn = kind === 'location' ? 'cqc_location_id' : 'cqc_provider_id';
  const found = await db
    .selectFrom('organisations')
    .select(['id', 'cqc_location_id', 'cqc_provider_id', 'ods_code', 'minted_id'])
    .where((eb) =>
      eb.or([
        ...(cqcIds.length ? [eb(idColumn, 'in', cqcIds)] : []),
        ...(ods.length ? [eb.and([eb('kind', '=', kind), eb('ods_code', 'in', ods), eb(idColumn, 'is', null)])] : []),
        ...(minted.length ? [eb('minted_id', 'in', minted)] : []),
        eb.val(false),
      ]),
    )
    .execute();
  const cqcOf = (o: OrgMatch) => (kind === 'location' ? o.cqc_location_id : o.cqc_provider_id);
  const byCqc = new Map<string, OrgMatch>();
  const byMinted = new Map<string, OrgMatch>();
  const odsCandidates = new Map<string, OrgMatch[]>();
  for (const f of found) {
    const cqc = cqcOf(f);
    if (cqc) byCqc.set(cqc, f);
    if (f.minted_id) byMinted.set(f.minted_id, f);
    if (f.ods_code && !cqc) odsCandidates.set(f.ods_code, [...(odsCandidates.get(f.ods_code) ?? []), f]);
  }
  const knownIds = new Set(known.values());
  const used = new Set<string>();
  const ids: string[] = [];
  const created: boolean[] = [];
  const notes: ImportNote[] = [];
  const inserts: OrgRow[] = [];
  const updates: OrgRow[] = [];
  const foundById = new Map(found.map((f) => [f.id, f]));
  const what = kind === 'location' ? 'location' : 'provider';
  for (const { registerId, ...r } of rows) {
    const cqc = kind === 'location' ? r.cqc_location_id : r.cqc_provider_id;
    const knownId = known.get(registerId);
    let match: OrgMatch | undefined = cqc ? byCqc.get(cqc) : undefined;
    if (!match && knownId) match = foundById.get(knownId) ?? { id: knownId, cqc_location_id: null, cqc_provider_id: null, ods_code: null, minted_id: null };
    if (!match && isMintedId(registerId)) match = byMinted.get(registerId);
    if (!match && r.ods_code) {
      // Only a record with a CQC id of its own is attached by ODS code to a record that has none.
      const candidates = (odsCandidates.get(r.ods_code) ?? []).filter((c) => !knownIds.has(c.id) || c.id === knownId);
      const free = candidates.filter((c) => !used.has(c.id));
      if (free.length === 1 && candidates.length === 1) {
        match = free[0];
        if (cqc) notes.push({ registerId, reason: `attached by ODS code ${r.ods_code} to the ${what} known only from the NHS list under that code (its inspections, feedback, survey results and ratings are kept)` });
      } else if (candidates.length > 1) {
        notes.push({ registerId, reason: `ODS code ${r.ods_code} is held by ${candidates.length} ${what}s without a CQC id: not matched by it, stored as a new ${what}` });
      } else if (candidates.length === 1) {
        notes.push({ registerId, reason: `ODS code ${r.ods_code} was already matched to another record in this import: stored as a new ${what}` });
      }
    }
    if (match && used.has(match.id)) {
      notes.push({ registerId, reason: `resolved to the same organisation as another record in this import: stored as a new ${what}` });
      match = undefined;
    }
    if (match) {
      used.add(match.id);
      updates.push({ ...r, id: match.id, kind });
      ids.push(match.id);
      created.push(false);
    } else {
      const id = randomUUID();
      used.add(id);
      inserts.push({ ...r, id, kind, minted_id: isMintedId(registerId) ? registerId : null });
      ids.push(id);
      created.push(true);
      if (cqc) byCqc.set(cqc, { id, cqc_location_id: r.cqc_location_id, cqc_provider_id: r.cqc_provider_id, ods_code: r.ods_code, minted_id: null });
    }
  }
  const client = copyClientOf(db);
  if (inserts.length && client) {
    await copyObjects(client, 'organisations', ORGANISATION_COLUMNS, inserts as unknown as Record<string, unknown>[]);
  } else if (inserts.length) {
    await sql`
      insert into organisations (id, kind, name, parent_id, cqc_location_id, cqc_provider_id, ods_code, minted_id, address_line1, address_line2, town, county, postcode, phone, website)
      select id, kind, name, parent_id, cqc_location_id, cqc_provider_id, ods_code, minted_id, address_line1, address_line2, town, county, postcode, phone, website
      from json_populate_recordset(null::organisations, ${JSON.stringify(inserts)}::json)`.execute(db);
  }
  if (updates.length) {
    await sql`
      with v as (select * from json_populate_recordset(null::organisations, ${JSON.stringify(updates)}::json))
      update organisations o set
        name = coalesce(v.name, o.name),
        parent_id = coalesce(v.parent_id, o.parent_id),
        cqc_location_id = coalesce(v.cqc_location_id, o.cqc_location_id),
        cqc_provider_id = coalesce(v.cqc_provider_id, o.cqc_provider_id),
        ods_code = coalesce(v.ods_code, o.ods_code),
        address_line1 = coalesce(v.address_line1, o.address_line1),
        address_line2 = coalesce(v.address_line2, o.address_line2),
        town = coalesce(v.town, o.town),
        county = coalesce(v.county, o.county),
        postcode = coalesce(v.postcode, o.postcode),
        phone = coalesce(v.phone, o.phone),
        website = coalesce(v.website, o.website),
        updated_at = now()
      from v
      where o.id = v.id
        and (o.name, o.parent_id, o.cqc_location_id, o.cqc_provider_id, o.ods_code, o.address_line1, o.address_line2, o.town, o.county, o.postcode, o.phone, o.website)
        is distinct from
        (coalesce(v.name, o.name), coalesce(v.parent_id, o.parent_id), coalesce(v.cqc_location_id, o.cqc_location_id), coalesce(v.cqc_provider_id, o.cqc_provider_id),
         coalesce(v.ods_code, o.ods_code), coalesce(v.address_line1, o.address_line1), coalesce(v.address_line2, o.address_line2), coalesce(v.town, o.town),
         coalesce(v.county, o.county), coalesce(v.postcode, o.postcode), coalesce(v.phone, o.phone), coalesce(v.website, o.website))`.execute(db);
  }
  return { ids, created, notes };
}

const scopeKey = (organisationId: string, scope: string, name: string, keyQuestion: string) => [organisationId, scope, name, keyQuestion].join('\u0000');

/**
 * The current ratings this platform published for these organisations that an import must not
 * replace, and the imported current ratings that therefore become history on arrival.
 */
async function publishedRatingsToKeep(db: Executor, changed: { organisationId: string; ratings: RatingInput[] }[], precedence: RatingPrecedence): Promise<{ keep: string[]; losing: Set<RatingInput> }> {
  const published = await sql<{ id: string; organisation_id: string; scope: string; name: string; key_question: string; report_date: string | null }>`
    select id::text as id, organisation_id, scope, name, key_question, to_char(report_date, 'YYYY-MM-DD') as report_date
    from ratings where current and source = ${precedence.platformSource} and organisation_id = any(${changed.map((c) => c.organisationId)}::uuid[])`.execute(db);
  const keep: string[] = [];
  const losing = new Set<RatingInput>();
  if (published.rows.length === 0) return { keep, losing };
  const imported = new Map<string, RatingInput[]>();
  for (const c of changed)
    for (const r of c.ratings) {
      if (!r.current) continue;
      const k = scopeKey(c.organisationId, r.scope, r.name, r.keyQuestion ?? '');
      imported.set(k, [...(imported.get(k) ?? []), r]);
    }
  for (const p of published.rows) {
    const rivals = imported.get(scopeKey(p.organisation_id, p.scope, p.name, p.key_question)) ?? [];
    if (rivals.some((r) => precedence.importedReplacesPublished({ reportDate: p.report_date }, r))) continue;
    keep.push(p.id);
    for (const r of rivals) losing.add(r);
  }
  return { keep, losing };
}

/**
 * Replaces the current ratings of these organisations: ratings no longer current stay as history.
 * `fresh`: organisations created in this batch, which have no ratings yet (their rows are COPYed).
 */
async function writeRatings(db: Executor, changed: { organisationId: string; ratings: RatingInput[] }[], source: string, precedence: RatingPrecedence, fresh = false): Promise<void> {
  if (changed.length === 0) return;
  const client = fresh ? copyClientOf(db) : undefined;
  if (client) {
    // Organisations created in this batch: their ratings' COPY text was made as their records were read.
    const prepared = changed.map((c) => preparedRatings.get(c.ratings));
    if (prepared.every((p) => p !== undefined && p.source === source)) {
      const lines = prepared.map((p) => (p as { lines: string[] }).lines);
      if (!lines.some((l) => l.length)) return;
      return copyFromChunks(client, `copy ratings (${RATING_COLUMNS.join(', ')}) from stdin`, () => copyChunks(preparedRatingLines(changed, lines)));
    }
  }
  const orgIds = changed.map((c) => c.organisationId);
  // Ratings this platform published stay current unless the import has a later one for the same scope (rating-precedence/1).
  const published = client ? { keep: [] as string[], losing: new Set<RatingInput>() } : await publishedRatingsToKeep(db, changed, precedence);
  if (!client) await sql`update ratings set current = false, superseded_at = now() where current and organisation_id = any(${orgIds}::uuid[]) and not (id = any(${published.keep}::bigint[]))`.execute(db);
  const rows = new Map<string, Record<string, unknown>>();
  for (const c of changed) {
    for (const imported of c.ratings) {
      const r = published.losing.has(imported) ? { ...imported, current: false } : imported;
      const key = `${c.organisationId}\u0000${ratingKey(r)}`;
      const prev = rows.get(key);
      if (prev) {
        prev['current'] = Boolean(prev['current']) || r.current;
        continue;
      }
      rows.set(key, {
        organisation_id: c.organisationId,
        scope: r.scope,
        name: r.name,
        key_question: r.keyQuestion ?? '',
        rating: r.rating,
        report_date: r.reportDate,
        date_precision: r.precision,
        report_link_id: r.linkId,
        inherited: r.inherited,
        source,
        current: r.current,
      });
    }
  }
  if (rows.size === 0) return;
  if (client) return copyObjects(client, 'ratings', RATING_COLUMNS, [...rows.values()]);
  await sql`
    insert into ratings (organisation_id, scope, name, key_question, rating, report_date, date_precision, report_link_id, inherited, source, current)
    select organisation_id, scope, name, key_question, rating, report_date, date_precision, report_link_id, inherited, source, current
    from json_populate_recordset(null::ratings, ${JSON.stringify([...rows.values()])}::json)
    on conflict (organisation_id, scope, name, key_question, rating, coalesce(report_date, '-infinity'::date), coalesce(report_link_id, ''))
    do update set current = excluded.current, inherited = excluded.inherited,
      superseded_at = case when excluded.current then null else ratings.superseded_at end`.execute(db);
}

async function writeReports(db: Executor, changed: { organisationId: string; reports: ReportInput[] }[], source: string, fresh = false): Promise<void> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const c of changed)
    for (const r of c.reports)
      rows.set(`${c.organisationId}\u0000${r.linkId}`, {
        organisation_id: c.organisationId,
        link_id: r.linkId,
        report_date: r.reportDate,
        report_type: r.reportType,
        report_uri: r.reportUri,
        first_visit_date: r.firstVisitDate,
        source,
      });
  if (rows.size === 0) return;
  const client = fresh ? copyClientOf(db) : undefined;
  if (client) return copyObjects(client, 'reports', REPORT_COLUMNS, [...rows.values()]);
  await sql`
    insert into reports (organisation_id, link_id, report_date, report_type, report_uri, first_visit_date, source)
    select organisation_id, link_id, report_date, report_type, report_uri, first_visit_date, source
    from json_populate_recordset(null::reports, ${JSON.stringify([...rows.values()])}::json)
    on conflict (organisation_id, link_id) do update set
      report_date = excluded.report_date, report_type = excluded.report_type, report_uri = excluded.report_uri, first_visit_date = excluded.first_visit_date
    where (reports.report_date, reports.report_type, reports.report_uri, reports.first_visit_date)
      is distinct from (excluded.report_date, excluded.report_type, excluded.report_uri, excluded.first_visit_date)`.execute(db);
}

async function providerOrgIds(db: Executor, providerIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  if (providerIds.length === 0) return new Map();
  const rows = await db.selectFrom('register_providers').select(['provider_id', 'organisation_id', 'name']).where('provider_id', 'in', providerIds).execute();
  return new Map(rows.map((r) => [r.provider_id, { id: r.organisation_id, name: r.name }]));
}

/** Counts of a batch: rows COPYed as new, plus what the upsert of the others returned. */
function countBatch(total: number, copied: number, returned: { inserted: boolean }[]): BatchCounts {
  const upserted = returned.filter((r) => r.inserted).length;
  const inserted = copied + upserted;
  const updated = returned.length - upserted;
  return { inserted, updated, unchanged: total - inserted - updated };
}

/**
 * A location whose overall rating this platform published keeps it (and its later report and
 * inspection dates) when the import's overall rating is not from a later report (rating-precedence/1).
 */
async function keepPublishedOverall(
  db: Executor,
  precedence: RatingPrecedence,
  rows: { organisation_id: string; overall_rating: string | null; overall_rating_date: string | null; overall_rating_date_precision: string; overall_report_link_id: string | null; overall_inherited: boolean; last_inspection_date: string | null; last_report_date: string | null }[],
): Promise<void> {
  const held = await sql<{ organisation_id: string; overall_rating: string | null; overall_rating_date: string | null; overall_rating_date_precision: string; overall_report_link_id: string; overall_inherited: boolean; last_inspection_date: string | null; last_report_date: string | null }>`
    select l.organisation_id, l.overall_rating, to_char(l.overall_rating_date, 'YYYY-MM-DD') as overall_rating_date, l.overall_rating_date_precision, l.overall_report_link_id,
      l.overall_inherited, to_char(l.last_inspection_date, 'YYYY-MM-DD') as last_inspection_date, to_char(l.last_report_date, 'YYYY-MM-DD') as last_report_date
    from register_locations l join inspection_reports r on r.link_id = l.overall_report_link_id
    where l.organisation_id = any(${rows.map((r) => r.organisation_id)}::uuid[])`.execute(db);
  if (held.rows.length === 0) return;
  const byOrg = new Map(held.rows.map((h) => [h.organisation_id, h]));
  for (const row of rows) {
    const h = byOrg.get(row.organisation_id);
    if (!h || precedence.importedReplacesPublished({ reportDate: h.overall_rating_date }, { reportDate: row.overall_rating_date })) continue;
    row.overall_rating = h.overall_rating;
    row.overall_rating_date = h.overall_rating_date;
    row.overall_rating_date_precision = h.overall_rating_date_precision;
    row.overall_report_link_id = h.overall_report_link_id;
    row.overall_inherited = h.overall_inherited;
    row.last_inspection_date = precedence.laterDate(h.last_inspection_date, row.last_inspection_date);
    row.last_report_date = precedence.laterDate(h.last_report_date, row.last_report_date);
  }
}

/**
 * Upserts a batch of locations, their current and historic ratings and their reports.
 * Records whose hash matches the stored one are skipped before anything else is built. In a
 * transaction from transactionWithCopy, locations of organisations created by this batch (nothing
 * of theirs can exist yet) are COPYed with their ratings and reports; the rest are merged by upsert.
 */
export async function upsertLocationBatch(db: Executor, batch: LocationRecord[], precedence: RatingPrecedence): Promise<BatchCounts> {
  const all = lastById(batch);
  // Both look-ups are sent at once and run while the hashes are computed here.
  const storedLookup = storedRecords(db, 'location', all.map((r) => r.registerId));
  const providerLookup = providerOrgIds(db, [...new Set(all.map((r) => r.providerId).filter((v): v is string => !!v))]);
  providerLookup.catch(() => undefined); // awaited below; never left unhandled if the first fails
  const hashed = all.map((r) => ({ r, ...(preparedLocations.get(r) ?? hashLocation(r)) }));
  const stored = await storedLookup;
  const providers = await providerLookup;
  const records = hashed.filter((x) => stored.get(x.r.registerId)?.hash !== x.hash);
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: all.length };
  const { ids, created, notes } = await upsertOrganisations(
    db,
    'location',
    records.map(({ r }) => ({
      registerId: r.registerId,
      name: r.name,
      parent_id: r.providerId ? (providers.get(r.providerId)?.id ?? null) : null,
      cqc_location_id: r.cqcLocationId,
      cqc_provider_id: null,
      ods_code: r.odsCode,
      address_line1: r.addressLine1,
      address_line2: r.addressLine2,
      town: r.town,
      county: r.county,
      postcode: r.postcode,
      phone: r.phone,
      website: r.website,
    })),
    stored,
  );
  const client = copyClientOf(db);
  const rows = records.map(({ r, hash, documentJson }, i) => ({
    fresh: !!client && created[i] === true,
    documentJson,
    record: r,
    row: {
      organisation_id: ids[i] as string,
      location_id: r.registerId,
      provider_id: r.providerId,
      provider_name: r.providerId ? (providers.get(r.providerId)?.name ?? null) : null,
      name: r.name,
      ods_code: r.odsCode,
      type: r.type,
      registration_status: r.registrationStatus,
      registration_date: r.registrationDate,
      deregistration_date: r.deregistrationDate,
      dormancy: r.dormancy,
      care_home: r.careHome,
      number_of_beds: r.numberOfBeds,
      town: r.town,
      postcode: r.postcode,
      region: r.region,
      local_authority: r.localAuthority,
      constituency: r.constituency,
      icb_code: r.icbCode,
      icb_name: r.icbName,
      latitude: r.latitude,
      longitude: r.longitude,
      inspection_directorate: r.inspectionDirectorate,
      primary_inspection_category: r.primaryInspectionCategory,
      service_types: r.serviceTypes,
      specialisms: r.specialisms,
      regulated_activities: r.regulatedActivities,
      brand_id: r.brandId,
      brand_name: r.brandName,
      overall_rating: r.overall?.rating ?? null,
      overall_rating_date: r.overall?.reportDate ?? null,
      overall_rating_date_precision: r.overall?.precision ?? 'day',
      overall_report_link_id: r.overall?.linkId ?? null,
      overall_inherited: r.overall?.inherited ?? false,
      last_inspection_date: r.lastInspectionDate,
      last_report_date: r.lastReportDate,
      source: r.source,
      source_hash: hash,
      document: r.document ?? null,
    },
  }));
  const fresh = rows.filter((r) => r.fresh);
  if (client && fresh.length) await copyObjects(client, 'register_locations', LOCATION_COLUMNS, fresh.map((r) => ({ ...r.row, document: r.documentJson })));
  const merged = rows.filter((r) => !r.fresh);
  if (merged.length) await keepPublishedOverall(db, precedence, merged.map((m) => m.row));
  let returnedRows: { organisation_id: string; inserted: boolean }[] = [];
  if (merged.length) {
    const returned = await sql<{ organisation_id: string; inserted: boolean }>`
      insert into register_locations (organisation_id, location_id, provider_id, provider_name, name, ods_code, type, registration_status, registration_date,
        deregistration_date, dormancy, care_home, number_of_beds, town, postcode, region, local_authority, constituency, icb_code, icb_name, latitude, longitude,
        inspection_directorate, primary_inspection_category, service_types, specialisms, regulated_activities, brand_id, brand_name, overall_rating,
        overall_rating_date, overall_rating_date_precision, overall_report_link_id, overall_inherited, last_inspection_date, last_report_date, source, source_hash, document)
      select organisation_id, location_id, provider_id, provider_name, name, ods_code, type, registration_status, registration_date,
        deregistration_date, dormancy, care_home, number_of_beds, town, postcode, region, local_authority, constituency, icb_code, icb_name, latitude, longitude,
        inspection_directorate, primary_inspection_category, service_types, specialisms, regulated_activities, brand_id, brand_name, overall_rating,
        overall_rating_date, overall_rating_date_precision, overall_report_link_id, overall_inherited, last_inspection_date, last_report_date, source, source_hash, document
      from json_populate_recordset(null::register_locations, ${JSON.stringify(merged.map((r) => r.row))}::json)
      on conflict (organisation_id) do update set
        location_id = excluded.location_id, provider_id = excluded.provider_id, provider_name = coalesce(excluded.provider_name, register_locations.provider_name),
        name = excluded.name, ods_code = excluded.ods_code, type = excluded.type, registration_status = excluded.registration_status,
        registration_date = excluded.registration_date, deregistration_date = excluded.deregistration_date, dormancy = excluded.dormancy,
        care_home = excluded.care_home, number_of_beds = excluded.number_of_beds, town = excluded.town, postcode = excluded.postcode, region = excluded.region,
        local_authority = excluded.local_authority, constituency = excluded.constituency, icb_code = excluded.icb_code, icb_name = excluded.icb_name,
        latitude = excluded.latitude, longitude = excluded.longitude, inspection_directorate = excluded.inspection_directorate,
        primary_inspection_category = excluded.primary_inspection_category, service_types = excluded.service_types, specialisms = excluded.specialisms,
        regulated_activities = excluded.regulated_activities, brand_id = excluded.brand_id, brand_name = excluded.brand_name,
        overall_rating = excluded.overall_rating, overall_rating_date = excluded.overall_rating_date,
        overall_rating_date_precision = excluded.overall_rating_date_precision, overall_report_link_id = excluded.overall_report_link_id,
        overall_inherited = excluded.overall_inherited, last_inspection_date = excluded.last_inspection_date, last_report_date = excluded.last_report_date,
        source = excluded.source, source_hash = excluded.source_hash, document = excluded.document, last_changed_at = now()
      where register_locations.source_hash is distinct from excluded.source_hash
      returning organisation_id, (xmax = 0) as inserted`.execute(db);
    returnedRows = returned.rows;
  }
  const changedIds = new Set(returnedRows.map((r) => r.organisation_id));
  const source = records[0]?.r.source ?? 'import';
  const ratingsOf = (list: typeof rows) =>
    list.filter((x) => x.record.ratingsIncluded !== false).map((x) => ({ organisationId: x.row.organisation_id, ratings: x.record.ratings }));
  const reportsOf = (list: typeof rows) => list.map((x) => ({ organisationId: x.row.organisation_id, reports: x.record.reports }));
  const changed = merged.filter((x) => changedIds.has(x.row.organisation_id));
  await writeRatings(db, ratingsOf(fresh), source, precedence, true);
  await writeRatings(db, ratingsOf(changed), source, precedence);
  await writeReports(db, reportsOf(fresh), source, true);
  await writeReports(db, reportsOf(changed), source);
  return { ...countBatch(all.length, fresh.length, returnedRows), notes };
}

/** Upserts a batch of providers and links any locations that were waiting for them (as upsertLocationBatch). */
export async function upsertProviderBatch(db: Executor, batch: ProviderRecord[], precedence: RatingPrecedence): Promise<BatchCounts> {
  const all = lastById(batch);
  const stored = await storedRecords(db, 'provider', all.map((r) => r.registerId));
  const records = all.map((r) => ({ r, hash: sourceHash(r) })).filter((x) => stored.get(x.r.registerId)?.hash !== x.hash);
  let counts: BatchCounts = { inserted: 0, updated: 0, unchanged: all.length };
  if (records.length) {
    const { ids, created, notes } = await upsertOrganisations(
      db,
      'provider',
      records.map(({ r }) => ({
        registerId: r.registerId,
        name: r.name,
        parent_id: null,
        cqc_location_id: null,
        cqc_provider_id: r.cqcProviderId,
        ods_code: r.odsCode,
        address_line1: r.addressLine1,
        address_line2: r.addressLine2,
        town: r.town,
        county: r.county,
        postcode: r.postcode,
        phone: r.phone,
        website: r.website,
      })),
      stored,
    );
    const client = copyClientOf(db);
    const rows = records.map(({ r, hash }, i) => ({
      fresh: !!client && created[i] === true,
      record: r,
      row: {
        organisation_id: ids[i] as string,
        provider_id: r.registerId,
        name: r.name,
        type: r.type,
        ownership_type: r.ownershipType,
        registration_status: r.registrationStatus,
        registration_date: r.registrationDate,
        deregistration_date: r.deregistrationDate,
        companies_house_number: r.companiesHouseNumber,
        brand_id: r.brandId,
        brand_name: r.brandName,
        region: r.region,
        local_authority: r.localAuthority,
        inspection_directorate: r.inspectionDirectorate,
        source: r.source,
        source_hash: hash,
        document: r.document ?? null,
      },
    }));
    const fresh = rows.filter((r) => r.fresh);
    if (client && fresh.length)
      await copyObjects(client, 'register_providers', PROVIDER_COLUMNS, fresh.map((r) => ({ ...r.row, document: r.record.document == null ? null : JSON.stringify(r.record.document) })));
    const merged = rows.filter((r) => !r.fresh);
    let returnedRows: { organisation_id: string; inserted: boolean }[] = [];
    if (merged.length) {
      const returned = await sql<{ organisation_id: string; inserted: boolean }>`
        insert into register_providers (organisation_id, provider_id, name, type, ownership_type, registration_status, registration_date, deregistration_date,
          companies_house_number, brand_id, brand_name, region, local_authority, inspection_directorate, source, source_hash, document)
        select organisation_id, provider_id, name, type, ownership_type, registration_status, registration_date, deregistration_date,
          companies_house_number, brand_id, brand_name, region, local_authority, inspection_directorate, source, source_hash, document
        from json_populate_recordset(null::register_providers, ${JSON.stringify(merged.map((r) => r.row))}::json)
        on conflict (organisation_id) do update set
          provider_id = excluded.provider_id, name = excluded.name, type = excluded.type, ownership_type = excluded.ownership_type,
          registration_status = excluded.registration_status, registration_date = excluded.registration_date,
          deregistration_date = excluded.deregistration_date, companies_house_number = excluded.companies_house_number,
          brand_id = excluded.brand_id, brand_name = excluded.brand_name, region = excluded.region, local_authority = excluded.local_authority,
          inspection_directorate = excluded.inspection_directorate, source = excluded.source, source_hash = excluded.source_hash,
          document = excluded.document, last_changed_at = now()
        where register_providers.source_hash is distinct from excluded.source_hash
        returning organisation_id, (xmax = 0) as inserted`.execute(db);
      returnedRows = returned.rows;
    }
    const changedIds = new Set(returnedRows.map((r) => r.organisation_id));
    const source = records[0]?.r.source ?? 'import';
    const ratingsOf = (list: typeof rows) => list.map((x) => ({ organisationId: x.row.organisation_id, ratings: x.record.ratings }));
    await writeRatings(db, ratingsOf(fresh), source, precedence, true);
    await writeRatings(db, ratingsOf(merged.filter((x) => changedIds.has(x.row.organisation_id))), source, precedence);
    counts = { ...countBatch(all.length, fresh.length, returnedRows), notes };
  }
  await linkWaitingLocations(db, all.map((r) => r.registerId));
  return counts;
}

/** Links locations to their provider (parent) and refreshes the provider name shown with them. */
export async function linkWaitingLocations(db: Executor, providerIds: string[]): Promise<void> {
  if (providerIds.length === 0) return;
  await sql`
    update organisations o set parent_id = p.organisation_id, updated_at = now()
    from register_locations l join register_providers p on p.provider_id = l.provider_id
    where o.id = l.organisation_id and l.provider_id = any(${providerIds}::text[]) and o.parent_id is distinct from p.organisation_id`.execute(db);
  await sql`
    update register_locations l set provider_name = p.name, last_changed_at = now()
    from register_providers p
    where p.provider_id = l.provider_id and l.provider_id = any(${providerIds}::text[]) and l.provider_name is distinct from p.name`.execute(db);
}

/** Locations whose provider has not been imported yet. */
export async function countUnlinkedLocations(db: Executor): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(*)::int as n from register_locations l
    where l.provider_id is not null and not exists (select 1 from register_providers p where p.provider_id = l.provider_id)`.execute(db);
  return row.rows[0]?.n ?? 0;
}
