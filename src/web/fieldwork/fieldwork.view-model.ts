/** Pure view-models for evidence items, briefings and concerns: ready GOV.UK macro params. */
import { escapeHtml as escape } from '../escape-html.js';
import { EVIDENCE_ITEM_TYPES, EVIDENCE_ITEM_TYPE_LABELS, MAX_EVIDENCE_TEXT } from '../../domain/fieldwork/evidence-item.js';
import { EVIDENCE_CATEGORY_DEFINITIONS } from '../../domain/framework/evidence-categories.data.js';
import { QUALITY_STATEMENTS } from '../../domain/framework/quality-statements.data.js';
import { keyQuestionName } from '../../domain/vocabulary/key-questions.js';
import type { FieldError } from '../../services/errors.js';
import type { BriefingView } from '../../services/fieldwork/briefings.service.js';
import type { ConcernView } from '../../services/fieldwork/concerns.service.js';
import type { EvidenceItemView } from '../../services/fieldwork/evidence-items.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, dateInput, isoDateParts, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { notice } from '../inspections/inspection-shell.view-model.js';
import { fieldworkFrame, formatInstant, longDate } from './fieldwork-nav.view-model.js';
import { briefingPath, concernPath, enforcementActionPath, evidenceItemPath, evidenceItemsPath, inspectionPath } from '../paths.js';

/** Limits stated in the hints and checked at the edge (the GOV.UK character count shows the long ones). */
export const CONCERN_LIMITS = { what: TEXT_LIMITS.long, where: TEXT_LIMITS.name, risk: TEXT_LIMITS.long, whoMustAct: TEXT_LIMITS.name, actionTaken: 10_000, closeReason: TEXT_LIMITS.long } as const;
export const BRIEFING_LIMITS = { attendees: TEXT_LIMITS.long, points: TEXT_LIMITS.long, recommendationAreas: TEXT_LIMITS.long, deleteReason: TEXT_LIMITS.title } as const;

export interface EvidenceForm {
  type: string;
  qualityStatements: string[];
  evidenceCategory: string;
  refersToDate: DateParts;
  visitId: string;
  body: string;
  version: string;
}

export function evidenceListPage(d: InspectionDetail, items: EvidenceItemView[], statement: string | null, noticeText?: string) {
  const title = statement ? `Evidence for ${statement}` : 'Evidence items';
  return {
    pageTitle: `${title}: ${d.reference}`,
    ...fieldworkFrame(d, 'evidence-items'),
    heading: title,
    notice: notice(noticeText),
    newHref: evidenceItemsPath(d.id, '/new'),
    filtered: statement !== null,
    allHref: evidenceItemsPath(d.id),
    empty: items.length === 0,
    rows: items.map((i) => [
      { html: `<a class="govuk-link" href="/inspections/${d.id}/evidence-items/${i.id}">${escape(i.typeLabel ?? 'Untitled draft')}</a>` },
      { text: i.qualityStatements.join(', ') || '–' },
      { text: i.refersToDate ? longDate(i.refersToDate) : '–' },
      { text: i.inspector.name },
      { html: i.status === 'draft' ? '<strong class="govuk-tag govuk-tag--yellow">Draft</strong>' : '<strong class="govuk-tag govuk-tag--green">Recorded</strong>' },
      { text: excerpt(i.body) },
    ]),
  };
}


