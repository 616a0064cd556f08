/**
 * The factual accuracy check: the approved draft goes to the organisations' contacts with a
 * deadline of 10 working days (rules engine); they comment on passages, saving as they go, and
 * submit once (or confirm "no inaccuracies"); they can ask for an extension. A reviewer who was
 * not on the inspection decides each comment; the organisation sees the decisions.
 */
import { sql } from 'kysely';
import type { Trx } from '../../data/database.js';
import type { InspectionReportRow } from '../../data/tables/reports.tables.js';
import { formatLongDate } from '../../domain/deadlines/calendar-date.js';
import { endOfLondonDay } from '../../domain/deadlines/london-time.js';
import { checkComment, checkDecision, checkExtensionRequest, checkReviewer, checkSubmission, faDeadline, recipientClosed, type CommentInput, type DecisionInput } from '../../domain/reports/factual-accuracy.js';
import { moveReport, type ReportStage } from '../../domain/reports/report-stages.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { addTimelineEvent } from '../inspections/inspection-events.js';
import { messageContacts } from '../inspections/inspection-messages.js';
import { notify } from '../notifications.service.js';
import { type AttachmentInput, type StoredAttachment } from '../fieldwork/attachments.service.js';
import { fileStore } from '../inspections/uploads.service.js';
import { countCommentFiles, insertCommentFiles, listCommentFiles, withStoredFiles, type FaCommentFileView } from './fa-comment-files.service.js';
import { myRecipient, requireCommentingOpen } from './fa-recipient.js';
import { currentSections, loadReport, moveInspection, requireLeadOrManager, requireManager, setStage, type ReportAccess } from './report-common.js';
import { reportPath } from '../../domain/shared/app-paths.js';

function next(stage: string, move: Parameters<typeof moveReport>[1]): ReportStage {
  const r = moveReport(stage as ReportStage, move);
  if (!r.ok) throw new ConflictError(r.error, 'wrong_stage');
  return r.value;
}

export async function sendForFactualAccuracy(ctx: ServiceContext, inspectionId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireLeadOrManager(access, 'send the draft report for factual accuracy');
    const to = next(report.stage, 'send_for_factual_accuracy');
    const now = ctx.clock.now();
    const deadline = faDeadline(now);
    if (!deadline.ok) throw new ConflictError(deadline.error, 'deadline_unavailable');
    const r = access.inspection;
    const contactOrgs = (await trx.selectFrom('inspection_contacts').select('organisation_id').where('inspection_id', '=', r.id).execute()).map((c) => c.organisation_id);
    // Issue 15: every organisation declared as taking part (the local authority, a provider of a service in
    // scope, a partner) is sent the draft too, when it has someone to answer.
    const declaredOrgs = (await trx.selectFrom('inspection_participants').select('organisation_id').where('inspection_id', '=', r.id).execute()).map((p) => p.organisation_id);
    // Only organisations with someone to answer are waited for (an organisation without accounts cannot respond).
    const answerable = declaredOrgs.length
      ? new Set((await trx.selectFrom('users').innerJoin('organisations as o', 'o.id', 'users.organisation_id').select(sql<string>`coalesce(o.parent_id, o.id)`.as('id')).where('users.status', '=', 'active').where('users.role', 'in', ['provider_user', 'commissioner_user']).where((eb) => eb.or([eb('o.id', 'in', declaredOrgs), eb('o.parent_id', 'in', declaredOrgs)])).execute()).map((u) => u.id))
      : new Set<string>();
    declaredOrgs.splice(0, declaredOrgs.length, ...declaredOrgs.filter((id) => answerable.has(id)));
    const orgs = [...new Set([...(contactOrgs.length ? contactOrgs : [r.subject_organisation_id ?? r.lead_commissioner_id].filter((x): x is string => !!x)), ...declaredOrgs])];
    if (orgs.length === 0) throw new ConflictError('Add an organisation contact to send the draft to', 'no_recipients');
    for (const organisationId of orgs) {
      await trx.insertInto('fa_recipients').values({ report_id: report.id, organisation_id: organisationId, due: deadline.value.due, due_by: deadline.value.dueBy, due_explanation: deadline.value.explanation }).execute();
    }
    await trx.updateTable('inspection_reports').set({ fa_sent_at: now }).where('id', '=', report.id).execute();
    await setStage(trx, ctx, report, r, to);
    await moveInspection(trx, ctx, access, 'send_for_factual_accuracy', { visibleToOrganisation: true });
    const dueText = formatLongDate(deadline.value.due);
    await messageContacts(trx, ctx, r.id, {
      title: `Draft report for factual accuracy: comments due by ${dueText}`,
      summary: `The draft report of inspection ${r.reference} is ready for your factual accuracy check. Send any comments, or confirm there are no inaccuracies, by the end of ${dueText}.`,
      emailBody: [
        `The draft report of inspection ${r.reference} is ready for your factual accuracy check.`,
        '',
        `You have until the end of ${dueText} (10 working days from today) to comment on any passage: typing errors or wrong figures (A), factual inaccuracies behind a judgement, with evidence (B), or information omitted (C).`,
        'If there are no inaccuracies, confirm that instead so the report can be published.',
        'If exceptional circumstances mean you cannot respond in time, ask for an extension straight away, with the reason.',
      ].join('\n'),
      link: reportPath(r.id, '/factual-accuracy'),
    });
    await recordAudit(trx, ctx, { action: 'REPORT_SENT_FOR_FACTUAL_ACCURACY', subjectType: 'inspection_report', subjectId: report.id, before: { stage: report.stage }, after: { stage: to, due: deadline.value.due, recipients: orgs, explanation: deadline.value.explanation } });
  });
}

