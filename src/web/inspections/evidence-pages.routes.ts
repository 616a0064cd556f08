/**
 * Evidence pages. GET /inspections/:id/evidence (checklist), GET|POST /inspections/:id/evidence/new
 * (the team requests a document), GET /inspections/:id/evidence/:requestId (one request and its
 * file versions), POST …/assign, …/cannot-provide, …/upload (multipart, the no-JavaScript path).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../services/authorisation.js';
import { NotFoundError, ValidationError, type FieldError } from '../../services/errors.js';
import { assignEvidenceRequest, createEvidenceRequests, getEvidenceChecklist, getEvidenceRequest, markCannotProvide, updateEvidenceRequest, withdrawEvidenceRequest } from '../../services/inspections/evidence.service.js';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { getMyOrganisationView } from '../../services/organisations.service.js';
import { field } from '../forms.view-model.js';
import { pageFormSchema, parseForm, atDateDay, dateParts, govukDate, text } from '../form-validation.js';
import { z } from 'zod';
import { ukCalendarDate } from '../../domain/shared/dates.js';
import { checklistPage, EVIDENCE_LIMITS, newRequestPage, requestPage, type RequestForm } from './evidence.view-model.js';
import { uploadFormFile, type FormFile } from './form-upload.js';
import { inspectionPath, requestPath } from '../paths.js';
import { pageErrors, statusFor } from './page-errors.js';

const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 } } } } as const;

type Params = { id: string; requestId: string };


/** The request form (new and change), checked at the edge: every problem at once, at its field. */
const requestSchema = z.object({
  title: text('Document', { max: EVIDENCE_LIMITS.title, required: 'Enter the document you need' }),
  description: text('What you need', { max: EVIDENCE_LIMITS.description }),
  organisationId: z.string(),
  due: govukDate('dueDate', 'Due date', {}),
});
const changeSchema = requestSchema.extend({ due: govukDate('dueDate', 'Due date', { required: 'Enter the due date' }) });
const reasonSchema = (label: string, required: string, max: number) => z.object({ reason: text(label, { max, required }) });
const cannotProvideSchema = reasonSchema('Your explanation', 'Explain why you cannot provide this document', EVIDENCE_LIMITS.cannotProvide);
const withdrawSchema = reasonSchema('The reason', 'Say why the document is no longer needed', EVIDENCE_LIMITS.withdraw);

function requestForm(body: unknown): RequestForm {
  return { title: field(body, 'title'), description: field(body, 'description'), organisationId: field(body, 'organisationId'), due: dateParts(body, 'dueDate') };
}

async function showRequest(request: FastifyRequest, reply: FastifyReply, opts: { noticeKey?: string; errors?: FieldError[]; reason?: string; withdrawReason?: string; edit?: RequestForm; status?: number } = {}) {
  const { id, requestId } = request.params as Params;
  const ctx = request.serviceContext();
  requireUser(ctx);
  const [detail, item] = await Promise.all([getInspection(ctx, id), getEvidenceRequest(ctx, requestId)]);
  // A request of another inspection is not found here.
  if (item.inspectionId !== detail.id) throw new NotFoundError();
  const colleagues = detail.you.side === 'organisation' ? (await getMyOrganisationView(ctx)).members : [];
  return reply.code(opts.status ?? 200).view('inspections/views/evidence-request.njk', requestPage({ detail, item, colleagues, today: ukCalendarDate(ctx.clock.now()), ...opts }));
}

