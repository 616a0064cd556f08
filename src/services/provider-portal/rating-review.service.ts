/**
 * Rating review requests (issue 19, item 3). The organisation asks (rules in
 * domain/rating-review/rating-review-rules.ts); an inspection manager decides whether the request
 * meets the grounds (refuse with reasons, or accept) and assigns a reviewer who took no part in
 * the inspection; the reviewer keeps or changes any rating, up or down, recording the process
 * failure found. A change goes to the register the way publication writes it (the old ratings
 * become history, the register row and changes feed move) and into the report's ratings with the
 * review appended to each changed rating's explanation. While a review is open the public
 * location page says so.
 */
import { requireAllowed } from '../access.js';
import { allows } from '../../domain/access/permissions.js';
import { sql } from 'kysely';
import type { Db, Trx } from '../../data/database.js';
import type { RatingReviewRequestRow } from '../../data/tables/provider-portal.tables.js';
import { londonDate } from '../../domain/deadlines/london-time.js';
import { computeDeadline } from '../../domain/deadlines/statutory-deadlines.js';
import { checkReviewer, checkReviewRequest, REVIEW_CAPACITIES, REVIEW_CAPACITY_LABELS, reviewOrganisationKind, type ReviewCapacity, type ReviewOrganisationKind } from '../../domain/rating-review/rating-review-rules.js';
import { RATINGS } from '../../domain/vocabulary/ratings.js';
import { cqcKeyQuestionName, KEY_QUESTION_LABELS, KEY_QUESTIONS } from '../../domain/vocabulary/key-questions.js';
import { PLATFORM_RATING_SOURCE } from '../../domain/register/rating-precedence.js';
import { recordAudit } from '../audit.service.js';
import { requireUser } from '../authorisation.js';
import { inTransaction, type ServiceContext, type SignedInUser } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { queueEmail } from '../mail.service.js';
import { notify } from '../notifications.service.js';
import { organisationsActedFor, requireRegulator, UUID } from './portal-access.js';
import { ratingReviewPath } from '../../domain/shared/app-paths.js';

export const REVIEW_SUBJECTS = ['overall', ...KEY_QUESTIONS] as const;
export type ReviewSubject = (typeof REVIEW_SUBJECTS)[number];
export const REVIEW_SUBJECT_LABELS: Record<ReviewSubject, string> = { overall: 'Overall', ...KEY_QUESTION_LABELS };

export const REVIEW_STATUS_TEXT = { received: 'Received: deciding whether it meets the grounds', refused: 'Refused: outside the grounds', under_review: 'Accepted: the ratings are being reviewed', completed: 'Review complete' } as const;

interface PublishedReport {
  reportId: string;
  inspectionId: string;
  reference: string;
  linkId: string;
  publicationDate: string;
  subjectOrganisationId: string;
  subjectName: string;
  ratings: { subject: string; rating: string; explanation: string[] }[];
}

async function publishedReportForInspection(db: Db | Trx, inspectionId: string): Promise<PublishedReport | null> {
  if (!UUID.test(inspectionId)) return null;
  const r = await db
    .selectFrom('inspection_reports as r')
    .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
    .innerJoin('organisations as o', 'o.id', 'i.subject_organisation_id')
    .select(['r.id', 'r.inspection_id', 'i.reference', 'r.link_id', 'r.publication_date', 'i.subject_organisation_id', 'o.name'])
    .where('r.inspection_id', '=', inspectionId)
    .where('r.stage', '=', 'published')
    .executeTakeFirst();
  if (!r || !r.publication_date || !r.subject_organisation_id) return null;
  const ratings = await db.selectFrom('report_ratings').select(['subject', 'rating', 'explanation']).where('report_id', '=', r.id).orderBy('position').execute();
  return { reportId: r.id, inspectionId: r.inspection_id, reference: r.reference, linkId: r.link_id, publicationDate: r.publication_date, subjectOrganisationId: r.subject_organisation_id, subjectName: r.name, ratings };
}

