/**
 * The draft report: built from the approved judgement, edited section by section (every save a
 * new version), recommendations, and the personal-data check. One transaction per use case.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { loadReportSource } from '../../data/repositories/report-source.repository.js';
import type { Trx } from '../../data/database.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { enforcementPower, isBreachAction } from '../../domain/enforcement/enforcement-powers.data.js';
import { qualityStatement } from '../../domain/framework/quality-statements.data.js';
import { findRegulation } from '../../domain/framework/regulations.data.js';
import { isKeyQuestion, KEY_QUESTIONS, parseKeyQuestions, type KeyQuestion } from '../../domain/vocabulary/key-questions.js';
import { INSPECTION_KIND_LABELS, type InspectionKind } from '../../domain/inspection/inspection-model.js';
import { isRating } from '../../domain/vocabulary/ratings.js';
import { checkResolution, PERSON_CATEGORIES, type KnownPerson, type PdKind, type PdResolution, type PersonCategory } from '../../domain/reports/personal-data-check.js';
import { diffVersions, type VersionDiff } from '../../domain/reports/report-diff.js';
import { replaceSection, type ReportSection } from '../../domain/reports/report-sections.js';
import { addSection, buildStructuredDraft, caseTrackingSection, findStructure, removeAddedSection, structureFor } from '../../domain/reports/report-structures.js';
import { checkReviewer } from '../../domain/reports/factual-accuracy.js';
import { loadTrackingSummary } from '../fieldwork/case-tracking.service.js';
import type { ReportStage } from '../../domain/reports/report-stages.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { subjectNames } from '../inspections/inspection-detail.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { currentSections, findReport, loadReport, loadReportAccess, refreshPersonalDataFlags, requireReportEditor, requireStage, setStage } from './report-common.js';

/** Stages in which the text may be edited: drafting, and review of factual accuracy comments (to make accepted changes). */
export const EDITABLE_STAGES: readonly ReportStage[] = ['drafting', 'fa_review'];


