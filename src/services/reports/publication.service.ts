/**
 * Publication, in ONE transaction: the report and its ratings become current on the public
 * register (location page, rating history, /public/v1 location and the changes feed), each key
 * question keeping its own date; the PDF is queued in the same transaction. Before this nothing
 * about the draft is written to any public table, which is the embargo.
 * Also the organisation's short public response statement.
 */
import { PLATFORM_RATING_SOURCE } from '../../domain/register/rating-precedence.js';
import { sql } from 'kysely';
import type { Trx } from '../../data/database.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { cqcKeyQuestionName, isKeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { INSPECTION_KIND_LABELS, type InspectionKind } from '../../domain/inspection/inspection-model.js';
import { publicationTiming } from '../../domain/inspection/publication-timing.js';
import { formatLongDate } from '../../domain/deadlines/calendar-date.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { checkPersonalData, personalDataBlockers } from '../../domain/reports/personal-data-check.js';
import { moveReport, type ReportStage } from '../../domain/reports/report-stages.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../errors.js';
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import { messageContacts } from '../inspections/inspection-messages.js';
import { assertNoPlaceholders, caseReferences, currentSections, knownPeople, loadReport, moveInspection, openFlags, refreshPersonalDataFlags, requireManager, requireReportApprover, setStage } from './report-common.js';
import { publicReportPath } from '../../domain/shared/app-paths.js';

/** Ratings and reports this platform publishes; a register import never silently replaces them (domain/register/rating-precedence.ts). */
export const REPORT_SOURCE = PLATFORM_RATING_SOURCE;
export const MAX_RESPONSE_STATEMENT = 1500;

/**
 * Publishes the report. Before fieldwork has ended (its planned end is still to come) it needs a
 * recorded reason, like fieldwork started early; the dates then kept and published are the real ones.
 */
export async function publishReport(ctx: ServiceContext, inspectionId: string, input: { reason?: string | null } = {}): Promise<{ linkId: string; publicationDate: string }> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    await requireReportApprover(trx, access, report, 'report.publish', 'publish the report');
    const moved = moveReport(report.stage as ReportStage, 'publish');
    if (!moved.ok) throw new ConflictError(moved.error, 'wrong_stage');
    const sections = await currentSections(trx, report);
    assertNoPlaceholders(sections, 'published');
    await refreshPersonalDataFlags(trx, report, sections, report.current_version);
    const blockers = personalDataBlockers(await openFlags(trx, report.id));
    if (blockers.length) throw new ConflictError(blockers.join('; '), 'personal_data_unresolved');
    const undecided = await trx.selectFrom('fa_comments').select('id').where('report_id', '=', report.id).where('status', '=', 'submitted').where('decision', 'is', null).execute();
    if (undecided.length) throw new ConflictError('Every factual accuracy comment must be decided before publication', 'comments_undecided');

    const now = ctx.clock.now();
    const publicationDate = londonDate(now);
    const planned = access.inspection;
    const timing = publicationTiming({ today: publicationDate, fieldworkEnd: planned.fieldwork_end, fieldworkEnded: !['planned', 'notified', 'fieldwork'].includes(planned.state), reason: input.reason });
    if (!timing.ok) throw new ValidationError([{ field: timing.field, message: timing.message }]);
    const r = timing.early ? { ...planned, fieldwork_end: timing.fieldworkEnd, fieldwork_start: planned.fieldwork_start > timing.fieldworkEnd ? timing.fieldworkEnd : planned.fieldwork_start } : planned;
    if (timing.early) {
      await trx.updateTable('inspections').set({ fieldwork_start: r.fieldwork_start, fieldwork_end: r.fieldwork_end }).where('id', '=', r.id).execute();
      await addTimelineEvent(trx, ctx, r.id, { kind: 'publish_before_fieldwork_end', summary: `Report published before the planned end of fieldwork (${formatLongDate(planned.fieldwork_end)}): ${input.reason?.trim()}`, visibleToOrganisation: true });
    }
    const registerOrgs = await writeRegister(trx, report, r, publicationDate);
    await trx
      .updateTable('inspection_reports')
      .set({ published_at: now, published_by: access.user.id, publication_date: publicationDate, published_version: report.current_version })
      .where('id', '=', report.id)
      .execute();
    await setStage(trx, ctx, report, r, moved.value);
    await moveInspection(trx, ctx, access, 'publish', { visibleToOrganisation: true });
    await sql`select graphile_worker.add_job('render_report_pdf', json_build_object('reportId', ${report.id}::text), job_key => ${`render_report_pdf:${report.id}`}, max_attempts => 10)`.execute(trx);
    await messageContacts(trx, ctx, r.id, {
      title: `Report published: ${r.reference}`,
      summary: `The report of inspection ${r.reference} is published today. You can add a short public response statement that appears beside it.`,
      link: publicReportPath(report.link_id),
    });
    await recordAudit(trx, ctx, {
      action: 'REPORT_PUBLISHED',
      subjectType: 'inspection_report',
      subjectId: report.id,
      before: { stage: report.stage },
      after: { stage: moved.value, linkId: report.link_id, publicationDate, version: report.current_version, registerOrganisations: registerOrgs, approvedBy: report.approved_by, approvedVersion: report.approved_version, publishedBy: access.user.id, ...(timing.early ? { reason: input.reason?.trim(), plannedFieldworkEnd: planned.fieldwork_end, fieldworkEnd: r.fieldwork_end, explanation: timing.explanation } : {}) },
    });
    return { linkId: report.link_id, publicationDate };
  });
}

