/**
 * Checks a record in the shape of CQC's syndication API before anything of it is stored: each
 * field the importer reads has the type CQC's published schema gives it (cqc-api-schema,
 * Syndication_Location_Id.json / Syndication_Provider_Id.json), dates are dates and ratings are
 * CQC's words. A record is stored whole or rejected with the field and the reason, never half-stored.
 */
import { isBlank, normaliseCqcRating } from '../../domain/vocabulary/ratings.js';
import { isoDate } from './cqc-api.mapping.js';
import { nameTooLong } from './name-limit.js';

type JsonType = 'string' | 'number' | 'integer' | 'object' | 'array';
type Obj = Record<string, unknown>;

const SHARED: Record<string, JsonType> = {
  providerId: 'string',
  odsCode: 'string',
  organisationType: 'string',
  type: 'string',
  name: 'string',
  brandId: 'string',
  brandName: 'string',
  onspdIcbCode: 'string',
  onspdIcbName: 'string',
  uprn: 'string',
  registrationStatus: 'string',
  registrationDate: 'string',
  deregistrationDate: 'string',
  website: 'string',
  postalAddressLine1: 'string',
  postalAddressLine2: 'string',
  postalAddressTownCity: 'string',
  postalAddressCounty: 'string',
  region: 'string',
  postalCode: 'string',
  onspdLatitude: 'number',
  onspdLongitude: 'number',
  mainPhoneNumber: 'string',
  inspectionDirectorate: 'string',
  constituency: 'string',
  localAuthority: 'string',
  lastInspection: 'object',
  lastReport: 'object',
  regulatedActivities: 'array',
  inspectionCategories: 'array',
  currentRatings: 'object',
  historicRatings: 'array',
  reports: 'array',
};

/** The fields of GET /locations/{id} the importer reads, with the schema's types. */
export const LOCATION_FIELD_TYPES: Record<string, JsonType> = {
  ...SHARED,
  locationId: 'string',
  dormancy: 'string',
  numberOfBeds: 'integer',
  careHome: 'string',
  gacServiceTypes: 'array',
  specialisms: 'array',
};

/** The fields of GET /providers/{id} the importer reads, with the schema's types. */
export const PROVIDER_FIELD_TYPES: Record<string, JsonType> = {
  ...SHARED,
  ownershipType: 'string',
  companiesHouseNumber: 'string',
  locationIds: 'array',
};

const DATE_FIELDS = ['registrationDate', 'deregistrationDate'];

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'a whole number' : 'a number';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'boolean') return 'true/false';
  return 'an object';
}

function matches(v: unknown, t: JsonType): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

const WORD: Record<JsonType, string> = { string: 'text', number: 'a number', integer: 'a whole number', object: 'an object', array: 'a list' };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkDate(path: string, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return `${path} is ${typeOf(v)}, not a date`;
  if (isBlank(v)) return null;
  return isoDate(v) ? null : `${path} "${v}" is not a date`;
}

function checkRating(path: string, o: Obj): string | null {
  const r = o['rating'];
  if (r === null || r === undefined) return null;
  if (typeof r !== 'string') return `${path}.rating is ${typeOf(r)}, not a CQC rating`;
  if (isBlank(r) || normaliseCqcRating(r)) return null;
  return `${path}.rating "${r}" is not a CQC rating (Outstanding, Good, Requires improvement, Inadequate, or a "not rated" wording)`;
}

/** Every rating block of a currentRatings or historicRatings entry, with its path in the record. */
function ratingBlocks(path: string, block: Obj): [string, Obj][] {
  const out: [string, Obj][] = [];
  const overall = block['overall'];
  if (isObj(overall)) {
    out.push([`${path}.overall`, overall]);
    const kqs = overall['keyQuestionRatings'];
    if (Array.isArray(kqs)) kqs.forEach((k, i) => isObj(k) && out.push([`${path}.overall.keyQuestionRatings[${i}]`, k]));
  }
  const services = block['serviceRatings'];
  if (Array.isArray(services)) services.forEach((s, i) => isObj(s) && out.push([`${path}.serviceRatings[${i}]`, s]));
  return out;
}

/** The first problem that stops this record being stored, or null when it can be stored whole. */
export function apiRecordProblem(v: Obj, types: Record<string, JsonType>): string | null {
  for (const [field, t] of Object.entries(types)) {
    const value = v[field];
    if (value === null || value === undefined) continue;
    if (!matches(value, t)) return `${field} is ${typeOf(value)}; CQC's schema has ${WORD[t]}`;
  }
  const longName = nameTooLong('name', v['name'] as string | undefined);
  if (longName) return longName;
  for (const f of DATE_FIELDS) {
    const p = checkDate(f, v[f]);
    if (p) return p;
  }
  if (isObj(v['lastInspection'])) {
    const p = checkDate('lastInspection.date', v['lastInspection']['date']);
    if (p) return p;
  }
  if (isObj(v['lastReport'])) {
    const p = checkDate('lastReport.publicationDate', v['lastReport']['publicationDate']);
    if (p) return p;
  }
  const blocks: [string, Obj][] = [];
  if (isObj(v['currentRatings'])) {
    const p = checkDate('currentRatings.reportDate', v['currentRatings']['reportDate']);
    if (p) return p;
    blocks.push(...ratingBlocks('currentRatings', v['currentRatings']));
  }
  if (Array.isArray(v['historicRatings'])) {
    v['historicRatings'].forEach((h, i) => {
      if (isObj(h)) blocks.push(...ratingBlocks(`historicRatings[${i}]`, h));
    });
  }
  for (const [path, o] of blocks) {
    const p = checkRating(path, o) ?? checkDate(`${path}.reportDate`, o['reportDate']);
    if (p) return p;
  }
  if (Array.isArray(v['reports'])) {
    for (const [i, r] of v['reports'].entries()) {
      if (!isObj(r)) continue;
      const p = checkDate(`reports[${i}].reportDate`, r['reportDate']);
      if (p) return p;
    }
  }
  return null;
}
