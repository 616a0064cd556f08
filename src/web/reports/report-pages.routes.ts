/**
 * The team's report pages under /inspections/{id}/report: the workspace (stage, owner, clock,
 * sections, recommendations, actions), the section editor, version compare, the personal-data
 * check and the manager's approval or return. Every action is a CSRF-protected form (no JS needed).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import { NotFoundError, type FieldError } from '../../services/errors.js';
import { sendForFactualAccuracy } from '../../services/reports/factual-accuracy.service.js';
import { publishReport, reopenReview } from '../../services/reports/publication.service.js';
import { loadReportAccess } from '../../services/reports/report-common.js';
import { addRecommendation, addReportSection, refreshCaseTrackingSection, compareVersions, removeReportSection, createDraftReport, listPersonalDataFlags, removeRecommendation, resolvePersonalDataFlag, saveSection } from '../../services/reports/report-draft.service.js';
import { approveDraft, listReviews, returnDraft, submitForApproval } from '../../services/reports/report-review.service.js';
import { getReportWorkspace } from '../../services/reports/report-workspace.service.js';
import { addressRecommendation, getRecommendationAddressees } from '../../services/reports/recommendation-addressees.service.js';
import { z } from 'zod';
import { choice, formValues, pageFormSchema, parseForm, text, unlimitedText } from '../form-validation.js';
import { field } from '../forms.view-model.js';
import { MAX_SECTION_HEADING } from '../../domain/reports/report-sections.js';
import { assertUuids, pageErrors, statusFor } from '../inspections/page-errors.js';
import { buildAddresseesPage, buildCompare, buildFlagsPage, buildReviewPage, buildSectionEditor, buildWorkspace, REVIEW_COMMENTS_MAX, SECTION_NOTE_MAX, WORKSPACE_LIMITS, FLAG_NOTE_MAX, type FlagForm, type WorkspaceFormName } from './report-pages.view-model.js';
import { ALLOW_REASONS, type AllowReason } from '../../domain/reports/personal-data-check.js';
import { reportPath, inspectionPath } from '../paths.js';

type Req = FastifyRequest<{ Params: { id: string; key?: string; flagId?: string; recommendationId?: string } }>;

const NOTICES: Record<string, string> = {
  started: 'Draft report started from the approved judgement',
  saved: 'Section saved as a new version',
  submitted: 'Draft sent to the inspection manager for approval',
  sent: 'Draft sent to the organisation for factual accuracy',
  published: 'Report published',
  recommendation: 'Recommendation saved',
  removed: 'Recommendation removed',
  addressed: 'Who the recommendation is addressed to has been saved',
  'tracking-refreshed': 'Cases we tracked rewritten from the case-tracking summary as a new version (compare versions to see what changed)',
  'tracking-unchanged': 'Cases we tracked already says what the case-tracking summary says: nothing was saved',
  'section-added': 'Section added: write it before the report is sent for approval',
  'section-removed': 'Section removed',
  reopened: 'The report is back with the factual accuracy review: the team can finish it and the reviewer complete the review again',
};

async function organisationsFor(request: Req) {
  const ctx = request.serviceContext();
  const access = await loadReportAccess(ctx.db, ctx, request.params.id);
  const ids = await involvedOrganisationIds(ctx.db, access.inspection);
  return ids.length ? ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute() : [];
}

async function showWorkspace(request: Req, reply: FastifyReply, errors: FieldError[] = [], status = 200, typed?: { form: WorkspaceFormName; values: Record<string, string> }) {
  const ctx = request.serviceContext();
  const notice = NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? null;
  let w;
  try {
    w = await getReportWorkspace(ctx, request.params.id);
  } catch (e) {
    if (!(e instanceof NotFoundError) || e.message !== 'No report found') throw e;
    const access = await loadReportAccess(ctx.db, ctx, request.params.id);
    if (access.side !== 'regulator') throw e;
    const canStart = access.inspection.state === 'draft_report';
    // An independent reviewer is not on the team and cannot open the inspection itself: back to the dashboard that led here.
    return reply.code(status).view('reports/views/no-report.njk', {
      pageTitle: `Report: ${access.inspection.reference}`,
      view: { caption: access.inspection.reference, heading: 'Draft report', action: canStart ? reportPath(access.inspection.id, '/start') : null, errorSummary: errors.length ? { titleText: 'There is a problem', errorList: errors.map((x) => ({ text: x.message, href: '#start' })) } : null, backHref: access.isReviewer ? '/reports/drafts' : inspectionPath(access.inspection.id) },
    });
  }
  if (w.you.side !== 'regulator') return reply.redirect(reportPath(request.params.id, '/factual-accuracy'), 303);
  const view = buildWorkspace(w, { errors, notice, organisations: w.you.canEdit ? await organisationsFor(request) : [], ...(typed ? { typed } : {}) });
  return reply.code(status).view('reports/views/workspace.njk', { pageTitle: view.pageTitle, view });
}

/** A workspace form checked at the edge: its name, its zod schema, and where a field's error is shown when its id differs. */
interface WorkspaceForm {
  name: WorkspaceFormName;
  schema: z.ZodType;
  ids?: Record<string, string>;
}