export async function saveComment(ctx: ServiceContext, inspectionId: string, input: CommentInput & { id?: string | null; files?: readonly AttachmentInput[] }): Promise<string> {
  return withStoredFiles(ctx, inspectionId, input.files, (stored) => recordComment(ctx, inspectionId, input, stored));
}

async function recordComment(ctx: ServiceContext, inspectionId: string, input: CommentInput & { id?: string | null }, stored: readonly StoredAttachment[]): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    const recipient = await myRecipient(trx, access, report);
    requireCommentingOpen(ctx, report, recipient);
    const sections = await currentSections(trx, report, report.approved_version ?? report.current_version);
    const existingFiles = input.id ? await countCommentFiles(trx, input.id) : 0;
    const checked = checkComment({ ...input, fileCount: existingFiles + stored.length }, sections.map((s) => s.key));
    if (!checked.ok) throw new ValidationError(checked.error);
    const c = checked.value;
    const now = ctx.clock.now();
    const values = { section_key: c.sectionKey, passage: c.passage, category: c.category, comment: c.comment, proposed_change: c.proposedChange?.trim() || null, evidence: c.evidence?.trim() || null, updated_at: now };
    let id = input.id ?? null;
    if (id) {
      const updated = await trx.updateTable('fa_comments').set(values).where('id', '=', id).where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).where('status', '=', 'draft').returning('id').executeTakeFirst();
      if (!updated) throw new NotFoundError('No such comment');
    } else {
      id = (await trx.insertInto('fa_comments').values({ ...values, report_id: report.id, organisation_id: recipient.organisation_id, status: 'draft', created_by: access.user.id, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await recordAudit(trx, ctx, { action: input.id ? 'FA_COMMENT_UPDATED' : 'FA_COMMENT_SAVED', subjectType: 'fa_comment', subjectId: id, after: values });
    await insertCommentFiles(trx, ctx, id, access.user.id, stored);
    return id;
  });
}

export async function deleteComment(ctx: ServiceContext, inspectionId: string, commentId: string): Promise<void> {
  const keys = await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    const recipient = await myRecipient(trx, access, report);
    const files = await trx.selectFrom('fa_comment_files as f').innerJoin('fa_comments as c', 'c.id', 'f.comment_id').select(['f.id', 'f.filename', 'f.sha256', 'f.storage_key']).where('c.id', '=', commentId).where('c.report_id', '=', report.id).where('c.organisation_id', '=', recipient.organisation_id).where('c.status', '=', 'draft').execute();
    const gone = await trx.deleteFrom('fa_comments').where('id', '=', commentId).where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).where('status', '=', 'draft').returningAll().executeTakeFirst();
    if (!gone) throw new NotFoundError('No such comment');
    await recordAudit(trx, ctx, { action: 'FA_COMMENT_DELETED', subjectType: 'fa_comment', subjectId: commentId, before: { ...gone, files: files.map((f) => ({ fileId: f.id, filename: f.filename, sha256: f.sha256 })) } });
    return files.map((f) => f.storage_key);
  });
  // The rows went with the comment (on delete cascade); the bytes go once that has committed.
  const store = fileStore(ctx);
  for (const key of keys) await store.remove(key).catch(() => undefined);
}

