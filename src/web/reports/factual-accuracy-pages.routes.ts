/**
 * Factual accuracy pages: the organisation's page (comment on passages section by section, each
 * comment saved on the server as it is written, submit once or "no inaccuracies", ask for more
 * time), the reviewer's decisions page, and the organisation's response statement.
 */
import fastifyMultipart from '@fastify/multipart';
import { sendAttachment } from '../send-attachment.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FA_CATEGORIES, FA_DECISIONS, MAX_FILES_PER_SAVE } from '../../domain/reports/factual-accuracy.js';
import { MAX_ATTACHMENT_BYTES } from '../../services/fieldwork/attachments.service.js';
import { UploadRefusedError } from '../../services/inspections/uploads.service.js';
import { getCommentFile, removeCommentFile } from '../../services/reports/fa-comment-files.service.js';
import { readMultipartForm } from '../multipart-form.js';
import { ValidationError, type FieldError } from '../../services/errors.js';
import { closeFactualAccuracy, completeFactualAccuracyReview, decideComment, decideExtension, deleteComment, getFactualAccuracy, requestExtension, saveComment, submitFactualAccuracy } from '../../services/reports/factual-accuracy.service.js';
import { MAX_RESPONSE_STATEMENT, setResponseStatement } from '../../services/reports/publication.service.js';
import { getReportWorkspace } from '../../services/reports/report-workspace.service.js';
import { reviseRecommendationWording } from '../../services/reports/report-draft.service.js';
import { NotFoundError } from '../../services/errors.js';
import { errorFor, errorSummary, field, pageTitle } from '../forms.view-model.js';
import { atDateDay, characterCount, choice, dateParts, govukDate, pageFormSchema, parseForm, text, unlimitedText } from '../form-validation.js';
import { z } from 'zod';
import { assertUuids, pageErrors, statusFor } from '../inspections/page-errors.js';
import { buildOrganisationFaPage, buildReviewerPage, DECISION_TEXT_MAX, EMPTY_COMMENT, EXTENSION_REASON_MAX, extensionFieldId, type CommentDecisionForm, type CommentForm, type ExtensionDecisionForm } from './factual-accuracy-page.view-model.js';
import { publicReportPath, reportPath } from '../paths.js';

/** An extension decision, checked at the edge: grant or refuse, the new deadline as a GOV.UK date input, the reason. */
const extensionDecisionSchema = z.object({
  grant: choice(['yes', 'no'], 'Choose whether to grant the extension'),
  newDue: govukDate('newDue', 'New deadline', {}),
  reason: text('Reason', { max: EXTENSION_REASON_MAX }),
});

/** A factual accuracy comment, checked at the edge: no length cap on its words (the domain has none); the service checks again, with the section and the evidence rule. */
const commentSchema = z.object({
  passage: unlimitedText('Enter the words in the report your comment is about'),
  category: choice(FA_CATEGORIES, 'Choose the kind of comment: A, B or C'),
  comment: unlimitedText('Enter your comment'),
  proposedChange: z.string(),
  evidence: z.string(),
});

/** Every problem with a comment form the edge can see, at once: the schema's, and evidence missing for a new category B comment with no files. */
function commentFormErrors(form: CommentForm, newFiles: number): FieldError[] {
  const parsed = parseForm(commentSchema, form);
  if (parsed.ok) return [];
  const noEvidence = form.category === 'factual_inaccuracy' && !form.evidence.trim() && newFiles === 0 && !form.id;
  return [...parsed.errors, ...(noEvidence ? [{ field: 'evidence', message: 'Describe or attach the evidence for a factual inaccuracy behind a judgement (category B)' }] : [])];
}

/** The response statement form, checked at the edge (the service still refuses one that identifies people). */
/** A reviewer's decision on a comment, checked at the edge: the domain's rules (what each decision needs) and the limits stated under the fields, all at once. */
const commentDecisionSchema = z
  .object({
    decision: choice(FA_DECISIONS, 'Choose accept, partly accept or not accept'),
    reason: text('Reason', { max: DECISION_TEXT_MAX }),
    changeMade: text('The change made', { max: DECISION_TEXT_MAX }),
  })
  .superRefine((v, ctx) => {
    if ((v.decision === 'accepted' || v.decision === 'partly_accepted') && !v.changeMade) ctx.addIssue({ code: 'custom', path: ['changeMade'], message: 'Say what was changed in the report' });
    if ((v.decision === 'rejected' || v.decision === 'partly_accepted') && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: v.decision === 'rejected' ? 'Give the reason the comment is not accepted' : 'Give the reason the comment is only partly accepted' });
  });