export async function createDraftReport(ctx: ServiceContext, inspectionId: string): Promise<InspectionReportRow> {
  return inTransaction(ctx, async (trx) => {
    const access = await loadReportAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'start the draft report');
    const r = access.inspection;
    if (await findReport(trx, r.id)) throw new ConflictError('This inspection already has a draft report', 'report_exists');
    if (r.state !== 'draft_report') throw new ConflictError('The draft report can be started once the judgement is approved (the inspection is at draft report)', 'wrong_state');
    const source = await loadReportSource(trx, r.id);
    if (!source.judgementApproved) throw new ConflictError('The judgement must be approved before the report is drafted', 'judgement_not_approved');
    const subjectName = (await subjectNames(trx, [r])).get(r.id) ?? '';
    const scopeKqs = parseKeyQuestions(r.key_questions);
    const breaches = source.breaches.map((b) => ({
      ...b,
      regulationTitle: findRegulation(b.regulation)?.title ?? `Regulation ${b.regulation}`,
      enforcement: b.actions.map((a) => ({ ...a, kindName: isBreachAction(a.kind) || a.kind === 'letter-of-intent' ? safePowerName(a.kind) : a.kind })),
    }));
    const structure = structureFor(r.kind);
    const tracking = await loadTrackingSummary(trx, r.id);
    const sections = buildStructuredDraft(structure, {
      caseTracking: tracking.reportText,
      subjectName,
      kindLabel: INSPECTION_KIND_LABELS[r.kind as InspectionKind] ?? 'Inspection',
      fieldworkStart: r.fieldwork_start,
      fieldworkEnd: r.fieldwork_end,
      keyQuestions: scopeKqs,
      ratings: source.ratings.filter((x) => (x.subject === 'overall' || isKeyQuestion(x.subject)) && isRating(x.rating)).map((x) => ({ subject: x.subject as KeyQuestion | 'overall', rating: x.rating, explanation: x.explanation, ratingDate: x.ratingDate })),
      statements: source.statements.map((s) => {
        const qs = qualityStatement(s.code);
        const quotes = s.evidence.filter((e) => e.type === 'person_conversation' || e.type === 'staff_conversation').map((e) => e.body).slice(0, 4);
        const findings = s.evidence.filter((e) => e.type !== 'person_conversation' && e.type !== 'staff_conversation').map((e) => e.body).slice(0, 4);
        return { code: s.code, name: qs?.name ?? s.code, keyQuestion: qs?.keyQuestion ?? 'safe', score: s.score, rationale: s.rationale || null, findings, quotes };
      }),
      breaches: breaches.map((b) => ({ regulation: b.regulation, paragraph: b.paragraph, regulationTitle: b.regulationTitle, keyQuestion: b.keyQuestion, description: b.description, enforcement: b.enforcement })),
    });
    const now = ctx.clock.now();
    const user = access.user;
    const report = await trx
      .insertInto('inspection_reports')
      .values({ inspection_id: r.id, link_id: randomUUID(), stage: 'drafting', owner_label: 'Lead inspector', stage_entered_at: now, current_version: 1, structure: structure.id, created_by: user.id, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('report_versions').values({ report_id: report.id, version: 1, sections: JSON.stringify(sections), changed_section: null, note: `Built from the approved judgement in the structure ${structure.id}`, saved_by: user.id, saved_at: now }).execute();
    let position = 0;
    for (const rating of source.ratings) {
      if (rating.subject !== 'overall' && !isKeyQuestion(rating.subject)) continue;
      // Kinds that are not rated (area reviews, joint inspections) publish findings, not ratings.
      if (!isRating(rating.rating)) continue;
      const assessed = rating.subject === 'overall' || scopeKqs.length === 0 || scopeKqs.includes(rating.subject as KeyQuestion);
      await trx
        .insertInto('report_ratings')
        .values({ report_id: report.id, subject: rating.subject, rating: rating.rating, rating_date: assessed ? null : rating.ratingDate, source: assessed ? 'new' : 'carried-forward', explanation: rating.explanation, position: rating.subject === 'overall' ? 0 : 1 + KEY_QUESTIONS.indexOf(rating.subject as KeyQuestion) })
        .execute();
    }
    const subjectOrg = r.subject_organisation_id ? await trx.selectFrom('organisations').select(['id', 'name']).where('id', '=', r.subject_organisation_id).executeTakeFirst() : undefined;
    for (const b of breaches) {
      const row = await trx
        .insertInto('report_breaches')
        .values({ report_id: report.id, breach_id: b.id, regulation: b.regulation, paragraph: b.paragraph, regulation_title: b.regulationTitle, key_question: b.keyQuestion, description: b.description, enforcement: JSON.stringify(b.enforcement.map((e) => ({ actionId: e.id, kind: e.kind, kindName: e.kindName, state: e.state, issuedOn: e.issuedOn }))), position: position++ })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (subjectOrg) {
        await trx
          .insertInto('report_recommendations')
          .values({ report_id: report.id, position, strength: 'must', text: `Meet the requirements of Regulation ${b.regulation} (${b.regulationTitle}): ${b.description}`, organisation_id: subjectOrg.id, organisation_name: subjectOrg.name, regulator_may_direct: true, report_breach_id: row.id })
          .execute();
      }
    }
    await setStage(trx, ctx, report, r, 'drafting');
    await refreshPersonalDataFlags(trx, report, sections, 1);
    await addTimelineEvent(trx, ctx, r.id, { kind: 'report_drafted', summary: 'Draft report started from the approved judgement', visibleToOrganisation: false });
    await recordAudit(trx, ctx, { action: 'REPORT_DRAFT_CREATED', subjectType: 'inspection_report', subjectId: report.id, after: { inspectionId: r.id, structure: structure.id, sections: sections.map((s) => s.key) } });
    return (await findReport(trx, r.id))!;
  });
}

function safePowerName(kind: string): string {
  try {
    return enforcementPower(kind as never).name;
  } catch {
    return kind.replace(/-/g, ' ');
  }
}

export interface SaveSectionInput {
  sectionKey: string;
  body: string;
  /** The version the editor started from: a stale one is refused, nothing is lost. */
  basedOnVersion: number;
  note?: string | null;
}

export async function saveSection(ctx: ServiceContext, inspectionId: string, input: SaveSectionInput): Promise<{ version: number; sections: ReportSection[] }> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    if (!access.isReviewer || report.stage !== 'fa_review') requireReportEditor(access);
    requireStage(report, EDITABLE_STAGES, 'The report can be edited while it is being drafted, or while factual accuracy comments are reviewed. Return it to drafting first.');
    if (input.basedOnVersion !== report.current_version) {
      throw new ConflictError(`Someone saved version ${report.current_version} since you opened version ${input.basedOnVersion}. Your text is below: copy it, reload the section and save again.`, 'edit_conflict');
    }
    const sections = await currentSections(trx, report);
    const next = replaceSection(sections, input.sectionKey, input.body);
    if (!next.ok) throw new ValidationError([next.error]);
    const version = report.current_version + 1;
    const now = ctx.clock.now();
    await trx.insertInto('report_versions').values({ report_id: report.id, version, sections: JSON.stringify(next.value), changed_section: input.sectionKey, note: input.note?.trim() || null, saved_by: access.user.id, saved_at: now }).execute();
    await trx.updateTable('inspection_reports').set({ current_version: version, updated_at: now, version: sql`version + 1` }).where('id', '=', report.id).execute();
    await refreshPersonalDataFlags(trx, { ...report, current_version: version }, next.value, version);
    const before = sections.find((s) => s.key === input.sectionKey)?.body;
    await recordAudit(trx, ctx, { action: 'REPORT_SECTION_SAVED', subjectType: 'inspection_report', subjectId: report.id, before: { version: report.current_version, body: before }, after: { version, section: input.sectionKey, body: input.body.trim() } });
    return { version, sections: next.value };
  });
}

