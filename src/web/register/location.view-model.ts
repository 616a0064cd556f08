/** The location page (/locations/{id}) and provider page (/providers/{id}). Pure. */
import { escapeHtml } from '../escape-html.js';
import type { LocationDetail, ProviderDetail } from '../../data/repositories/register.repository.js';
import type { RatingRow } from '../../data/tables/register.tables.js';
import { RATINGS } from '../../domain/vocabulary/ratings.js';
import { CQC_KEY_QUESTION_NAMES } from '../../domain/vocabulary/key-questions.js';
import { serviceName } from '../../domain/register/service-names.js';
import { formatDate, ratingTag, summariseRating, type RatingSummary, type TagParams } from './register-format.js';
import { locationPath, publicReportPdfPath, publicReportPath } from '../paths.js';
import type { DetailsRow } from './register.html.js';

function row(key: string, value: string | null | undefined): DetailsRow[] {
  return value ? [{ key: { text: key }, value: { text: value } }] : [];
}


export interface KeyQuestionView {
  name: string;
  rating: RatingSummary | null;
}

export interface HistoryEntry {
  iso: string;
  dateText: string;
  title: string;
  lines: { label: string; tag: TagParams }[];
  reportLinkId: string | null;
}

export interface LocationPageView {
  pageTitle: string;
  name: string;
  caption: string;
  deregistered: boolean;
  details: DetailsRow[];
  overall: RatingSummary | null;
  /** True when the location has no single overall rating, only ratings per service (CQC's 2026 change). */
  ratedPerService: boolean;
  keyQuestions: KeyQuestionView[];
  hasKeyQuestions: boolean;
  services: { name: string; rating: RatingSummary; keyQuestions: { name: string; tag: TagParams }[] }[];
  serviceTypes: string[];
  regulatedActivities: string[];
  latestReport: { href: string; pdfHref: string | null; dateText: string; linkId: string } | null;
  specialisms: string[];
  history: HistoryEntry[];
  reports: { dateText: string; type: string; firstVisitText: string | null; href: string | null }[];
}

function serviceNameMap(document: unknown): Map<string, string> {
  const map = new Map<string, string>();
  const areas = (document as { inspectionAreas?: unknown } | null)?.inspectionAreas;
  if (Array.isArray(areas))
    for (const a of areas as { inspectionAreaId?: unknown; inspectionAreaName?: unknown }[])
      if (typeof a.inspectionAreaId === 'string' && typeof a.inspectionAreaName === 'string') map.set(a.inspectionAreaId, a.inspectionAreaName);
  return map;
}