async function capacitiesOf(db: Db | Trx, user: SignedInUser, report: PublishedReport): Promise<ReviewCapacity[]> {
  const org = await db.selectFrom('organisations').select(['id', 'parent_id']).where('id', '=', report.subjectOrganisationId).executeTakeFirstOrThrow();
  const family = [org.id, ...(org.parent_id ? [org.parent_id] : [])];
  const held = await db.selectFrom('registered_persons').select('capacity').where('user_id', '=', user.id).where('organisation_id', 'in', family).execute();
  const contacts = await db.selectFrom('inspection_contacts').select('role').where('inspection_id', '=', report.inspectionId).where('user_id', '=', user.id).where('role', 'in', ['registered_manager', 'nominated_individual']).execute();
  const all = new Set<ReviewCapacity>([...held.map((h) => h.capacity), ...contacts.map((c) => c.role as ReviewCapacity)]);
  return REVIEW_CAPACITIES.filter((c) => all.has(c));
}

async function organisationKind(db: Db | Trx, organisationId: string): Promise<ReviewOrganisationKind> {
  const org = await db.selectFrom('organisations').select(['parent_id']).where('id', '=', organisationId).executeTakeFirstOrThrow();
  const ids = [organisationId, ...(org.parent_id ? [org.parent_id] : [])];
  const rows = await db
    .selectFrom('organisations as o')
    .leftJoin('register_providers as p', 'p.organisation_id', 'o.id')
    .select(['o.kind', 'o.name', 'o.ods_code', 'o.local_authority_code', 'p.type', 'p.ownership_type'])
    .where('o.id', 'in', ids)
    .execute();
  return reviewOrganisationKind(rows.map((r) => ({ kind: r.kind, name: r.name, odsCode: r.ods_code, localAuthorityCode: r.local_authority_code, registerType: r.type, registerOwnership: r.ownership_type })));
}

async function requireOrganisationFor(db: Db | Trx, user: SignedInUser, report: PublishedReport): Promise<void> {
  if (user.role !== 'provider_user') throw new NotFoundError();
  const orgs = await organisationsActedFor(db, user);
  if (!orgs.some((o) => o.id === report.subjectOrganisationId)) throw new NotFoundError();
}

export interface ReviewRequestPage {
  report: PublishedReport;
  deadline: { due: string; explanation: string[] };
  capacities: { value: ReviewCapacity; text: string }[];
  existing: RatingReviewRequestRow | null;
}

/** What the organisation sees before asking: the report, the deadline, its own capacity, any request already made. */
export async function reviewRequestPage(ctx: ServiceContext, inspectionId: string): Promise<ReviewRequestPage> {
  const user = requireAllowed(ctx, 'rating_review.request');
  const report = await publishedReportForInspection(ctx.db, inspectionId);
  if (!report) throw new NotFoundError();
  await requireOrganisationFor(ctx.db, user, report);
  const due = computeDeadline('rating-review-request', report.publicationDate);
  if (!due.ok) throw new Error(due.error);
  const existing = (await ctx.db.selectFrom('rating_review_requests').selectAll().where('report_id', '=', report.reportId).executeTakeFirst()) ?? null;
  return { report, deadline: { due: due.value.due, explanation: due.value.explanation }, capacities: (await capacitiesOf(ctx.db, user, report)).map((c) => ({ value: c, text: REVIEW_CAPACITY_LABELS[c] })), existing };
}

