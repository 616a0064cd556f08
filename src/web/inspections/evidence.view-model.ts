/** The evidence checklist (both sides), one request with its file versions, and the request form. */
import { ALLOWED_EXTENSIONS_TEXT, formatBytes, MAX_CHUNK_BYTES, MAX_FILE_BYTES } from '../../domain/files/file-rules.js';
import type { User } from '../../data/tables/foundation.tables.js';
import type { FieldError } from '../../services/errors.js';
import type { EvidenceChecklist, EvidenceFileView, EvidenceItem } from '../../services/inspections/evidence.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { formatLongDate } from '../../services/inspections/inspection-events.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, dateHintExample, dateInput, isoDateParts, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { escapeHtml, formatInstant, inspectionShell, notice } from './inspection-shell.view-model.js';
import { inspectionPath, requestPath } from '../paths.js';
import { evidenceCanBeRequested } from '../../domain/inspection/inspection-lifecycle.js';

/** Limits on a request, stated in the hints and checked at the edge before the service. */
export const EVIDENCE_LIMITS = { title: 300, description: TEXT_LIMITS.long, cannotProvide: TEXT_LIMITS.long, withdraw: 2000 } as const;
import { forPeople } from '../plain-words.js';

export const EVIDENCE_NOTICES: Record<string, string> = {
  requested: 'The documents have been requested.',
  assigned: 'The request has been assigned.',
  unassigned: 'The request is no longer assigned to anyone.',
  'cannot-provide': 'Your explanation has been sent to the inspection team.',
  uploaded: 'Your file has been uploaded.',
  changed: 'The request has been changed.',
  withdrawn: 'The request has been withdrawn. The organisation has been told.',
};

const STATUS_CLASSES: Record<string, string> = { requested: 'govuk-tag--blue', provided: 'govuk-tag--green', cannot_provide: 'govuk-tag--orange' };

export function statusTagsHtml(item: Pick<EvidenceItem, 'status' | 'statusLabel' | 'overdue'>): string {
  const tag = `<strong class="govuk-tag ${STATUS_CLASSES[item.status] ?? ''}">${escapeHtml(item.statusLabel)}</strong>`;
  return item.overdue ? `${tag} <strong class="govuk-tag govuk-tag--red" data-testid="overdue">Overdue</strong>` : tag;
}

export function checklistPage(d: InspectionDetail, c: EvidenceChecklist, noticeKey?: string) {
  const s = c.summary;
  // Evidence is asked for only until fieldwork ends (the service refuses later requests).
  const canRequest = evidenceCanBeRequested(d.state) && d.you.side === 'regulator' && (d.you.teamRole === 'lead_inspector' || d.you.teamRole === 'inspector' || d.you.teamRole === 'inspection_manager' || d.you.canEditPlan);
  return {
    pageTitle: `Evidence: ${d.reference}`,
    shell: inspectionShell(d, 'evidence'),
    heading: 'Evidence requests',
    notice: notice(noticeKey ? EVIDENCE_NOTICES[noticeKey] : null),
    summary: {
      attributes: { 'data-testid': 'checklist-summary' },
      rows: [
        { key: { text: 'Requested' }, value: { text: String(s.total) } },
        { key: { text: 'Provided' }, value: { text: String(s.provided) } },
        { key: { text: 'Cannot provide' }, value: { text: String(s.cannotProvide) } },
        { key: { text: 'Still to do' }, value: { text: String(s.outstanding) } },
        { key: { text: 'Overdue' }, value: { text: String(s.overdue) } },
      ],
    },
    requestHref: canRequest ? inspectionPath(d.id, '/evidence/new') : null,
    table: c.items.length
      ? {
          attributes: { 'data-testid': 'checklist' },
          caption: 'Checklist',
          captionClasses: 'govuk-table__caption--m',
          head: [{ text: 'Document' }, { text: 'From' }, { text: 'Due' }, { text: 'Assigned to' }, { text: 'Status' }],
          rows: c.items.map((i) => [
            { html: `<a class="govuk-link" href="${requestPath(d.id, i.id)}">${escapeHtml(i.title)}</a>${i.latestFile ? `<br><span class="govuk-body-s">${escapeHtml(i.latestFile.filename)} (version ${i.latestFile.version})</span>` : ''}` },
            { text: i.organisation.name },
            { text: formatLongDate(i.dueDate) },
            { text: i.assignedTo?.name ?? 'Nobody' },
            { html: statusTagsHtml(i) },
          ]),
        }
      : null,
  };
}

