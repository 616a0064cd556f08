/**
 * Maps records in the shape of CQC's syndication API (domain.md 6.1) to register records.
 * Ids are opaque strings: nothing is rejected for the shape of an id.
 */
import type { LocationRecord, ProviderRecord, RatingInput, ReportInput } from '../../data/repositories/register-write.repository.js';
import { isBlank, normaliseCqcRating } from '../../domain/vocabulary/ratings.js';
import { normaliseCqcKeyQuestionName } from '../../domain/vocabulary/key-questions.js';
import { apiRecordProblem, LOCATION_FIELD_TYPES, PROVIDER_FIELD_TYPES } from './cqc-api.validation.js';

export type MapResult<T> = { ok: true; record: T } | { ok: false; id: string | undefined; reason: string };

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/\s+/g, ' ').trim();
  return isBlank(s) ? null : s;
}

/**
 * A name or address exactly as the source sent it (CQC's double spaces and all), so clients
 * that match on CQC's values see the same values here; null when blank.
 */
export function exact(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return isBlank(s) ? null : s;
}

/**
 * Dates read so far, and what each became: a national file repeats a few thousand dates across
 * hundreds of thousands of fields (every rating, report and registration carries one), and each is
 * checked twice (validation, then mapping). Emptied when it grows past a bound.
 */
const readDates = new Map<string, string | null>();

/** YYYY-MM-DD from ISO dates, date-times or DD/MM/YYYY; null when blank or not a date. */
export function isoDate(v: unknown): string | null {
  if (typeof v !== 'string') return dateOf(v);
  let read = readDates.get(v);
  if (read === undefined) {
    if (readDates.size >= 50_000) readDates.clear();
    readDates.set(v, (read = dateOf(v)));
  }
  return read;
}

function dateOf(v: unknown): string | null {
  const s = text(v);
  return s ? parseDate(s) : null;
}