export async function submitReviewRequest(ctx: ServiceContext, inspectionId: string, input: { grounds: string; confirmsProcessGrounds: boolean }): Promise<{ id: string }> {
  const user = requireAllowed(ctx, 'rating_review.request');
  return inTransaction(ctx, async (trx) => {
    const report = await publishedReportForInspection(trx, inspectionId);
    if (!report) throw new NotFoundError();
    await requireOrganisationFor(trx, user, report);
    await sql`select pg_advisory_xact_lock(hashtext(${`rrr|${report.reportId}`}))`.execute(trx);
    const already = await trx.selectFrom('rating_review_requests').select('id').where('report_id', '=', report.reportId).executeTakeFirst();
    const now = ctx.clock.now();
    const checked = checkReviewRequest({
      publicationDate: report.publicationDate,
      today: londonDate(now),
      capacities: await capacitiesOf(trx, user, report),
      organisationKind: await organisationKind(trx, report.subjectOrganisationId),
      alreadyRequested: !!already,
      grounds: input.grounds,
      confirmsProcessGrounds: input.confirmsProcessGrounds,
    });
    if (!checked.ok) throw new ValidationError(checked.error);
    const row = await trx
      .insertInto('rating_review_requests')
      .values({ report_id: report.reportId, organisation_id: report.subjectOrganisationId, requested_by: user.id, capacity: checked.value.capacity, grounds: input.grounds.trim(), word_count: checked.value.wordCount, received_at: now, deadline_explanation: checked.value.deadline.explanation })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('register_locations').set({ last_changed_at: sql`now()` }).where('organisation_id', '=', report.subjectOrganisationId).execute();
    await recordAudit(trx, ctx, { action: 'RATING_REVIEW_REQUESTED', subjectType: 'rating_review_request', subjectId: row.id, after: { reportId: report.reportId, capacity: checked.value.capacity, wordCount: checked.value.wordCount, deadline: checked.value.deadline.due } });
    await queueEmail(trx, ctx, { to: user.email, subject: `Request for a review of ratings received: ${report.reference}`, text: `We have received your request for a review of the ratings in the report of inspection ${report.reference} (${report.subjectName}).\n\nWe will first decide whether it meets the grounds for a review, and tell you.\n\n${ctx.config.baseUrl}${ratingReviewPath(row.id)}` });
    const managers = await trx.selectFrom('users').select('id').where('role', '=', 'inspection_manager').where('status', '=', 'active').execute();
    for (const m of managers) await notify(trx, { userId: m.id, title: `Request for a review of ratings: ${report.subjectName}`, body: `Inspection ${report.reference}. Decide whether it meets the grounds.`, link: ratingReviewPath(row.id) });
    return { id: row.id };
  });
}

export interface ReviewDetail {
  request: RatingReviewRequestRow;
  report: PublishedReport;
  requestedByName: string;
  reviewerName: string | null;
  decidedByName: string | null;
  side: 'organisation' | 'regulator';
  /** For managers deciding: regulator staff who may review (never anyone involved). */
  reviewers: { id: string; name: string }[];
  /** The signed-in user is the assigned reviewer. */
  youReview: boolean;
  youManage: boolean;
}

async function involvedIds(db: Db | Trx, report: PublishedReport): Promise<{ team: string[]; approvers: string[] }> {
  const team = await db.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', report.inspectionId).execute();
  const rep = await db.selectFrom('inspection_reports').select(['approved_by', 'published_by']).where('id', '=', report.reportId).executeTakeFirst();
  const judgement = await db.selectFrom('judgements').select('approved_by').where('inspection_id', '=', report.inspectionId).execute();
  const approvers = [rep?.approved_by, rep?.published_by, ...judgement.map((j) => j.approved_by)].filter((x): x is string => !!x);
  return { team: team.map((t) => t.user_id), approvers };
}

async function loadRequest(db: Db | Trx, id: string, lock = false): Promise<{ request: RatingReviewRequestRow; report: PublishedReport }> {
  if (!UUID.test(id)) throw new NotFoundError();
  let q = db.selectFrom('rating_review_requests').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const request = await q.executeTakeFirst();
  if (!request) throw new NotFoundError();
  const inspection = await db.selectFrom('inspection_reports').select('inspection_id').where('id', '=', request.report_id).executeTakeFirstOrThrow();
  const report = await publishedReportForInspection(db, inspection.inspection_id);
  if (!report) throw new NotFoundError();
  return { request, report };
}

export async function getReviewRequest(ctx: ServiceContext, id: string): Promise<ReviewDetail> {
  const user = requireUser(ctx);
  const { request, report } = await loadRequest(ctx.db, id);
  let side: 'organisation' | 'regulator';
  if (user.role === 'provider_user') {
    await requireOrganisationFor(ctx.db, user, report);
    side = 'organisation';
  } else {
    requireRegulator(ctx, 'rating_review.view');
    side = 'regulator';
  }
  const name = async (uid: string | null) => (uid ? ((await ctx.db.selectFrom('users').select('name').where('id', '=', uid).executeTakeFirst())?.name ?? null) : null);
  const involved = await involvedIds(ctx.db, report);
  const excluded = new Set([...involved.team, ...involved.approvers]);
  const reviewers =
    side === 'regulator' && user.role !== 'inspector'
      ? (await ctx.db.selectFrom('users').select(['id', 'name']).where('role', 'in', ['inspector', 'inspection_manager']).where('status', '=', 'active').orderBy('name').execute()).filter((u) => !excluded.has(u.id))
      : [];
  return {
    request,
    report,
    requestedByName: (await name(request.requested_by)) ?? '',
    reviewerName: await name(request.reviewer_id),
    decidedByName: await name(request.grounds_decision_by),
    side,
    reviewers,
    youReview: request.reviewer_id === user.id,
    youManage: side === 'regulator' && (user.role === 'inspection_manager' || user.role === 'administrator'),
  };
}