/** A new version with a section added to one of the structure's groups (or an added section removed). */
async function changeSections(ctx: ServiceContext, inspectionId: string, basedOnVersion: number, change: (sections: ReportSection[], structureId: string | null) => { sections: ReportSection[]; key: string; audit: string; note: string }): Promise<{ version: number; key: string }> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'change the sections of the report');
    requireStage(report, EDITABLE_STAGES, 'Sections can be added or removed while the report is being drafted, or while factual accuracy comments are reviewed.');
    if (basedOnVersion !== report.current_version) throw new ConflictError(`Someone saved version ${report.current_version} since you opened version ${basedOnVersion}. Reload the report and try again.`, 'edit_conflict');
    const sections = await currentSections(trx, report);
    const next = change(sections, report.structure);
    const version = report.current_version + 1;
    const now = ctx.clock.now();
    await trx.insertInto('report_versions').values({ report_id: report.id, version, sections: JSON.stringify(next.sections), changed_section: next.key, note: next.note, saved_by: access.user.id, saved_at: now }).execute();
    await trx.updateTable('inspection_reports').set({ current_version: version, updated_at: now, version: sql`version + 1` }).where('id', '=', report.id).execute();
    await refreshPersonalDataFlags(trx, { ...report, current_version: version }, next.sections, version);
    await recordAudit(trx, ctx, { action: next.audit, subjectType: 'inspection_report', subjectId: report.id, before: { version: report.current_version }, after: { version, section: next.key, note: next.note } });
    return { version, key: next.key };
  });
}

export async function addReportSection(ctx: ServiceContext, inspectionId: string, input: { group: string; heading: string; basedOnVersion: number }): Promise<{ version: number; key: string }> {
  return changeSections(ctx, inspectionId, input.basedOnVersion, (sections, structureId) => {
    const added = addSection(findStructure(structureId), sections, input.group, input.heading ?? '');
    if (!added.ok) throw new ValidationError([added.error]);
    const heading = added.value.sections.find((s) => s.key === added.value.key)!.heading;
    return { sections: added.value.sections, key: added.value.key, audit: 'REPORT_SECTION_ADDED', note: `Section "${heading}" added` };
  });
}

export async function removeReportSection(ctx: ServiceContext, inspectionId: string, input: { sectionKey: string; basedOnVersion: number }): Promise<{ version: number; key: string }> {
  return changeSections(ctx, inspectionId, input.basedOnVersion, (sections) => {
    const heading = sections.find((s) => s.key === input.sectionKey)?.heading;
    const removed = removeAddedSection(sections, input.sectionKey);
    if (!removed.ok) throw new ValidationError([removed.error]);
    return { sections: removed.value, key: input.sectionKey, audit: 'REPORT_SECTION_REMOVED', note: `Section "${heading}" removed` };
  });
}

/**
 * "Cases we tracked" is written from the case-tracking summary when the draft starts. The team
 * rewrites it from the current summary (for example after editing it by hand, or once findings were
 * corrected): a new version like any save, audited. Nothing is saved when it already says the same.
 */
