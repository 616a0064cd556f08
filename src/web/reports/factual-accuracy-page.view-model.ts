/** View-models for the organisation's factual accuracy page and the reviewer's decisions page. Pure. */
import { FA_CATEGORIES, FA_CATEGORY_LABELS, FA_DECISION_LABELS, FA_DECISIONS, MAX_FILES_PER_COMMENT, MAX_FILES_PER_SAVE, type FaCategory, type FaDecision } from '../../domain/reports/factual-accuracy.js';
import { ALLOWED_EXTENSIONS_TEXT, ALLOWED_FILE_TYPES, formatBytes } from '../../domain/files/file-rules.js';
import { MAX_ATTACHMENT_BYTES } from '../../services/fieldwork/attachments.service.js';
import { sectionBlocks } from '../../domain/reports/report-sections.js';
import type { FieldError } from '../../services/errors.js';
import type { FactualAccuracyView } from '../../services/reports/factual-accuracy.service.js';
import type { ReportWorkspace } from '../../services/reports/report-workspace.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, dateInput, isoDateParts, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { formatDate } from '../register/register-format.js';
import { reportPath } from '../paths.js';

export interface CommentForm {
  id: string;
  passage: string;
  category: string;
  comment: string;
  proposedChange: string;
  evidence: string;
}

export const EMPTY_COMMENT: CommentForm = { id: '', passage: '', category: '', comment: '', proposedChange: '', evidence: '' };

type FaFile = FactualAccuracyView['comments'][number]['files'][number];

/** A file as a download link: name, kind and size ("minutes.pdf (PDF, 120 KB)"). */
function fileLink(inspectionId: string, f: FaFile) {
  const kind = ALLOWED_FILE_TYPES.find((t) => t.contentType === f.contentType)?.label ?? 'file';
  return { text: f.filename, detail: `${kind}, ${formatBytes(f.sizeBytes)}`, href: reportPath(inspectionId, `/factual-accuracy/files/${f.id}`) };
}

function decisionText(c: FactualAccuracyView['comments'][number]): string | null {
  if (!c.decision) return null;
  return FA_DECISION_LABELS[c.decision as FaDecision] ?? c.decision;
}