export interface ReviewListRow {
  id: string;
  reference: string;
  organisationName: string;
  receivedAt: Date;
  status: RatingReviewRequestRow['status'];
  reviewerName: string | null;
}

export async function listReviewRequests(ctx: ServiceContext): Promise<ReviewListRow[]> {
  const user = requireUser(ctx);
  let q = ctx.db
    .selectFrom('rating_review_requests as r')
    .innerJoin('inspection_reports as ir', 'ir.id', 'r.report_id')
    .innerJoin('inspections as i', 'i.id', 'ir.inspection_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .leftJoin('users as rv', 'rv.id', 'r.reviewer_id')
    .select(['r.id', 'i.reference', 'o.name as organisationName', 'r.received_at', 'r.status', 'rv.name as reviewerName']);
  if (user.role === 'provider_user') {
    const orgs = await organisationsActedFor(ctx.db, user);
    if (!orgs.length) return [];
    q = q.where('r.organisation_id', 'in', orgs.map((o) => o.id));
  } else requireRegulator(ctx, 'rating_review.view');
  const rows = await q.orderBy('r.received_at', 'desc').limit(500).execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, organisationName: r.organisationName, receivedAt: r.received_at, status: r.status, reviewerName: r.reviewerName }));
}

/** Published reports the organisation user may ask about, with whether the time is still open. */
export async function reviewableReports(ctx: ServiceContext): Promise<{ inspectionId: string; reference: string; organisationName: string; publicationDate: string; due: string; open: boolean; requested: boolean }[]> {
  const user = requireUser(ctx);
  if (user.role !== 'provider_user') return [];
  const orgs = await organisationsActedFor(ctx.db, user);
  if (!orgs.length) return [];
  const rows = await ctx.db
    .selectFrom('inspection_reports as r')
    .innerJoin('inspections as i', 'i.id', 'r.inspection_id')
    .innerJoin('organisations as o', 'o.id', 'i.subject_organisation_id')
    .leftJoin('rating_review_requests as q', 'q.report_id', 'r.id')
    .select(['i.id', 'i.reference', 'o.name', 'r.publication_date', 'q.id as requestId'])
    .where('r.stage', '=', 'published')
    .where('i.subject_organisation_id', 'in', orgs.map((o) => o.id))
    .orderBy('r.publication_date', 'desc')
    .limit(50)
    .execute();
  const today = londonDate(ctx.clock.now());
  return rows
    .filter((r) => r.publication_date)
    .map((r) => {
      const due = computeDeadline('rating-review-request', r.publication_date!);
      const dueDate = due.ok ? due.value.due : r.publication_date!;
      return { inspectionId: r.id, reference: r.reference, organisationName: r.name, publicationDate: r.publication_date!, due: dueDate, open: today <= dueDate, requested: !!r.requestId };
    });
}

function requireManager(ctx: ServiceContext): SignedInUser {
  const user = requireRegulator(ctx, 'rating_review.view');
  if (!allows('rating_review.decide', { role: user.role })) throw new ForbiddenError('Only an inspection manager can decide on a request for a review of ratings');
  return user;
}