export async function refreshCaseTrackingSection(ctx: ServiceContext, inspectionId: string, input: { basedOnVersion: number }): Promise<{ version: number; changed: boolean }> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'rewrite the section on the cases tracked');
    requireStage(report, EDITABLE_STAGES, 'The section can be rewritten while the report is being drafted, or while factual accuracy comments are reviewed.');
    const def = caseTrackingSection(findStructure(report.structure));
    if (!def) throw new ConflictError('This report has no section written from case tracking', 'no_case_tracking_section');
    if (input.basedOnVersion !== report.current_version) throw new ConflictError(`Someone saved version ${report.current_version} since you opened version ${input.basedOnVersion}. Reload the report and try again.`, 'edit_conflict');
    const sections = await currentSections(trx, report);
    const section = sections.find((s) => s.key === def.key);
    if (!section) throw new ConflictError(`The report no longer has the section "${def.heading}"`, 'no_case_tracking_section');
    const tracking = await loadTrackingSummary(trx, report.inspection_id);
    if (!tracking.reportText) throw new ValidationError([{ field: 'refresh', message: `No case has been tracked, so "${def.heading}" cannot be written from case tracking: write it yourself` }]);
    if (tracking.reportText.trim() === section.body.trim()) return { version: report.current_version, changed: false };
    const next = replaceSection(sections, def.key, tracking.reportText);
    if (!next.ok) throw new ValidationError([{ field: 'refresh', message: next.error.message }]);
    const version = report.current_version + 1;
    const now = ctx.clock.now();
    const note = `"${def.heading}" rewritten from the case-tracking summary`;
    await trx.insertInto('report_versions').values({ report_id: report.id, version, sections: JSON.stringify(next.value), changed_section: def.key, note, saved_by: access.user.id, saved_at: now }).execute();
    await trx.updateTable('inspection_reports').set({ current_version: version, updated_at: now, version: sql`version + 1` }).where('id', '=', report.id).execute();
    await refreshPersonalDataFlags(trx, { ...report, current_version: version }, next.value, version);
    await recordAudit(trx, ctx, { action: 'REPORT_CASE_TRACKING_REFRESHED', subjectType: 'inspection_report', subjectId: report.id, before: { version: report.current_version, body: section.body }, after: { version, section: def.key, body: tracking.reportText } });
    return { version, changed: true };
  });
}

/**
 * During the review of factual accuracy comments, the reviewer changes a recommendation's wording
 * to make an accepted change. The wording it replaced is kept and shown struck through.
 */
export async function reviseRecommendationWording(ctx: ServiceContext, inspectionId: string, recommendationId: string, input: { text: string; commentId: string }): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    if (access.side !== 'regulator') throw new ForbiddenError('Only a factual accuracy reviewer can change a recommendation during the factual accuracy check');
    const onTeam = !!(await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', access.inspection.id).where('user_id', '=', access.user.id).executeTakeFirst());
    const reviewer = checkReviewer({ role: access.user.role, onInspectionTeam: onTeam });
    if (!reviewer.ok) throw new ForbiddenError(reviewer.error);
    requireStage(report, ['fa_review'], 'A recommendation’s wording is changed this way while factual accuracy comments are reviewed');
    if (!isUuidLike(recommendationId)) throw new NotFoundError('No such recommendation');
    const rec = await trx.selectFrom('report_recommendations').selectAll().where('report_id', '=', report.id).where('id', '=', recommendationId).executeTakeFirst();
    if (!rec) throw new NotFoundError('No such recommendation');
    const problems: { field: string; message: string }[] = [];
    const text = (input.text ?? '').replace(/\s+/g, ' ').trim();
    if (!text) problems.push({ field: 'text', message: 'Enter the new wording of the recommendation' });
    else if (text === rec.text) problems.push({ field: 'text', message: 'The wording has not changed' });
    const comment = isUuidLike(input.commentId) ? await trx.selectFrom('fa_comments').select(['id', 'decision']).where('report_id', '=', report.id).where('id', '=', input.commentId).where('status', '=', 'submitted').executeTakeFirst() : undefined;
    if (!comment) problems.push({ field: 'commentId', message: 'Choose the factual accuracy comment this change answers' });
    else if (comment.decision !== 'accepted' && comment.decision !== 'partly_accepted') problems.push({ field: 'commentId', message: 'Accept (or partly accept) the comment before changing the recommendation' });
    if (problems.length) throw new ValidationError(problems);
    const now = ctx.clock.now();
    await trx
      .updateTable('report_recommendations')
      .set({ text, original_text: rec.original_text ?? rec.text, text_changed_by: access.user.id, text_changed_at: now, text_change_comment_id: comment!.id, updated_at: now })
      .where('id', '=', rec.id)
      .execute();
    await recordAudit(trx, ctx, { action: 'REPORT_RECOMMENDATION_REWORDED', subjectType: 'inspection_report', subjectId: report.id, before: { id: rec.id, text: rec.text }, after: { id: rec.id, text, commentId: comment!.id } });
  });
}