/**
 * Runs an action; on a refusal re-renders the workspace with the message in the error summary.
 * A form with a schema is checked first (every error at once) and comes back with what was typed.
 */
function action(app: FastifyInstance, path: string, run: (request: Req) => Promise<string>, fields: string[] = [], form?: WorkspaceForm) {
  app.post(path, { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const values = formValues(req.body, fields);
    const at = (errors: FieldError[]) => errors.map((e) => ({ ...e, field: form?.ids?.[e.field] ?? e.field }));
    const typed = form ? { form: form.name, values } : undefined;
    try {
      if (form) {
        const parsed = parseForm(form.schema, values);
        if (!parsed.ok) return await showWorkspace(req, reply, at(parsed.errors), 400, typed);
      }
      const notice = await run(req);
      return reply.redirect(reportPath(req.params.id, `?notice=${notice}`), 303);
    } catch (e) {
      return showWorkspace(req, reply, at(pageErrors(e, fields[0] ?? 'action')), statusFor(e), typed);
    }
  });
}

/** The workspace's forms with typed text, checked at the edge (the service checks what needs the report: timing, names on the inspection). */
const publicationSchema = z.object({ reason: text('The reason', { max: WORKSPACE_LIMITS.reason }) });
const reopenSchema = z.object({ reason: text('What must be done', { max: WORKSPACE_LIMITS.reason, required: 'Say what must be done before the report can be published' }) });
const recommendationSchema = z.object({
  strength: choice(['must', 'should'], 'Choose "must" or "should"'),
  organisationId: z.string().min(1, { error: 'Choose an organisation named on the inspection' }),
  text: text('The recommendation', { max: WORKSPACE_LIMITS.recommendation, required: 'Enter the recommendation' }),
});
const newSectionSchema = z.object({
  group: z.string().min(1, { error: 'Choose where the section goes' }),
  heading: text('The heading', { max: MAX_SECTION_HEADING, required: 'Enter the heading of the new section' }),
  basedOnVersion: z.string(),
});

/** A personal data flag's resolution, checked at the edge: what was done, and for one allowed to stay why (the service checks whether it may stay). */
const flagSchema = z
  .object({
    status: choice(['removed', 'allowed'], 'Choose whether you removed it or it is allowed'),
    reason: z.string(),
    note: text('Explanation', { max: FLAG_NOTE_MAX }),
  })
  .superRefine((v, ctx) => {
    if (v.status !== 'allowed') return;
    if (!(ALLOW_REASONS as readonly string[]).includes(v.reason)) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Choose why this is allowed' });
    if (v.note.length < 5) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Explain why this can be published' });
  });

/** A draft review, checked at the edge: the decision and the comments, within the limit stated under them (the service checks a return has comments). */
const reviewSchema = z.object({
  decision: choice(['approve', 'return'], 'Choose whether to approve or return the draft'),
  comments: text('Comments', { max: REVIEW_COMMENTS_MAX }),
});

