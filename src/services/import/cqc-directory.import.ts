/**
 * `import cqc-directory`: CQC's "care directory with ratings" CSV (domain.md 6.2), one row
 * per location × service or population group × key question. Headers are matched by name
 * (editions drift); rows of one location are contiguous in CQC's files and are gathered
 * into one location record.
 */
import { nameTooLong } from './name-limit.js';
import type { LocationRecord, RatingInput } from '../../data/repositories/register-write.repository.js';
import { writeLocations } from './register-writes.js';
import { normaliseCqcRating } from '../../domain/vocabulary/ratings.js';
import { normaliseCqcKeyQuestionName } from '../../domain/vocabulary/key-questions.js';
import type { ServiceContext } from '../context.js';
import { isoDate, normalisePostcode, text } from './cqc-api.mapping.js';
import { headerKey, openCsv, type CsvRow } from './csv-records.js';
import { WrongKindError, type ImportSummary } from './import-run.js';
import { runImport, type ImportOptions, type SourceItem } from './run-import.js';

/** Field → header names seen across editions (compared with headerKey). */
const COLUMNS = {
  locationId: ['Location ID', 'LocationId', 'CQC Location ID', 'Location CQC ID'],
  odsCode: ['Location ODS Code', 'ODS Code'],
  name: ['Location Name', 'Name'],
  careHome: ['Care Home?', 'Care home', 'Location Care Home'],
  type: ['Location Type', 'Location Type/Sector', 'Type/Sector'],
  primaryCategory: ['Location Primary Inspection Category', 'Primary Inspection Category'],
  directorate: ['Location Inspection Directorate', 'Inspection Directorate'],
  street: ['Location Street Address', 'Location Address Line 1', 'Address'],
  line2: ['Location Address Line 2'],
  city: ['Location City', 'Location Town/City', 'Town/City'],
  county: ['Location County'],
  postcode: ['Location Post Code', 'Location Postcode', 'Location Postal Code', 'Postcode'],
  localAuthority: ['Location Local Authority', 'Local Authority'],
  region: ['Location Region', 'Region'],
  ccgCode: ['Location ONSPD CCG Code'],
  ccgName: ['Location ONSPD CCG'],
  phone: ['Location Telephone Number', 'Location Phone Number'],
  website: ['Location Web Address', 'Location Website'],
  beds: ['Care homes beds', 'Care Home Beds', 'Location Beds'],
  group: ['Service / Population Group', 'Service/Population Group', 'Service Population Group', 'Population Group'],
  domain: ['Domain', 'Key Question'],
  rating: ['Latest Rating', 'Rating', 'Location Latest Overall Rating'],
  published: ['Publication Date', 'Rating Publication Date', 'Latest Rating Publication Date'],
  reportType: ['Report Type'],
  inherited: ['Inherited Rating (Y/N)', 'Inherited Rating'],
  url: ['URL', 'Location URL'],
  providerId: ['Provider ID', 'ProviderId'],
  providerName: ['Provider Name'],
  brandId: ['Brand ID'],
  brandName: ['Brand Name'],
} as const;

type Field = keyof typeof COLUMNS;

export const DIRECTORY_EXPECTED =
  'CQC\'s "care directory with ratings" CSV with a header row naming at least "Location ID" and "Location Name" (and, for ratings, "Domain", "Latest Rating" and "Publication Date")';

function resolveHeaders(headers: string[]): Map<Field, string> {
  const present = new Set(headers.map(headerKey));
  const map = new Map<Field, string>();
  for (const [field, names] of Object.entries(COLUMNS) as [Field, readonly string[]][]) {
    const key = names.map(headerKey).find((k) => present.has(k));
    if (key) map.set(field, key);
  }
  return map;
}

interface Group {
  id: string;
  firstLine: number;
  rows: number;
  record: LocationRecord;
}

function cell(row: CsvRow, cols: Map<Field, string>, field: Field): string | null {
  const key = cols.get(field);
  return key ? text(row.cells.get(key)) : null;
}