/**
 * Before publication the manager sends the report back to the review of factual accuracy comments
 * (for example when publication was refused because a section still holds placeholder text), so the
 * team can finish it and the reviewer can complete the review again.
 */
export async function reopenReview(ctx: ServiceContext, inspectionId: string, reason: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireManager(access, 'send the report back to the factual accuracy review');
    if (!reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Say what must be done before the report can be published' }]);
    const moved = moveReport(report.stage as ReportStage, 'reopen_review');
    if (!moved.ok) throw new ConflictError(moved.error, 'wrong_stage');
    await setStage(trx, ctx, report, access.inspection, moved.value);
    await moveInspection(trx, ctx, access, 'reopen_factual_accuracy', { visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'REPORT_REVIEW_REOPENED', subjectType: 'inspection_report', subjectId: report.id, before: { stage: report.stage }, after: { stage: moved.value, reason: reason.trim() } });
  });
}

/** Writes the report (and, for a location, its new ratings) to the public register. Returns the organisations touched. */
async function writeRegister(trx: Trx, report: InspectionReportRow, inspection: { id: string; kind: string; subject_type: string; subject_organisation_id: string | null; lead_commissioner_id: string | null; fieldwork_start: string; fieldwork_end: string }, publicationDate: string): Promise<string[]> {
  const reportType = INSPECTION_KIND_LABELS[inspection.kind as InspectionKind] ?? 'Inspection';
  const addReport = async (organisationId: string) => {
    await trx
      .insertInto('reports')
      .values({ organisation_id: organisationId, link_id: report.link_id, report_date: publicationDate, report_type: reportType, report_uri: publicReportPath(report.link_id), first_visit_date: inspection.fieldwork_start, source: REPORT_SOURCE })
      .onConflict((oc) => oc.columns(['organisation_id', 'link_id']).doUpdateSet({ report_date: publicationDate }))
      .execute();
  };
  const touched: string[] = [];
  const location = inspection.subject_organisation_id
    ? await trx.selectFrom('register_locations').select(['organisation_id', 'location_id']).where('organisation_id', '=', inspection.subject_organisation_id).forUpdate().executeTakeFirst()
    : undefined;
  if (location) {
    const ratings = await trx.selectFrom('report_ratings').selectAll().where('report_id', '=', report.id).where('source', '=', 'new').execute();
    const overall = ratings.find((x) => x.subject === 'overall');
    const kqNames = ratings.flatMap((x) => (isKeyQuestion(x.subject) ? [cqcKeyQuestionName(x.subject)] : []));
    // The new ratings replace only what this inspection rated: any key question it did not rate keeps its own rating and date.
    await trx
      .updateTable('ratings')
      .set({ current: false, superseded_at: sql`now()` })
      .where('organisation_id', '=', location.organisation_id)
      .where('current', '=', true)
      .where((eb) => eb.or([...(overall ? [eb('scope', '=', 'overall')] : []), ...(kqNames.length ? [eb.and([eb('scope', '=', 'key_question'), eb('name', 'in', kqNames)])] : []), eb.val(false)]))
      .execute();
    for (const x of ratings) {
      const isOverall = x.subject === 'overall';
      await trx
        .insertInto('ratings')
        .values({ organisation_id: location.organisation_id, scope: isOverall ? 'overall' : 'key_question', name: isOverall ? '' : (isKeyQuestion(x.subject) ? cqcKeyQuestionName(x.subject) : x.subject), key_question: '', rating: x.rating, report_date: publicationDate, date_precision: 'day', report_link_id: report.link_id, inherited: false, source: REPORT_SOURCE, current: true })
        .execute();
    }
    await addReport(location.organisation_id);
    await trx
      .updateTable('register_locations')
      .set({
        ...(overall ? { overall_rating: overall.rating, overall_rating_date: publicationDate, overall_rating_date_precision: 'day', overall_report_link_id: report.link_id, overall_inherited: false } : {}),
        last_inspection_date: inspection.fieldwork_end,
        last_report_date: publicationDate,
        last_changed_at: sql`now()`,
      })
      .where('organisation_id', '=', location.organisation_id)
      .execute();
    touched.push(location.organisation_id);
  } else {
    // An area review or a provider-level inspection: the report is listed against every register entry it names.
    const named = await involvedOrganisationIds(trx, inspection);
    if (named.length) {
      const locs = await trx.selectFrom('register_locations').select('organisation_id').where('organisation_id', 'in', named).execute();
      const provs = await trx.selectFrom('register_providers').select('organisation_id').where('organisation_id', 'in', named).execute();
      for (const l of locs) {
        await addReport(l.organisation_id);
        await trx.updateTable('register_locations').set({ last_report_date: publicationDate, last_changed_at: sql`now()` }).where('organisation_id', '=', l.organisation_id).execute();
        touched.push(l.organisation_id);
      }
      for (const p of provs) {
        await addReport(p.organisation_id);
        await trx.updateTable('register_providers').set({ last_changed_at: sql`now()` }).where('organisation_id', '=', p.organisation_id).execute();
        touched.push(p.organisation_id);
      }
    }
  }
  return touched;
}