export async function submitFactualAccuracy(ctx: ServiceContext, inspectionId: string, input: { noInaccuracies: boolean }): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    const recipient = await myRecipient(trx, access, report);
    if (report.stage !== 'factual_accuracy' && !recipient.submitted_at) throw new ConflictError('The factual accuracy check is closed', 'wrong_stage');
    const drafts = await trx.selectFrom('fa_comments').select('id').where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).where('status', '=', 'draft').execute();
    const now = ctx.clock.now();
    const ok = checkSubmission({ now, due: recipient.due, extendedDue: recipient.extended_due, submittedAt: recipient.submitted_at, draftCommentCount: drafts.length, noInaccuracies: input.noInaccuracies });
    if (!ok.ok) throw new ConflictError(ok.error, recipient.submitted_at ? 'already_submitted' : /deadline/.test(ok.error) ? 'deadline_passed' : 'nothing_to_submit');
    await trx.updateTable('fa_comments').set({ status: 'submitted', updated_at: now }).where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).where('status', '=', 'draft').execute();
    await trx.updateTable('fa_recipients').set({ submitted_at: now, submitted_by: access.user.id, no_inaccuracies: input.noInaccuracies }).where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).execute();
    const org = await trx.selectFrom('organisations').select('name').where('id', '=', recipient.organisation_id).executeTakeFirstOrThrow();
    const summary = input.noInaccuracies ? `${org.name} confirmed there are no factual inaccuracies` : `${org.name} submitted ${drafts.length} factual accuracy comment${drafts.length === 1 ? '' : 's'}`;
    await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'fa_submitted', summary, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'FA_RESPONSE_SUBMITTED', subjectType: 'inspection_report', subjectId: report.id, after: { organisationId: recipient.organisation_id, comments: drafts.length, noInaccuracies: input.noInaccuracies } });
    await closeIfAllAnswered(trx, ctx, report, access);
  });
}

/** When every organisation has answered (or its deadline has passed), the comments go to review. */
async function closeIfAllAnswered(trx: Trx, ctx: ServiceContext, report: InspectionReportRow, access: ReportAccess): Promise<boolean> {
  const recipients = await trx.selectFrom('fa_recipients').selectAll().where('report_id', '=', report.id).execute();
  const now = ctx.clock.now();
  if (!recipients.every((r) => recipientClosed({ submittedAt: r.submitted_at, due: r.due, extendedDue: r.extended_due }, now))) return false;
  await setStage(trx, ctx, report, access.inspection, next(report.stage, 'close_factual_accuracy'));
  await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'fa_closed', summary: 'Factual accuracy responses are in: comments go to an independent reviewer', visibleToOrganisation: true });
  return true;
}