const isUuidLike = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v ?? '');

export async function listVersions(ctx: ServiceContext, inspectionId: string) {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  requireRegulator(access);
  return ctx.db
    .selectFrom('report_versions as v')
    .leftJoin('users as u', 'u.id', 'v.saved_by')
    .select(['v.version', 'v.changed_section', 'v.note', 'v.saved_at', 'u.name as saved_by_name'])
    .where('v.report_id', '=', report.id)
    .orderBy('v.version', 'desc')
    .execute();
}

function requireRegulator(access: { side: string }): void {
  if (access.side !== 'regulator') throw new NotFoundError('No report found');
}

export async function compareVersions(ctx: ServiceContext, inspectionId: string, from: number, to: number): Promise<VersionDiff & { from: number; to: number }> {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  requireRegulator(access);
  const [a, b] = await Promise.all([currentSections(ctx.db, report, from), currentSections(ctx.db, report, to)]);
  return { ...diffVersions(a, b), from, to };
}

/** People the personal-data check must catch (names of people who use services, their families, staff). */
export async function setKnownPeople(ctx: ServiceContext, inspectionId: string, people: KnownPerson[]): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access);
    const problems = people.flatMap((p, i) => [
      ...(p.name?.trim().length >= 2 ? [] : [{ field: `people[${i}].name`, message: 'Enter the name' }]),
      ...((PERSON_CATEGORIES as readonly string[]).includes(p.category) ? [] : [{ field: `people[${i}].category`, message: 'Choose who the person is' }]),
    ]);
    if (problems.length) throw new ValidationError(problems);
    const clean = people.map((p) => ({ name: p.name.trim(), category: p.category as PersonCategory }));
    await trx.updateTable('inspection_reports').set({ known_people: JSON.stringify(clean), updated_at: ctx.clock.now() }).where('id', '=', report.id).execute();
    await refreshPersonalDataFlags(trx, { ...report, known_people: clean }, await currentSections(trx, report), report.current_version);
    await recordAudit(trx, ctx, { action: 'REPORT_KNOWN_PEOPLE_SET', subjectType: 'inspection_report', subjectId: report.id, after: { count: clean.length } });
  });
}

export async function listPersonalDataFlags(ctx: ServiceContext, inspectionId: string) {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  requireRegulator(access);
  return ctx.db.selectFrom('report_personal_data_flags').selectAll().where('report_id', '=', report.id).orderBy('status').orderBy('section_key').orderBy('matched').execute();
}

export async function resolvePersonalDataFlag(ctx: ServiceContext, inspectionId: string, flagId: string, resolution: PdResolution): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access, 'resolve personal data flags');
    if (report.stage === 'published') throw new ConflictError('The report is published', 'wrong_stage');
    const flag = await trx.selectFrom('report_personal_data_flags').selectAll().where('report_id', '=', report.id).where('id', '=', flagId).executeTakeFirst();
    if (!flag) throw new NotFoundError('No such flag');
    const sections = await currentSections(trx, report);
    const findings = await refreshPersonalDataFlags(trx, report, sections, report.current_version);
    const stillInText = findings.some((f) => f.fingerprint === flag.fingerprint);
    const checked = checkResolution({ kind: flag.kind as PdKind, personCategory: flag.person_category as PersonCategory | null, matched: flag.matched }, resolution, stillInText);
    if (!checked.ok) throw new ValidationError([checked.error]);
    const v = checked.value;
    await trx
      .updateTable('report_personal_data_flags')
      .set({ status: v.status, allow_reason: v.status === 'allowed' ? v.reason : null, resolution_note: v.note ?? null, resolved_by: access.user.id, resolved_at: ctx.clock.now() })
      .where('id', '=', flag.id)
      .execute();
    await recordAudit(trx, ctx, { action: 'REPORT_PERSONAL_DATA_FLAG_RESOLVED', subjectType: 'inspection_report', subjectId: report.id, before: { flag: flag.id, status: flag.status }, after: { status: v.status, reason: v.status === 'allowed' ? v.reason : undefined, note: v.note } });
  });
}

