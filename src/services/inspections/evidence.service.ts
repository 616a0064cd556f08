/**
 * Evidence requests: the regulator lists the documents it needs with due dates (by default
 * from the notice period); the organisation assigns each to a colleague, uploads files
 * (uploads.service.ts), or explains why it cannot provide one. Both sides see the same
 * live checklist. Organisations see the requests addressed to them; the subject or lead
 * commissioner sees all of them, since it coordinates the response.
 */
import { isUuid } from '../../data/repositories/inspection.repository.js';
import type { Executor, Trx } from '../../data/database.js';
import type { EvidenceRequestRow } from '../../data/tables/inspections.tables.js';
import { defaultEvidenceDueDate } from '../../domain/inspection/evidence-due-date.js';
import { EVIDENCE_STATUS_LABELS, isOverdue, summariseChecklist, type ChecklistSummary, type EvidenceStatus } from '../../domain/inspection/evidence-checklist.js';
import { evidenceCanBeRequested, visibleToOrganisation, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import type { NoticeType } from '../../domain/inspection/inspection-model.js';
import { isValidIsoDate, londonDate } from '../../domain/inspection/working-days.js';
import { inspectionFinished } from '../../domain/inspection/due-soon.js';
import { checkDateRule } from '../../domain/shared/date-rules.js';
import { involvedOrganisationIds } from '../../data/repositories/inspection.repository.js';
import { recordAudit } from '../audit.service.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../errors.js';
import { notify } from '../notifications.service.js';
import { queueEmail } from '../mail.service.js';
import { actsForOrganisation, loadInspectionAccess, requireInspectorEditor, type InspectionAccess } from './inspection-access.js';
import { addTimelineEvent, formatLongDate, today } from './inspection-events.js';
import { messageContacts } from './inspection-messages.js';
import { inspectionPath, requestPath } from '../../domain/shared/app-paths.js';

export interface NewEvidenceRequest {
  title: string;
  description?: string | null;
  /** The organisation asked; defaults to the subject, or the lead commissioner of an area. */
  organisationId?: string | null;
  /** Defaults from the notice period (evidence-due-date.ts). */
  dueDate?: string | null;
}

export interface EvidenceFileView {
  id: string;
  version: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
  downloadUrl: string;
}

export interface EvidenceItem {
  id: string;
  inspectionId: string;
  title: string;
  description: string | null;
  organisation: { id: string; name: string };
  dueDate: string;
  dueDateExplanation: string | null;
  status: EvidenceStatus;
  statusLabel: string;
  overdue: boolean;
  assignedTo: { id: string; name: string } | null;
  cannotProvideReason: string | null;
  withdrawn: { at: string; reason: string } | null;
  latestFile: EvidenceFileView | null;
  fileCount: number;
}

export interface EvidenceChecklist {
  summary: ChecklistSummary;
  items: EvidenceItem[];
}

const MAX_TITLE = 300;

export async function createEvidenceRequests(ctx: ServiceContext, inspectionId: string, requests: NewEvidenceRequest[]): Promise<EvidenceItem[]> {
  const ids = await inTransaction(ctx, async (trx) => {
    const access = await loadInspectionAccess(trx, ctx, inspectionId, { forUpdate: true });
    requireInspectorEditor(access, 'request evidence');
    const r = access.inspection;
    if (!evidenceCanBeRequested(r.state)) throw new ConflictError('Evidence can be requested only before or during fieldwork');
    if (requests.length === 0) throw new ValidationError([{ field: 'requests', message: 'List at least one document to request' }]);
    const involved = await involvedOrganisationIds(trx, r);
    const defaultOrg = r.subject_organisation_id ?? r.lead_commissioner_id;
    const notifiedOn = r.notified_at ? londonDate(r.notified_at) : (r.planned_notification_date ?? today(ctx));
    const errors: FieldError[] = [];
    const rows = requests.map((q, i) => {
      const organisationId = q.organisationId ?? defaultOrg;
      if (!q.title?.trim()) errors.push({ field: `requests[${i}].title`, message: 'Enter the document you need' });
      else if (q.title.length > MAX_TITLE) errors.push({ field: `requests[${i}].title`, message: `The title must be ${MAX_TITLE} characters or fewer` });
      if (!organisationId || !involved.includes(organisationId)) errors.push({ field: `requests[${i}].organisationId`, message: 'Ask an organisation named on the inspection' });
      if (q.dueDate && !isValidIsoDate(q.dueDate)) errors.push({ field: `requests[${i}].dueDate`, message: 'The due date must be a real date, like 2026-11-27' });
      else if (q.dueDate) {
        const rule = checkDateRule('not_in_past', q.dueDate, today(ctx), 'The due date');
        if (!rule.ok) errors.push({ field: `requests[${i}].dueDate`, message: rule.error });
      }
      const due = q.dueDate ? { dueDate: q.dueDate, explanation: 'Set by the inspector' } : defaultEvidenceDueDate({ noticeType: r.notice_type as NoticeType, fieldworkStart: r.fieldwork_start, notifiedOn });
      return { title: q.title?.trim() ?? '', description: q.description?.trim() || null, organisationId: organisationId ?? '', dueDate: due.dueDate, explanation: due.explanation };
    });
    if (errors.length) throw new ValidationError(errors);
    const max = await trx.selectFrom('evidence_requests').select((eb) => eb.fn.max('position').as('p')).where('inspection_id', '=', r.id).executeTakeFirst();
    let position = (max?.p ?? -1) + 1;
    const inserted = await trx
      .insertInto('evidence_requests')
      .values(
        rows.map((q) => ({
          inspection_id: r.id,
          organisation_id: q.organisationId,
          title: q.title,
          description: q.description,
          due_date: q.dueDate,
          due_date_explanation: q.explanation,
          position: position++,
          created_by: access.user.id,
          created_at: ctx.clock.now(),
          updated_at: ctx.clock.now(),
        })),
      )
      .returning('id')
      .execute();
    const visible = visibleToOrganisation(r.state as InspectionState, r.notified_at);
    await addTimelineEvent(trx, ctx, r.id, {
      kind: 'evidence_requested',
      summary: `${rows.length} document${rows.length === 1 ? '' : 's'} requested: ${rows.map((q) => q.title).join('; ')}`,
      visibleToOrganisation: visible,
    });
    await recordAudit(trx, ctx, { action: 'EVIDENCE_REQUESTED', subjectType: 'inspection', subjectId: r.id, after: rows });
    // Requests made after notification reach the contacts at once (earlier ones go in the notification).
    if (visible) {
      const list = rows.map((q) => `- ${q.title}, due ${formatLongDate(q.dueDate)}`).join('\n');
      await messageContacts(trx, ctx, r.id, {
        title: `More documents requested for inspection ${r.reference}`,
        summary: list,
        emailBody: `The inspection team has asked for:\n${list}`,
        link: inspectionPath(r.id, '/evidence'),
      });
    }
    return inserted.map((x) => x.id);
  });
  const checklist = await getEvidenceChecklist(ctx, inspectionId);
  return checklist.items.filter((i) => ids.includes(i.id));
}

async function toItems(db: Executor, rows: EvidenceRequestRow[], todayIso: string, inspectionState?: string): Promise<EvidenceItem[]> {
  const finished = inspectionState ? inspectionFinished(inspectionState) : false;
  if (!rows.length) return [];
  const orgIds = [...new Set(rows.map((r) => r.organisation_id))];
  const orgs = new Map((await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [o.id, o]));
  const userIds = [...new Set(rows.map((r) => r.assigned_to).filter((x): x is string => !!x))];
  const users = new Map(userIds.length ? (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u]) : []);
  const files = await db
    .selectFrom('evidence_files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.evidence_request_id', 'f.version', 'f.original_filename', 'f.content_type', 'f.size_bytes', 'f.sha256', 'f.uploaded_at', 'u.name as uploaded_by_name'])
    .where('f.evidence_request_id', 'in', rows.map((r) => r.id))
    .orderBy('f.version', 'desc')
    .execute();
  return rows.map((r) => {
    const mine = files.filter((f) => f.evidence_request_id === r.id);
    const latest = mine[0];
    const status = r.status as EvidenceStatus;
    return {
      id: r.id,
      inspectionId: r.inspection_id,
      title: r.title,
      description: r.description,
      organisation: { id: r.organisation_id, name: orgs.get(r.organisation_id)?.name ?? '' },
      dueDate: r.due_date,
      dueDateExplanation: r.due_date_explanation,
      status,
      statusLabel: EVIDENCE_STATUS_LABELS[status],
      overdue: isOverdue({ status, dueDate: r.due_date }, todayIso, { inspectionFinished: finished }),
      assignedTo: r.assigned_to ? { id: r.assigned_to, name: users.get(r.assigned_to)?.name ?? '' } : null,
      cannotProvideReason: r.cannot_provide_reason,
      withdrawn: r.withdrawn_at && r.withdrawn_reason ? { at: r.withdrawn_at.toISOString(), reason: r.withdrawn_reason } : null,
      latestFile: latest ? fileView(latest) : null,
      fileCount: mine.length,
    };
  });
}