/** A reviewer or manager closes the check once every deadline has passed (organisations that did not answer). */
export async function closeFactualAccuracy(ctx: ServiceContext, inspectionId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    if (!access.isReviewer) requireManager(access, 'close the factual accuracy check');
    if (report.stage !== 'factual_accuracy') throw new ConflictError('The factual accuracy check is not open', 'wrong_stage');
    if (!(await closeIfAllAnswered(trx, ctx, report, access))) throw new ConflictError('Some organisations can still respond: wait for their response or their deadline', 'still_open');
    await recordAudit(trx, ctx, { action: 'FA_CLOSED', subjectType: 'inspection_report', subjectId: report.id });
  });
}

export async function requestExtension(ctx: ServiceContext, inspectionId: string, reason: string): Promise<string> {
  return inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    const recipient = await myRecipient(trx, access, report);
    const pending = await trx.selectFrom('fa_extension_requests').select('id').where('report_id', '=', report.id).where('organisation_id', '=', recipient.organisation_id).where('status', '=', 'requested').executeTakeFirst();
    const ok = checkExtensionRequest(reason, { now: ctx.clock.now(), due: recipient.due, submittedAt: recipient.submitted_at, pending: !!pending });
    if (!ok.ok) throw new ValidationError([ok.error]);
    const row = await trx.insertInto('fa_extension_requests').values({ report_id: report.id, organisation_id: recipient.organisation_id, reason: ok.value, requested_by: access.user.id, requested_at: ctx.clock.now(), status: 'requested' }).returning('id').executeTakeFirstOrThrow();
    await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'fa_extension_requested', summary: `Extension to the factual accuracy deadline requested: ${ok.value}`, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: 'FA_EXTENSION_REQUESTED', subjectType: 'inspection_report', subjectId: report.id, after: { reason: ok.value } });
    const managers = await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', access.inspection.id).where('role', 'in', ['inspection_manager', 'lead_inspector']).execute();
    for (const m of managers) await notify(trx, { userId: m.user_id, title: `Extension requested: ${access.inspection.reference}`, body: ok.value.slice(0, 500), link: reportPath(access.inspection.id) });
    return row.id;
  });
}

export async function decideExtension(ctx: ServiceContext, inspectionId: string, requestId: string, input: { grant: boolean; newDue?: string | null; reason?: string | null }): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    requireManager(access, 'decide an extension request');
    const request = await trx.selectFrom('fa_extension_requests').selectAll().where('id', '=', requestId).where('report_id', '=', report.id).executeTakeFirst();
    if (!request) throw new NotFoundError('No such extension request');
    if (request.status !== 'requested') throw new ConflictError('This request has already been decided', 'already_decided');
    const recipient = await trx.selectFrom('fa_recipients').selectAll().where('report_id', '=', report.id).where('organisation_id', '=', request.organisation_id).executeTakeFirstOrThrow();
    if (input.grant && !(input.newDue && /^\d{4}-\d{2}-\d{2}$/.test(input.newDue) && input.newDue > recipient.due)) {
      throw new ValidationError([{ field: 'newDue', message: `Enter a new deadline after ${formatLongDate(recipient.due)}` }]);
    }
    if (!input.grant && !input.reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Give the reason the extension is refused' }]);
    const now = ctx.clock.now();
    await trx.updateTable('fa_extension_requests').set({ status: input.grant ? 'granted' : 'refused', new_due: input.grant ? input.newDue! : null, decision_reason: input.reason?.trim() || null, decided_by: access.user.id, decided_at: now }).where('id', '=', request.id).execute();
    if (input.grant) await trx.updateTable('fa_recipients').set({ extended_due: input.newDue!, extended_due_by: endOfLondonDay(input.newDue!) }).where('report_id', '=', report.id).where('organisation_id', '=', request.organisation_id).execute();
    const summary = input.grant ? `Factual accuracy deadline extended to ${formatLongDate(input.newDue!)}` : `Extension refused: ${input.reason?.trim()}`;
    await addTimelineEvent(trx, ctx, access.inspection.id, { kind: 'fa_extension_decided', summary, visibleToOrganisation: true });
    await recordAudit(trx, ctx, { action: input.grant ? 'FA_EXTENSION_GRANTED' : 'FA_EXTENSION_REFUSED', subjectType: 'inspection_report', subjectId: report.id, before: { due: recipient.due }, after: { newDue: input.newDue, reason: input.reason } });
    if (request.requested_by) await notify(trx, { userId: request.requested_by, title: input.grant ? 'Extension granted' : 'Extension refused', body: summary, link: reportPath(access.inspection.id, '/factual-accuracy') });
  });
}