export async function evidencePageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/inspections/:id/evidence', { schema: noticeQuery }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const [detail, checklist] = await Promise.all([getInspection(ctx, id), getEvidenceChecklist(ctx, id)]);
    return reply.view('inspections/views/evidence.njk', checklistPage(detail, checklist, (request.query as { notice?: string }).notice));
  });

  const emptyRequest: RequestForm = { title: '', description: '', organisationId: '', due: { day: '', month: '', year: '' } };
  app.get('/inspections/:id/evidence/new', async (request, reply) => {
    const { id } = request.params as { id: string };
    const detail = await getInspection(request.serviceContext(), id);
    if (detail.you.side !== 'regulator') throw new NotFoundError();
    return reply.view('inspections/views/evidence-new.njk', newRequestPage(detail, emptyRequest, [], ukCalendarDate(request.serviceContext().clock.now())));
  });

  app.post('/inspections/:id/evidence/new', { schema: pageFormSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const ctx = request.serviceContext();
    const form = requestForm(request.body);
    const parsed = parseForm(requestSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const v = parsed.value;
      await createEvidenceRequests(ctx, id, [{ title: v.title, description: v.description || null, organisationId: v.organisationId || null, dueDate: v.due || null }]);
    } catch (e) {
      const errors = atDateDay(pageErrors(e, 'title').map((x) => ({ ...x, field: x.field.replace(/^requests\[\d+\]\./, '') })), 'dueDate');
      const detail = await getInspection(ctx, id);
      return reply.code(statusFor(e)).view('inspections/views/evidence-new.njk', newRequestPage(detail, form, errors, ukCalendarDate(ctx.clock.now())));
    }
    return reply.redirect(`${inspectionPath(id, '/evidence')}?notice=requested`, 303);
  });

  app.get('/inspections/:id/evidence/:requestId', { schema: noticeQuery }, async (request, reply) => showRequest(request, reply, { noticeKey: (request.query as { notice?: string }).notice }));

  app.post('/inspections/:id/evidence/:requestId/assign', { schema: pageFormSchema }, async (request, reply) => {
    const { id, requestId } = request.params as Params;
    await showRequestGuard(request);
    const userId = field(request.body, 'userId');
    try {
      await assignEvidenceRequest(request.serviceContext(), requestId, userId || null);
    } catch (e) {
      return showRequest(request, reply, { errors: pageErrors(e, 'userId'), status: statusFor(e) });
    }
    return reply.redirect(`${requestPath(id, requestId)}?notice=${userId ? 'assigned' : 'unassigned'}`, 303);
  });

  app.post('/inspections/:id/evidence/:requestId/edit', { schema: pageFormSchema }, async (request, reply) => {
    const { id, requestId } = request.params as Params;
    await showRequestGuard(request);
    const edit = requestForm(request.body);
    const parsed = parseForm(changeSchema, edit);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const v = parsed.value;
      await updateEvidenceRequest(request.serviceContext(), requestId, { title: v.title, description: v.description || null, dueDate: v.due });
    } catch (e) {
      return showRequest(request, reply, { errors: atDateDay(pageErrors(e, 'title'), 'dueDate'), edit, status: statusFor(e) });
    }
    return reply.redirect(`${requestPath(id, requestId)}?notice=changed`, 303);
  });

  app.post('/inspections/:id/evidence/:requestId/withdraw', { schema: pageFormSchema }, async (request, reply) => {
    const { id, requestId } = request.params as Params;
    await showRequestGuard(request);
    const withdrawReason = field(request.body, 'reason');
    const parsed = parseForm(withdrawSchema, { reason: withdrawReason });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await withdrawEvidenceRequest(request.serviceContext(), requestId, parsed.value.reason);
    } catch (e) {
      return showRequest(request, reply, { errors: pageErrors(e, 'reason').map((x) => (x.field === 'reason' ? { ...x, field: 'withdrawReason' } : x)), withdrawReason, status: statusFor(e) });
    }
    return reply.redirect(`${requestPath(id, requestId)}?notice=withdrawn`, 303);
  });

  app.post('/inspections/:id/evidence/:requestId/cannot-provide', { schema: pageFormSchema }, async (request, reply) => {
    const { id, requestId } = request.params as Params;
    await showRequestGuard(request);
    const reason = field(request.body, 'reason');
    const parsed = parseForm(cannotProvideSchema, { reason });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await markCannotProvide(request.serviceContext(), requestId, parsed.value.reason);
    } catch (e) {
      return showRequest(request, reply, { errors: pageErrors(e, 'reason'), reason, status: statusFor(e) });
    }
    return reply.redirect(`${requestPath(id, requestId)}?notice=cannot-provide`, 303);
  });

  app.post('/inspections/:id/evidence/:requestId/upload', { schema: noticeQuery }, async (request, reply) => {
    const { id, requestId } = request.params as Params;
    await showRequestGuard(request);
    if (!request.isMultipart()) return showRequest(request, reply, { errors: [{ field: 'file', message: 'Select a file' }], status: 400 });
    try {
      const part = (await request.file()) as FormFile | undefined;
      const length = request.headers['content-length'];
      await uploadFormFile(request.serviceContext(), requestId, part, length === undefined ? undefined : Number(length));
    } catch (e) {
      const errors = pageErrors(e, 'file').map((x) => ({ ...x, field: 'file' }));
      return showRequest(request, reply, { errors, status: statusFor(e) });
    }
    return reply.redirect(`${requestPath(id, requestId)}?notice=uploaded`, 303);
  });

  /** The request must belong to the inspection in the path (and be visible): otherwise not found. */
  async function showRequestGuard(request: FastifyRequest): Promise<void> {
    const { id, requestId } = request.params as Params;
    const item = await getEvidenceRequest(request.serviceContext(), requestId);
    if (item.inspectionId !== id) throw new NotFoundError();
  }
}