export interface RecommendationInput {
  strength: string;
  text: string;
  organisationId: string;
  serviceName?: string | null;
  reportBreachId?: string | null;
}

/** Adds a recommendation; whether the regulator may direct it comes from the inspection's scope. */
export async function addRecommendation(ctx: ServiceContext, inspectionId: string, input: RecommendationInput): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access);
    requireStage(report, EDITABLE_STAGES, 'Recommendations can be changed while the report is being drafted or factual accuracy comments are reviewed');
    const row = await recommendationRow(trx, access.inspection.id, report.id, input);
    const position = ((await trx.selectFrom('report_recommendations').select(sql<number>`coalesce(max(position), -1)`.as('p')).where('report_id', '=', report.id).executeTakeFirst())?.p ?? -1) + 1;
    const inserted = await trx.insertInto('report_recommendations').values({ ...row, report_id: report.id, position }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'REPORT_RECOMMENDATION_ADDED', subjectType: 'inspection_report', subjectId: report.id, after: { id: inserted.id, ...row } });
    return inserted.id;
  });
}

export async function removeRecommendation(ctx: ServiceContext, inspectionId: string, recommendationId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireReportEditor(access);
    requireStage(report, EDITABLE_STAGES, 'Recommendations can be changed while the report is being drafted or factual accuracy comments are reviewed');
    const gone = await trx.deleteFrom('report_recommendations').where('report_id', '=', report.id).where('id', '=', recommendationId).returningAll().executeTakeFirst();
    if (!gone) throw new NotFoundError('No such recommendation');
    await recordAudit(trx, ctx, { action: 'REPORT_RECOMMENDATION_REMOVED', subjectType: 'inspection_report', subjectId: report.id, before: gone });
  });
}

async function recommendationRow(trx: Trx, inspectionId: string, reportId: string, input: RecommendationInput) {
  const problems = [];
  if (input.strength !== 'must' && input.strength !== 'should') problems.push({ field: 'strength', message: 'Choose "must" or "should"' });
  if (!input.text?.trim()) problems.push({ field: 'text', message: 'Enter the recommendation' });
  const scope = await trx.selectFrom('inspection_scope_services').selectAll().where('inspection_id', '=', inspectionId).execute();
  const inspection = await trx.selectFrom('inspections').select(['subject_organisation_id', 'lead_commissioner_id']).where('id', '=', inspectionId).executeTakeFirstOrThrow();
  const named = new Set([inspection.subject_organisation_id, inspection.lead_commissioner_id, ...scope.map((s) => s.organisation_id)].filter(Boolean));
  const org = named.has(input.organisationId) ? await trx.selectFrom('organisations').select(['id', 'name']).where('id', '=', input.organisationId).executeTakeFirst() : undefined;
  if (!org) problems.push({ field: 'organisationId', message: 'Choose an organisation named on the inspection' });
  const service = input.serviceName ? scope.find((s) => s.service_name === input.serviceName) : undefined;
  if (input.serviceName && !service) problems.push({ field: 'serviceName', message: 'Choose a service in the inspection scope' });
  if (input.reportBreachId && !(await trx.selectFrom('report_breaches').select('id').where('report_id', '=', reportId).where('id', '=', input.reportBreachId).executeTakeFirst())) {
    problems.push({ field: 'reportBreachId', message: 'Choose a breach stated in this report' });
  }
  if (problems.length) throw new ValidationError(problems);
  const orgServices = scope.filter((s) => s.organisation_id === input.organisationId);
  const deciding = service ? [service] : orgServices;
  const mayDirect = deciding.length === 0 || deciding.some((s) => s.recommendations_allowed);
  const note = mayDirect ? null : (deciding.find((s) => s.recommendations_note)?.recommendations_note ?? 'The regulator may not direct this service');
  return {
    strength: input.strength,
    text: input.text.trim(),
    organisation_id: org!.id,
    organisation_name: org!.name,
    service_name: service?.service_name ?? null,
    regulator_may_direct: mayDirect,
    direction_note: note,
    report_breach_id: input.reportBreachId ?? null,
  };
}
