/** View-models for the team's report pages (workspace, section editor, compare, personal data, approval). Pure. */
import { characterCount, TEXT_LIMITS } from '../form-validation.js';
import type { PersonalDataFlagRow } from '../../data/tables/reports.tables.js';
import { ALLOW_REASON_LABELS, ALLOW_REASONS, PD_KIND_LABELS, type PdKind } from '../../domain/reports/personal-data-check.js';
import type { VersionDiff } from '../../domain/reports/report-diff.js';
import type { FieldError } from '../../services/errors.js';
import type { ReportWorkspace } from '../../services/reports/report-workspace.service.js';
import type { RecommendationAddresseesView } from '../../services/reports/recommendation-addressees.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';

/** The limit stated under a draft review's comments and checked at the edge. */
export const REVIEW_COMMENTS_MAX = TEXT_LIMITS.long;
import { formatDate } from '../register/register-format.js';
import { formatDate as formatPeopleDate } from '../../domain/shared/dates.js';
import { buildReportDocument, type ReportDocumentView } from './report-document.view-model.js';
import { caseTrackingSection, findStructure, isPlaceholder } from '../../domain/reports/report-structures.js';
import { MAX_SECTION_HEADING } from '../../domain/reports/report-sections.js';
import { reportPath } from '../paths.js';


export interface Row {
  key: { text: string };
  value: { text: string };
}

export function statusRows(w: ReportWorkspace): Row[] {
  return [
    { key: { text: 'Stage' }, value: { text: w.stageLabel } },
    { key: { text: 'Who must act' }, value: { text: w.owner } },
    { key: { text: 'Waiting' }, value: { text: `${w.clock.explanation}${w.clock.overdue ? ' Overdue.' : ''}` } },
    ...(w.faDue ? [{ key: { text: 'Factual accuracy deadline' }, value: { text: `End of ${formatDate(w.faDue)}` } }] : []),
    { key: { text: 'Version' }, value: { text: `${w.version} of ${w.currentVersion}` } },
    ...(w.you.side === 'regulator' && w.sections.some(isPlaceholder) ? [{ key: { text: 'Sections still to write' }, value: { text: w.sections.filter(isPlaceholder).map((s) => s.heading).join(', ') } }] : []),
    ...(w.you.side === 'regulator' ? [{ key: { text: 'Personal data check' }, value: { text: w.flags.open ? `${w.flags.open} unresolved of ${w.flags.total}` : `Clear (${w.flags.total} resolved)` } }] : []),
  ];
}

export interface WorkspaceView {
  pageTitle: string;
  caption: string;
  heading: string;
  rows: Row[];
  errorSummary: ReturnType<typeof errorSummary>;
  notice: string | null;
  actions: { text: string; action: string; secondary?: boolean; reason?: ReturnType<typeof characterCount> }[];
  returned: { heading: string; comments: string } | null;
  links: { text: string; href: string }[];
  sections: { key: string; heading: string; level: number; preview: string; editHref: string | null; toWrite: boolean; removeAction: string | null; refreshAction: string | null }[];
  /** The version the page shows, sent back by the section forms (a stale page is refused). */
  basedOnVersion: number;
  /** Sections still holding placeholder text: they block approval and publication. */
  toWrite: string[];
  /** At publication: the manager may send the report back to the review (for example to write a section). */
  reopenForm: null | { action: string; reason: ReturnType<typeof characterCount> };
  addSectionForm: null | {
    action: string;
    basedOnVersion: number;
    group: { id: string; name: string; label: { text: string }; items: { value: string; text: string; selected: boolean }[]; errorMessage: false | { text: string } };
    heading: { id: string; name: string; label: { text: string }; hint: { text: string }; value: string; errorMessage: false | { text: string } };
  };
  recommendations: { text: string; was: string | null; organisation: string; alsoTo: string | null; strength: string; note: string | null; removeAction: string | null; addresseesHref: string | null }[];
  recommendationForm: null | {
    action: string;
    strength: { idPrefix: string; name: string; classes: string; fieldset: { legend: { text: string; classes: string } }; errorMessage: false | { text: string }; items: { value: string; text: string; checked: boolean }[] };
    organisation: { id: string; name: string; label: { text: string }; errorMessage: false | { text: string }; items: { value: string; text: string; selected: boolean }[] };
    text: ReturnType<typeof characterCount>;
  };
  doc: ReportDocumentView;
}