function filesTable(files: EvidenceFileView[]) {
  return {
    attributes: { 'data-testid': 'file-versions' },
    caption: 'Files sent',
    captionClasses: 'govuk-table__caption--m',
    head: [{ text: 'Version' }, { text: 'File' }, { text: 'Size' }, { text: 'Sent' }, { text: 'SHA-256' }],
    rows: files.map((f) => [
      { text: String(f.version) },
      { html: `<a class="govuk-link" href="${f.downloadUrl}" download>${escapeHtml(f.filename)}</a>` },
      { text: formatBytes(f.sizeBytes) },
      { text: `${formatInstant(f.uploadedAt)}${f.uploadedBy ? ` by ${f.uploadedBy}` : ''}` },
      { html: `<code class="app-hash">${escapeHtml(f.sha256.slice(0, 16))}…</code>` },
    ]),
  };
}

export interface RequestPageInput {
  detail: InspectionDetail;
  item: EvidenceItem & { files: EvidenceFileView[] };
  colleagues: Pick<User, 'id' | 'name' | 'status'>[];
  noticeKey?: string;
  errors?: FieldError[];
  reason?: string;
  withdrawReason?: string;
  /** Today in the UK (YYYY-MM-DD), for the date hint's example. */
  today?: string;
  /** What the team typed into the change form (kept when it is refused). */
  edit?: RequestForm;
}

export function requestPage(p: RequestPageInput) {
  const { detail: d, item: i } = p;
  const errors = p.errors ?? [];
  const isOrg = d.you.side === 'organisation';
  const open = evidenceCanBeRequested(d.state);
  const base = requestPath(d.id, i.id);
  return {
    pageTitle: pageTitle(`${i.title}: ${d.reference}`, errors),
    shell: inspectionShell(d, 'evidence'),
    heading: i.title,
    notice: notice(p.noticeKey ? EVIDENCE_NOTICES[p.noticeKey] : null),
    errorSummary: errorSummary(errors),
    backHref: inspectionPath(d.id, '/evidence'),
    details: {
      rows: [
        { key: { text: 'What is asked' }, value: { text: i.description ?? i.title } },
        { key: { text: 'From' }, value: { text: i.organisation.name } },
        { key: { text: 'Due' }, value: { text: `${formatLongDate(i.dueDate)}${i.dueDateExplanation ? ` (${forPeople(i.dueDateExplanation)})` : ''}` } },
        { key: { text: 'Status' }, value: { html: statusTagsHtml(i) } },
        { key: { text: 'Assigned to' }, value: { text: i.assignedTo?.name ?? 'Nobody' } },
        ...(i.cannotProvideReason && i.status === 'cannot_provide' ? [{ key: { text: 'Why it cannot be provided' }, value: { text: i.cannotProvideReason } }] : []),
        ...(i.withdrawn ? [{ key: { text: 'Withdrawn' }, value: { text: `${formatLongDate(i.withdrawn.at.slice(0, 10))}: ${i.withdrawn.reason}` } }] : []),
      ],
    },
    files: i.files.length ? filesTable([...i.files].sort((a, b) => b.version - a.version)) : null,
    canAct: isOrg && open && i.status !== 'withdrawn',
    edit:
      !isOrg && open && i.status !== 'withdrawn' && (d.you.canEditPlan || d.you.teamRole === 'lead_inspector' || d.you.teamRole === 'inspector' || d.you.teamRole === 'inspection_manager')
        ? {
            action: `${base}/edit`,
            withdrawAction: `${base}/withdraw`,
            withdrawReason: characterCount({ id: 'withdrawReason', name: 'reason', rows: 3, label: { text: 'Why is it no longer needed?', classes: 'govuk-label--s' }, value: p.withdrawReason ?? '', max: EVIDENCE_LIMITS.withdraw, errorMessage: errorFor(errors, 'withdrawReason') }),
            title: titleInput(p.edit?.title ?? i.title, errors),
            description: descriptionCount(p.edit?.description ?? i.description ?? '', errors),
            dueDate: dateInput('dueDate', 'Due date', p.edit?.due ?? isoDateParts(i.dueDate), errors, { hint: p.today ? dateHintExample(p.today) : 'For example, 27 3 2026' }),
          }
        : null,
    assign: {
      action: `${base}/assign`,
      select: {
        id: 'userId',
        name: 'userId',
        label: { text: 'Assign to a colleague', classes: 'govuk-label--s' },
        errorMessage: errorFor(errors, 'userId'),
        items: [{ value: '', text: 'Nobody' }, ...p.colleagues.filter((c) => c.status === 'active').map((c) => ({ value: c.id, text: c.name, selected: c.id === i.assignedTo?.id }))],
      },
    },
    upload: {
      // No-JavaScript fallback: a normal multipart form; the CSRF token is its first field, never in the URL.
      action: `${base}/upload`,
      requestId: i.id,
      input: {
        id: 'file',
        name: 'file',
        label: { text: i.files.length ? 'Upload a new version' : 'Upload a file', classes: 'govuk-label--s' },
        hint: { text: `${ALLOWED_EXTENSIONS_TEXT}. Up to ${formatBytes(MAX_FILE_BYTES)}. Large files are sent in ${formatBytes(MAX_CHUNK_BYTES)} pieces and can be resumed.` },
        errorMessage: errorFor(errors, 'file'),
      },
    },
    cannotProvide: {
      action: `${base}/cannot-provide`,
      textarea: characterCount({ id: 'reason', name: 'reason', label: { text: 'Why can you not provide it?', classes: 'govuk-label--s' }, value: p.reason ?? '', max: EVIDENCE_LIMITS.cannotProvide, errorMessage: errorFor(errors, 'reason') }),
    },
  };
}