function parseDate(s: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return valid(`${m[1]}-${m[2]}-${m[3]}`);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return valid(`${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return valid(`${m[1]}-${m[2]}-${m[3]}`);
  return null;
}

function valid(iso: string): string | null {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function yesNo(v: unknown): boolean | null {
  const s = text(v)?.toLowerCase();
  if (s === 'y' || s === 'yes' || s === 'true') return true;
  if (s === 'n' || s === 'no' || s === 'false') return false;
  return null;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

function names(v: unknown, key = 'name'): string[] {
  return [...new Set(list(v).map((o) => text(o[key])).filter((s): s is string => !!s))];
}

export function normalisePostcode(v: unknown): string | null {
  const s = text(v)?.toUpperCase().replace(/\s+/g, '');
  if (!s) return null;
  return s.length > 3 ? `${s.slice(0, -3)} ${s.slice(-3)}` : s;
}

function rating(scope: RatingInput['scope'], name: string, o: Obj, fallbackDate: string | null, fallbackLink: string | null, current: boolean): RatingInput | null {
  const r = normaliseCqcRating(text(o['rating']));
  if (!r) return null;
  return {
    scope,
    name,
    rating: r,
    reportDate: isoDate(o['reportDate']) ?? fallbackDate,
    precision: 'day',
    linkId: text(o['reportLinkId']) ?? fallbackLink,
    inherited: !!text(o['organisationId']),
    current,
  };
}

/** Current and historic ratings of an API record: overall, key questions, service ratings. */
export function apiRatings(doc: Obj): { ratings: RatingInput[]; overall: LocationRecord['overall'] } {
  const ratings: RatingInput[] = [];
  let overall: LocationRecord['overall'] = null;
  const current = isObj(doc['currentRatings']) ? doc['currentRatings'] : undefined;
  if (current) {
    const o = isObj(current['overall']) ? current['overall'] : undefined;
    const headDate = isoDate(current['reportDate']);
    if (o) {
      // Key questions keep their own dates: no headline date is put over a carried-forward rating.
      const ov = rating('overall', '', o, headDate, null, true);
      if (ov) {
        ratings.push(ov);
        overall = { rating: ov.rating, reportDate: ov.reportDate, precision: 'day', linkId: ov.linkId, inherited: ov.inherited };
      }
      for (const kq of list(o['keyQuestionRatings'])) {
        const name = normaliseCqcKeyQuestionName(text(kq['name']));
        const r = name ? rating('key_question', name, kq, null, null, true) : null;
        if (r) ratings.push(r);
      }
    }
    for (const s of list(current['serviceRatings'])) {
      const name = text(s['name']);
      const r = name ? rating('service', name, s, null, null, true) : null;
      if (r) ratings.push(r);
    }
  }
  for (const h of list(doc['historicRatings'])) {
    const date = isoDate(h['reportDate']);
    const link = text(h['reportLinkId']);
    const o = isObj(h['overall']) ? h['overall'] : undefined;
    if (o) {
      const ov = rating('overall', '', o, date, link, false);
      if (ov) ratings.push(ov);
      for (const kq of list(o['keyQuestionRatings'])) {
        const name = normaliseCqcKeyQuestionName(text(kq['name']));
        const r = name ? rating('key_question', name, kq, date, link, false) : null;
        if (r) ratings.push(r);
      }
    }
    for (const s of list(h['serviceRatings'])) {
      const name = text(s['name']);
      const r = name ? rating('service', name, s, date, link, false) : null;
      if (r) ratings.push(r);
    }
  }
  return { ratings, overall };
}

function apiReports(doc: Obj): ReportInput[] {
  return list(doc['reports'])
    .map((r) => ({
      linkId: text(r['linkId']) ?? '',
      reportDate: isoDate(r['reportDate']),
      reportType: text(r['reportType']),
      reportUri: text(r['reportUri']),
      firstVisitDate: isoDate(r['firstVisitDate']),
    }))
    .filter((r) => r.linkId !== '');
}

/** What kind of API record this looks like, to refuse a file of the wrong kind. */
export function apiRecordKind(v: unknown): 'location' | 'provider' | 'list-page' | 'unknown' {
  if (!isObj(v)) return 'unknown';
  if (Array.isArray(v['locations']) || Array.isArray(v['providers'])) return 'list-page';
  const orgType = text(v['organisationType'])?.toLowerCase();
  if (text(v['locationId']) && orgType !== 'provider') return 'location';
  if (text(v['providerId']) && (orgType === 'provider' || Array.isArray(v['locationIds']) || !('locationId' in v))) return 'provider';
  return 'unknown';
}

export function mapApiLocation(v: unknown, source = 'cqc-api'): MapResult<LocationRecord> {
  if (!isObj(v)) return { ok: false, id: undefined, reason: 'not a JSON object' };
  const id = typeof v['locationId'] === 'string' ? text(v['locationId']) : null;
  if (!id) return { ok: false, id: undefined, reason: v['locationId'] === undefined || v['locationId'] === null ? 'locationId is missing' : `locationId is not text` };
  const problem = apiRecordProblem(v, LOCATION_FIELD_TYPES);
  if (problem) return { ok: false, id, reason: problem };
  const name = exact(v['name']);
  if (!name) return { ok: false, id, reason: 'name is missing' };
  const beds = num(v['numberOfBeds']);
  if (v['numberOfBeds'] !== undefined && v['numberOfBeds'] !== null && beds === null) return { ok: false, id, reason: `numberOfBeds is not a number ("${String(v['numberOfBeds'])}")` };
  const { ratings, overall } = apiRatings(v);
  const categories = list(v['inspectionCategories']);
  const primary = categories.find((c) => String(c['primary']).toLowerCase() === 'true') ?? categories[0];
  const lastInspection = isObj(v['lastInspection']) ? v['lastInspection'] : {};
  const lastReport = isObj(v['lastReport']) ? v['lastReport'] : {};
  return {
    ok: true,
    record: {
      registerId: id,
      cqcLocationId: id,
      providerId: text(v['providerId']),
      name,
      odsCode: text(v['odsCode'])?.toUpperCase() ?? null,
      type: text(v['type']),
      registrationStatus: text(v['registrationStatus']),
      registrationDate: isoDate(v['registrationDate']),
      deregistrationDate: isoDate(v['deregistrationDate']),
      dormancy: text(v['dormancy']),
      careHome: yesNo(v['careHome']),
      numberOfBeds: beds,
      addressLine1: exact(v['postalAddressLine1']),
      addressLine2: exact(v['postalAddressLine2']),
      town: exact(v['postalAddressTownCity']),
      county: exact(v['postalAddressCounty']),
      postcode: normalisePostcode(v['postalCode']),
      phone: text(v['mainPhoneNumber']),
      website: text(v['website']),
      region: text(v['region']),
      localAuthority: text(v['localAuthority']),
      constituency: text(v['constituency']),
      icbCode: text(v['onspdIcbCode']),
      icbName: text(v['onspdIcbName']),
      latitude: num(v['onspdLatitude']),
      longitude: num(v['onspdLongitude']),
      inspectionDirectorate: text(v['inspectionDirectorate']),
      primaryInspectionCategory: primary ? text(primary['name']) : null,
      serviceTypes: names(v['gacServiceTypes']),
      specialisms: names(v['specialisms']),
      regulatedActivities: names(v['regulatedActivities']),
      brandId: text(v['brandId']),
      brandName: text(v['brandName']),
      lastInspectionDate: isoDate(lastInspection['date']),
      lastReportDate: isoDate(lastReport['publicationDate']),
      overall,
      ratings,
      reports: apiReports(v),
      document: v,
      source,
    },
  };
}

export function mapApiProvider(v: unknown, source = 'cqc-api'): MapResult<ProviderRecord> {
  if (!isObj(v)) return { ok: false, id: undefined, reason: 'not a JSON object' };
  const id = typeof v['providerId'] === 'string' ? text(v['providerId']) : null;
  if (!id) return { ok: false, id: undefined, reason: v['providerId'] === undefined || v['providerId'] === null ? 'providerId is missing' : 'providerId is not text' };
  const problem = apiRecordProblem(v, PROVIDER_FIELD_TYPES);
  if (problem) return { ok: false, id, reason: problem };
  const name = exact(v['name']);
  if (!name) return { ok: false, id, reason: 'name is missing' };
  return {
    ok: true,
    record: {
      registerId: id,
      cqcProviderId: id,
      odsCode: text(v['odsCode'])?.toUpperCase() ?? null,
      name,
      type: text(v['type']),
      ownershipType: text(v['ownershipType']),
      registrationStatus: text(v['registrationStatus']),
      registrationDate: isoDate(v['registrationDate']),
      deregistrationDate: isoDate(v['deregistrationDate']),
      companiesHouseNumber: text(v['companiesHouseNumber']),
      brandId: text(v['brandId']),
      brandName: text(v['brandName']),
      addressLine1: exact(v['postalAddressLine1']),
      addressLine2: exact(v['postalAddressLine2']),
      town: exact(v['postalAddressTownCity']),
      county: exact(v['postalAddressCounty']),
      postcode: normalisePostcode(v['postalCode']),
      phone: text(v['mainPhoneNumber']),
      website: text(v['website']),
      region: text(v['region']),
      localAuthority: text(v['localAuthority']),
      inspectionDirectorate: text(v['inspectionDirectorate']),
      ratings: apiRatings(v).ratings,
      document: v,
      source,
    },
  };
}
