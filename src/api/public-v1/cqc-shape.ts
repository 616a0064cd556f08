/**
 * Register records in the shape of CQC's syndication API (domain.md 6.1), so clients
 * written for CQC work unchanged. The stored source document is the base (fidelity for
 * fields we do not model); everything we hold ourselves overrides it.
 */
import type { LocationDetail, ProviderDetail } from '../../data/repositories/register.repository.js';
import type { RatingRow } from '../../data/tables/register.tables.js';
import { CQC_KEY_QUESTION_NAMES } from '../../domain/vocabulary/key-questions.js';

type Obj = Record<string, unknown>;

function base(document: unknown): Obj {
  return document && typeof document === 'object' && !Array.isArray(document) ? { ...(document as Obj) } : {};
}

function set(o: Obj, key: string, value: unknown): void {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0 && !(key in o))) return;
  o[key] = value;
}

const kqIndex = (n: string) => (CQC_KEY_QUESTION_NAMES as readonly string[]).indexOf(n);

function ratingObj(r: RatingRow, withDate: boolean): Obj {
  const o: Obj = { name: r.name, rating: r.rating };
  if (withDate && r.report_date) o['reportDate'] = r.date_precision === 'year' ? r.report_date.slice(0, 4) : r.report_date;
  if (withDate && r.report_link_id) o['reportLinkId'] = r.report_link_id;
  return o;
}

export function currentRatings(ratings: RatingRow[]): Obj | undefined {
  const current = ratings.filter((r) => r.current);
  if (current.length === 0) return undefined;
  const overall = current.find((r) => r.scope === 'overall');
  const kqs = current.filter((r) => r.scope === 'key_question').sort((a, b) => kqIndex(a.name) - kqIndex(b.name));
  const out: Obj = {};
  if (overall || kqs.length) {
    const o: Obj = overall ? ratingObj(overall, true) : {};
    delete o['name'];
    o['keyQuestionRatings'] = kqs.map((k) => ratingObj(k, true));
    out['overall'] = o;
    if (overall?.report_date) out['reportDate'] = (out['overall'] as Obj)['reportDate'];
  }
  const services = current.filter((r) => r.scope === 'service');
  if (services.length) {
    const byName = new Map<string, RatingRow[]>();
    for (const s of services) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    out['serviceRatings'] = [...byName.entries()].map(([name, rows]) => {
      const head = rows.find((r) => !r.key_question) ?? rows[0]!;
      const o = ratingObj({ ...head, name }, true);
      const kq = rows.filter((r) => r.key_question);
      if (kq.length) o['keyQuestionRatings'] = kq.map((k) => ratingObj({ ...k, name: k.key_question }, true));
      return o;
    });
  }
  return out;
}