export async function decideComment(ctx: ServiceContext, inspectionId: string, commentId: string, input: DecisionInput): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    if (access.side !== 'regulator') throw new ForbiddenError('Only a factual accuracy reviewer can decide comments');
    const onTeam = !!(await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', access.inspection.id).where('user_id', '=', access.user.id).executeTakeFirst());
    const reviewer = checkReviewer({ role: access.user.role, onInspectionTeam: onTeam });
    if (!reviewer.ok) throw new ForbiddenError(reviewer.error);
    if (report.stage !== 'fa_review') throw new ConflictError('Comments are decided once the factual accuracy responses are in', 'wrong_stage');
    const comment = await trx.selectFrom('fa_comments').selectAll().where('id', '=', commentId).where('report_id', '=', report.id).where('status', '=', 'submitted').executeTakeFirst();
    if (!comment) throw new NotFoundError('No such comment');
    const d = checkDecision(input);
    if (!d.ok) throw new ValidationError(d.error);
    await trx.updateTable('fa_comments').set({ decision: d.value.decision, decision_reason: d.value.reason, change_made: d.value.changeMade, decided_by: access.user.id, decided_at: ctx.clock.now() }).where('id', '=', comment.id).execute();
    if (report.owner_user_id !== access.user.id) {
      await trx.updateTable('inspection_reports').set({ owner_user_id: access.user.id, owner_label: `Factual accuracy reviewer: ${access.user.name}` }).where('id', '=', report.id).execute();
    }
    await recordAudit(trx, ctx, { action: 'FA_COMMENT_DECIDED', subjectType: 'fa_comment', subjectId: comment.id, before: { decision: comment.decision }, after: d.value });
  });
}

/** All comments decided: the report is ready to publish; the organisations are told the decisions. */
export async function completeFactualAccuracyReview(ctx: ServiceContext, inspectionId: string): Promise<void> {
  await inTransaction(ctx, async (trx) => {
    const { access, report } = await loadReport(trx, ctx, inspectionId, { forUpdate: true });
    const onTeam = !!(await trx.selectFrom('inspection_team').select('user_id').where('inspection_id', '=', access.inspection.id).where('user_id', '=', access.user.id).executeTakeFirst());
    const reviewer = checkReviewer({ role: access.user.role, onInspectionTeam: onTeam });
    if (!reviewer.ok) throw new ForbiddenError(reviewer.error);
    const to = next(report.stage, 'complete_review');
    const undecided = await trx.selectFrom('fa_comments').select('id').where('report_id', '=', report.id).where('status', '=', 'submitted').where('decision', 'is', null).execute();
    if (undecided.length) throw new ConflictError(`${undecided.length} comment${undecided.length === 1 ? ' is' : 's are'} still to be decided`, 'comments_undecided');
    await trx.updateTable('inspection_reports').set({ fa_completed_at: ctx.clock.now() }).where('id', '=', report.id).execute();
    await setStage(trx, ctx, report, access.inspection, to);
    await moveInspection(trx, ctx, access, 'complete_factual_accuracy', { visibleToOrganisation: true });
    await messageContacts(trx, ctx, access.inspection.id, {
      title: `Factual accuracy decisions: ${access.inspection.reference}`,
      summary: 'Every factual accuracy comment has been decided. You can see each decision and its reason; the report will now be published.',
      link: reportPath(access.inspection.id, '/factual-accuracy'),
    });
    await recordAudit(trx, ctx, { action: 'FA_REVIEW_COMPLETED', subjectType: 'inspection_report', subjectId: report.id, before: { stage: report.stage }, after: { stage: to } });
  });
}