/** The organisation's short public statement beside the report (the subject or lead commissioner). */
export async function setResponseStatement(ctx: ServiceContext, inspectionId: string, text: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    if (access.side !== 'organisation' || !access.isLeadOrganisation) throw new ForbiddenError('Only the organisation the report is about can add its response statement');
    if (!['publication_ready', 'published'].includes(report.stage)) throw new ConflictError('The response statement can be added once the factual accuracy check is complete', 'wrong_stage');
    const statement = text?.replace(/\r\n/g, '\n').trim() ?? '';
    if (!statement) throw new ValidationError([{ field: 'statement', message: 'Enter your response statement' }]);
    if (statement.length > MAX_RESPONSE_STATEMENT) throw new ValidationError([{ field: 'statement', message: `Your response statement must be ${MAX_RESPONSE_STATEMENT} characters or fewer (it has ${statement.length})` }]);
    const findings = checkPersonalData({ sections: [{ key: 'response', heading: 'Response', level: 2, body: statement }], knownPeople: await knownPeople(trx, report), caseReferences: await caseReferences(trx, report.inspection_id) });
    const identifying = findings.filter((f) => f.personCategory === 'person_using_services' || f.personCategory === 'family' || ['case_reference', 'nhs_number', 'date_of_birth'].includes(f.kind));
    if (identifying.length) throw new ValidationError([{ field: 'statement', message: `Your statement must not identify people who use services: remove "${identifying[0]!.matched}"` }]);
    await trx.updateTable('inspection_reports').set({ response_statement: statement, response_statement_by: access.user.id, response_statement_at: ctx.clock.now(), updated_at: ctx.clock.now() }).where('id', '=', report.id).execute();
    // A published report's page changes: tell the public pages' cache (the reports row is watched).
    if (report.stage === 'published') await trx.updateTable('reports').set({ report_date: report.publication_date }).where('link_id', '=', report.link_id).execute();
    await recordAudit(trx, ctx, { action: 'REPORT_RESPONSE_STATEMENT_SET', subjectType: 'inspection_report', subjectId: report.id, before: { statement: report.response_statement }, after: { statement } });
  });
}