function fileView(f: { id: string; version: number; original_filename: string; content_type: string; size_bytes: number; sha256: string; uploaded_at: Date; uploaded_by_name: string | null }): EvidenceFileView {
  return {
    id: f.id,
    version: f.version,
    filename: f.original_filename,
    contentType: f.content_type,
    sizeBytes: Number(f.size_bytes),
    sha256: f.sha256,
    uploadedBy: f.uploaded_by_name,
    uploadedAt: f.uploaded_at.toISOString(),
    downloadUrl: `/api/v1/evidence-files/${f.id}/download`,
  };
}

function visibleRequests(access: InspectionAccess, rows: EvidenceRequestRow[]): EvidenceRequestRow[] {
  return rows.filter((r) => actsForOrganisation(access, r.organisation_id));
}

export async function getEvidenceChecklist(ctx: ServiceContext, inspectionId: string): Promise<EvidenceChecklist> {
  const access = await loadInspectionAccess(ctx.db, ctx, inspectionId);
  const rows = visibleRequests(access, await ctx.db.selectFrom('evidence_requests').selectAll().where('inspection_id', '=', inspectionId).orderBy('position').execute());
  const t = today(ctx);
  const items = await toItems(ctx.db, rows, t, access.inspection.state);
  return { summary: summariseChecklist(items, t, { inspectionFinished: inspectionFinished(access.inspection.state) }), items };
}