export interface RequestForm {
  title: string;
  description: string;
  organisationId: string;
  due: DateParts;
}

function titleInput(value: string, errors: readonly FieldError[]) {
  return { id: 'title', name: 'title', label: { text: 'Document', classes: 'govuk-label--s' }, hint: { text: `For example, Safeguarding children policy. Up to ${EVIDENCE_LIMITS.title} characters.` }, value, errorMessage: errorFor(errors, 'title') };
}

function descriptionCount(value: string, errors: readonly FieldError[]) {
  return characterCount({ id: 'description', name: 'description', label: { text: 'What you need (optional)', classes: 'govuk-label--s' }, value, max: EVIDENCE_LIMITS.description, errorMessage: errorFor(errors, 'description') });
}

/** The organisations named on the inspection, the ones evidence can be asked of. */
export function involvedOrganisations(d: InspectionDetail): { id: string; name: string }[] {
  const all = [d.subject.organisation, d.subject.leadCommissioner, ...d.scopeServices.map((s) => s.organisation), ...d.contacts.map((c) => c.organisation)];
  const seen = new Map<string, string>();
  for (const o of all) if (o && !seen.has(o.id)) seen.set(o.id, o.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

export function newRequestPage(d: InspectionDetail, form: RequestForm, errors: FieldError[] = [], today?: string) {
  return {
    pageTitle: pageTitle(`Request a document: ${d.reference}`, errors),
    shell: inspectionShell(d, 'evidence'),
    heading: 'Request a document',
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, '/evidence/new'),
    title: titleInput(form.title, errors),
    description: descriptionCount(form.description, errors),
    organisation: {
      id: 'organisationId',
      name: 'organisationId',
      label: { text: 'Ask', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'organisationId'),
      items: [{ value: '', text: 'The lead organisation' }, ...involvedOrganisations(d).map((o) => ({ value: o.id, text: o.name, selected: o.id === form.organisationId }))],
    },
    dueDate: dateInput('dueDate', 'Due date (optional)', form.due, errors, { hint: `${today ? dateHintExample(today) : 'For example, 27 3 2026'}. Leave it empty for the default from the notice period.` }),
  };
}