export function buildOrganisationFaPage(w: ReportWorkspace, fa: FactualAccuracyView, opts: { sectionKey?: string | undefined; form?: CommentForm; errors?: FieldError[]; notice?: string | null; extensionReason?: string }) {
  const id = w.inspection.id;
  const errors = opts.errors ?? [];
  // A report stored without sections (none to check) shows as one empty section rather than failing.
  const section = w.sections.find((s) => s.key === opts.sectionKey) ?? w.sections[0] ?? { key: '', heading: 'The report', level: 2 as const, body: '' };
  const mine = fa.recipients[0];
  const submitted = !!mine?.submittedAt;
  const open = w.stage === 'factual_accuracy' && !!mine && !mine.closed;
  const due = mine ? (mine.extendedDue ?? mine.due) : w.faDue;
  const form = opts.form ?? EMPTY_COMMENT;
  const counts = new Map<string, number>();
  for (const c of fa.comments) counts.set(c.sectionKey, (counts.get(c.sectionKey) ?? 0) + 1);
  const index = w.sections.findIndex((s) => s.key === section.key);
  const sectionHref = (key: string) => `${reportPath(id, '/factual-accuracy')}?section=${encodeURIComponent(key)}`;
  return {
    pageTitle: pageTitle(`Factual accuracy check: ${section.heading} – ${w.inspection.subjectName}`, errors),
    caption: `${w.inspection.reference} · draft report, version ${w.version}`,
    heading: 'Check the draft report for factual accuracy',
    errorSummary: errorSummary(errors),
    notice: opts.notice ?? null,
    backHref: null,
    deadline: due
      ? submitted
        ? `You submitted your response on ${formatDate(mine!.submittedAt!.toISOString())}.`
        : open
          ? `Send your comments, or confirm there are no factual inaccuracies, by the end of ${formatDate(due)}${mine?.extendedDue ? ' (extended)' : ''}. That is 10 working days from when the draft was sent${mine?.extendedDue ? ', plus the extension granted' : ''}.`
          : `The deadline was the end of ${formatDate(due)}.`
      : null,
    dueExplanation: mine?.dueExplanation ?? [],
    open,
    submitted,
    nav: w.sections.map((s) => ({ href: sectionHref(s.key), text: s.heading, level: s.level, count: counts.get(s.key) ?? 0, current: s.key === section.key })),
    section: { key: section.key, heading: section.heading, blocks: sectionBlocks(section.body), empty: w.sections.length === 0 },
    recommendations: section.key === 'recommendations' ? trackedRecommendations(w) : [],
    prev: index > 0 ? { href: sectionHref(w.sections[index - 1]!.key), text: w.sections[index - 1]!.heading } : null,
    next: index < w.sections.length - 1 ? { href: sectionHref(w.sections[index + 1]!.key), text: w.sections[index + 1]!.heading } : null,
    comments: fa.comments
      .filter((c) => c.sectionKey === section.key)
      .map((c) => ({
        id: c.id,
        passage: c.passage,
        category: FA_CATEGORY_LABELS[c.category as FaCategory] ?? c.category,
        comment: c.comment,
        proposedChange: c.proposedChange,
        evidence: c.evidence,
        files: c.files.map((f) => ({
          ...fileLink(id, f),
          removeAction: open && c.status === 'draft' ? reportPath(id, `/factual-accuracy/comments/${c.id}/files/${f.id}/delete`) : null,
        })),
        status: c.status === 'draft' ? 'Saved, not yet submitted' : 'Submitted',
        decision: decisionText(c),
        decisionReason: c.decisionReason,
        changeMade: c.changeMade,
        editHref: open && c.status === 'draft' ? `${sectionHref(section.key)}&edit=${c.id}#comment-form` : null,
        deleteAction: open && c.status === 'draft' ? reportPath(id, `/factual-accuracy/comments/${c.id}/delete`) : null,
      })),
    /** After submission: every comment with its section and decision, so nothing is missed. */
    allComments: submitted
      ? fa.comments.map((c) => ({ section: w.sections.find((s) => s.key === c.sectionKey)?.heading ?? c.sectionKey, href: `${sectionHref(c.sectionKey)}#comments`, passage: c.passage, decision: decisionText(c) ? `${decisionText(c)}${c.decisionReason ? `: ${c.decisionReason}` : ''}` : 'Waiting for a decision' }))
      : [],
    totalComments: fa.comments.length,
    draftComments: fa.comments.filter((c) => c.status === 'draft').length,
    commentForm: open
      ? {
          action: reportPath(id, '/factual-accuracy/comments'),
          id: form.id,
          sectionKey: section.key,
          legend: form.id ? `Change your comment on “${section.heading}”` : `Comment on “${section.heading}”`,
          passage: { id: 'passage', name: 'passage', rows: 3, label: { text: 'The words in the report your comment is about', classes: 'govuk-label--s' }, hint: { text: 'Copy the passage from the section above.' }, value: form.passage, errorMessage: errorFor(errors, 'passage') },
          category: {
            idPrefix: 'category',
            name: 'category',
            fieldset: { legend: { text: 'What kind of comment is it?', classes: 'govuk-fieldset__legend--s' } },
            errorMessage: errorFor(errors, 'category'),
            items: FA_CATEGORIES.map((c) => ({ value: c, text: FA_CATEGORY_LABELS[c], checked: form.category === c })),
          },
          comment: { id: 'comment', name: 'comment', rows: 8, label: { text: 'Your comment', classes: 'govuk-label--s' }, hint: { text: 'There is no length limit.' }, value: form.comment, errorMessage: errorFor(errors, 'comment') },
          proposedChange: { id: 'proposedChange', name: 'proposedChange', rows: 3, label: { text: 'What it should say (optional)', classes: 'govuk-label--s' }, value: form.proposedChange },
          evidence: { id: 'evidence', name: 'evidence', rows: 3, label: { text: 'Evidence', classes: 'govuk-label--s' }, hint: { text: 'Required for category B unless you attach a file: name or describe the evidence, for example a document you sent during the inspection.' }, value: form.evidence, errorMessage: errorFor(errors, 'evidence') },
          files: {
            id: 'files',
            name: 'files',
            label: { text: 'Attach evidence (optional)', classes: 'govuk-label--s' },
            hint: { text: `Up to ${MAX_FILES_PER_SAVE} files at a time and ${MAX_FILES_PER_COMMENT} on one comment, each smaller than ${formatBytes(MAX_ATTACHMENT_BYTES)}: ${ALLOWED_EXTENSIONS_TEXT}. Files already attached are listed with the comment. Do not send records that name people who use your services unless the inspection needs them.` },
            attributes: { multiple: '' },
            errorMessage: errorFor(errors, 'files'),
          },
          button: form.id ? 'Save changes' : 'Save comment',
        }
      : null,
    submitForm: open
      ? {
          action: reportPath(id, '/factual-accuracy/submission'),
          noInaccuracies: {
            idPrefix: 'noInaccuracies',
            name: 'noInaccuracies',
            errorMessage: errorFor(errors, 'noInaccuracies'),
            items: [{ value: 'yes', text: 'There are no factual inaccuracies in the draft report', disabled: fa.comments.length > 0 }],
          },
        }
      : null,
    extensionForm:
      open && !fa.extensions.some((e) => e.status === 'requested')
        ? { action: reportPath(id, '/factual-accuracy/extension'), reason: characterCount({ id: 'reason', name: 'reason', label: { text: 'Why you need more time', classes: 'govuk-label--s' }, hint: 'Extensions are only for exceptional circumstances.', value: opts.extensionReason ?? '', max: EXTENSION_REASON_MAX, rows: 3, errorMessage: errorFor(errors, 'reason') }) }
        : null,
    extensions: fa.extensions.map((e) => ({ text: `${e.status === 'requested' ? 'Waiting for a decision' : e.status === 'granted' ? `Granted: new deadline ${formatDate(e.newDue)}` : `Refused${e.decisionReason ? `: ${e.decisionReason}` : ''}`}`, reason: e.reason })),
  };
}