/** Loads a request and the caller's access to it (hidden when the caller may not see it). */
export async function loadRequestAccess(db: Executor, ctx: ServiceContext, requestId: string, opts: { forUpdate?: boolean } = {}): Promise<{ access: InspectionAccess; request: EvidenceRequestRow }> {
  if (!isUuid(requestId)) throw new NotFoundError('No evidence request found');
  const found = await db.selectFrom('evidence_requests').select('inspection_id').where('id', '=', requestId).executeTakeFirst();
  if (!found) throw new NotFoundError('No evidence request found');
  const access = await loadInspectionAccess(db, ctx, found.inspection_id, opts);
  let q = db.selectFrom('evidence_requests').selectAll().where('id', '=', requestId);
  if (opts.forUpdate) q = q.forUpdate();
  const request = await q.executeTakeFirstOrThrow();
  if (!actsForOrganisation(access, request.organisation_id)) throw new NotFoundError('No evidence request found');
  return { access, request };
}

export async function getEvidenceRequest(ctx: ServiceContext, requestId: string): Promise<EvidenceItem & { files: EvidenceFileView[] }> {
  const { access, request } = await loadRequestAccess(ctx.db, ctx, requestId);
  const [item] = await toItems(ctx.db, [request], today(ctx), access.inspection.state);
  const files = await ctx.db
    .selectFrom('evidence_files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .select(['f.id', 'f.evidence_request_id', 'f.version', 'f.original_filename', 'f.content_type', 'f.size_bytes', 'f.sha256', 'f.uploaded_at', 'u.name as uploaded_by_name'])
    .where('f.evidence_request_id', '=', requestId)
    .orderBy('f.version', 'desc')
    .execute();
  return { ...(item as EvidenceItem), files: files.map(fileView) };
}

export interface EvidenceRequestChanges {
  title?: string;
  description?: string | null;
  dueDate?: string;
}

export async function updateEvidenceRequest(ctx: ServiceContext, requestId: string, changes: EvidenceRequestChanges): Promise<EvidenceItem> {
  await inTransaction(ctx, async (trx) => {
    const { access, request } = await loadRequestAccess(trx, ctx, requestId, { forUpdate: true });
    requireInspectorEditor(access, 'change an evidence request');
    const errors: FieldError[] = [];
    if (changes.title !== undefined && !changes.title.trim()) errors.push({ field: 'title', message: 'Enter the document you need' });
    if (changes.dueDate !== undefined && !isValidIsoDate(changes.dueDate)) errors.push({ field: 'dueDate', message: 'The due date must be a real date, like 2026-11-27' });
    else if (changes.dueDate !== undefined && changes.dueDate !== request.due_date) {
      const rule = checkDateRule('not_in_past', changes.dueDate, today(ctx), 'The due date');
      if (!rule.ok) errors.push({ field: 'dueDate', message: rule.error });
    }
    if (request.status === 'withdrawn') throw new ConflictError('This request has been withdrawn: it cannot be changed', 'withdrawn');
    if (errors.length) throw new ValidationError(errors);
    await trx
      .updateTable('evidence_requests')
      .set({
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.description !== undefined ? { description: changes.description?.trim() || null } : {}),
        ...(changes.dueDate !== undefined ? { due_date: changes.dueDate, due_date_explanation: 'Set by the inspector' } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', requestId)
      .execute();
    await recordAudit(trx, ctx, { action: 'EVIDENCE_REQUEST_CHANGED', subjectType: 'evidence_request', subjectId: requestId, before: request, after: changes });
    if (changes.dueDate && changes.dueDate !== request.due_date) {
      await addTimelineEvent(trx, ctx, request.inspection_id, {
        kind: 'evidence_due_date_changed',
        summary: `Due date of "${request.title}" changed to ${changes.dueDate}`,
        visibleToOrganisation: visibleToOrganisation(access.inspection.state as InspectionState, access.inspection.notified_at),
      });
    }
  });
  return getEvidenceRequest(ctx, requestId);
}

/** The organisation gives an item to a colleague (or takes it back with null). */
export async function assignEvidenceRequest(ctx: ServiceContext, requestId: string, userId: string | null): Promise<EvidenceItem> {
  await inTransaction(ctx, async (trx) => {
    const { access, request } = await loadRequestAccess(trx, ctx, requestId, { forUpdate: true });
    if (access.side !== 'organisation') throw new ForbiddenError('Only the organisation can assign its evidence to a colleague');
    let assignee: { id: string; name: string } | null = null;
    if (userId) {
      const u = isUuid(userId) ? await trx.selectFrom('users').select(['id', 'name', 'organisation_id', 'status']).where('id', '=', userId).executeTakeFirst() : undefined;
      if (!u || u.status !== 'active' || !access.organisationIds.includes(u.organisation_id)) {
        throw new ValidationError([{ field: 'userId', message: 'Choose a colleague in your organisation' }]);
      }
      assignee = u;
    }
    await trx.updateTable('evidence_requests').set({ assigned_to: assignee?.id ?? null, updated_at: ctx.clock.now() }).where('id', '=', requestId).execute();
    await recordAudit(trx, ctx, { action: 'EVIDENCE_REQUEST_ASSIGNED', subjectType: 'evidence_request', subjectId: requestId, before: { assignedTo: request.assigned_to }, after: { assignedTo: assignee?.id ?? null } });
    await addTimelineEvent(trx, ctx, request.inspection_id, {
      kind: 'evidence_assigned',
      summary: assignee ? `"${request.title}" assigned to ${assignee.name}` : `"${request.title}" unassigned`,
      visibleToOrganisation: true,
    });
    if (assignee && assignee.id !== access.user.id) {
      await notify(trx, {
        userId: assignee.id,
        title: `${access.user.name} asked you to provide "${request.title}"`,
        body: `Due ${request.due_date} for inspection ${access.inspection.reference}.`,
        link: requestPath(request.inspection_id, request.id),
      });
    }
  });
  return getEvidenceRequest(ctx, requestId);
}

/** The organisation explains why it cannot provide an item. Uploading a file later makes it provided again. */
export async function markCannotProvide(ctx: ServiceContext, requestId: string, reason: string): Promise<EvidenceItem> {
  await inTransaction(ctx, async (trx) => {
    const { access, request } = await loadRequestAccess(trx, ctx, requestId, { forUpdate: true });
    if (access.side !== 'organisation') throw new ForbiddenError('Only the organisation can say it cannot provide a document');
    if (request.status === 'withdrawn') throw new ConflictError('This request has been withdrawn: the document is no longer needed', 'withdrawn');
    if (!reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Explain why you cannot provide this document' }]);
    if (reason.length > 5000) throw new ValidationError([{ field: 'reason', message: 'The explanation must be 5000 characters or fewer' }]);
    await trx
      .updateTable('evidence_requests')
      .set({ status: 'cannot_provide', cannot_provide_reason: reason.trim(), updated_at: ctx.clock.now() })
      .where('id', '=', requestId)
      .execute();
    await recordAudit(trx, ctx, { action: 'EVIDENCE_CANNOT_PROVIDE', subjectType: 'evidence_request', subjectId: requestId, before: { status: request.status }, after: { status: 'cannot_provide', reason: reason.trim() } });
    await addTimelineEvent(trx, ctx, request.inspection_id, { kind: 'evidence_cannot_provide', summary: `Cannot provide "${request.title}": ${reason.trim()}`, visibleToOrganisation: true });
  });
  return getEvidenceRequest(ctx, requestId);
}

/** Called when an upload completes, inside its transaction. */
export async function markProvided(trx: Trx, ctx: ServiceContext, request: EvidenceRequestRow, version: number, filename: string): Promise<void> {
  await trx
    .updateTable('evidence_requests')
    .set({ status: 'provided', cannot_provide_reason: null, updated_at: ctx.clock.now() })
    .where('id', '=', request.id)
    .execute();
  await addTimelineEvent(trx, ctx, request.inspection_id, {
    kind: 'evidence_uploaded',
    summary: version === 1 ? `"${request.title}" provided: ${filename}` : `"${request.title}" replaced with version ${version}: ${filename}`,
    visibleToOrganisation: true,
  });
}

/**
 * The team withdraws a request it no longer needs (asked in error, or asked twice): it stays on the
 * checklist as withdrawn with the reason, is never overdue, and the organisation is told.
 */
export async function withdrawEvidenceRequest(ctx: ServiceContext, requestId: string, reason: string): Promise<EvidenceItem> {
  await inTransaction(ctx, async (trx) => {
    const { access, request } = await loadRequestAccess(trx, ctx, requestId, { forUpdate: true });
    requireInspectorEditor(access, 'withdraw an evidence request');
    if (!reason?.trim()) throw new ValidationError([{ field: 'reason', message: 'Say why the document is no longer needed' }]);
    if (reason.length > 2000) throw new ValidationError([{ field: 'reason', message: 'The reason must be 2000 characters or fewer' }]);
    if (request.status === 'withdrawn') throw new ConflictError('This request has already been withdrawn', 'already_withdrawn');
    const now = ctx.clock.now();
    await trx.updateTable('evidence_requests').set({ status: 'withdrawn', withdrawn_at: now, withdrawn_by: access.user.id, withdrawn_reason: reason.trim(), updated_at: now }).where('id', '=', requestId).execute();
    await recordAudit(trx, ctx, { action: 'EVIDENCE_REQUEST_WITHDRAWN', subjectType: 'evidence_request', subjectId: requestId, before: { status: request.status }, after: { status: 'withdrawn', reason: reason.trim() } });
    const visible = visibleToOrganisation(access.inspection.state as InspectionState, access.inspection.notified_at);
    await addTimelineEvent(trx, ctx, request.inspection_id, { kind: 'evidence_withdrawn', summary: `Request for "${request.title}" withdrawn: ${reason.trim()}`, visibleToOrganisation: visible });
    if (visible) {
      const link = requestPath(request.inspection_id, request.id);
      const title = `Document no longer needed: ${request.title}`;
      const summary = `The inspection team has withdrawn its request for "${request.title}" (inspection ${access.inspection.reference}): ${reason.trim()}. You do not need to send it.`;
      const contacts = await trx.selectFrom('inspection_contacts').select(['name', 'email', 'user_id', 'organisation_id']).where('inspection_id', '=', request.inspection_id).execute();
      const orgFamily = await trx.selectFrom('organisations').select('id').where((eb) => eb.or([eb('id', '=', request.organisation_id), eb('parent_id', '=', request.organisation_id)])).execute();
      const addressed = new Set(orgFamily.map((o) => o.id));
      const told = new Set<string>();
      for (const c of contacts.filter((x) => addressed.has(x.organisation_id))) {
        await queueEmail(trx, ctx, { to: c.email, subject: title, text: `Dear ${c.name},\n\n${summary}\n\nSee the checklist: ${ctx.config.baseUrl}${link}\n` });
        if (c.user_id) {
          await notify(trx, { userId: c.user_id, title, body: summary, link });
          told.add(c.user_id);
        }
      }
      if (request.assigned_to && !told.has(request.assigned_to)) await notify(trx, { userId: request.assigned_to, title, body: summary, link });
    }
  });
  return getEvidenceRequest(ctx, requestId);
}