function excerpt(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

export function emptyEvidenceForm(today: string): EvidenceForm {
  return { type: '', qualityStatements: [], evidenceCategory: '', refersToDate: isoDateParts(today), visitId: '', body: '', version: '' };
}

export function formFromItem(i: EvidenceItemView): EvidenceForm {
  return { type: i.type ?? '', qualityStatements: i.qualityStatements, evidenceCategory: i.evidenceCategory ?? '', refersToDate: isoDateParts(i.refersToDate), visitId: i.visitId ?? '', body: i.body, version: String(i.version) };
}

export function evidenceFormPage(
  d: InspectionDetail,
  opts: { item: EvidenceItemView | null; form: EvidenceForm; errors?: FieldError[]; visits: { id: string; label: string }[]; conflict?: { theirs: EvidenceItemView; message: string } | null; noticeText?: string },
) {
  const errors = opts.errors ?? [];
  const f = opts.form;
  const title = opts.item ? (opts.item.status === 'draft' ? 'Draft evidence item' : 'Evidence item') : 'Record evidence';
  const kqs = d.keyQuestions;
  const statements = QUALITY_STATEMENTS.filter((q) => kqs.length === 0 || kqs.includes(q.keyQuestion));
  const action = opts.item ? evidenceItemPath(d.id, opts.item.id) : evidenceItemsPath(d.id);
  return {
    pageTitle: pageTitle(`${title}: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'evidence-items'),
    heading: title,
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    action,
    inspectionId: d.id,
    itemId: opts.item?.id ?? '',
    version: f.version,
    conflict: opts.conflict ? { message: opts.conflict.message, theirText: opts.conflict.theirs.body, theirVersion: opts.conflict.theirs.version, by: opts.conflict.theirs.inspector.name } : null,
    attachments: (opts.item?.attachments ?? []).map((a) => ({ text: a.filename, href: `/api/v1/evidence-attachments/${a.id}/download` })),
    status: opts.item?.status ?? 'new',
    attachmentAction: opts.item ? evidenceItemPath(d.id, opts.item.id, '/attachments') : null,
    attachment: { id: 'attachment', name: 'attachment', label: { text: 'Attach a photo or file', classes: 'govuk-label--s' }, hint: { text: 'PDF, Word, Excel, OpenDocument, CSV, text, PNG or JPEG, smaller than 8 MB' }, errorMessage: errorFor(errors, 'attachment') },
    type: {
      name: 'type',
      idPrefix: 'type',
      fieldset: { legend: { text: 'Type of evidence', classes: 'govuk-fieldset__legend--m' } },
      errorMessage: errorFor(errors, 'type'),
      items: EVIDENCE_ITEM_TYPES.map((t) => ({ value: t, text: EVIDENCE_ITEM_TYPE_LABELS[t], checked: f.type === t })),
    },
    qualityStatements: {
      name: 'qualityStatements',
      idPrefix: 'qualityStatements',
      classes: 'govuk-checkboxes--small',
      fieldset: { legend: { text: 'Quality statements it relates to', classes: 'govuk-fieldset__legend--m' } },
      errorMessage: errorFor(errors, 'qualityStatements'),
      items: statements.map((q) => ({ value: q.code, text: `${q.code} ${q.name} (${keyQuestionName(q.keyQuestion)})`, checked: f.qualityStatements.includes(q.code) })),
    },
    evidenceCategory: {
      name: 'evidenceCategory',
      id: 'evidenceCategory',
      label: { text: 'Evidence category', classes: 'govuk-label--m' },
      errorMessage: errorFor(errors, 'evidenceCategory'),
      items: [{ value: '', text: 'Choose a category' }, ...EVIDENCE_CATEGORY_DEFINITIONS.map((c) => ({ value: c.id, text: c.name, selected: f.evidenceCategory === c.id }))],
    },
    visitId: {
      name: 'visitId',
      id: 'visitId',
      label: { text: 'Visit it came from (optional)', classes: 'govuk-label--m' },
      errorMessage: errorFor(errors, 'visitId'),
      items: [{ value: '', text: 'Not from a programme visit' }, ...opts.visits.map((v) => ({ value: v.id, text: v.label, selected: f.visitId === v.id }))],
    },
    refersToDate: dateInput('refersToDate', 'Date the evidence refers to', f.refersToDate, errors, { legendClasses: 'govuk-fieldset__legend--m', hint: 'The day it happened or the record is from, not today if different. For example, 7 10 2025' }),
    body: characterCount({
      name: 'body',
      id: 'body',
      rows: 10,
      label: { text: 'What you saw, heard or read', classes: 'govuk-label--m' },
      hint: 'Put what people said in quotation marks. A draft is saved as you type.',
      value: f.body,
      max: MAX_EVIDENCE_TEXT,
      errorMessage: errorFor(errors, 'body'),
      attributes: { 'data-autosave': 'body' },
    }),
  };
}

export function briefingsPage(d: InspectionDetail, briefings: BriefingView[], opts: { canRecord: boolean; form: BriefingForm; errors?: FieldError[]; noticeText?: string; deleting?: { briefingId: string; reason: string } }) {
  const errors = opts.errors ?? [];
  const f = opts.form;
  return {
    pageTitle: pageTitle(`Briefings and verbal feedback: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'briefings'),
    heading: 'Briefings and verbal feedback',
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, '/briefings'),
    empty: briefings.length === 0,
    entries: [...briefings].reverse().map((b) => ({
      id: b.id,
      heading: `${b.kindLabel}, ${formatInstant(b.heldAt)}`,
      attendees: b.attendees.map((a) => `${a.name} (${a.role}${a.organisation ? `, ${a.organisation}` : ''})`).join('; '),
      points: b.points,
      recommendationAreas: b.recommendationAreas,
      recordedBy: b.recordedBy,
      edited: b.editedAt ? `Corrected ${formatInstant(b.editedAt)}` : null,
      deleteAction: opts.canRecord ? briefingPath(d.id, b.id, '/delete') : null,
      changeHref: opts.canRecord ? briefingPath(d.id, b.id, '/edit') : null,
      reason: characterCount({ name: 'reason', id: `reason-${b.id}`, label: { text: 'Why delete it?' }, rows: 2, value: opts.deleting?.briefingId === b.id ? opts.deleting.reason : '', max: BRIEFING_LIMITS.deleteReason, errorMessage: errorFor(errors, `reason-${b.id}`) }),
      // The delete form stays open when it comes back with an error.
      deleteOpen: opts.deleting?.briefingId === b.id,
    })),
    canRecord: opts.canRecord,
    ...briefingFields(f, errors),
  };
}

