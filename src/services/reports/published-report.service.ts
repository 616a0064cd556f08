/**
 * Reading a published report: the public page and PDF (no sign-in, published reports only:
 * a draft is "not found"), and the read function for action plans (issue #8).
 */
import type { Executor } from '../../data/database.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { INSPECTION_KIND_LABELS, type InspectionKind } from '../../domain/inspection/inspection-model.js';
import type { ReportSection } from '../../domain/reports/report-sections.js';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { subjectNames } from '../inspections/inspection-detail.js';
import { currentSections } from './report-common.js';

export interface PublishedRating {
  subject: string;
  rating: string;
  /** Its own date: the publication date for a new rating, the earlier date for a carried-forward one. */
  date: string | null;
  source: string;
  explanation: string[];
}

export interface PublishedBreach {
  id: string;
  regulation: string;
  paragraph: string | null;
  regulationTitle: string;
  keyQuestion: string | null;
  description: string;
  enforcement: { actionId: string; kind: string; kindName: string; state: string; issuedOn: string | null }[];
}

export interface PublishedRecommendation {
  id: string;
  position: number;
  strength: 'must' | 'should';
  text: string;
  organisationId: string | null;
  organisationName: string;
  serviceName: string | null;
  regulatorMayDirect: boolean;
  directionNote: string | null;
  reportBreachId: string | null;
  /** The wording the factual accuracy reviewer replaced (a tracked change on the staff and factual accuracy pages), or null. */
  originalText: string | null;
}

export interface PublishedReport {
  report: InspectionReportRow;
  inspection: { id: string; reference: string; kind: string; kindLabel: string; fieldworkStart: string; fieldworkEnd: string; subjectName: string; subjectType: string };
  /** The register location id (for the link back to the location page), if the subject is on the register. */
  locationId: string | null;
  /** The service's address, one line (issue 16: on the report and every PDF page). */
  address: string | null;
  sections: ReportSection[];
  ratings: PublishedRating[];
  breaches: PublishedBreach[];
  recommendations: PublishedRecommendation[];
}

type RatingRow = { subject: string; rating: string; rating_date: string | null; source: string; explanation: string[] };

/** The ratings a version published: its own snapshot when a review of ratings replaced it, else the report's current ratings. */
async function ratingsOfVersion(db: Executor, reportId: string, version: number): Promise<RatingRow[]> {
  const kept = await db.selectFrom('report_versions').select('ratings').where('report_id', '=', reportId).where('version', '=', version).executeTakeFirst();
  if (kept?.ratings) return kept.ratings as RatingRow[];
  return db.selectFrom('report_ratings').selectAll().where('report_id', '=', reportId).orderBy('position').execute();
}

/** Earlier published versions of a report (replaced after a review of ratings), oldest first. */
export async function earlierPublishedVersions(db: Executor, reportId: string): Promise<{ version: number; publishedOn: string }[]> {
  const rows = await db.selectFrom('report_versions').select(['version', 'published_on']).where('report_id', '=', reportId).where('ratings', 'is not', null).where('published_on', 'is not', null).orderBy('version').execute();
  return rows.map((r) => ({ version: r.version, publishedOn: r.published_on! }));
}

async function assemble(db: Executor, report: InspectionReportRow, version: number): Promise<PublishedReport> {
  const inspection = await db.selectFrom('inspections').selectAll().where('id', '=', report.inspection_id).executeTakeFirstOrThrow();
  const names = await subjectNames(db, [inspection]);
  const location = inspection.subject_organisation_id ? await db.selectFrom('register_locations').select('location_id').where('organisation_id', '=', inspection.subject_organisation_id).executeTakeFirst() : undefined;
  const org = inspection.subject_organisation_id ? await db.selectFrom('organisations').select(['address_line1', 'address_line2', 'town', 'county', 'postcode']).where('id', '=', inspection.subject_organisation_id).executeTakeFirst() : undefined;
  const address = org ? [org.address_line1, org.address_line2, org.town, org.county, org.postcode].map((x) => x?.trim()).filter(Boolean).join(', ') || null : null;
  const [sections, ratings, breaches, recommendations] = await Promise.all([
    currentSections(db, report, version),
    ratingsOfVersion(db, report.id, version),
    db.selectFrom('report_breaches').selectAll().where('report_id', '=', report.id).orderBy('position').execute(),
    db.selectFrom('report_recommendations').selectAll().where('report_id', '=', report.id).orderBy('position').execute(),
  ]);
  return {
    report,
    inspection: {
      id: inspection.id,
      reference: inspection.reference,
      kind: inspection.kind,
      kindLabel: INSPECTION_KIND_LABELS[inspection.kind as InspectionKind] ?? 'Inspection',
      fieldworkStart: inspection.fieldwork_start,
      fieldworkEnd: inspection.fieldwork_end,
      subjectName: names.get(inspection.id) ?? '',
      subjectType: inspection.subject_type,
    },
    locationId: location?.location_id ?? null,
    address,
    sections,
    ratings: ratings.map((r) => ({ subject: r.subject, rating: r.rating, date: r.rating_date ?? report.publication_date, source: r.source, explanation: r.explanation })),
    breaches: breaches.map((b) => ({ id: b.id, regulation: b.regulation, paragraph: b.paragraph, regulationTitle: b.regulation_title, keyQuestion: b.key_question, description: b.description, enforcement: (b.enforcement as PublishedBreach['enforcement']) ?? [] })),
    recommendations: recommendations.map((x) => ({ id: x.id, position: x.position, strength: x.strength as 'must' | 'should', text: x.text, organisationId: x.organisation_id, organisationName: x.organisation_name, serviceName: x.service_name, regulatorMayDirect: x.regulator_may_direct, directionNote: x.direction_note, reportBreachId: x.report_breach_id, originalText: x.original_text && x.original_text !== x.text ? x.original_text : null })),
  };
}

/** The public report by its link id. Anything not yet published does not exist for the public. */
export async function getPublicReport(ctx: Pick<ServiceContext, 'db'>, linkId: string, version?: number): Promise<PublishedReport> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(linkId)) throw new NotFoundError('No report found');
  const report = await ctx.db.selectFrom('inspection_reports').selectAll().where('link_id', '=', linkId).where('stage', '=', 'published').executeTakeFirst();
  if (!report || report.published_version === null) throw new NotFoundError('No report found');
  if (version !== undefined && version !== report.published_version) {
    // Only a version that was itself published (and later replaced) can be read.
    if (!(await earlierPublishedVersions(ctx.db, report.id)).some((v) => v.version === version)) throw new NotFoundError('No report found');
    return assemble(ctx.db, report, version);
  }
  return assemble(ctx.db, report, report.published_version);
}

/**
 * For action plans (issue #8): the published report of an inspection with its recommendations and
 * breaches, or null until it is published. No authorisation here: check access first.
 */
export async function getPublishedReportForInspection(db: Executor, inspectionId: string): Promise<PublishedReport | null> {
  const report = await db.selectFrom('inspection_reports').selectAll().where('inspection_id', '=', inspectionId).where('stage', '=', 'published').executeTakeFirst();
  if (!report || report.published_version === null) return null;
  return assemble(db, report, report.published_version);
}

/** Any version of a report for the team's preview (same shape as the published one). */
export async function assembleReport(db: Executor, report: InspectionReportRow, version: number): Promise<PublishedReport> {
  return assemble(db, report, version);
}
