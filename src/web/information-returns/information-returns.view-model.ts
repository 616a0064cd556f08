/** Provider information return pages (issue 19): the list, the request form and one return. Pure. */
import { FREE_TEXT_MAX_WORDS } from '../../domain/information-returns/return-questions.data.js';
import { characterCount, TEXT_LIMITS } from '../form-validation.js';
import type { FieldError } from '../../services/errors.js';
import type { ReturnListRow, ReturnView, SaveOutcome } from '../../services/provider-portal/information-returns.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDateTime } from '../home/home.view-model.js';
import { formatDate } from '../register/register-format.js';
import { informationReturnPath } from '../paths.js';

function statusTag(r: { status: string; late: boolean; overdue: boolean }) {
  if (r.status === 'submitted') return r.late ? { text: 'Submitted late', classes: 'govuk-tag--orange' } : { text: 'Submitted', classes: 'govuk-tag--green' };
  if (r.overdue) return { text: 'Overdue', classes: 'govuk-tag--red' };
  return { text: 'Open', classes: 'govuk-tag--blue' };
}

/** The limit stated under a return request's note. */
export const RETURN_NOTE_MAX = TEXT_LIMITS.long;

export function listPage(rows: ReturnListRow[], side: 'organisation' | 'regulator', form: { locationId: string; note: string }, errors: readonly FieldError[], notice?: string) {
  return {
    pageTitle: pageTitle('Provider information returns', errors),
    errorSummary: errorSummary(errors),
    notice: notice === 'requested' ? 'The return has been requested. The organisation has been told.' : null,
    side,
    rows: rows.map((r) => ({ href: informationReturnPath(r.id), text: `${r.organisationName}: ${r.reference}`, due: formatDate(r.dueDate), status: statusTag(r) })),
    request:
      side === 'regulator'
        ? {
            locationId: { id: 'locationId', name: 'locationId', label: { text: 'CQC location ID or provider ID', classes: 'govuk-label--s' }, hint: { text: 'Ask a location, or a provider for all its locations. For example, 1-123456789' }, classes: 'govuk-input--width-20', value: form.locationId, errorMessage: errorFor(errors, 'organisationId'), spellcheck: false },
            note: characterCount({ id: 'note', name: 'note', label: { text: 'Note to the organisation (optional)', classes: 'govuk-label--s' }, value: form.note, rows: 3, max: RETURN_NOTE_MAX, errorMessage: errorFor(errors, 'note') }),
          }
        : null,
  };
}

export function returnPage(v: ReturnView, typed: Record<string, string> | null, errors: readonly FieldError[], notice?: string, save?: SaveOutcome) {
  const r = v.request;
  const editable = v.side === 'organisation' && r.status === 'open';
  const conflicts = new Map((save?.conflicts ?? []).map((c) => [c.questionId, c]));
  return {
    pageTitle: pageTitle(`Information return ${r.reference}`, errors.length ? errors : conflicts.size ? [{ field: 'x', message: 'x' }] : []),
    errorSummary: errorSummary([...errors, ...[...conflicts.values()].map((c) => ({ field: `answer-${c.questionId}`, message: `${c.theirsBy} changed an answer while you were editing it: check both versions below and save again` }))]),
    notice: notice === 'saved' ? 'Your answers have been saved.' : notice === 'submitted' ? 'The return has been submitted.' : notice === 'requested' ? 'The return has been requested. The organisation has been told.' : null,
    caption: v.organisationName,
    heading: `Information return ${r.reference}`,
    status: statusTag({ status: r.status, late: r.late, overdue: v.overdue }),
    dueText: `Due by ${formatDate(r.due_date)}${r.submitted_at ? `. Submitted ${formatDateTime(r.submitted_at)}${r.late ? ' (late)' : ''}` : ''}.`,
    progress: `${v.answered} of ${v.total} questions answered`,
    note: r.note,
    editable,
    action: informationReturnPath(r.id, '/answers'),
    groups: v.groups.map((g) => ({
      title: g.title,
      questions: g.questions.map((q) => {
        const name = `answer-${q.question.id}`;
        const conflict = conflicts.get(q.question.id);
        const value = conflict ? conflict.yours : (typed?.[q.question.id] ?? q.value);
        const hint = [q.question.hint, q.savedBy && q.savedAt ? `Last saved by ${q.savedBy}, ${formatDateTime(q.savedAt)}.` : null].filter(Boolean).join(' ');
        const base = { id: name, name, errorMessage: errorFor(errors, name) || (conflict ? { text: `${conflict.theirsBy} saved this answer while you were editing it. Theirs is now saved: “${conflict.theirs}”. Yours is in the box: change it if you need to and save again.` } : false), ...(hint ? { hint: { text: hint } } : {}) };
        const label = { text: q.question.text, classes: 'govuk-label--s' };
        return {
          text: q.question.text,
          answer: q.question.options?.find((o) => o.value === q.value)?.text ?? (q.value || 'Not answered'),
          version: { name: `version-${q.question.id}`, value: String(conflict ? q.version : q.version) },
          original: { name: `original-${q.question.id}`, value: conflict ? conflict.theirs : q.value },
          component: q.question.kind === 'text' ? 'characterCount' : q.question.kind === 'choice' ? 'radios' : 'input',
          params:
            q.question.kind === 'text'
              ? { ...base, label, value, maxwords: FREE_TEXT_MAX_WORDS, rows: 6 }
              : q.question.kind === 'choice'
                ? { idPrefix: name, name, errorMessage: base.errorMessage, fieldset: { legend: { text: q.question.text, classes: 'govuk-fieldset__legend--s' } }, ...(hint ? { hint: { text: hint } } : {}), items: (q.question.options ?? []).map((o) => ({ value: o.value, text: o.text, checked: value === o.value })) }
                : { ...base, label, value, classes: 'govuk-input--width-5', inputmode: 'numeric', spellcheck: false },
        };
      }),
    })),
    changes: v.changes
      ? { previous: v.previousReference, rows: v.changes.map((c) => ({ question: c.question.text, before: c.before === null ? 'Not asked' : c.before || 'Not answered', after: c.after || 'Not answered' })) }
      : null,
  };
}
