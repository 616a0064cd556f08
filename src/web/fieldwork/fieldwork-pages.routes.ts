/**
 * Fieldwork pages under /inspections/:id: evidence items (with autosave as the inspector types,
 * and a form that works without JavaScript), briefings and verbal feedback, and concerns
 * needing immediate action (the organisation's acknowledge-and-respond page).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatBytes } from '../../domain/files/file-rules.js';
import { addEvidenceAttachment, MAX_ATTACHMENT_BYTES } from '../../services/fieldwork/attachments.service.js';
import { NotFoundError, ValidationError } from '../../services/errors.js';
import type { EvidenceItemStatus, EvidenceItemType } from '../../domain/fieldwork/evidence-item.js';
import type { FieldError } from '../../services/errors.js';
import { deleteBriefing, listBriefings, recordBriefing, updateBriefing, type BriefingKind } from '../../services/fieldwork/briefings.service.js';
import { randomUUID } from 'node:crypto';
import { acknowledgeConcern, closeConcern, getConcern, listConcerns, raiseConcern, respondToConcern } from '../../services/fieldwork/concerns.service.js';
import { createEnforcementAction } from '../../services/fieldwork/enforcement.service.js';
import { createEvidenceItem, getEvidenceItem, listEvidenceItems, saveEvidenceItem, type EvidenceItemInput } from '../../services/fieldwork/evidence-items.service.js';
import { getInspection } from '../../services/inspections/inspection-plan.service.js';
import { getProgramme } from '../../services/inspections/programme.service.js';
import { today } from '../../services/inspections/inspection-events.js';
import { field } from '../forms.view-model.js';
import { assertUuids, pageErrors, statusFor } from '../inspections/page-errors.js';
// Briefing attendees are typed like meeting attendees: one person a line.
import { parseAttendees } from '../inspections/programme.view-model.js';
import { localInputValue, ukLocalToIso } from './fieldwork-nav.view-model.js';
import { atDateDay, choice, dateParts, govukDate, isoDateParts, parseForm, text, pageFormSchema } from '../form-validation.js';
import { formatDate } from '../../domain/shared/dates.js';
import { z } from 'zod';
import {
  briefingEditPage,
  briefingForm,
  briefingsPage,
  BRIEFING_LIMITS,
  CONCERN_LIMITS,
  concernPage,
  concernsPage,
  emptyEvidenceForm,
  evidenceFormPage,
  evidenceListPage,
  formFromItem,
  pageFieldErrors,
  type BriefingForm,
  type ConcernForm,
  type EvidenceForm,
} from './fieldwork.view-model.js';
import { concernPath, enforcementActionPath, evidenceItemPath, evidenceItemsPath, inspectionPath } from '../paths.js';

const NOTICES: Record<string, string> = {
  recorded: 'The evidence item has been recorded.',
  saved: 'The draft has been saved.',
  attached: 'The file has been attached.',
  briefing: 'The briefing has been logged.',
  closed: 'The concern is closed. The organisation has been told.',
  'briefing-deleted': 'The briefing has been deleted. Its record is kept in the history.',
  'briefing-corrected': 'The briefing log has been corrected. The earlier version is kept in its history.',
  raised: 'The concern has been raised. The organisation and the commissioner have been told by email and in the service.',
  acknowledged: 'You have acknowledged the concern. Respond with the action taken before the deadline.',
  responded: 'Your response has been sent to the inspection team.',
};

/** A page form's body: strings (or lists, from checkboxes); each form's zod schema says what they must hold. */
const anyForm = pageFormSchema;
const noticeQuery = { querystring: { type: 'object', properties: { notice: { type: 'string', maxLength: 40 }, statement: { type: 'string', maxLength: 10 } } } } as const;

type P = { id: string; itemId?: string; concernId?: string };

function list(body: unknown, name: string): string[] {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v ? [v] : [];
}