function newRecord(row: CsvRow, cols: Map<Field, string>, id: string, name: string, hasRatings: boolean): LocationRecord {
  const c = (f: Field) => cell(row, cols, f);
  const careHome = c('careHome')?.toLowerCase();
  const beds = c('beds');
  const providerId = c('providerId');
  return {
    registerId: id,
    cqcLocationId: id,
    providerId,
    name,
    odsCode: c('odsCode')?.toUpperCase() ?? null,
    type: c('type'),
    registrationStatus: 'Registered',
    registrationDate: null,
    deregistrationDate: null,
    dormancy: null,
    careHome: careHome === 'y' || careHome === 'yes' ? true : careHome === 'n' || careHome === 'no' ? false : null,
    numberOfBeds: beds && /^\d+$/.test(beds) ? Number(beds) : null,
    addressLine1: c('street'),
    addressLine2: c('line2'),
    town: c('city'),
    county: c('county'),
    postcode: normalisePostcode(c('postcode')),
    phone: c('phone'),
    website: c('website'),
    region: c('region'),
    localAuthority: c('localAuthority'),
    constituency: null,
    icbCode: c('ccgCode'),
    icbName: c('ccgName'),
    latitude: null,
    longitude: null,
    inspectionDirectorate: c('directorate'),
    primaryInspectionCategory: c('primaryCategory'),
    serviceTypes: [],
    specialisms: [],
    regulatedActivities: [],
    brandId: c('brandId'),
    brandName: c('brandName'),
    lastInspectionDate: null,
    lastReportDate: null,
    overall: null,
    ratings: [],
    ratingsIncluded: hasRatings,
    reports: [],
    document: null,
    source: 'cqc-directory',
  };
}

/** One rating row → a rating, or the reason it is rejected. */
function ratingOf(row: CsvRow, cols: Map<Field, string>): RatingInput | string | null {
  const rawRating = cell(row, cols, 'rating');
  if (!rawRating) return null; // a blank or "-" rating: nothing published for this row
  const rating = normaliseCqcRating(rawRating);
  if (!rating) return `Latest Rating "${rawRating}" is not a CQC rating`;
  const rawDate = cell(row, cols, 'published');
  const date = isoDate(rawDate);
  if (rawDate && !date) return `Publication Date "${rawDate}" is not a date`;
  const group = cell(row, cols, 'group') ?? 'Overall';
  const domain = cell(row, cols, 'domain') ?? 'Overall';
  const kq = normaliseCqcKeyQuestionName(domain);
  if (!kq && domain.toLowerCase() !== 'overall') return `Domain "${domain}" is not "Overall" or a key question`;
  const inherited = cell(row, cols, 'inherited')?.toUpperCase().startsWith('Y') ?? false;
  const base = { rating, reportDate: date, precision: 'day' as const, linkId: null, inherited, current: true };
  if (group.toLowerCase() === 'overall') return kq ? { ...base, scope: 'key_question', name: kq } : { ...base, scope: 'overall', name: '' };
  return { ...base, scope: 'service', name: group, ...(kq ? { keyQuestion: kq } : {}) };
}

async function* locations(rows: AsyncIterable<CsvRow>, cols: Map<Field, string>, hasRatings: boolean): AsyncGenerator<SourceItem<LocationRecord>> {
  let group: Group | undefined;
  const emit = function* (g: Group | undefined): Generator<SourceItem<LocationRecord>> {
    if (g && g.rows > 0) yield { position: `line ${g.firstLine}`, id: g.id, rows: g.rows, record: g.record };
  };
  for await (const row of rows) {
    const position = `line ${row.line}`;
    const id = cell(row, cols, 'locationId');
    if (!id) {
      yield { position, reason: 'Location ID is blank' };
      continue;
    }
    const name = cell(row, cols, 'name');
    if (!name) {
      yield { position, id, reason: 'Location Name is blank' };
      continue;
    }
    const longName = nameTooLong('Location Name', name);
    if (longName) {
      yield { position, id, reason: longName };
      continue;
    }
    if (group?.id !== id) {
      yield* emit(group);
      group = { id, firstLine: row.line, rows: 0, record: newRecord(row, cols, id, name, hasRatings) };
    }
    const r = hasRatings ? ratingOf(row, cols) : null;
    if (typeof r === 'string') {
      yield { position, id, reason: r };
      continue;
    }
    group.rows++;
    if (r) {
      group.record.ratings.push(r);
      if (r.scope === 'overall') group.record.overall = { rating: r.rating, reportDate: r.reportDate, precision: 'day', linkId: null, inherited: r.inherited };
      const latest = group.record.lastReportDate;
      if (r.reportDate && (!latest || r.reportDate > latest)) group.record.lastReportDate = r.reportDate;
    }
  }
  yield* emit(group);
}

export async function importCqcDirectory(ctx: ServiceContext, file: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  let source;
  try {
    source = await openCsv(file);
  } catch (e) {
    throw new WrongKindError(`${file} cannot be read as CSV (${e instanceof Error ? e.message : String(e)}). Expected ${DIRECTORY_EXPECTED}.`);
  }
  const cols = resolveHeaders(source.headers);
  const missing = (['locationId', 'name'] as const).filter((f) => !cols.has(f)).map((f) => `"${COLUMNS[f][0]}"`);
  if (missing.length) {
    throw new WrongKindError(`${file} has no ${missing.join(' or ')} column. Expected ${DIRECTORY_EXPECTED}.`);
  }
  const hasRatings = cols.has('rating');
  return runImport(ctx, 'cqc-directory', file, locations(source.rows, cols, hasRatings), writeLocations, { batchSize: 500, ...opts });
}