/** The fields of a briefing form (logging one, or correcting one): GOV.UK macro params. */
export function briefingFields(f: BriefingForm, errors: readonly FieldError[]) {
  return {
    kind: {
      name: 'kind',
      idPrefix: 'kind',
      classes: 'govuk-radios--inline',
      fieldset: { legend: { text: 'What was it?', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'kind'),
      items: [
        { value: 'briefing', text: 'Briefing', checked: f.kind !== 'verbal_feedback' },
        { value: 'verbal_feedback', text: 'Verbal feedback at the end', checked: f.kind === 'verbal_feedback' },
      ],
    },
    heldOn: dateInput('heldOn', 'Date it was held', f.heldOn, errors),
    heldTime: { name: 'heldTime', id: 'heldTime', classes: 'govuk-input--width-5', label: { text: 'Time it was held', classes: 'govuk-label--s' }, hint: { text: 'UK time, for example 16:00' }, value: f.heldTime, errorMessage: errorFor(errors, 'heldTime') },
    attendees: {
      name: 'attendees',
      id: 'attendees',
      rows: 3,
      label: { text: 'Who attended', classes: 'govuk-label--s' },
      hint: { text: `One person a line: name, role, organisation. Up to ${BRIEFING_LIMITS.attendees.toLocaleString('en-GB')} characters` },
      value: f.attendees,
      errorMessage: errorFor(errors, 'attendees') || firstIndexed(errors, 'attendees['),
    },
    points: characterCount({ name: 'points', id: 'points', rows: 6, label: { text: 'Points made', classes: 'govuk-label--s' }, value: f.points, max: BRIEFING_LIMITS.points, errorMessage: errorFor(errors, 'points') }),
    recommendationAreas: {
      name: 'recommendationAreas',
      id: 'recommendationAreas',
      rows: 3,
      label: { text: 'Areas we will make recommendations on (verbal feedback only)', classes: 'govuk-label--s' },
      hint: { text: `One area a line. Up to ${BRIEFING_LIMITS.recommendationAreas.toLocaleString('en-GB')} characters` },
      value: f.recommendationAreas,
      errorMessage: errorFor(errors, 'recommendationAreas'),
    },
  };
}

function firstIndexed(errors: readonly FieldError[], prefix: string): { text: string } | false {
  const e = errors.find((x) => x.field.startsWith(prefix));
  return e ? { text: e.message } : false;
}

export interface BriefingForm {
  kind: string;
  heldOn: DateParts;
  heldTime: string;
  attendees: string;
  points: string;
  recommendationAreas: string;
}

/** A logged briefing as its form shows it, to correct it: the time on a UK clock, one attendee a line. */
export function briefingForm(b: BriefingView, localTime: (iso: string) => string): BriefingForm {
  return {
    kind: b.kind,
    heldOn: isoDateParts(localTime(b.heldAt)),
    heldTime: localTime(b.heldAt).slice(11, 16),
    attendees: b.attendees.map((a) => [a.name, a.role, a.organisation ?? ''].filter(Boolean).join(', ')).join('\n'),
    points: b.points,
    recommendationAreas: b.recommendationAreas.join('\n'),
  };
}

/** The page to correct a logged briefing: the form prefilled; errors keep what was typed. */
export function briefingEditPage(d: InspectionDetail, b: BriefingView, form: BriefingForm, errors: FieldError[] = []) {
  return {
    pageTitle: pageTitle(`Correct a briefing log: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'briefings'),
    heading: `Correct the log: ${b.kindLabel.toLowerCase()}, ${formatInstant(b.heldAt)}`,
    errorSummary: errorSummary(errors),
    action: briefingPath(d.id, b.id, '/edit'),
    backHref: inspectionPath(d.id, '/briefings'),
    recordedBy: `Logged by ${b.recordedBy}${b.editedAt ? `; last corrected ${formatInstant(b.editedAt)}` : ''}. The version you replace is kept in the briefing's history.`,
    ...briefingFields(form, errors),
  };
}

/** Briefing errors name "attendees[0].name": on the page they belong to the attendees box. */
export function pageFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => (e.field.startsWith('attendees[') ? { field: 'attendees', message: e.message } : e.field === 'heldAt' ? { field: 'heldOn-day', message: e.message } : e));
}