/** A recommendation's new wording, checked at the edge (the service checks it changed). */
const rewordSchema = z.object({
  recommendationId: z.string().min(1, { error: 'Choose the recommendation to change' }),
  text: text('New wording', { max: DECISION_TEXT_MAX, required: 'Enter the new wording of the recommendation' }),
});

/** An organisation's request for more time, checked at the edge within the limit stated under it. */
const extensionRequestSchema = z.object({
  reason: text('Why you need more time', { max: EXTENSION_REASON_MAX, required: 'Explain the exceptional circumstances for asking for an extension' }).refine((v) => v.length >= 10, { error: 'Explain the exceptional circumstances for asking for an extension' }),
});

const responseStatementSchema = z.object({ statement: text('Your response statement', { max: MAX_RESPONSE_STATEMENT, required: 'Enter your response statement' }) });

type Req = FastifyRequest<{ Params: { id: string; commentId?: string; requestId?: string; fileId?: string }; Querystring: { section?: string; edit?: string; notice?: string } }>;

const NOTICES: Record<string, string> = {
  saved: 'Comment saved. You can come back to it until you send your response.',
  savedWithFiles: 'Comment and files saved. You can come back to it until you send your response.',
  fileRemoved: 'File removed from your comment',
  deleted: 'Comment deleted',
  submitted: 'Your response has been sent',
  extension: 'Your request for an extension has been sent',
};

