/** The public "Give feedback on care" pages: GOV.UK macro params, ready for the templates. Pure. */
import type { FeedbackForm, FieldProblem } from '../../domain/feedback/feedback-submission.js';
import { FEEDBACK_TEXT_MAX } from '../../domain/feedback/feedback-submission.js';
import type { FeedbackTarget } from '../../services/feedback/feedback-submission.service.js';
import type { FeedbackStatusView, LocationFeedbackSummary } from '../../services/feedback/feedback-triage.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDate } from '../register/register-format.js';

export const EMPTY_FORM: FeedbackForm = {
  submittedAs: '',
  groupId: '',
  whatHappened: '',
  day: '',
  month: '',
  year: '',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  mayContact: '',
  website: '',
};

export function chooseServicePage(q: string, result: { total: number; rows: { locationId: string; name: string; address: string; type: string | null }[] } | null, searched: boolean) {
  const errors = searched && !q.trim() ? [{ field: 'q', message: 'Enter the name, town or postcode of the service' }] : [];
  return {
    pageTitle: pageTitle(searched && q.trim() ? `Services matching ${q.trim()} – Give feedback on care` : 'Which service is your feedback about? – Give feedback on care', errors),
    errorSummary: errorSummary(errors),
    search: {
      id: 'q',
      name: 'q',
      label: { text: 'Name, town or postcode of the service', classes: 'govuk-label--s' },
      hint: { text: 'For example, Stopsley Village Practice, Luton or LU2 9AU' },
      value: q,
      errorMessage: errorFor(errors, 'q'),
      autocomplete: 'off',
    },
    searched: searched && !!q.trim(),
    resultLine: result ? (result.total === 0 ? 'No services match your search' : `${result.total} ${result.total === 1 ? 'service' : 'services'} found${result.total > result.rows.length ? `: showing the first ${result.rows.length}, add more words to narrow it down` : ''}`) : '',
    results: (result?.rows ?? []).map((r) => ({
      name: r.name,
      details: [r.type, r.address].filter(Boolean).join(' – '),
      href: `/give-feedback/service/${encodeURIComponent(r.locationId)}`,
    })),
  };
}

function dateItems(form: FeedbackForm, errors: readonly FieldProblem[]) {
  const has = (f: string) => errors.some((e) => e.field === f);
  const anyDate = has('when-day') || has('when-month') || has('when-year');
  return [
    { name: 'day', label: 'Day', classes: `govuk-input--width-2${has('when-day') || (anyDate && !has('when-month') && !has('when-year')) ? ' govuk-input--error' : ''}`, value: form.day },
    { name: 'month', label: 'Month', classes: `govuk-input--width-2${has('when-month') ? ' govuk-input--error' : ''}`, value: form.month },
    { name: 'year', label: 'Year', classes: `govuk-input--width-4${has('when-year') ? ' govuk-input--error' : ''}`, value: form.year },
  ];
}