function history(ratings: RatingRow[], names: Map<string, string>): HistoryEntry[] {
  const groups = new Map<string, RatingRow[]>();
  for (const r of ratings) {
    if (r.current || !r.report_date) continue;
    const key = `${r.report_date}|${r.report_link_id ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const scopeOrder = (r: RatingRow) => (r.scope === 'overall' ? 0 : r.scope === 'key_question' ? 1 : 2);
  const kqOrder = (n: string) => (CQC_KEY_QUESTION_NAMES as readonly string[]).indexOf(n);
  return [...groups.values()]
    .map((rows) => {
      const first = rows[0] as RatingRow;
      rows.sort((a, b) => scopeOrder(a) - scopeOrder(b) || kqOrder(a.name) - kqOrder(b.name) || a.name.localeCompare(b.name));
      const overall = rows.find((r) => r.scope === 'overall');
      return {
        iso: first.report_date as string,
        dateText: formatDate(first.report_date, first.date_precision),
        title: overall ? `Rated ${overall.rating.toLowerCase()} overall` : 'Ratings published',
        lines: rows
          .filter((r) => r !== overall)
          .map((r) => ({ label: r.scope === 'service' ? `${serviceName(r.name, names)}${r.key_question ? `: ${r.key_question}` : ''}` : r.name, tag: ratingTag(r.rating) })),
        reportLinkId: first.report_link_id,
      };
    })
    .sort((a, b) => b.iso.localeCompare(a.iso));
}

export function buildLocationPage(d: LocationDetail, today: string): LocationPageView {
  const l = d.location;
  const o = d.organisation;
  const names = serviceNameMap(l.document);
  const current = d.ratings.filter((r) => r.current);
  const overallRow = current.find((r) => r.scope === 'overall');
  const summarise = (r: RatingRow) => summariseRating(r.rating, r.report_date, r.date_precision, l, today);
  const kqs = CQC_KEY_QUESTION_NAMES.map((name) => {
    const r = current.find((x) => x.scope === 'key_question' && x.name === name);
    return { name, rating: r ? summarise(r) : null };
  });
  const serviceRows = current.filter((r) => r.scope === 'service');
  const serviceIds = [...new Set(serviceRows.map((r) => r.name))];
  const services = serviceIds
    .map((id) => {
      const rows = serviceRows.filter((r) => r.name === id);
      const overall = rows.find((r) => !r.key_question) ?? rows[0];
      return {
        name: serviceName(id, names),
        rating: summarise(overall as RatingRow),
        keyQuestions: rows.filter((r) => r.key_question).map((r) => ({ name: r.key_question, tag: ratingTag(r.rating) })),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const address = [o.address_line1, o.address_line2, o.town, o.county, o.postcode].filter(Boolean).map((s) => escapeHtml(s as string));
  const providerHtml = d.provider
    ? d.provider.inRegister
      ? `<a class="govuk-link" href="/providers/${encodeURIComponent(d.provider.providerId)}">${escapeHtml(d.provider.name)}</a>`
      : `${escapeHtml(d.provider.name === d.provider.providerId ? `Provider ${d.provider.providerId}` : d.provider.name)} (not in the register yet)`
    : null;
  const registration =
    l.registration_status === 'Deregistered'
      ? `Deregistered${l.deregistration_date ? ` on ${formatDate(l.deregistration_date)}` : ''}`
      : `${l.registration_status ?? 'Registered'}${l.registration_date ? ` since ${formatDate(l.registration_date)}` : ''}`;
  const details: DetailsRow[] = [
    ...(address.length ? [{ key: { text: 'Address' }, value: { html: address.join('<br>') } }] : []),
    ...row('Phone', o.phone),
    ...(o.website ? [{ key: { text: 'Website' }, value: { text: o.website } }] : []),
    ...(providerHtml ? [{ key: { text: 'Provider' }, value: { html: providerHtml } }] : []),
    ...row('Registered manager', registeredManager(l.document)),
    ...row('Registration', registration),
    ...row('Type of service', l.type),
    ...row('Care home', l.care_home === null ? null : l.care_home ? `Yes${l.number_of_beds ? ` (${l.number_of_beds} beds)` : ''}` : 'No'),
    ...row('Inspection category', l.primary_inspection_category),
    ...row('Local authority', l.local_authority),
    ...row('Region', l.region),
    ...row('Integrated care board', l.icb_name),
    ...row('Location ID', l.location_id),
    ...(l.ods_code && l.ods_code !== l.location_id ? row('ODS code', l.ods_code) : []),
  ];
  const isRated = (RATINGS as readonly string[]).includes(overallRow?.rating ?? '');
  return {
    pageTitle: `${l.name} – Find a service`,
    name: l.name,
    caption: [l.type, l.town].filter(Boolean).join(', '),
    deregistered: l.registration_status === 'Deregistered',
    details,
    overall: overallRow ? summarise(overallRow) : null,
    ratedPerService: !isRated && services.length > 0,
    keyQuestions: kqs,
    hasKeyQuestions: kqs.some((k) => k.rating),
    services,
    serviceTypes: l.service_types,
    regulatedActivities: l.regulated_activities,
    specialisms: l.specialisms,
    history: history(d.ratings, names),
    latestReport: latestInspectorateReport(d.reports),
    reports: d.reports.map((r) => ({
      dateText: formatDate(r.report_date),
      type: r.report_type ? `${r.report_type} report` : 'Report',
      firstVisitText: r.first_visit_date ? `Inspection started ${formatDate(r.first_visit_date)}` : null,
      href: r.source === 'inspectorate' ? publicReportPath(encodeURIComponent(r.link_id)) : `https://www.cqc.org.uk/location/${encodeURIComponent(l.location_id)}/reports`,
    })),
  };
}