/** Recommendations as the pages show them during factual accuracy: a changed wording is a tracked change. */
export function trackedRecommendations(w: ReportWorkspace) {
  return w.recommendations.map((r) => ({ organisation: r.organisationName, strength: r.strength === 'must' ? 'Must' : 'Should', text: r.text, was: r.originalText }));
}

/** What the manager typed into one extension decision (kept when it is refused). */
export interface ExtensionDecisionForm {
  requestId: string;
  grant: string;
  newDue: DateParts;
  reason: string;
}

/** The field names of an extension decision on the page: one form per request, each with its own ids. */
export function extensionFieldId(requestId: string, field: string): string {
  return `extension-${requestId}-${field}`;
}

function extensionDecision(action: string, requestId: string, typed: ExtensionDecisionForm | null, errors: readonly FieldError[]) {
  const f = typed?.requestId === requestId ? typed : { requestId, grant: '', newDue: isoDateParts(''), reason: '' };
  const idFor = (field: string) => extensionFieldId(requestId, field);
  return {
    action,
    grant: { idPrefix: idFor('grant'), name: 'grant', classes: 'govuk-radios--inline', fieldset: { legend: { text: 'Grant the extension?', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, idFor('grant')), items: [{ value: 'yes', text: 'Grant', checked: f.grant === 'yes' }, { value: 'no', text: 'Refuse', checked: f.grant === 'no' }] },
    newDue: { ...dateInput(idFor('newDue'), 'New deadline', f.newDue, errors, { hint: 'If you grant it. For example, 13 1 2026' }), namePrefix: 'newDue' },
    reason: characterCount({ id: idFor('reason'), name: 'reason', label: { text: 'Reason', classes: 'govuk-label--s' }, hint: 'Needed if you refuse it', value: f.reason, max: EXTENSION_REASON_MAX, rows: 2, errorMessage: errorFor(errors, idFor('reason')) }),
  };
}

export const EXTENSION_REASON_MAX = 2000;

/** A reviewer's decision on a comment as typed (kept when it comes back with errors). */
export interface CommentDecisionForm {
  decision: string;
  reason: string;
  changeMade: string;
}

/** The limit stated under a decision's reason, the change made and a recommendation's new wording. */
export const DECISION_TEXT_MAX = TEXT_LIMITS.long;

export function buildReviewerPage(w: ReportWorkspace, fa: FactualAccuracyView, opts: { errors?: FieldError[]; failedComment?: string | null; canManage: boolean; reword?: { recommendationId: string; text: string }; extension?: ExtensionDecisionForm; decision?: CommentDecisionForm }) {
  const typedDecision = (commentId: string): CommentDecisionForm | undefined => (opts.failedComment === commentId ? opts.decision : undefined);
  const id = w.inspection.id;
  const errors = opts.errors ?? [];
  const sectionName = (key: string) => w.sections.find((s) => s.key === key)?.heading ?? key;
  const undecided = fa.comments.filter((c) => !c.decision).length;
  return {
    pageTitle: pageTitle(`Factual accuracy decisions: ${w.inspection.subjectName}`, errors),
    caption: w.inspection.reference,
    heading: 'Factual accuracy comments and decisions',
    backHref: reportPath(id),
    errorSummary: errorSummary(errors.map((e) => ({ ...e, field: opts.failedComment ? `comment-${opts.failedComment}-${e.field}` : e.field }))),
    notice: null,
    recipients: fa.recipients.map((r) => ({
      organisation: r.organisationName,
      due: formatDate(r.extendedDue ?? r.due),
      status: r.submittedAt ? (r.noInaccuracies ? 'Confirmed no inaccuracies' : 'Comments submitted') : r.closed ? 'Deadline passed without a response' : 'Waiting for the response',
    })),
    undecided,
    comments: fa.comments.map((c) => ({
      id: c.id,
      organisation: c.organisationName,
      section: sectionName(c.sectionKey),
      passage: c.passage,
      category: FA_CATEGORY_LABELS[c.category as FaCategory] ?? c.category,
      comment: c.comment,
      proposedChange: c.proposedChange,
      evidence: c.evidence,
      files: c.files.map((f) => fileLink(id, f)),
      decision: decisionText(c),
      decisionReason: c.decisionReason,
      changeMade: c.changeMade,
      form:
        w.you.canReview && w.stage === 'fa_review'
          ? {
              action: reportPath(id, `/factual-accuracy/comments/${c.id}/decision`),
              decision: { idPrefix: `comment-${c.id}-decision`, name: 'decision', fieldset: { legend: { text: 'Decision', classes: 'govuk-fieldset__legend--s' } }, errorMessage: opts.failedComment === c.id ? errorFor(errors, 'decision') : false, items: FA_DECISIONS.map((d) => ({ value: d, text: FA_DECISION_LABELS[d], checked: (typedDecision(c.id)?.decision ?? c.decision) === d })) },
              changeMade: characterCount({ id: `comment-${c.id}-changeMade`, name: 'changeMade', label: { text: 'The change made in the report' }, value: typedDecision(c.id)?.changeMade ?? c.changeMade ?? '', max: DECISION_TEXT_MAX, rows: 3, errorMessage: opts.failedComment === c.id ? errorFor(errors, 'changeMade') : false }),
              reason: characterCount({ id: `comment-${c.id}-reason`, name: 'reason', label: { text: 'Reason' }, value: typedDecision(c.id)?.reason ?? c.decisionReason ?? '', max: DECISION_TEXT_MAX, rows: 3, errorMessage: opts.failedComment === c.id ? errorFor(errors, 'reason') : false }),
              editHref: reportPath(id, `/sections/${encodeURIComponent(c.sectionKey)}`),
            }
          : null,
      rewordForm:
        w.you.canReview && w.stage === 'fa_review' && (c.decision === 'accepted' || c.decision === 'partly_accepted') && w.recommendations.length
          ? {
              action: reportPath(id, `/factual-accuracy/comments/${c.id}/recommendation`),
              recommendation: {
                id: `comment-${c.id}-recommendationId`,
                name: 'recommendationId',
                label: { text: 'Recommendation' },
                errorMessage: opts.failedComment === c.id ? errorFor(errors, 'recommendationId') : false,
                items: [{ value: '', text: 'Choose a recommendation' }, ...w.recommendations.map((r) => ({ value: r.id, text: `${r.organisationName}: ${r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text}`, selected: opts.failedComment === c.id && opts.reword?.recommendationId === r.id }))],
              },
              text: characterCount({ id: `comment-${c.id}-text`, name: 'text', label: { text: 'New wording' }, value: opts.failedComment === c.id ? (opts.reword?.text ?? '') : '', max: DECISION_TEXT_MAX, rows: 3, errorMessage: opts.failedComment === c.id ? errorFor(errors, 'text') : false }),
            }
          : null,
    })),
    extensions: fa.extensions.map((e) => ({
      organisation: fa.recipients.find((r) => r.organisationId === e.organisationId)?.organisationName ?? '',
      reason: e.reason,
      status: e.status,
      form: opts.canManage && e.status === 'requested' ? extensionDecision(reportPath(id, `/factual-accuracy/extension/${e.id}`), e.id, opts.extension ?? null, errors) : null,
    })),
    recommendations: trackedRecommendations(w),
    closeAction: w.stage === 'factual_accuracy' && fa.recipients.every((r) => r.closed) ? reportPath(id, '/factual-accuracy/close') : null,
    completeAction: w.you.canReview && w.stage === 'fa_review' && undecided === 0 ? reportPath(id, '/factual-accuracy/review-complete') : null,
  };
}