export function feedbackFormPage(target: FeedbackTarget, form: FeedbackForm, errors: readonly FieldProblem[], opts: { showHoneypot?: boolean } = {}) {
  const l = target.location;
  const dateError = errors.find((e) => e.field.startsWith('when-'));
  const groupSelect = target.groups.length
    ? {
        id: 'groupId',
        name: 'groupId',
        label: { text: 'If you are giving feedback as a patient participation group, which group?' },
        items: [{ value: '', text: 'Choose your group' }, ...target.groups.map((g) => ({ value: g.id, text: g.name, selected: g.id === form.groupId }))],
        errorMessage: errorFor(errors, 'groupId'),
      }
    : null;
  return {
    pageTitle: pageTitle(`Tell us about ${l.name} – Give feedback on care`, errors),
    errorSummary: errorSummary(errors),
    serviceName: l.name,
    serviceDetails: [l.type, [l.town, l.postcode].filter(Boolean).join(', ')].filter(Boolean).join(' – '),
    action: `/give-feedback/service/${encodeURIComponent(l.location_id)}`,
    changeHref: '/give-feedback',
    groupSelect,
    submittedAs: {
      name: 'submittedAs',
      idPrefix: 'submittedAs',
      fieldset: { legend: { text: 'Who are you giving feedback for?', classes: 'govuk-fieldset__legend--m' } },
      errorMessage: errorFor(errors, 'submittedAs'),
      items: [
        { value: 'myself', text: 'Myself', checked: form.submittedAs === 'myself' },
        { value: 'someone_else', text: 'Someone else, for example a relative or someone I care for', checked: form.submittedAs === 'someone_else' },
        ...(groupSelect ? [{ value: 'patient_participation_group', text: 'Our patient participation group, as a group', checked: form.submittedAs === 'patient_participation_group' }] : []),
      ],
    },
    whatHappened: {
      id: 'whatHappened',
      name: 'whatHappened',
      maxlength: FEEDBACK_TEXT_MAX,
      textareaDescriptionText: `You can enter up to ${FEEDBACK_TEXT_MAX.toLocaleString('en-GB')} characters`,
      label: { text: 'What happened?', classes: 'govuk-label--m', isPageHeading: false },
      hint: { text: 'Tell us what was good or what went wrong, and how it affected you or the person you care for. Do not include anyone’s medical details you do not need to.' },
      value: form.whatHappened,
      errorMessage: errorFor(errors, 'whatHappened'),
      rows: 8,
    },
    when: {
      id: 'when',
      namePrefix: '',
      fieldset: { legend: { text: 'When did it happen?', classes: 'govuk-fieldset__legend--m' } },
      hint: { text: 'If you do not know the day, enter the month and year. For example, 27 3 2026 or 3 2026' },
      errorMessage: dateError ? { text: dateError.message } : false,
      items: dateItems(form, errors),
    },
    contactName: { id: 'contactName', name: 'contactName', label: { text: 'Your name (optional)' }, hint: { text: 'For a patient participation group, the name of the member sending this' }, value: form.contactName, autocomplete: 'name', spellcheck: false, errorMessage: errorFor(errors, 'contactName') },
    contactEmail: { id: 'contactEmail', name: 'contactEmail', type: 'email', label: { text: 'Email address (optional)' }, hint: { text: 'We will send your reference here' }, value: form.contactEmail, autocomplete: 'email', spellcheck: false, errorMessage: errorFor(errors, 'contactEmail') },
    contactPhone: { id: 'contactPhone', name: 'contactPhone', type: 'tel', label: { text: 'Telephone number (optional)' }, value: form.contactPhone, autocomplete: 'tel', classes: 'govuk-input--width-20', errorMessage: errorFor(errors, 'contactPhone') },
    mayContact: {
      name: 'mayContact',
      idPrefix: 'mayContact',
      classes: 'govuk-radios--inline',
      fieldset: { legend: { text: 'May we contact you about your feedback?', classes: 'govuk-fieldset__legend--s' } },
      items: [
        { value: 'yes', text: 'Yes', checked: form.mayContact === 'yes' },
        { value: 'no', text: 'No', checked: form.mayContact === 'no' },
      ],
    },
    // A box people never see (hidden by app.css), which automated senders fill in. If it was
    // filled, it is shown with a message so a person can clear it: nothing is dropped silently.
    honeypot: {
      visible: opts.showHoneypot ?? false,
      input: {
        id: 'website',
        name: 'website',
        label: { text: 'Leave this box empty' },
        value: form.website,
        autocomplete: 'off',
        errorMessage: errorFor(errors, 'website'),
        attributes: opts.showHoneypot ? {} : { tabindex: '-1' },
      },
    },
  };
}

export function receiptPage(reference: string, serviceName: string) {
  return {
    pageTitle: 'Feedback sent – Give feedback on care',
    panel: { titleText: 'Feedback sent', html: `Your reference is<br><strong data-testid="reference">${reference.replace(/[^A-Z0-9-]/g, '')}</strong>` },
    serviceName,
    reference,
    statusHref: `/give-feedback/status?reference=${encodeURIComponent(reference)}`,
  };
}

export function statusPage(input: string, looked: boolean, found: FeedbackStatusView | null) {
  const errors = looked && !input.trim() ? [{ field: 'reference', message: 'Enter your feedback reference, like FB-7K2M-9QXZ' }] : [];
  return {
    pageTitle: pageTitle(found ? `Feedback ${found.reference} – Give feedback on care` : 'Check your feedback – Give feedback on care', errors),
    errorSummary: errorSummary(errors),
    reference: { id: 'reference', name: 'reference', label: { text: 'Your feedback reference', classes: 'govuk-label--s' }, hint: { text: 'It is in your confirmation email and on the page you saw after sending, like FB-7K2M-9QXZ' }, value: input, classes: 'govuk-input--width-20', spellcheck: false, autocomplete: 'off', errorMessage: errorFor(errors, 'reference') },
    notFound: looked && !!input.trim() && !found,
    found: found
      ? {
          summary: {
            rows: [
              { key: { text: 'Reference' }, value: { text: found.reference } },
              { key: { text: 'Service' }, value: { text: found.locationName } },
              { key: { text: 'Received' }, value: { text: formatDate(found.receivedAt.toISOString()) } },
              { key: { text: 'Status' }, value: { text: found.statusText } },
              ...(found.outcomeText ? [{ key: { text: 'What we did' }, value: { text: found.outcomeText } }] : []),
              ...(found.closedAt ? [{ key: { text: 'Dealt with on' }, value: { text: formatDate(found.closedAt.toISOString()) } }] : []),
            ],
          },
        }
      : null,
  };
}

/** The section on a location's public page: what the regulator did with feedback about it. */
export function locationFeedbackSection(summary: LocationFeedbackSummary, locationId: string, registered = true) {
  return {
    total: summary.total,
    totalText: summary.total === 0 ? 'Nobody has given us feedback about this service through this website yet.' : `We have received ${summary.total} ${summary.total === 1 ? 'piece' : 'pieces'} of feedback about this service.`,
    openText: summary.open ? `${summary.open} ${summary.open === 1 ? 'is' : 'are'} still being looked at.` : null,
    rows: summary.outcomes.map((o) => [{ text: o.text }, { text: String(o.count), format: 'numeric' }]),
    giveHref: registered ? `/give-feedback/service/${encodeURIComponent(locationId)}` : null,
  };
}