export async function decideGrounds(ctx: ServiceContext, id: string, input: { decision: string; reason: string; reviewerId: string }): Promise<void> {
  const user = requireManager(ctx);
  await inTransaction(ctx, async (trx) => {
    const { request, report } = await loadRequest(trx, id, true);
    if (request.status !== 'received') throw new ConflictError('A decision on the grounds has already been made');
    const errors: FieldError[] = [];
    const reason = input.reason.trim();
    if (input.decision !== 'accept' && input.decision !== 'refuse') errors.push({ field: 'decision', message: 'Choose whether the request meets the grounds for a review' });
    if (input.decision === 'refuse' && !reason) errors.push({ field: 'reason', message: 'Explain why the request does not meet the grounds: the organisation will read this' });
    if (reason.length > 5000) errors.push({ field: 'reason', message: 'The reasons must be 5,000 characters or fewer' });
    if (input.decision === 'accept') {
      const problem = await reviewerProblem(trx, report, input.reviewerId);
      if (problem) errors.push({ field: 'reviewerId', message: problem });
    }
    if (errors.length) throw new ValidationError(errors);
    const now = ctx.clock.now();
    const accepted = input.decision === 'accept';
    await trx
      .updateTable('rating_review_requests')
      .set({ status: accepted ? 'under_review' : 'refused', grounds_decision_by: user.id, grounds_decision_at: now, grounds_decision_reason: reason || null, ...(accepted ? { reviewer_id: input.reviewerId, reviewer_assigned_by: user.id } : { completed_at: now }) })
      .where('id', '=', id)
      .execute();
    await trx.updateTable('register_locations').set({ last_changed_at: sql`now()` }).where('organisation_id', '=', report.subjectOrganisationId).execute();
    await recordAudit(trx, ctx, { action: accepted ? 'RATING_REVIEW_ACCEPTED' : 'RATING_REVIEW_REFUSED', subjectType: 'rating_review_request', subjectId: id, before: { status: request.status }, after: { status: accepted ? 'under_review' : 'refused', reason, reviewerId: accepted ? input.reviewerId : null } });
    const requester = await trx.selectFrom('users').select(['id', 'email']).where('id', '=', request.requested_by).executeTakeFirstOrThrow();
    await queueEmail(trx, ctx, {
      to: requester.email,
      subject: `Your request for a review of ratings: ${accepted ? 'accepted' : 'refused'} (${report.reference})`,
      text: accepted
        ? `Your request meets the grounds for a review. Someone who was not involved in the inspection will now review the ratings, and we will tell you the outcome.\n\n${ctx.config.baseUrl}${ratingReviewPath(id)}`
        : `Your request does not meet the grounds for a review of ratings, so the ratings stay as published.\n\nWhy: ${reason}\n\n${ctx.config.baseUrl}${ratingReviewPath(id)}`,
    });
    if (accepted) await notify(trx, { userId: input.reviewerId, title: `Review of ratings assigned to you: ${report.subjectName}`, body: `Inspection ${report.reference}. Check whether the process for making the ratings decisions was followed.`, link: ratingReviewPath(id) });
  });
}

async function reviewerProblem(trx: Trx, report: PublishedReport, reviewerId: string): Promise<string | null> {
  if (!UUID.test(reviewerId)) return 'Choose who will review the ratings';
  const reviewer = await trx.selectFrom('users').select(['id', 'role', 'status']).where('id', '=', reviewerId).executeTakeFirst();
  if (!reviewer) return 'Choose who will review the ratings';
  const involved = await involvedIds(trx, report);
  const ok = checkReviewer({ reviewerId, reviewerRole: reviewer.role, reviewerActive: reviewer.status === 'active', teamMemberIds: involved.team, approverIds: involved.approvers });
  return ok.ok ? null : ok.error;
}