/** The workspace's small forms (publish, send back, add a section, add a recommendation) and their limits. */
export type WorkspaceFormName = 'publication' | 'reopen' | 'sections' | 'recommendations';
export const WORKSPACE_LIMITS = { reason: TEXT_LIMITS.long, recommendation: TEXT_LIMITS.long } as const;

export function buildWorkspace(w: ReportWorkspace, opts: { errors?: FieldError[]; notice?: string | null; organisations?: { id: string; name: string }[]; typed?: { form: WorkspaceFormName; values: Record<string, string> } } = {}): WorkspaceView {
  const id = w.inspection.id;
  const errors = opts.errors ?? [];
  // What was typed comes back only in the form it was typed in (two forms have a reason).
  const typed = (form: WorkspaceFormName, name: string) => (opts.typed?.form === form ? (opts.typed.values[name] ?? '') : '');
  const errorIn = (form: WorkspaceFormName, name: string) => (opts.typed && opts.typed.form !== form ? false : errorFor(errors, name));
  const actions: WorkspaceView['actions'] = [];
  if (w.you.canEdit && w.stage === 'drafting') actions.push({ text: 'Send for approval', action: reportPath(id, '/submission') });
  if (w.you.canSend) actions.push({ text: 'Send for factual accuracy', action: reportPath(id, '/send') });
  if (w.you.canPublish) {
    actions.push({
      text: 'Publish the report',
      action: reportPath(id, '/publication'),
      ...(w.publishReasonNeeded ? { reason: characterCount({ name: 'reason', id: 'reason', label: { text: 'Why publish before fieldwork has ended?', classes: 'govuk-label--s' }, hint: w.publishReasonNeeded, value: typed('publication', 'reason'), max: WORKSPACE_LIMITS.reason, rows: 3, errorMessage: errorIn('publication', 'reason') }) } : {}),
    });
  }
  const links: WorkspaceView['links'] = [
    { text: 'Compare versions', href: reportPath(id, `/compare?from=${Math.max(1, w.currentVersion - 1)}&to=${w.currentVersion}`) },
    { text: `Personal data check (${w.flags.open} unresolved)`, href: reportPath(id, '/personal-data') },
  ];
  if (w.you.canApprove) links.unshift({ text: 'Approve or return the draft', href: reportPath(id, '/review') });
  const trackingKey = caseTrackingSection(findStructure(w.report.structure))?.key ?? null;
  if (['factual_accuracy', 'fa_review', 'publication_ready', 'published'].includes(w.stage)) links.push({ text: 'Factual accuracy comments and decisions', href: reportPath(id, '/factual-accuracy/review') });
  return {
    pageTitle: pageTitle(`Report: ${w.inspection.subjectName} (${w.inspection.reference})`, errors),
    caption: `${w.inspection.reference} · ${w.inspection.kindLabel}`,
    heading: `Report: ${w.inspection.subjectName}`,
    rows: statusRows(w),
    errorSummary: errorSummary(errors),
    notice: opts.notice ?? null,
    returned: w.returned ? { heading: `Returned by ${w.returned.reviewerName} on ${formatPeopleDate(w.returned.decidedAt)} (version ${w.returned.version})`, comments: w.returned.comments } : null,
    actions,
    links,
    sections: w.sections.map((s) => ({
      key: s.key,
      heading: s.heading,
      level: s.level,
      preview: s.body.length > 240 ? `${s.body.slice(0, 240)}…` : s.body,
      editHref: w.you.canEdit ? reportPath(id, `/sections/${encodeURIComponent(s.key)}`) : null,
      toWrite: isPlaceholder(s),
      removeAction: w.you.canEdit && s.addedTo ? reportPath(id, `/sections/${encodeURIComponent(s.key)}/remove`) : null,
      refreshAction: w.you.canEdit && s.key === trackingKey ? reportPath(id, '/case-tracking-refresh') : null,
    })),
    basedOnVersion: w.currentVersion,
    toWrite: w.sections.filter(isPlaceholder).map((s) => s.heading),
    addSectionForm: addSectionForm(w, errors, { group: typed('sections', 'group'), heading: typed('sections', 'heading') }),
    reopenForm: w.you.canPublish
      ? { action: reportPath(id, '/reopen'), reason: characterCount({ id: 'reopen-reason', name: 'reason', label: { text: 'What must be done before publication' }, hint: 'For example, write the section still holding placeholder text.', value: typed('reopen', 'reason'), max: WORKSPACE_LIMITS.reason, rows: 3, errorMessage: errorIn('reopen', 'reopen-reason') }) }
      : null,
    recommendations: w.recommendations.map((r) => ({
      text: r.text,
      was: r.originalText,
      organisation: r.organisationName,
      alsoTo: w.alsoAddressedTo[r.id]?.length ? `Also addressed to ${listInWords(w.alsoAddressedTo[r.id]!)}` : null,
      addresseesHref: w.you.canEdit ? reportPath(id, `/recommendations/${r.id}/addressees`) : null,
      strength: r.strength === 'must' ? 'Must' : 'Should',
      note: r.regulatorMayDirect ? null : `The regulator cannot direct this: ${r.directionNote ?? ''}`,
      removeAction: w.you.canEdit ? reportPath(id, `/recommendations/${r.id}/remove`) : null,
    })),
    recommendationForm: w.you.canEdit
      ? {
          action: reportPath(id, '/recommendations'),
          strength: { idPrefix: 'strength', name: 'strength', classes: 'govuk-radios--inline', fieldset: { legend: { text: 'Add a recommendation', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorIn('recommendations', 'strength'), items: [{ value: 'must', text: 'Must', checked: typed('recommendations', 'strength') === 'must' }, { value: 'should', text: 'Should', checked: typed('recommendations', 'strength') === 'should' }] },
          organisation: { id: 'organisationId', name: 'organisationId', label: { text: 'Addressed to' }, errorMessage: errorIn('recommendations', 'organisationId'), items: (opts.organisations ?? []).map((o) => ({ value: o.id, text: o.name, selected: typed('recommendations', 'organisationId') === o.id })) },
          text: characterCount({ id: 'text', name: 'text', label: { text: 'Recommendation' }, value: typed('recommendations', 'text'), max: WORKSPACE_LIMITS.recommendation, rows: 3, errorMessage: errorIn('recommendations', 'text') }),
        }
      : null,
    doc: buildReportDocument(w, { draftLabel: `Draft, version ${w.version}`, trackChanges: true }),
  };
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export interface AddresseesForm {
  /** The organisations ticked (as sent, or as stored when the page opens). */
  organisationIds: string[];
}

/** The page that addresses a recommendation to more of the organisations taking part (issue 15). */
export function buildAddresseesPage(v: RecommendationAddresseesView, form: AddresseesForm, errors: FieldError[] = []) {
  const id = v.inspection.id;
  const first = v.recommendation.organisationName;
  const ticked = new Set(form.organisationIds);
  return {
    pageTitle: pageTitle(`Who a recommendation is addressed to: ${v.inspection.reference}`, errors),
    caption: v.inspection.reference,
    heading: 'Who the recommendation is addressed to',
    errorSummary: errorSummary(errors),
    notice: null,
    backHref: reportPath(id),
    action: reportPath(id, `/recommendations/${v.recommendation.id}/addressees`),
    recommendation: `${v.recommendation.strength === 'must' ? 'Must' : 'Should'}: ${v.recommendation.text}`,
    first: first ? `It is addressed to ${first}, chosen when it was written.` : 'It was written without an organisation.',
    empty: v.choices.length === 0,
    refusal: v.refusal,
    checkboxes: {
      idPrefix: 'organisationIds',
      name: 'organisationIds',
      fieldset: { legend: { text: 'Also address it to', classes: 'govuk-fieldset__legend--m' } },
      hint: { text: 'Choose every other organisation taking part that must act on it. Each one answers it with its own actions in the action plan.' },
      errorMessage: errorFor(errors, 'organisationIds'),
      items: v.choices.map((c) => ({ value: c.id, text: c.name, checked: ticked.has(c.id), ...(c.capacities.length ? { hint: { text: c.capacities.join(', ') } } : {}) })),
    },
  };
}

function addSectionForm(w: ReportWorkspace, errors: FieldError[], typed: { group: string; heading: string }): WorkspaceView['addSectionForm'] {
  const groups = findStructure(w.report.structure)?.addable ?? [];
  if (!w.you.canEdit || !groups.length) return null;
  return {
    action: reportPath(w.inspection.id, '/sections'),
    basedOnVersion: w.currentVersion,
    group: { id: 'group', name: 'group', label: { text: 'Where' }, items: groups.map((g) => ({ value: g.group, text: g.label, selected: typed.group === g.group })), errorMessage: errorFor(errors, 'group') },
    heading: {
      id: 'heading',
      name: 'heading',
      label: { text: 'Heading of the new section' },
      hint: { text: `For example: ${groups.flatMap((g) => g.suggestions.slice(0, 2)).join(', ')}. Up to ${MAX_SECTION_HEADING} characters.` },
      value: typed.heading,
      errorMessage: errorFor(errors, 'heading'),
    },
  };
}

/** A change note is a line or two; the section text itself has no cap. */
export const SECTION_NOTE_MAX = 1000;

export function buildSectionEditor(w: ReportWorkspace, key: string, form: { body?: string; note?: string } = {}, errors: FieldError[] = []) {
  const section = w.sections.find((s) => s.key === key);
  const id = w.inspection.id;
  const index = w.sections.findIndex((s) => s.key === key);
  const prev = w.sections[index - 1];
  const next = w.sections[index + 1];
  return {
    pageTitle: pageTitle(`Edit ${section?.heading ?? 'section'}: ${w.inspection.subjectName}`, errors),
    caption: `${w.inspection.reference} · version ${w.currentVersion}`,
    heading: `Edit: ${section?.heading ?? key}`,
    errorSummary: errorSummary(errors),
    backHref: reportPath(id),
    action: reportPath(id, `/sections/${encodeURIComponent(key)}`),
    basedOnVersion: w.currentVersion,
    body: { id: 'body', name: 'body', rows: 18, label: { text: 'Section text', classes: 'govuk-label--m' }, hint: { text: 'Leave a blank line between paragraphs. Start a line with "> " for a quote.' }, value: form.body ?? section?.body ?? '', errorMessage: errorFor(errors, 'body') },
    note: characterCount({ id: 'note', name: 'note', label: { text: 'What you changed (optional)' }, value: form.note ?? '', max: SECTION_NOTE_MAX, rows: 2, errorMessage: errorFor(errors, 'note') }),
    prevHref: prev ? reportPath(id, `/sections/${encodeURIComponent(prev.key)}`) : null,
    prevText: prev?.heading ?? null,
    nextHref: next ? reportPath(id, `/sections/${encodeURIComponent(next.key)}`) : null,
    nextText: next?.heading ?? null,
  };
}

export function buildCompare(w: ReportWorkspace, diff: VersionDiff & { from: number; to: number }) {
  const versions = Array.from({ length: w.currentVersion }, (_, i) => i + 1);
  return {
    pageTitle: `Compare versions ${diff.from} and ${diff.to}: ${w.inspection.subjectName}`,
    caption: w.inspection.reference,
    heading: `Compare version ${diff.from} with version ${diff.to}`,
    backHref: reportPath(w.inspection.id),
    action: reportPath(w.inspection.id, '/compare'),
    from: { id: 'from', name: 'from', label: { text: 'From version' }, items: versions.map((v) => ({ value: String(v), text: `Version ${v}`, selected: v === diff.from })) },
    to: { id: 'to', name: 'to', label: { text: 'To version' }, items: versions.map((v) => ({ value: String(v), text: `Version ${v}`, selected: v === diff.to })) },
    summary: diff.changed === 0 ? 'No sections changed.' : `${diff.changed} section${diff.changed === 1 ? '' : 's'} changed.`,
    sections: diff.sections.filter((s) => s.status !== 'unchanged').map((s) => ({ heading: s.heading, status: s.status, parts: s.parts })),
  };
}

/** A personal data flag's resolution as typed (kept when it comes back with errors). */
export interface FlagForm {
  status: string;
  reason: string;
  note: string;
}

/** The limit stated in the hint of a flag's explanation. */
export const FLAG_NOTE_MAX = TEXT_LIMITS.title;

export function buildFlagsPage(w: ReportWorkspace, flags: PersonalDataFlagRow[], errors: FieldError[] = [], failedFlag: string | null = null, typed: FlagForm | null = null) {
  const id = w.inspection.id;
  const fieldOf = (flagId: string, name: string) => `flag-${flagId}-${name}`;
  const errorAt = (flagId: string, name: string) => (failedFlag === flagId ? errorFor(errors, name) : false);
  const value = (flagId: string, name: keyof FlagForm) => (failedFlag === flagId && typed ? typed[name] : '');
  return {
    pageTitle: pageTitle(`Personal data check: ${w.inspection.subjectName}`, errors),
    caption: w.inspection.reference,
    heading: 'Personal data check',
    backHref: reportPath(id),
    errorSummary: errorSummary(errors.map((e) => ({ ...e, field: failedFlag ? fieldOf(failedFlag, e.field) : e.field }))),
    open: flags.filter((f) => f.status === 'open').length,
    flags: flags.map((f) => ({
      id: f.id,
      kind: PD_KIND_LABELS[f.kind as PdKind] ?? f.kind,
      matched: f.matched,
      context: f.context,
      section: w.sections.find((s) => s.key === f.section_key)?.heading ?? f.section_key,
      editHref: w.you.canEdit ? reportPath(id, `/sections/${encodeURIComponent(f.section_key)}`) : null,
      status: f.status === 'open' ? 'Unresolved' : f.status === 'removed' ? 'Removed' : 'Allowed',
      statusClass: f.status === 'open' ? 'govuk-tag--red' : 'govuk-tag--green',
      note: f.resolution_note,
      action: f.status === 'open' && w.you.canEdit ? reportPath(id, `/personal-data/${f.id}`) : null,
      radios: {
        idPrefix: `flag-${f.id}-status`,
        name: 'status',
        fieldset: { legend: { text: `What did you do about "${f.matched}"?`, classes: 'govuk-fieldset__legend--s' } },
        // An error on no field of this form (a refusal) is shown at the choice.
        errorMessage: errorAt(f.id, 'status') || (failedFlag === f.id && errors[0] && !['reason', 'note'].includes(errors[0].field) ? { text: errors[0].message } : false),
        items: [
          { value: 'removed', text: 'I removed it from the report', checked: value(f.id, 'status') === 'removed' },
          { value: 'allowed', text: 'It is allowed to stay', checked: value(f.id, 'status') === 'allowed' },
        ],
      },
      reason: { id: fieldOf(f.id, 'reason'), name: 'reason', label: { text: 'Why it is allowed' }, errorMessage: errorAt(f.id, 'reason'), items: [{ value: '', text: 'Choose a reason' }, ...ALLOW_REASONS.map((r) => ({ value: r, text: ALLOW_REASON_LABELS[r], selected: value(f.id, 'reason') === r }))] },
      noteInput: { id: fieldOf(f.id, 'note'), name: 'note', label: { text: 'Explanation' }, hint: { text: `Needed if it is allowed to stay. Up to ${FLAG_NOTE_MAX} characters` }, value: value(f.id, 'note'), errorMessage: errorAt(f.id, 'note') },
    })),
  };
}

export function buildReviewPage(w: ReportWorkspace, reviews: { version: number; decision: string; comments: string | null; decided_at: Date; reviewer_name: string }[], form: { decision?: string; comments?: string } = {}, errors: FieldError[] = []) {
  const id = w.inspection.id;
  return {
    pageTitle: pageTitle(`Approve or return the draft: ${w.inspection.subjectName}`, errors),
    caption: w.inspection.reference,
    heading: 'Approve or return the draft report',
    backHref: reportPath(id),
    errorSummary: errorSummary(errors),
    rows: statusRows(w),
    action: w.you.canApprove ? reportPath(id, '/review') : null,
    decision: {
      idPrefix: 'decision',
      name: 'decision',
      fieldset: { legend: { text: 'Your decision', classes: 'govuk-fieldset__legend--m' } },
      errorMessage: errorFor(errors, 'decision'),
      items: [
        { value: 'approve', text: 'Approve the draft', checked: form.decision === 'approve' },
        { value: 'return', text: 'Return it to the lead inspector with comments', checked: form.decision === 'return' },
      ],
    },
    comments: characterCount({ id: 'comments', name: 'comments', label: { text: 'Comments', classes: 'govuk-label--s' }, hint: 'Required when you return the draft: say what must change.', value: form.comments ?? '', max: REVIEW_COMMENTS_MAX, errorMessage: errorFor(errors, 'comments') }),
    history: reviews.map((r) => ({ text: `${r.decision === 'approved' ? 'Approved' : 'Returned'} version ${r.version} by ${r.reviewer_name} on ${formatDate(r.decided_at.toISOString())}`, comments: r.comments })),
    doc: buildReportDocument(w, { draftLabel: `Draft, version ${w.version}` }),
  };
}