export function historicRatings(ratings: RatingRow[]): Obj[] {
  const groups = new Map<string, RatingRow[]>();
  for (const r of ratings) {
    if (r.current || !r.report_date) continue;
    const key = `${r.report_date}|${r.report_link_id ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map((rows) => {
      const first = rows[0]!;
      const h: Obj = { reportDate: first.report_date };
      if (first.report_link_id) h['reportLinkId'] = first.report_link_id;
      const overall = rows.find((r) => r.scope === 'overall');
      const kqs = rows.filter((r) => r.scope === 'key_question').sort((a, b) => kqIndex(a.name) - kqIndex(b.name));
      if (overall || kqs.length) {
        const o: Obj = overall ? { rating: overall.rating } : {};
        if (kqs.length) o['keyQuestionRatings'] = kqs.map((k) => ({ name: k.name, rating: k.rating }));
        h['overall'] = o;
      }
      const services = rows.filter((r) => r.scope === 'service' && !r.key_question);
      if (services.length) h['serviceRatings'] = services.map((s) => ({ name: s.name, rating: s.rating }));
      return h;
    })
    .sort((a, b) => String(b['reportDate']).localeCompare(String(a['reportDate'])));
}

export function locationDocument(d: LocationDetail): Obj {
  const l = d.location;
  const o = d.organisation;
  const doc = base(l.document);
  Object.assign(doc, { locationId: l.location_id, organisationType: 'Location', name: l.name });
  set(doc, 'providerId', l.provider_id);
  set(doc, 'type', l.type);
  set(doc, 'brandId', l.brand_id);
  set(doc, 'brandName', l.brand_name);
  set(doc, 'odsCode', l.ods_code);
  set(doc, 'registrationStatus', l.registration_status);
  set(doc, 'registrationDate', l.registration_date);
  set(doc, 'deregistrationDate', l.deregistration_date);
  set(doc, 'dormancy', l.dormancy);
  set(doc, 'careHome', l.care_home === null ? null : l.care_home ? 'Y' : 'N');
  set(doc, 'numberOfBeds', l.number_of_beds);
  set(doc, 'website', o.website);
  set(doc, 'mainPhoneNumber', o.phone);
  set(doc, 'postalAddressLine1', o.address_line1);
  set(doc, 'postalAddressLine2', o.address_line2);
  set(doc, 'postalAddressTownCity', o.town);
  set(doc, 'postalAddressCounty', o.county);
  set(doc, 'postalCode', l.postcode);
  set(doc, 'region', l.region);
  set(doc, 'localAuthority', l.local_authority);
  set(doc, 'constituency', l.constituency);
  // A practice known only from the NHS list has only its postcode district's centre: not an ONSPD position, so not served as one.
  if (l.source !== 'gp-practices') {
    set(doc, 'onspdLatitude', l.latitude);
    set(doc, 'onspdLongitude', l.longitude);
  }
  set(doc, 'onspdIcbCode', l.icb_code);
  set(doc, 'onspdIcbName', l.icb_name);
  set(doc, 'inspectionDirectorate', l.inspection_directorate);
  if (!doc['inspectionCategories'] && l.primary_inspection_category) doc['inspectionCategories'] = [{ name: l.primary_inspection_category, primary: 'true' }];
  if (!doc['gacServiceTypes']) doc['gacServiceTypes'] = l.service_types.map((name) => ({ name }));
  if (!doc['specialisms']) doc['specialisms'] = l.specialisms.map((name) => ({ name }));
  if (!doc['regulatedActivities']) doc['regulatedActivities'] = l.regulated_activities.map((name) => ({ name }));
  const current = currentRatings(d.ratings);
  if (current) doc['currentRatings'] = current;
  else delete doc['currentRatings'];
  const history = historicRatings(d.ratings);
  if (history.length) doc['historicRatings'] = history;
  else delete doc['historicRatings'];
  doc['reports'] = d.reports.map((r) => ({
    linkId: r.link_id,
    reportDate: r.report_date,
    reportUri: r.report_uri ?? `/reports/${r.link_id}`,
    firstVisitDate: r.first_visit_date,
    reportType: r.report_type,
  }));
  if (l.last_inspection_date) doc['lastInspection'] = { date: l.last_inspection_date };
  if (l.last_report_date) doc['lastReport'] = { publicationDate: l.last_report_date };
  return doc;
}

export function providerDocument(d: ProviderDetail): Obj {
  const p = d.provider;
  const o = d.organisation;
  const doc = base(p.document);
  Object.assign(doc, { providerId: p.provider_id, organisationType: 'Provider', name: p.name, locationIds: d.locations.map((l) => l.location_id) });
  set(doc, 'type', p.type);
  set(doc, 'ownershipType', p.ownership_type);
  set(doc, 'registrationStatus', p.registration_status);
  set(doc, 'registrationDate', p.registration_date);
  set(doc, 'deregistrationDate', p.deregistration_date);
  set(doc, 'companiesHouseNumber', p.companies_house_number);
  set(doc, 'brandId', p.brand_id);
  set(doc, 'brandName', p.brand_name);
  set(doc, 'website', o.website);
  set(doc, 'mainPhoneNumber', o.phone);
  set(doc, 'postalAddressLine1', o.address_line1);
  set(doc, 'postalAddressLine2', o.address_line2);
  set(doc, 'postalAddressTownCity', o.town);
  set(doc, 'postalAddressCounty', o.county);
  set(doc, 'postalCode', o.postcode);
  set(doc, 'region', p.region);
  set(doc, 'localAuthority', p.local_authority);
  set(doc, 'inspectionDirectorate', p.inspection_directorate);
  const current = currentRatings(d.ratings);
  if (current) doc['currentRatings'] = current;
  return doc;
}