export interface FactualAccuracyView {
  stage: ReportStage;
  sentAt: Date | null;
  recipients: { organisationId: string; organisationName: string; due: string; dueBy: Date; dueExplanation: string[]; extendedDue: string | null; submittedAt: Date | null; noInaccuracies: boolean | null; closed: boolean }[];
  comments: { id: string; organisationId: string; organisationName: string; sectionKey: string; passage: string; category: string; comment: string; proposedChange: string | null; evidence: string | null; files: FaCommentFileView[]; status: string; decision: string | null; decisionReason: string | null; changeMade: string | null; decidedAt: Date | null }[];
  extensions: { id: string; organisationId: string; reason: string; status: string; newDue: string | null; decisionReason: string | null; requestedAt: Date }[];
  /** The organisation's own recipient row (organisation side). */
  mine: string | null;
}

/** The check as this user may see it: an organisation sees only its own comments (with decisions once made). */
export async function getFactualAccuracy(ctx: ServiceContext, inspectionId: string): Promise<FactualAccuracyView> {
  const { access, report } = await loadReport(ctx.db, ctx, inspectionId);
  const orgFilter = access.side === 'organisation' ? access.organisationIds : null;
  let rq = ctx.db.selectFrom('fa_recipients as r').innerJoin('organisations as o', 'o.id', 'r.organisation_id').selectAll('r').select('o.name').where('r.report_id', '=', report.id);
  if (orgFilter) rq = rq.where('r.organisation_id', 'in', orgFilter);
  const recipients = await rq.orderBy('o.name').execute();
  let cq = ctx.db.selectFrom('fa_comments as c').innerJoin('organisations as o', 'o.id', 'c.organisation_id').selectAll('c').select('o.name').where('c.report_id', '=', report.id);
  if (orgFilter) cq = cq.where('c.organisation_id', 'in', orgFilter);
  else cq = cq.where('c.status', '=', 'submitted');
  const comments = await cq.orderBy('c.created_at').execute();
  const files = await listCommentFiles(ctx, comments.map((c) => c.id));
  let eq = ctx.db.selectFrom('fa_extension_requests').selectAll().where('report_id', '=', report.id);
  if (orgFilter) eq = eq.where('organisation_id', 'in', orgFilter);
  const extensions = await eq.orderBy('requested_at').execute();
  const now = ctx.clock.now();
  return {
    stage: report.stage as ReportStage,
    sentAt: report.fa_sent_at,
    recipients: recipients.map((r) => ({ organisationId: r.organisation_id, organisationName: r.name, due: r.due, dueBy: r.due_by, dueExplanation: r.due_explanation, extendedDue: r.extended_due, submittedAt: r.submitted_at, noInaccuracies: r.no_inaccuracies, closed: recipientClosed({ submittedAt: r.submitted_at, due: r.due, extendedDue: r.extended_due }, now) })),
    comments: comments.map((c) => ({ id: c.id, organisationId: c.organisation_id, organisationName: c.name, sectionKey: c.section_key, passage: c.passage, category: c.category, comment: c.comment, proposedChange: c.proposed_change, evidence: c.evidence, files: files.filter((f) => f.commentId === c.id), status: c.status, decision: c.decision, decisionReason: c.decision_reason, changeMade: c.change_made, decidedAt: c.decided_at })),
    extensions: extensions.map((e) => ({ id: e.id, organisationId: e.organisation_id, reason: e.reason, status: e.status, newDue: e.new_due, decisionReason: e.decision_reason, requestedAt: e.requested_at })),
    mine: orgFilter ? (recipients[0]?.organisation_id ?? null) : null,
  };
}