function evidenceFormFrom(body: unknown): EvidenceForm {
  return {
    type: field(body, 'type'),
    qualityStatements: list(body, 'qualityStatements'),
    evidenceCategory: field(body, 'evidenceCategory'),
    refersToDate: dateParts(body, 'refersToDate'),
    visitId: field(body, 'visitId'),
    body: field(body, 'body'),
    version: field(body, 'version'),
  };
}

/** The evidence item's date, a GOV.UK date input checked at the edge. */
const evidenceDateSchema = z.object({ refersToDate: govukDate('refersToDate', 'Date the evidence refers to', {}) });

/** The page's errors for the evidence form: the date pattern's message for a date that is not real, at its box. */
function evidenceErrors(f: EvidenceForm, e: unknown): FieldError[] {
  const errors = atDateDay(pageErrors(e, 'body'), 'refersToDate');
  const date = parseForm(evidenceDateSchema, f);
  return date.ok ? errors : [...errors.filter((x) => x.field !== 'refersToDate-day'), ...date.errors];
}

/** The briefing's date (GOV.UK date input) and time ("16:00", as on programme visits and meetings). */
const briefingWhenSchema = z.object({
  heldOn: govukDate('heldOn', 'Date it was held', { required: 'Enter the date it was held' }),
  heldTime: z.string().trim().regex(/^([01]?\d|2[0-3])[:.][0-5]\d$/, { error: 'Enter the time it was held, like 16:00' }),
});

/** The briefing's words, checked at the edge with the limits stated under the fields (the service checks again). */
const briefingTextSchema = z.object({
  attendees: text('Who attended', { max: BRIEFING_LIMITS.attendees, required: 'List who attended' }).superRefine((v, ctx) => {
    // The service's per-line checks, here at once with the others: every line needs a name and a role.
    const problems = parseAttendees(v).flatMap((a, i) => [...(a.name ? [] : [`the name of attendee ${i + 1}`]), ...(a.role ? [] : [`the role of attendee ${i + 1}`])]);
    if (problems.length) ctx.addIssue({ code: 'custom', message: `Enter ${problems.join(', ')} (one person a line: name, role, organisation)` });
  }),
  points: text('Points made', { max: BRIEFING_LIMITS.points, required: 'Enter the points made' }),
  recommendationAreas: text('Areas for recommendations', { max: BRIEFING_LIMITS.recommendationAreas }),
});

/** Every problem with a briefing form at once (date, time and words), or none. */
function briefingFormErrors(form: BriefingForm): FieldError[] {
  const when = parseForm(briefingWhenSchema, form);
  const words = parseForm(briefingTextSchema, form);
  return [...when.errors, ...words.errors];
}

/** Deleting a logged briefing: the reason, within the limit stated under it. */
const deleteBriefingSchema = z.object({ reason: text('The reason', { max: BRIEFING_LIMITS.deleteReason, required: 'Say why the briefing is being deleted' }) });

/** Raising a concern: every field required by the service, with limits stated under the fields. */
const concernSchema = z.object({
  what: text('The concern', { max: CONCERN_LIMITS.what, required: 'Describe the concern' }),
  where: text('Where', { max: CONCERN_LIMITS.where, required: 'Enter where it was found' }),
  risk: text('The risk', { max: CONCERN_LIMITS.risk, required: 'Describe the risk' }),
  whoMustAct: text('Who must act', { max: CONCERN_LIMITS.whoMustAct, required: 'Enter who must act' }),
  organisationId: z.string().trim().min(1, { error: 'Choose the organisation that must act, from those named on the inspection' }),
  responseHours: z.string(),
});

/** A concern's answers, checked at the edge with the limits stated under the fields. */
const concernResponseSchema = z.object({ actionTaken: text('The action taken', { max: CONCERN_LIMITS.actionTaken, required: 'Describe the action you have taken' }) });
const concernCloseSchema = z.object({
  outcome: choice(['response_accepted', 'closed_with_reason'], 'Choose whether you accept the response or close the concern for another reason'),
  reason: text('The reason', { max: CONCERN_LIMITS.closeReason }),
});