export async function reportPagesRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    const { key: _key, ...ids } = (request.params ?? {}) as Record<string, string>;
    assertUuids(ids);
  });

  app.get('/inspections/:id/report', async (request, reply) => showWorkspace(request as Req, reply));
  action(app, '/inspections/:id/report/start', async (r) => {
    await createDraftReport(r.serviceContext(), r.params.id);
    return 'started';
  });
  action(app, '/inspections/:id/report/submission', async (r) => {
    await submitForApproval(r.serviceContext(), r.params.id);
    return 'submitted';
  });
  action(app, '/inspections/:id/report/send', async (r) => {
    await sendForFactualAccuracy(r.serviceContext(), r.params.id);
    return 'sent';
  });
  action(
    app,
    '/inspections/:id/report/publication',
    async (r) => {
      await publishReport(r.serviceContext(), r.params.id, { reason: field(r.body, 'reason') });
      return 'published';
    },
    ['reason'],
    { name: 'publication', schema: publicationSchema },
  );
  action(
    app,
    '/inspections/:id/report/reopen',
    async (r) => {
      await reopenReview(r.serviceContext(), r.params.id, field(r.body, 'reason'));
      return 'reopened';
    },
    ['reason'],
    { name: 'reopen', schema: reopenSchema, ids: { reason: 'reopen-reason' } },
  );
  action(
    app,
    '/inspections/:id/report/recommendations',
    async (r) => {
      await addRecommendation(r.serviceContext(), r.params.id, { strength: field(r.body, 'strength'), text: field(r.body, 'text'), organisationId: field(r.body, 'organisationId') });
      return 'recommendation';
    },
    ['strength', 'text', 'organisationId'],
    { name: 'recommendations', schema: recommendationSchema },
  );
  action(app, '/inspections/:id/report/recommendations/:recommendationId/remove', async (r) => {
    await removeRecommendation(r.serviceContext(), r.params.id, r.params.recommendationId!);
    return 'removed';
  });

  action(
    app,
    '/inspections/:id/report/sections',
    async (r) => {
      await addReportSection(r.serviceContext(), r.params.id, { group: field(r.body, 'group'), heading: field(r.body, 'heading'), basedOnVersion: Number(field(r.body, 'basedOnVersion')) });
      return 'section-added';
    },
    ['heading', 'group', 'basedOnVersion'],
    { name: 'sections', schema: newSectionSchema },
  );
  action(
    app,
    '/inspections/:id/report/sections/:key/remove',
    async (r) => {
      await removeReportSection(r.serviceContext(), r.params.id, { sectionKey: r.params.key!, basedOnVersion: Number(field(r.body, 'basedOnVersion')) });
      return 'section-removed';
    },
    ['basedOnVersion'],
  );
  // Issue 15: rewrite "Cases we tracked" from the current case-tracking summary.
  action(
    app,
    '/inspections/:id/report/case-tracking-refresh',
    async (r) => ((await refreshCaseTrackingSection(r.serviceContext(), r.params.id, { basedOnVersion: Number(field(r.body, 'basedOnVersion')) })).changed ? 'tracking-refreshed' : 'tracking-unchanged'),
    ['refresh', 'basedOnVersion'],
  );

  // Section editor: the text has no arbitrary cap; the change note has a stated one.
  const sectionSchema = z.object({ body: unlimitedText(), note: text('What you changed', { max: SECTION_NOTE_MAX }) });
  const showEditor = async (request: Req, reply: FastifyReply, form: { body?: string; note?: string } = {}, errors: FieldError[] = [], status = 200) => {
    const w = await getReportWorkspace(request.serviceContext(), request.params.id);
    if (w.you.side !== 'regulator' || !w.sections.some((s) => s.key === request.params.key)) throw new NotFoundError();
    const view = buildSectionEditor(w, request.params.key!, form, errors);
    return reply.code(status).view('reports/views/section-edit.njk', { pageTitle: view.pageTitle, view });
  };
  app.get('/inspections/:id/report/sections/:key', async (request, reply) => showEditor(request as Req, reply));
  app.post('/inspections/:id/report/sections/:key', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const form = { body: field(req.body, 'body'), note: field(req.body, 'note') };
    const parsed = parseForm(sectionSchema, form);
    if (!parsed.ok) return showEditor(req, reply, form, parsed.errors, 400);
    try {
      await saveSection(req.serviceContext(), req.params.id, { sectionKey: req.params.key!, body: form.body, note: form.note, basedOnVersion: Number(field(req.body, 'basedOnVersion')) });
      return reply.redirect(reportPath(req.params.id, '?notice=saved'), 303);
    } catch (e) {
      return showEditor(req, reply, form, pageErrors(e, 'body'), statusFor(e));
    }
  });

  // Issue 15: address a recommendation to more of the organisations taking part (checkboxes, no JavaScript).
  const idsFrom = (body: unknown): string[] => {
    const v = body && typeof body === 'object' ? (body as Record<string, unknown>).organisationIds : undefined;
    return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  };
  const showAddressees = async (request: Req, reply: FastifyReply, ticked: string[] | null = null, errors: FieldError[] = [], status = 200) => {
    const v = await getRecommendationAddressees(request.serviceContext(), request.params.id, request.params.recommendationId!);
    const view = buildAddresseesPage(v, { organisationIds: ticked ?? v.alsoTo }, errors);
    return reply.code(status).view('reports/views/recommendation-addressees.njk', { pageTitle: view.pageTitle, view });
  };
  app.get('/inspections/:id/report/recommendations/:recommendationId/addressees', async (request, reply) => showAddressees(request as Req, reply));
  app.post(
    '/inspections/:id/report/recommendations/:recommendationId/addressees',
    { schema: { body: { type: 'object', properties: { _csrf: { type: 'string', maxLength: 200 }, organisationIds: { anyOf: [{ type: 'string', maxLength: 64 }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } }] } } } } },
    async (request, reply) => {
      const req = request as Req;
      const ticked = idsFrom(req.body);
      try {
        await addressRecommendation(req.serviceContext(), req.params.id, req.params.recommendationId!, ticked);
        return reply.redirect(reportPath(req.params.id, '?notice=addressed'), 303);
      } catch (e) {
        return showAddressees(req, reply, ticked, pageErrors(e, 'organisationIds'), statusFor(e));
      }
    },
  );

  app.get('/inspections/:id/report/compare', { schema: { querystring: { type: 'object', properties: { from: { type: 'string', maxLength: 6 }, to: { type: 'string', maxLength: 6 } } } } }, async (request, reply) => {
    const req = request as Req;
    const ctx = req.serviceContext();
    const w = await getReportWorkspace(ctx, req.params.id);
    if (w.you.side !== 'regulator') throw new NotFoundError();
    const q = request.query as { from?: string; to?: string };
    const clamp = (v: string | undefined, d: number) => Math.min(w.currentVersion, Math.max(1, Number.parseInt(v ?? '', 10) || d));
    const diff = await compareVersions(ctx, req.params.id, clamp(q.from, Math.max(1, w.currentVersion - 1)), clamp(q.to, w.currentVersion));
    const view = buildCompare(w, diff);
    return reply.view('reports/views/compare.njk', { pageTitle: view.pageTitle, view });
  });

  const showFlags = async (request: Req, reply: FastifyReply, errors: FieldError[] = [], failed: string | null = null, status = 200, typed: FlagForm | null = null) => {
    const ctx = request.serviceContext();
    const w = await getReportWorkspace(ctx, request.params.id);
    if (w.you.side !== 'regulator') throw new NotFoundError();
    const view = buildFlagsPage(w, await listPersonalDataFlags(ctx, request.params.id), errors, failed, typed);
    return reply.code(status).view('reports/views/personal-data.njk', { pageTitle: view.pageTitle, view });
  };
  app.get('/inspections/:id/report/personal-data', async (request, reply) => showFlags(request as Req, reply));
  app.post('/inspections/:id/report/personal-data/:flagId', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const typed = formValues(req.body, ['status', 'reason', 'note']) as unknown as FlagForm;
    const parsed = parseForm(flagSchema, typed);
    if (!parsed.ok) return showFlags(req, reply, parsed.errors, req.params.flagId!, 400, typed);
    try {
      const v = parsed.value;
      await resolvePersonalDataFlag(req.serviceContext(), req.params.id, req.params.flagId!, v.status === 'removed' ? { status: v.status, note: v.note || null } : { status: v.status, reason: v.reason as AllowReason, note: v.note });
      return reply.redirect(reportPath(req.params.id, '/personal-data'), 303);
    } catch (e) {
      return showFlags(req, reply, pageErrors(e, 'status'), req.params.flagId!, statusFor(e), typed);
    }
  });

  const showReview = async (request: Req, reply: FastifyReply, form: { decision?: string; comments?: string } = {}, errors: FieldError[] = [], status = 200) => {
    const ctx = request.serviceContext();
    const w = await getReportWorkspace(ctx, request.params.id);
    if (w.you.side !== 'regulator') throw new NotFoundError();
    const view = buildReviewPage(w, await listReviews(ctx, request.params.id), form, errors);
    return reply.code(status).view('reports/views/review.njk', { pageTitle: view.pageTitle, view });
  };
  app.get('/inspections/:id/report/review', async (request, reply) => showReview(request as Req, reply));
  app.post('/inspections/:id/report/review', { schema: pageFormSchema }, async (request, reply) => {
    const req = request as Req;
    const form = { decision: field(req.body, 'decision'), comments: field(req.body, 'comments') };
    const parsed = parseForm(reviewSchema, form);
    if (!parsed.ok) {
      // Every problem at once: the service's "say what must change" too, for a return with no comments.
      const noComments = form.decision === 'return' && !form.comments.trim() ? [{ field: 'comments', message: 'Say what needs to change before the draft can be approved' }] : [];
      return showReview(req, reply, form, [...parsed.errors, ...noComments], 400);
    }
    try {
      if (form.decision === 'approve') await approveDraft(req.serviceContext(), req.params.id, form.comments);
      else if (form.decision === 'return') await returnDraft(req.serviceContext(), req.params.id, form.comments);
      else return showReview(req, reply, form, [{ field: 'decision', message: 'Choose whether to approve or return the draft' }], 400);
      return reply.redirect(reportPath(req.params.id), 303);
    } catch (e) {
      return showReview(req, reply, form, pageErrors(e, form.decision === 'return' ? 'comments' : 'decision'), statusFor(e));
    }
  });
}