export interface ProviderPageView {
  pageTitle: string;
  name: string;
  details: DetailsRow[];
  countText: string;
  locations: { href: string; name: string; address: string; type: string | null; deregistered: boolean; rating: RatingSummary | null }[];
}

export function buildProviderPage(d: ProviderDetail, today: string): ProviderPageView {
  const p = d.provider;
  const o = d.organisation;
  const address = [o.address_line1, o.address_line2, o.town, o.county, o.postcode].filter(Boolean).map((s) => escapeHtml(s as string));
  const registered = d.locations.filter((l) => l.registration_status !== 'Deregistered').length;
  return {
    pageTitle: `${p.name} – Find a service`,
    name: p.name,
    details: [
      ...(address.length ? [{ key: { text: 'Address' }, value: { html: address.join('<br>') } }] : []),
      ...row('Phone', o.phone),
      ...row('Website', o.website),
      ...row('Registration', p.registration_status === 'Deregistered' ? `Deregistered${p.deregistration_date ? ` on ${formatDate(p.deregistration_date)}` : ''}` : `${p.registration_status ?? 'Registered'}${p.registration_date ? ` since ${formatDate(p.registration_date)}` : ''}`),
      ...row('Type of provider', p.type),
      ...row('Ownership', p.ownership_type),
      ...row('Companies House number', p.companies_house_number),
      ...row('Brand', p.brand_name),
      ...row('Provider ID', p.provider_id),
    ],
    countText: `${d.locations.length} ${d.locations.length === 1 ? 'location' : 'locations'} (${registered} registered)`,
    locations: d.locations.map((l) => ({
      href: locationPath(encodeURIComponent(l.location_id)),
      name: l.name,
      address: [l.town, l.postcode].filter(Boolean).join(', '),
      type: l.type,
      deregistered: l.registration_status === 'Deregistered',
      rating: l.overall_rating ? summariseRating(l.overall_rating, l.overall_rating_date, l.overall_rating_date_precision, l, today) : null,
    })),
  };
}

/**
 * The registered manager named in the register's record (CQC's location document lists them under
 * each regulated activity's contacts with the role "Registered Manager"); null when not known.
 */
export function registeredManager(document: unknown): string | null {
  const doc = document as { regulatedActivities?: { contacts?: { personTitle?: string; personGivenName?: string; personFamilyName?: string; personRoles?: string[] }[] }[] } | null;
  const names = new Set<string>();
  for (const a of doc?.regulatedActivities ?? []) {
    for (const c of a.contacts ?? []) {
      if (!(c.personRoles ?? []).some((r) => /registered manager/i.test(r))) continue;
      const name = [c.personTitle, c.personGivenName, c.personFamilyName].map((x) => x?.trim()).filter(Boolean).join(' ');
      if (name) names.add(name);
    }
  }
  return names.size ? [...names].join(', ') : null;
}

/** The newest report published here (issue 16: linked as a web page and a PDF near the top of the page). */
function latestInspectorateReport(reports: readonly { source: string; link_id: string; report_date: string | null }[]): { href: string; pdfHref: string | null; dateText: string; linkId: string } | null {
  const r = [...reports].filter((x) => x.source === 'inspectorate' && x.report_date).sort((a, b) => (b.report_date ?? '').localeCompare(a.report_date ?? ''))[0];
  if (!r) return null;
  return { linkId: r.link_id, href: publicReportPath(encodeURIComponent(r.link_id)), pdfHref: publicReportPdfPath(encodeURIComponent(r.link_id)), dateText: formatDate(r.report_date) };
}