export async function factualAccuracyPagesRoutes(app: FastifyInstance): Promise<void> {
  // Comment text has no length cap; files are limited one by one by the attachment rules.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_FILES_PER_SAVE, fields: 10, fieldSize: 10 * 1024 * 1024, parts: MAX_FILES_PER_SAVE + 10 } });
  app.addHook('preValidation', async (request) => assertUuids(request.params));
  const query = { querystring: { type: 'object', properties: { section: { type: 'string', maxLength: 100 }, edit: { type: 'string', maxLength: 40 }, notice: { type: 'string', maxLength: 20 } } } } as const;

  const showOrganisationPage = async (request: Req, reply: FastifyReply, opts: { sectionKey?: string; form?: CommentForm; errors?: FieldError[]; status?: number; extensionReason?: string } = {}) => {
    const ctx = request.serviceContext();
    const w = await getReportWorkspace(ctx, request.params.id);
    if (w.you.side !== 'organisation') return reply.redirect(reportPath(request.params.id, '/factual-accuracy/review'), 303);
    const fa = await getFactualAccuracy(ctx, request.params.id);
    let form = opts.form;
    const edit = request.query.edit;
    if (!form && edit) {
      const c = fa.comments.find((x) => x.id === edit && x.status === 'draft');
      if (c) form = { id: c.id, passage: c.passage, category: c.category, comment: c.comment, proposedChange: c.proposedChange ?? '', evidence: c.evidence ?? '' };
    }
    const view = buildOrganisationFaPage(w, fa, { sectionKey: opts.sectionKey ?? request.query.section, form: form ?? EMPTY_COMMENT, errors: opts.errors ?? [], notice: NOTICES[request.query.notice ?? ''] ?? null, extensionReason: opts.extensionReason ?? '' });
    return reply.code(opts.status ?? 200).view('reports/views/factual-accuracy.njk', { pageTitle: view.pageTitle, view });
  };

  app.get('/inspections/:id/report/factual-accuracy', { schema: query }, async (request, reply) => showOrganisationPage(request as Req, reply));

  /**
   * A comment with its evidence files: a multipart form from the page (the CSRF token in the
   * query) or a plain form. No length cap on the comment (no body schema with maxLength).
   */
  app.post('/inspections/:id/report/factual-accuracy/comments', async (request, reply) => {
    const req = request as Req;
    const typed: Record<string, string> = {};
    const formOf = (): { form: CommentForm; sectionKey: string } => {
      const b = req.isMultipart() ? typed : req.body;
      return { form: { id: field(b, 'id'), passage: field(b, 'passage'), category: field(b, 'category'), comment: field(b, 'comment'), proposedChange: field(b, 'proposedChange'), evidence: field(b, 'evidence') }, sectionKey: field(b, 'sectionKey') };
    };
    try {
      const files = req.isMultipart() ? (await readMultipartForm(req, { maxFileBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_FILES_PER_SAVE }, typed)).files : [];
      const { form, sectionKey } = formOf();
      const formErrors = commentFormErrors(form, files.length);
      if (formErrors.length) throw new ValidationError(formErrors);
      await saveComment(req.serviceContext(), req.params.id, { id: form.id || null, sectionKey, passage: form.passage, category: form.category, comment: form.comment, proposedChange: form.proposedChange, evidence: form.evidence, files });
      return reply.redirect(`${reportPath(req.params.id, '/factual-accuracy')}?section=${encodeURIComponent(sectionKey)}&notice=${files.length ? 'savedWithFiles' : 'saved'}#comments`, 303);
    } catch (e) {
      const { form, sectionKey } = formOf();
      const errors = e instanceof UploadRefusedError ? [{ field: 'files', message: `${e.message}. Nothing was saved: select the files again.` }] : pageErrors(e, 'comment');
      return showOrganisationPage(req, reply, { sectionKey, form, errors, status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/report/factual-accuracy/comments/:commentId/files/:fileId/delete', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const sectionKey = field(req.body, 'sectionKey');
    try {
      await removeCommentFile(req.serviceContext(), req.params.id, req.params.commentId!, req.params.fileId!);
      return reply.redirect(`${reportPath(req.params.id, '/factual-accuracy')}?section=${encodeURIComponent(sectionKey)}&notice=fileRemoved#comments`, 303);
    } catch (e) {
      return showOrganisationPage(req, reply, { sectionKey, errors: pageErrors(e, 'comments'), status: statusFor(e) });
    }
  });

  /** Evidence files, for the organisation that attached them and (once submitted) the team and the reviewer: always a download. */
  app.get('/inspections/:id/report/factual-accuracy/files/:fileId', async (request, reply) => {
    const req = request as Req;
    const ctx = req.serviceContext();
    const f = await getCommentFile(ctx, req.params.id, req.params.fileId!);
    return sendAttachment(reply, ctx, f);
  });

  app.post('/inspections/:id/report/factual-accuracy/comments/:commentId/delete', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    await deleteComment(req.serviceContext(), req.params.id, req.params.commentId!);
    return reply.redirect(`${reportPath(req.params.id, '/factual-accuracy')}?notice=deleted`, 303);
  });

  app.post('/inspections/:id/report/factual-accuracy/submission', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    try {
      await submitFactualAccuracy(req.serviceContext(), req.params.id, { noInaccuracies: field(req.body, 'noInaccuracies') === 'yes' });
      return reply.redirect(`${reportPath(req.params.id, '/factual-accuracy')}?notice=submitted`, 303);
    } catch (e) {
      return showOrganisationPage(req, reply, { errors: pageErrors(e, 'noInaccuracies'), status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/report/factual-accuracy/extension', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const reason = field(req.body, 'reason');
    try {
      const parsed = parseForm(extensionRequestSchema, { reason });
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await requestExtension(req.serviceContext(), req.params.id, reason);
      return reply.redirect(`${reportPath(req.params.id, '/factual-accuracy')}?notice=extension`, 303);
    } catch (e) {
      return showOrganisationPage(req, reply, { errors: pageErrors(e, 'reason'), status: statusFor(e), extensionReason: reason });
    }
  });

  // The reviewer's page.
  const showReviewer = async (request: Req, reply: FastifyReply, errors: FieldError[] = [], failedComment: string | null = null, status = 200, reword?: { recommendationId: string; text: string }, extension?: ExtensionDecisionForm, decision?: CommentDecisionForm) => {
    const ctx = request.serviceContext();
    const w = await getReportWorkspace(ctx, request.params.id);
    if (w.you.side !== 'regulator') return reply.redirect(reportPath(request.params.id, '/factual-accuracy'), 303);
    const user = ctx.actor.kind === 'user' ? ctx.actor.user : null;
    const view = buildReviewerPage(w, await getFactualAccuracy(ctx, request.params.id), { errors, failedComment, canManage: !!user && ['inspection_manager', 'administrator'].includes(user.role), ...(reword ? { reword } : {}), ...(extension ? { extension } : {}), ...(decision ? { decision } : {}) });
    return reply.code(status).view('reports/views/fa-review.njk', { pageTitle: view.pageTitle, view });
  };
  app.get('/inspections/:id/report/factual-accuracy/review', async (request, reply) => showReviewer(request as Req, reply));
  app.post('/inspections/:id/report/factual-accuracy/comments/:commentId/decision', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const typed: CommentDecisionForm = { decision: field(req.body, 'decision'), reason: field(req.body, 'reason'), changeMade: field(req.body, 'changeMade') };
    try {
      const parsed = parseForm(commentDecisionSchema, typed);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await decideComment(req.serviceContext(), req.params.id, req.params.commentId!, typed);
      return reply.redirect(reportPath(req.params.id, '/factual-accuracy/review'), 303);
    } catch (e) {
      return showReviewer(req, reply, pageErrors(e, 'decision'), req.params.commentId!, statusFor(e), undefined, undefined, typed);
    }
  });
  app.post('/inspections/:id/report/factual-accuracy/comments/:commentId/recommendation', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const reword = { recommendationId: field(req.body, 'recommendationId'), text: field(req.body, 'text') };
    try {
      const parsed = parseForm(rewordSchema, reword);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await reviseRecommendationWording(req.serviceContext(), req.params.id, reword.recommendationId, { text: reword.text, commentId: req.params.commentId! });
      return reply.redirect(reportPath(req.params.id, '/factual-accuracy/review'), 303);
    } catch (e) {
      return showReviewer(req, reply, pageErrors(e, 'text'), req.params.commentId!, statusFor(e), reword);
    }
  });
  app.post('/inspections/:id/report/factual-accuracy/extension/:requestId', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const requestId = req.params.requestId!;
    const typed: ExtensionDecisionForm = { requestId, grant: field(req.body, 'grant'), newDue: dateParts(req.body, 'newDue'), reason: field(req.body, 'reason') };
    const parsed = parseForm(extensionDecisionSchema, typed);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const v = parsed.value;
      await decideExtension(req.serviceContext(), req.params.id, requestId, { grant: v.grant === 'yes', newDue: v.newDue || null, reason: v.reason || null });
      return reply.redirect(reportPath(req.params.id, '/factual-accuracy/review'), 303);
    } catch (e) {
      // Each request has its own form: its errors are shown at its own fields.
      const errors = atDateDay(pageErrors(e, 'grant'), 'newDue').map((x) => ({ ...x, field: extensionFieldId(requestId, x.field) }));
      return showReviewer(req, reply, errors, null, statusFor(e), undefined, typed);
    }
  });
  const reviewAction = (path: string, run: (r: Req) => Promise<void>, to: (id: string) => string) =>
    app.post(path, { schema: pageFormSchema }, async (request, reply) => {
      const req = request as Req;
      try {
        await run(req);
        return reply.redirect(to(req.params.id), 303);
      } catch (e) {
        return showReviewer(req, reply, pageErrors(e, 'action'), null, statusFor(e));
      }
    });
  reviewAction('/inspections/:id/report/factual-accuracy/close', (r) => closeFactualAccuracy(r.serviceContext(), r.params.id), (id) => reportPath(id, '/factual-accuracy/review'));
  reviewAction('/inspections/:id/report/factual-accuracy/review-complete', (r) => completeFactualAccuracyReview(r.serviceContext(), r.params.id), (id) => reportPath(id));

  // The organisation's response statement.
  const showResponse = async (request: Req, reply: FastifyReply, value?: string, errors: FieldError[] = [], status = 200) => {
    const w = await getReportWorkspace(request.serviceContext(), request.params.id);
    if (!w.you.canRespond) throw new NotFoundError();
    const title = pageTitle(`Your response statement: ${w.inspection.subjectName}`, errors);
    return reply.code(status).view('reports/views/response-statement.njk', {
      pageTitle: title,
      view: {
        caption: w.inspection.reference,
        heading: 'Your response statement',
        backHref: w.stage === 'published' ? publicReportPath(w.report.link_id) : reportPath(w.inspection.id, '/factual-accuracy'),
        errorSummary: errorSummary(errors),
        action: reportPath(w.inspection.id, '/response'),
        statement: characterCount({ id: 'statement', name: 'statement', rows: 6, max: MAX_RESPONSE_STATEMENT, label: { text: 'What you want to say beside the report', classes: 'govuk-label--s' }, hint: 'It is published beside the report. Do not name or identify anyone who uses your services.', value: value ?? w.report.response_statement ?? '', errorMessage: errorFor(errors, 'statement') }),
      },
    });
  };
  app.get('/inspections/:id/report/response', async (request, reply) => showResponse(request as Req, reply));
  app.post('/inspections/:id/report/response', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const value = field(req.body, 'statement');
    const parsed = parseForm(responseStatementSchema, { statement: value });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await setResponseStatement(req.serviceContext(), req.params.id, parsed.value.statement);
      const w = await getReportWorkspace(req.serviceContext(), req.params.id);
      return reply.redirect(w.stage === 'published' ? publicReportPath(w.report.link_id, '#response') : reportPath(req.params.id, '/factual-accuracy'), 303);
    } catch (e) {
      return showResponse(req, reply, value, pageErrors(e, 'statement'), statusFor(e));
    }
  });
}
