/** The regulator's feedback pages: the triage queue and one piece of feedback. Pure. */
import { escapeHtml } from '../escape-html.js';
import { FEEDBACK_OUTCOMES } from '../../data/tables/after-report.tables.js';
import type { FieldError } from '../../services/errors.js';
import { OUTCOME_TEXT, STATUS_TEXT, type FeedbackDetail, type QueueRow } from '../../services/feedback/feedback-triage.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, TEXT_LIMITS } from '../form-validation.js';
import { formatDate } from '../register/register-format.js';
import { feedbackPath } from '../paths.js';

const SUBMITTER_TEXT = { myself: 'The person themselves', someone_else: 'Someone on their behalf', patient_participation_group: 'A patient participation group' } as const;

function statusTag(status: keyof typeof STATUS_TEXT) {
  return { text: STATUS_TEXT[status], classes: status === 'closed' ? 'govuk-tag--green' : status === 'in_review' ? 'govuk-tag--blue' : 'govuk-tag--grey' };
}

export function queuePage(rows: QueueRow[], status: string) {
  return {
    pageTitle: 'Feedback to triage',
    filter: {
      id: 'status',
      name: 'status',
      label: { text: 'Show' },
      items: [
        { value: '', text: 'Not yet dealt with', selected: !status },
        { value: 'received', text: 'Received', selected: status === 'received' },
        { value: 'in_review', text: 'Being looked at', selected: status === 'in_review' },
        { value: 'closed', text: 'Dealt with', selected: status === 'closed' },
      ],
    },
    countText: `${rows.length} ${rows.length === 1 ? 'piece' : 'pieces'} of feedback${rows.some((r) => r.riskFlagged) ? `, ${rows.filter((r) => r.riskFlagged).length} flagged urgent` : ''}`,
    rows: rows.map((r) => ({
      href: feedbackPath(r.id),
      reference: r.reference,
      service: r.locationName,
      received: formatDate(r.receivedAt.toISOString()),
      urgent: r.riskFlagged,
      status: statusTag(r.status),
      themes: r.themes.join(', ') || 'None found',
      from: SUBMITTER_TEXT[r.submittedAs],
    })),
  };
}

export interface TriageForm {
  status: string;
  outcome: string;
  note: string;
  inspectionId: string;
}

export function triagePage(d: FeedbackDetail, form: TriageForm | null, errors: readonly FieldError[], notice?: string) {
  const f = d.feedback;
  const values: TriageForm = form ?? { status: f.status === 'received' ? '' : f.status, outcome: f.outcome ?? '', note: '', inspectionId: f.linked_inspection_id ?? '' };
  const happened = f.happened_precision === 'day' ? formatDate(f.happened_on) : formatDate(f.happened_on).replace(/^\d+ /, '');
  return {
    pageTitle: pageTitle(`Feedback ${f.reference}`, errors),
    errorSummary: errorSummary(errors),
    notice: notice === 'saved' ? 'Your decision has been recorded.' : null,
    reference: f.reference,
    urgent: f.risk_flagged ? { explanation: d.riskMatches.length ? `Flagged for urgent triage (${f.risk_rule_version}): it mentions ${d.riskMatches.map((m) => `“${m.found}” (${m.category})`).join(', ')}.` : 'Flagged for urgent triage.' } : null,
    status: statusTag(f.status),
    whatHappened: f.what_happened,
    details: {
      rows: [
        { key: { text: 'Service' }, value: { html: `<a class="govuk-link" href="/locations/${encodeURIComponent(f.location_id)}">${escapeHtml(f.location_name)}</a>` } },
        { key: { text: 'From' }, value: { text: d.groupName ? `${SUBMITTER_TEXT[f.submitted_as]}: ${d.groupName}` : SUBMITTER_TEXT[f.submitted_as] } },
        { key: { text: 'When it happened' }, value: { text: happened } },
        { key: { text: 'Received' }, value: { text: formatDate(f.received_at.toISOString()) } },
        { key: { text: 'Themes' }, value: { text: f.themes.join(', ') || 'None found' } },
        { key: { text: 'Contact' }, value: { text: contactText(d) } },
        { key: { text: 'May we contact them?' }, value: { text: f.may_contact ? 'Yes' : 'No' } },
        ...(d.linkedInspection ? [{ key: { text: 'Evidence for inspection' }, value: { text: d.linkedInspection.reference } }] : []),
        ...(f.outcome ? [{ key: { text: 'Outcome' }, value: { text: OUTCOME_TEXT[f.outcome] } }] : []),
      ],
    },
    history: d.history.map((h) => ({
      title: `${STATUS_TEXT[h.status]}${h.outcome ? `: ${OUTCOME_TEXT[h.outcome]}` : ''}`,
      by: h.user_name ?? 'System',
      iso: h.at.toISOString(),
      dateText: formatDate(h.at.toISOString()),
      note: h.note,
      inspection: h.inspection_reference,
    })),
    action: feedbackPath(f.id),
    statusRadios: {
      name: 'status',
      idPrefix: 'status',
      fieldset: { legend: { text: 'What is happening with this feedback?', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'status'),
      items: [
        { value: 'in_review', text: 'Being looked at', checked: values.status === 'in_review' },
        { value: 'closed', text: 'Dealt with', checked: values.status === 'closed' },
      ],
    },
    outcomeSelect: {
      id: 'outcome',
      name: 'outcome',
      label: { text: 'What was done with it' },
      hint: { text: 'Needed when you mark it as dealt with' },
      errorMessage: errorFor(errors, 'outcome'),
      items: [{ value: '', text: 'Choose an outcome' }, ...FEEDBACK_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_TEXT[o], selected: values.outcome === o }))],
    },
    inspectionSelect: {
      id: 'inspectionId',
      name: 'inspectionId',
      label: { text: 'Add to the evidence for an inspection (optional)' },
      errorMessage: errorFor(errors, 'inspectionId'),
      items: [
        { value: '', text: d.inspections.length ? 'No inspection' : 'There are no inspections of this service' },
        ...d.inspections.map((i) => ({ value: i.id, text: `${i.reference} (${i.state.replace(/_/g, ' ')}, fieldwork ${formatDate(i.fieldworkStart)})`, selected: values.inspectionId === i.id })),
      ],
    },
    note: characterCount({ id: 'note', name: 'note', label: { text: 'What you did and why' }, value: values.note, max: TEXT_LIMITS.long, errorMessage: errorFor(errors, 'note'), rows: 4 }),
  };
}

/** The person's contact details, only for those triaging this feedback (the service decides). */
export const CONTACT_HIDDEN_TEXT = 'Given, but shown only to inspection managers, the inspector handling this feedback and the team of the inspection it is linked to. Choose “Being looked at” below to take it on.';

function contactText(d: Pick<FeedbackDetail, 'contact' | 'contactHidden'>): string {
  if (d.contactHidden) return CONTACT_HIDDEN_TEXT;
  return d.contact ? [d.contact.name, d.contact.email, d.contact.phone].filter(Boolean).join(', ') : 'Anonymous';
}