/**
 * The service's input. A date that is not real goes as 'invalid', which the service always refuses,
 * so every other problem is named at once too (`withDateErrors` puts the date pattern's message in place of its own).
 */
function inputFrom(f: EvidenceForm, intent: string): EvidenceItemInput {
  const parsed = parseForm(evidenceDateSchema, f);
  return {
    type: (f.type || null) as EvidenceItemType | null,
    qualityStatements: f.qualityStatements,
    evidenceCategory: f.evidenceCategory || null,
    refersToDate: parsed.ok ? parsed.value.refersToDate || null : 'invalid',
    visitId: f.visitId || null,
    body: f.body,
    status: (intent === 'record' ? 'recorded' : 'draft') as EvidenceItemStatus,
  };
}

export async function fieldworkPageRoutes(app: FastifyInstance): Promise<void> {
  // Multipart only for attaching photos and files to evidence; the CSRF token is the form's first field, `_csrf`, never in the address (src/web/plugins/multipart-csrf.ts).
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5, parts: 6 } });
  app.addHook('preValidation', async (request) => assertUuids(request.params));

  const visitsFor = async (request: FastifyRequest, id: string) => {
    const p = await getProgramme(request.serviceContext(), id);
    return p.visits.map((v) => ({ id: v.id, label: `${v.serviceName}, ${formatDate(v.visitDate)} ${v.startTime}` }));
  };

  app.get('/inspections/:id/evidence-items', { schema: noticeQuery }, async (request, reply) => {
    const { id } = request.params as P;
    const q = request.query as { notice?: string; statement?: string };
    const ctx = request.serviceContext();
    const statement = q.statement ? q.statement.toUpperCase() : null;
    const items = await listEvidenceItems(ctx, id, statement ? { statement } : {});
    return reply.view('fieldwork/views/evidence-list.njk', evidenceListPage(await getInspection(ctx, id), items, statement, NOTICES[q.notice ?? '']));
  });

  const showForm = async (request: FastifyRequest, reply: FastifyReply, id: string, itemId: string | null, opts: { form?: EvidenceForm; errors?: FieldError[]; status?: number; conflict?: Parameters<typeof evidenceFormPage>[1]['conflict']; notice?: string } = {}) => {
    const ctx = request.serviceContext();
    const d = await getInspection(ctx, id);
    const item = itemId ? await getEvidenceItem(ctx, itemId) : null;
    if (item && item.inspectionId !== id) return reply.code(404).view('errors/views/404.njk', {});
    const form = opts.form ?? (item ? formFromItem(item) : emptyEvidenceForm(today(ctx) <= d.fieldworkEnd ? today(ctx) : d.fieldworkEnd));
    const page = evidenceFormPage(d, { item, form, errors: opts.errors ?? [], visits: await visitsFor(request, id), conflict: opts.conflict ?? null, ...(opts.notice ? { noticeText: opts.notice } : {}) });
    return reply.code(opts.status ?? 200).view('fieldwork/views/evidence-form.njk', page);
  };

  app.get('/inspections/:id/evidence-items/new', async (request, reply) => showForm(request, reply, (request.params as P).id, null));
  app.get('/inspections/:id/evidence-items/:itemId', { schema: noticeQuery }, async (request, reply) => {
    const { id, itemId } = request.params as P;
    return showForm(request, reply, id, itemId!, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' });
  });

  app.post('/inspections/:id/evidence-items', { schema: anyForm }, async (request, reply) => {
    const { id } = request.params as P;
    const form = evidenceFormFrom(request.body);
    const intent = field(request.body, 'intent');
    try {
      const item = await createEvidenceItem(request.serviceContext(), id, inputFrom(form, intent));
      return reply.redirect(item.status === 'recorded' ? evidenceItemsPath(id, '?notice=recorded') : evidenceItemPath(id, item.id, '?notice=saved'), 303);
    } catch (e) {
      return showForm(request, reply, id, null, { form, errors: evidenceErrors(form, e), status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/evidence-items/:itemId', { schema: anyForm }, async (request, reply) => {
    const { id, itemId } = request.params as P;
    const form = evidenceFormFrom(request.body);
    const intent = field(request.body, 'intent');
    try {
      const result = await saveEvidenceItem(request.serviceContext(), itemId!, { ...inputFrom(form, intent), version: Number(form.version) || 0 });
      if (result.ok) return reply.redirect(result.item.status === 'recorded' && intent === 'record' ? evidenceItemsPath(id, '?notice=recorded') : evidenceItemPath(id, itemId!, '?notice=saved'), 303);
      // Keep what this person typed; show the other text beside it; the next save is based on the newer version.
      const kept: EvidenceForm = { ...form, version: String(result.conflict.current.version) };
      return showForm(request, reply, id, itemId!, { form: kept, errors: [{ field: 'body', message: result.conflict.message }], status: 409, conflict: { theirs: result.conflict.current, message: result.conflict.message } });
    } catch (e) {
      return showForm(request, reply, id, itemId!, { form, errors: evidenceErrors(form, e), status: statusFor(e) });
    }
  });

  app.post('/inspections/:id/evidence-items/:itemId/attachments', async (request, reply) => {
    const { id, itemId } = request.params as P;
    try {
      const part = request.isMultipart() ? await request.file() : undefined;
      if (!part || !part.filename) throw new ValidationError([{ field: 'attachment', message: 'Select a photo or file' }]);
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new ValidationError([{ field: 'attachment', message: `The selected file ${part.filename} must be smaller than ${formatBytes(MAX_ATTACHMENT_BYTES)}` }]);
        throw e;
      }
      await addEvidenceAttachment(request.serviceContext(), itemId!, { filename: part.filename, bytes });
      return reply.redirect(evidenceItemPath(id, itemId!, '?notice=attached'), 303);
    } catch (e) {
      return showForm(request, reply, id, itemId!, { errors: pageErrors(e, 'attachment').map((x) => ({ ...x, field: 'attachment' })), status: statusFor(e) });
    }
  });

  // Briefings --------------------------------------------------------------------------------
  const showBriefings = async (request: FastifyRequest, reply: FastifyReply, id: string, opts: { form?: BriefingForm; errors?: FieldError[]; status?: number; notice?: string; formToken?: string; deleting?: { briefingId: string; reason: string } } = {}) => {
    const ctx = request.serviceContext();
    const d = await getInspection(ctx, id);
    const briefings = await listBriefings(ctx, id);
    const canRecord = d.you.side === 'regulator' && ['fieldwork', 'judgement'].includes(d.state) && d.you.teamRole !== 'specialist_adviser' && d.you.teamRole !== 'expert_by_experience';
    const now = localInputValue(ctx.clock.now());
    const form = opts.form ?? { kind: 'briefing', heldOn: isoDateParts(now), heldTime: now.slice(11, 16), attendees: '', points: '', recommendationAreas: '' };
    const page = briefingsPage(d, briefings, { canRecord, form, errors: opts.errors ?? [], ...(opts.notice ? { noticeText: opts.notice } : {}), ...(opts.deleting ? { deleting: opts.deleting } : {}) });
    // One token per form shown (kept when the form comes back with errors): resubmitting it saves nothing new.
    const formToken = opts.formToken && /^[0-9a-f-]{36}$/.test(opts.formToken) ? opts.formToken : randomUUID();
    return reply.code(opts.status ?? 200).view('fieldwork/views/briefings.njk', { ...page, formToken });
  };
  app.get('/inspections/:id/briefings', { schema: noticeQuery }, async (request, reply) => showBriefings(request, reply, (request.params as P).id, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' }));
  app.post('/inspections/:id/briefings', { schema: anyForm }, async (request, reply) => {
    const { id } = request.params as P;
    const b = request.body;
    const form: BriefingForm = { kind: field(b, 'kind'), heldOn: dateParts(b, 'heldOn'), heldTime: field(b, 'heldTime'), attendees: field(b, 'attendees'), points: field(b, 'points'), recommendationAreas: field(b, 'recommendationAreas') };
    const when = parseForm(briefingWhenSchema, form);
    // A date or time that is not real goes to the service as no time at all, which it always refuses,
    // so every other problem is named at once too; the date pattern's own message replaces its one.
    const [hour = '', minute = ''] = when.ok ? when.value.heldTime.split(/[:.]/) : [];
    const formErrors = briefingFormErrors(form);
    try {
      if (formErrors.length) throw new ValidationError(formErrors);
      await recordBriefing(request.serviceContext(), id, {
        kind: (form.kind || 'briefing') as BriefingKind,
        heldAt: when.ok ? ukLocalToIso(`${when.value.heldOn}T${hour.padStart(2, '0')}:${minute}`) : '',
        attendees: parseAttendees(form.attendees),
        points: form.points,
        recommendationAreas: form.recommendationAreas.split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
        formToken: field(b, 'formToken') || null,
      });
      return reply.redirect(inspectionPath(id, '/briefings?notice=briefing'), 303);
    } catch (e) {
      const errors = pageFieldErrors(pageErrors(e, 'points'));
      const all = when.ok || formErrors.length ? errors : [...errors.filter((x) => x.field === 'kind'), ...when.errors, ...errors.filter((x) => x.field !== 'kind' && x.field !== 'heldOn-day')];
      return showBriefings(request, reply, id, { form, errors: all, status: statusFor(e), formToken: field(b, 'formToken') });
    }
  });
  // Correcting a logged briefing (issue 15): the form prefilled; the version replaced is kept (briefing_revisions).
  const briefingInput = (form: BriefingForm) => {
    const when = parseForm(briefingWhenSchema, form);
    const [hour = '', minute = ''] = when.ok ? when.value.heldTime.split(/[:.]/) : [];
    return {
      when,
      input: {
        kind: (form.kind || 'briefing') as BriefingKind,
        // A date or time that is not real goes to the service as no time at all, which it refuses, so every other problem is named too.
        heldAt: when.ok ? ukLocalToIso(`${when.value.heldOn}T${hour.padStart(2, '0')}:${minute}`) : '',
        attendees: parseAttendees(form.attendees),
        points: form.points,
        recommendationAreas: form.recommendationAreas.split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
      },
    };
  };
  const showBriefingEdit = async (request: FastifyRequest, reply: FastifyReply, form: BriefingForm | null = null, errors: FieldError[] = [], status = 200) => {
    const { id, briefingId } = request.params as P & { briefingId: string };
    const ctx = request.serviceContext();
    const d = await getInspection(ctx, id);
    const briefing = (await listBriefings(ctx, id)).find((b) => b.id === briefingId);
    const canRecord = d.you.side === 'regulator' && ['fieldwork', 'judgement'].includes(d.state) && d.you.teamRole !== 'specialist_adviser' && d.you.teamRole !== 'expert_by_experience';
    if (!briefing || !canRecord) throw new NotFoundError('No briefing found');
    const page = briefingEditPage(d, briefing, form ?? briefingForm(briefing, (iso) => localInputValue(new Date(iso))), errors);
    return reply.code(status).view('fieldwork/views/briefing-edit.njk', page);
  };
  app.get('/inspections/:id/briefings/:briefingId/edit', async (request, reply) => showBriefingEdit(request, reply));
  app.post('/inspections/:id/briefings/:briefingId/edit', { schema: anyForm }, async (request, reply) => {
    const { id, briefingId } = request.params as P & { briefingId: string };
    const b = request.body;
    const form: BriefingForm = { kind: field(b, 'kind'), heldOn: dateParts(b, 'heldOn'), heldTime: field(b, 'heldTime'), attendees: field(b, 'attendees'), points: field(b, 'points'), recommendationAreas: field(b, 'recommendationAreas') };
    // A briefing of another inspection is not found here (the URL names the inspection).
    if (!(await listBriefings(request.serviceContext(), id)).some((x) => x.id === briefingId)) throw new NotFoundError('No briefing found');
    const { when, input } = briefingInput(form);
    const formErrors = briefingFormErrors(form);
    try {
      if (formErrors.length) throw new ValidationError(formErrors);
      await updateBriefing(request.serviceContext(), briefingId, input);
      return reply.redirect(inspectionPath(id, '/briefings?notice=briefing-corrected'), 303);
    } catch (e) {
      const errors = pageFieldErrors(pageErrors(e, 'points'));
      const all = when.ok || formErrors.length ? errors : [...errors.filter((x) => x.field === 'kind'), ...when.errors, ...errors.filter((x) => x.field !== 'kind' && x.field !== 'heldOn-day')];
      return showBriefingEdit(request, reply, form, all, statusFor(e));
    }
  });
  app.post('/inspections/:id/briefings/:briefingId/delete', { schema: anyForm }, async (request, reply) => {
    const { id, briefingId } = request.params as P & { briefingId: string };
    const reason = field(request.body, 'reason');
    const parsed = parseForm(deleteBriefingSchema, { reason });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await deleteBriefing(request.serviceContext(), briefingId, parsed.value.reason);
      return reply.redirect(inspectionPath(id, '/briefings?notice=briefing-deleted'), 303);
    } catch (e) {
      // Each logged briefing has its own delete form: the error and the typed reason come back at its own field.
      return showBriefings(request, reply, id, { errors: pageFieldErrors(pageErrors(e, 'reason')).map((x) => ({ ...x, field: `reason-${briefingId}` })), status: statusFor(e), deleting: { briefingId, reason } });
    }
  });

  // Concerns ---------------------------------------------------------------------------------
  const showConcerns = async (request: FastifyRequest, reply: FastifyReply, id: string, opts: { form?: ConcernForm; errors?: FieldError[]; status?: number; notice?: string } = {}) => {
    const ctx = request.serviceContext();
    const d = await getInspection(ctx, id);
    const concerns = await listConcerns(ctx, id);
    const canRaise = d.you.side === 'regulator' && ['fieldwork', 'judgement'].includes(d.state) && d.you.teamRole !== 'specialist_adviser' && d.you.teamRole !== 'expert_by_experience';
    const form = opts.form ?? { what: '', where: '', risk: '', whoMustAct: '', organisationId: '', responseHours: String(ctx.config.concernResponseHours) };
    return reply.code(opts.status ?? 200).view('fieldwork/views/concerns.njk', concernsPage(d, concerns, { canRaise, form, errors: opts.errors ?? [], defaultHours: ctx.config.concernResponseHours, ...(opts.notice ? { noticeText: opts.notice } : {}) }));
  };
  app.get('/inspections/:id/concerns', { schema: noticeQuery }, async (request, reply) => showConcerns(request, reply, (request.params as P).id, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' }));
  app.post('/inspections/:id/concerns', { schema: anyForm }, async (request, reply) => {
    const { id } = request.params as P;
    const b = request.body;
    const form: ConcernForm = { what: field(b, 'what'), where: field(b, 'where'), risk: field(b, 'risk'), whoMustAct: field(b, 'whoMustAct'), organisationId: field(b, 'organisationId'), responseHours: field(b, 'responseHours') };
    const hours = form.responseHours.trim() === '' ? undefined : /^\d+$/.test(form.responseHours.trim()) ? Number(form.responseHours.trim()) : NaN;
    const parsed = parseForm(concernSchema, form);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      const { responseHours: _typed, ...rest } = parsed.value;
      const c = await raiseConcern(request.serviceContext(), id, { ...rest, ...(hours === undefined ? {} : { responseHours: hours }) });
      return reply.redirect(concernPath(id, c.id, '?notice=raised'), 303);
    } catch (e) {
      return showConcerns(request, reply, id, { form, errors: pageErrors(e, 'what'), status: statusFor(e) });
    }
  });

  const showConcern = async (request: FastifyRequest, reply: FastifyReply, opts: { actionTaken?: string; close?: { outcome: string; reason: string }; errors?: FieldError[]; status?: number; notice?: string } = {}) => {
    const { id, concernId } = request.params as P;
    const ctx = request.serviceContext();
    const d = await getInspection(ctx, id);
    const c = await getConcern(ctx, concernId!);
    if (c.inspectionId !== id) return reply.code(404).view('errors/views/404.njk', {});
    return reply.code(opts.status ?? 200).view('fieldwork/views/concern.njk', concernPage(d, c, { ...(opts.actionTaken !== undefined ? { actionTaken: opts.actionTaken } : {}), ...(opts.close ? { close: opts.close } : {}), errors: opts.errors ?? [], ...(opts.notice ? { noticeText: opts.notice } : {}) }));
  };
  app.get('/inspections/:id/concerns/:concernId', { schema: noticeQuery }, async (request, reply) => showConcern(request, reply, { notice: NOTICES[(request.query as { notice?: string }).notice ?? ''] ?? '' }));
  app.post('/inspections/:id/concerns/:concernId/acknowledgement', { schema: anyForm }, async (request, reply) => {
    const { id, concernId } = request.params as P;
    try {
      await acknowledgeConcern(request.serviceContext(), concernId!);
      return reply.redirect(concernPath(id, concernId!, '?notice=acknowledged'), 303);
    } catch (e) {
      return showConcern(request, reply, { errors: pageErrors(e, 'actionTaken'), status: statusFor(e) });
    }
  });
  app.post('/inspections/:id/concerns/:concernId/response', { schema: anyForm }, async (request, reply) => {
    const { id, concernId } = request.params as P;
    const actionTaken = field(request.body, 'actionTaken');
    const parsed = parseForm(concernResponseSchema, { actionTaken });
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await respondToConcern(request.serviceContext(), concernId!, { actionTaken: parsed.value.actionTaken });
      return reply.redirect(concernPath(id, concernId!, '?notice=responded'), 303);
    } catch (e) {
      return showConcern(request, reply, { actionTaken, errors: pageErrors(e, 'actionTaken'), status: statusFor(e) });
    }
  });
  app.post('/inspections/:id/concerns/:concernId/close', { schema: anyForm }, async (request, reply) => {
    const { id, concernId } = request.params as P;
    const close = { outcome: field(request.body, 'outcome'), reason: field(request.body, 'reason') };
    const parsed = parseForm(concernCloseSchema, close);
    try {
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await closeConcern(request.serviceContext(), concernId!, parsed.value);
      return reply.redirect(concernPath(id, concernId!, '?notice=closed'), 303);
    } catch (e) {
      return showConcern(request, reply, { close, errors: pageErrors(e, 'outcome'), status: statusFor(e) });
    }
  });
  app.post('/inspections/:id/concerns/:concernId/enforcement-actions', { schema: anyForm }, async (request, reply) => {
    const { id, concernId } = request.params as P;
    const kind = field(request.body, 'kind') || 'letter-of-intent';
    try {
      const a = await createEnforcementAction(request.serviceContext(), id, { kind: kind as never, concernId: concernId! });
      return reply.redirect(enforcementActionPath(id, a.id), 303);
    } catch (e) {
      return showConcern(request, reply, { errors: pageErrors(e, 'actionTaken'), status: statusFor(e) });
    }
  });
}