export async function completeReview(ctx: ServiceContext, id: string, input: { outcome: string; processFailure: string; summary: string; ratings: Record<string, string> }): Promise<void> {
  const user = requireRegulator(ctx, 'rating_review.complete');
  await inTransaction(ctx, async (trx) => {
    const { request, report } = await loadRequest(trx, id, true);
    if (request.reviewer_id !== user.id) throw new ForbiddenError('Only the reviewer assigned to this request can record its outcome');
    if (request.status !== 'under_review') throw new ConflictError('This review is not open');
    // The assignment is checked again: the reviewer may have joined the team since.
    const problem = await reviewerProblem(trx, report, user.id);
    if (problem) throw new ForbiddenError(problem);
    const errors: FieldError[] = [];
    const current = new Map(report.ratings.map((r) => [r.subject, r]));
    const changes: { subject: ReviewSubject; from: string; to: string }[] = [];
    for (const s of REVIEW_SUBJECTS) {
      const cur = current.get(s);
      const to = (input.ratings[s] ?? '').trim();
      if (!cur || !to) continue;
      if (!(RATINGS as readonly string[]).includes(to)) errors.push({ field: `rating-${s}`, message: `Choose a rating for ${REVIEW_SUBJECT_LABELS[s]}` });
      else if (to !== cur.rating) changes.push({ subject: s, from: cur.rating, to });
    }
    const processFailure = input.processFailure.trim();
    const summary = input.summary.trim();
    if (input.outcome !== 'unchanged' && input.outcome !== 'changed') errors.push({ field: 'outcome', message: 'Choose whether the ratings change' });
    if (input.outcome === 'changed' && changes.length === 0) errors.push({ field: 'rating-overall', message: 'Change at least one rating, or choose "The ratings stay as published"' });
    if (input.outcome === 'unchanged' && changes.length) errors.push({ field: 'outcome', message: 'You changed a rating: choose "The ratings change", or put the ratings back as published' });
    if (input.outcome === 'changed' && !processFailure) errors.push({ field: 'processFailure', message: 'Record the failure in the ratings process that the change corrects' });
    if (!summary) errors.push({ field: 'summary', message: 'Write the outcome the organisation and the public will read' });
    if (summary.length > 3000 || processFailure.length > 5000) errors.push({ field: 'summary', message: 'The outcome must be 3,000 characters or fewer and the process failure 5,000' });
    if (errors.length) throw new ValidationError(errors);
    const now = ctx.clock.now();
    const today = londonDate(now);
    if (changes.length) await publishChangedRatings(trx, report, changes, { requestId: id, processFailure, today });
    await trx
      .updateTable('rating_review_requests')
      .set({ status: 'completed', outcome: changes.length ? 'changed' : 'unchanged', process_failure: processFailure || null, outcome_summary: summary, new_ratings: JSON.stringify(changes), completed_at: now })
      .where('id', '=', id)
      .execute();
    await trx.updateTable('register_locations').set({ last_changed_at: sql`now()` }).where('organisation_id', '=', report.subjectOrganisationId).execute();
    await recordAudit(trx, ctx, { action: changes.length ? 'RATING_REVIEW_RATINGS_CHANGED' : 'RATING_REVIEW_RATINGS_UNCHANGED', subjectType: 'rating_review_request', subjectId: id, before: { ratings: report.ratings.map((r) => ({ subject: r.subject, rating: r.rating })) }, after: { changes, processFailure, summary } });
    const requester = await trx.selectFrom('users').select(['id', 'email']).where('id', '=', request.requested_by).executeTakeFirstOrThrow();
    await queueEmail(trx, ctx, { to: requester.email, subject: `Review of ratings complete: ${report.reference}`, text: `${changes.length ? `The review changed ${changes.map((c) => `${REVIEW_SUBJECT_LABELS[c.subject]} from ${c.from} to ${c.to}`).join('; ')}.` : 'The ratings stay as published.'}\n\n${summary}\n\n${ctx.config.baseUrl}${ratingReviewPath(id)}` });
  });
}

/**
 * A changed rating is a NEW version of the published report, never an edit of the one people have
 * read: the published version keeps its ratings (report_versions.ratings) and stays readable at
 * /reports/{linkId}?version=N; the new version (same text, the new ratings) becomes the published one,
 * and its PDF is made again.
 */