export interface ConcernForm {
  what: string;
  where: string;
  risk: string;
  whoMustAct: string;
  organisationId: string;
  responseHours: string;
}

export function concernsPage(d: InspectionDetail, concerns: ConcernView[], opts: { canRaise: boolean; form: ConcernForm; errors?: FieldError[]; defaultHours: number; noticeText?: string }) {
  const errors = opts.errors ?? [];
  const f = opts.form;
  const orgs = new Map<string, string>();
  if (d.subject.organisation) orgs.set(d.subject.organisation.id, d.subject.organisation.name);
  for (const s of d.scopeServices) if (s.organisation) orgs.set(s.organisation.id, s.organisation.name);
  if (d.subject.leadCommissioner) orgs.set(d.subject.leadCommissioner.id, d.subject.leadCommissioner.name);
  return {
    pageTitle: pageTitle(`Concerns needing immediate action: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'concerns'),
    heading: 'Concerns needing immediate action',
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, '/concerns'),
    empty: concerns.length === 0,
    rows: concerns.map((c) => [
      { html: `<a class="govuk-link" href="/inspections/${d.id}/concerns/${c.id}">${escape(c.what)}</a>` },
      { text: c.organisation.name },
      { text: c.respondByText },
      { html: concernTag(c) },
    ]),
    canRaise: opts.canRaise,
    what: characterCount({ name: 'what', id: 'what', rows: 3, label: { text: 'What is the concern?', classes: 'govuk-label--s' }, value: f.what, max: CONCERN_LIMITS.what, errorMessage: errorFor(errors, 'what') }),
    where: { name: 'where', id: 'where', label: { text: 'Where', classes: 'govuk-label--s' }, hint: { text: `Up to ${CONCERN_LIMITS.where} characters` }, value: f.where, errorMessage: errorFor(errors, 'where') },
    risk: characterCount({ name: 'risk', id: 'risk', rows: 3, label: { text: 'The risk', classes: 'govuk-label--s' }, value: f.risk, max: CONCERN_LIMITS.risk, errorMessage: errorFor(errors, 'risk') }),
    whoMustAct: { name: 'whoMustAct', id: 'whoMustAct', label: { text: 'Who must act', classes: 'govuk-label--s' }, hint: { text: `Up to ${CONCERN_LIMITS.whoMustAct} characters` }, value: f.whoMustAct, errorMessage: errorFor(errors, 'whoMustAct') },
    organisationId: {
      name: 'organisationId',
      id: 'organisationId',
      label: { text: 'Organisation that must act', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'organisationId'),
      items: [{ value: '', text: 'Choose an organisation' }, ...[...orgs].map(([id, name]) => ({ value: id, text: name, selected: f.organisationId === id }))],
    },
    responseHours: {
      name: 'responseHours',
      id: 'responseHours',
      inputmode: 'numeric',
      classes: 'govuk-input--width-3',
      label: { text: 'Hours to respond', classes: 'govuk-label--s' },
      hint: { text: `Default ${opts.defaultHours} hours` },
      suffix: { text: 'hours' },
      value: f.responseHours,
      errorMessage: errorFor(errors, 'responseHours'),
    },
  };
}

function concernTagParams(c: ConcernView): { text: string; classes: string } {
  if (c.closed) return { text: c.closed.outcome === 'response_accepted' ? 'Closed: response accepted' : 'Closed', classes: 'govuk-tag--grey' };
  if (c.status === 'responded') return { text: `Responded${c.respondedLate ? ' late' : ''}`, classes: 'govuk-tag--green' };
  if (c.escalatedAt) return { text: 'Overdue: escalated', classes: 'govuk-tag--red' };
  if (c.overdue) return { text: 'Overdue', classes: 'govuk-tag--red' };
  if (c.status === 'acknowledged') return { text: 'Acknowledged', classes: 'govuk-tag--blue' };
  return { text: 'Awaiting response', classes: 'govuk-tag--yellow' };
}

function concernTag(c: ConcernView): string {
  const t = concernTagParams(c);
  return `<strong class="govuk-tag ${t.classes}">${t.text}</strong>`;
}

/** Limits on a concern's answers, stated under the fields and checked at the edge. */


export function concernPage(d: InspectionDetail, c: ConcernView, opts: { actionTaken?: string; close?: { outcome: string; reason: string }; errors?: FieldError[]; noticeText?: string }) {
  const errors = opts.errors ?? [];
  return {
    pageTitle: pageTitle(`Concern: ${excerpt(c.what)}: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'concerns'),
    heading: 'Concern needing immediate action',
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    statusTag: concernTagParams(c),
    deadline: { text: `Respond with the action taken by ${c.respondByText}`, explanation: c.deadlineExplanation, overdue: c.overdue },
    summary: {
      rows: [
        { key: { text: 'What' }, value: { text: c.what } },
        { key: { text: 'Where' }, value: { text: c.where } },
        { key: { text: 'Risk' }, value: { text: c.risk } },
        { key: { text: 'Who must act' }, value: { text: `${c.whoMustAct} (${c.organisation.name})` } },
        { key: { text: 'Raised' }, value: { text: `${formatInstant(c.raisedAt)} by ${c.raisedBy}` } },
        { key: { text: 'Acknowledged' }, value: { text: c.acknowledgedAt ? `${formatInstant(c.acknowledgedAt)} by ${c.acknowledgedBy}${c.acknowledgedLate ? ' (late)' : ''}` : 'Not yet' } },
        { key: { text: 'Action taken' }, value: { text: c.actionTaken ? `${c.actionTaken} (${formatInstant(c.respondedAt!)}, ${c.respondedBy}${c.respondedLate ? ', late' : ''})` : 'Not yet' } },
        ...(c.escalatedAt ? [{ key: { text: 'Escalated' }, value: { text: `${formatInstant(c.escalatedAt)} to ${c.escalatedTo.join(', ')}` } }] : []),
        ...(c.closed ? [{ key: { text: 'Closed' }, value: { text: `${formatInstant(c.closed.at)} by ${c.closed.by ?? 'the team'}: ${c.closed.outcome === 'response_accepted' ? 'response accepted' : 'closed with a reason'}${c.closed.reason ? `: ${c.closed.reason}` : ''}` } }] : []),
      ],
    },
    closeForm: c.you.canClose
      ? {
          action: concernPath(d.id, c.id, '/close'),
          outcome: {
            name: 'outcome',
            idPrefix: 'outcome',
            fieldset: { legend: { text: 'Close the concern', classes: 'govuk-fieldset__legend--m' } },
            errorMessage: errorFor(errors, 'outcome'),
            items: [
              ...(c.respondedAt ? [{ value: 'response_accepted', text: 'Accept the response: the action taken deals with the risk', checked: opts.close?.outcome === 'response_accepted' }] : []),
              { value: 'closed_with_reason', text: 'Close it for another reason (for example, raised in error)', checked: opts.close?.outcome === 'closed_with_reason' },
            ],
          },
          reason: characterCount({ name: 'reason', id: 'reason', rows: 3, label: { text: 'Reason or note', classes: 'govuk-label--s' }, hint: 'Needed when you close it for another reason', value: opts.close?.reason ?? '', max: CONCERN_LIMITS.closeReason, errorMessage: errorFor(errors, 'reason') }),
        }
      : null,
    acknowledgeAction: c.you.canAcknowledge ? concernPath(d.id, c.id, '/acknowledgement') : null,
    respondAction: c.you.canRespond ? concernPath(d.id, c.id, '/response') : null,
    actionTaken: characterCount({ name: 'actionTaken', id: 'actionTaken', rows: 6, label: { text: 'What action have you taken?', classes: 'govuk-label--m' }, value: opts.actionTaken ?? '', max: CONCERN_LIMITS.actionTaken, errorMessage: errorFor(errors, 'actionTaken') }),
    enforcementAction: c.you.canOpenEnforcement ? concernPath(d.id, c.id, '/enforcement-actions') : null,
    enforcementHref: c.enforcementActionId ? enforcementActionPath(d.id, c.enforcementActionId) : null,
    backHref: inspectionPath(d.id, '/concerns'),
  };
}