async function newReportVersion(trx: Trx, report: PublishedReport, changes: { subject: ReviewSubject; from: string; to: string }[], why: { processFailure: string; today: string }): Promise<void> {
  const row = await trx.selectFrom('inspection_reports').select(['id', 'current_version', 'published_version', 'publication_date']).where('id', '=', report.reportId).forUpdate().executeTakeFirstOrThrow();
  const published = row.published_version ?? row.current_version;
  const old = await trx.selectFrom('report_versions').selectAll().where('report_id', '=', row.id).where('version', '=', published).executeTakeFirstOrThrow();
  const ratings = await trx.selectFrom('report_ratings').select(['subject', 'rating', 'rating_date', 'source', 'explanation', 'position']).where('report_id', '=', row.id).orderBy('position').execute();
  await trx
    .updateTable('report_versions')
    .set({ ratings: JSON.stringify(ratings), published_on: old.published_on ?? row.publication_date })
    .where('id', '=', old.id)
    .execute();
  const next = row.current_version + 1;
  await trx
    .insertInto('report_versions')
    .values({ report_id: row.id, version: next, sections: JSON.stringify(old.sections), changed_section: 'ratings', note: `Ratings changed after a review of ratings (${changes.map((c) => `${REVIEW_SUBJECT_LABELS[c.subject]} from ${c.from} to ${c.to}`).join('; ')}): ${why.processFailure}`, saved_by: null, published_on: why.today })
    .execute();
  await trx.updateTable('inspection_reports').set({ current_version: next, published_version: next, pdf_storage_key: null }).where('id', '=', row.id).execute();
  await sql`select graphile_worker.add_job('render_report_pdf', json_build_object('reportId', ${row.id}::text), job_key => ${`render_report_pdf:${row.id}:v${next}`}, max_attempts => 10)`.execute(trx);
}

/** New ratings through the publication path: older current ratings become history; the report keeps the trace. */
async function publishChangedRatings(trx: Trx, report: PublishedReport, changes: { subject: ReviewSubject; from: string; to: string }[], why: { requestId: string; processFailure: string; today: string }): Promise<void> {
  await newReportVersion(trx, report, changes, why);
  for (const c of changes) {
    const line = `Changed from ${c.from} to ${c.to} on review of ratings (${why.today}, request ${why.requestId}; rating-review/1): ${why.processFailure}`;
    await trx.updateTable('report_ratings').set({ rating: c.to, explanation: sql`array_append(explanation, ${line})` }).where('report_id', '=', report.reportId).where('subject', '=', c.subject).execute();
  }
  const location = await trx.selectFrom('register_locations').select('organisation_id').where('organisation_id', '=', report.subjectOrganisationId).forUpdate().executeTakeFirst();
  if (!location) return;
  for (const c of changes) {
    const isOverall = c.subject === 'overall';
    const name = c.subject === 'overall' ? '' : cqcKeyQuestionName(c.subject);
    await trx
      .updateTable('ratings')
      .set({ current: false, superseded_at: sql`now()` })
      .where('organisation_id', '=', location.organisation_id)
      .where('current', '=', true)
      .where('scope', '=', isOverall ? 'overall' : 'key_question')
      .where('name', '=', name)
      .execute();
    await trx
      .insertInto('ratings')
      .values({ organisation_id: location.organisation_id, scope: isOverall ? 'overall' : 'key_question', name, key_question: '', rating: c.to, report_date: why.today, date_precision: 'day', report_link_id: report.linkId, inherited: false, source: PLATFORM_RATING_SOURCE, current: true })
      .execute();
  }
  const overall = changes.find((c) => c.subject === 'overall');
  await trx
    .updateTable('register_locations')
    .set({ ...(overall ? { overall_rating: overall.to, overall_rating_date: why.today, overall_rating_date_precision: 'day', overall_report_link_id: report.linkId, overall_inherited: false } : {}), last_changed_at: sql`now()` })
    .where('organisation_id', '=', location.organisation_id)
    .execute();
  // The report page shows the changed ratings: tell the public pages' cache.
  await trx.updateTable('reports').set({ report_date: report.publicationDate }).where('link_id', '=', report.linkId).execute();
}

/** For the public location page and API: a review open now, or the latest outcome. */
export async function locationRatingReview(db: Db, organisationId: string): Promise<{ open: boolean; completed: { on: string; outcome: 'unchanged' | 'changed'; summary: string } | null } | null> {
  const rows = await db.selectFrom('rating_review_requests').select(['status', 'outcome', 'outcome_summary', 'completed_at']).where('organisation_id', '=', organisationId).where('status', 'in', ['received', 'under_review', 'completed']).orderBy('received_at', 'desc').limit(5).execute();
  if (!rows.length) return null;
  const open = rows.some((r) => r.status === 'received' || r.status === 'under_review');
  const done = rows.find((r) => r.status === 'completed');
  return { open, completed: done && done.completed_at && done.outcome ? { on: londonDate(done.completed_at), outcome: done.outcome, summary: done.outcome_summary ?? '' } : null };
}
