/** The statutory notification pages (issue 19): choose, fill in, receipt, history, triage queue and triage. Pure. */
import { NOTIFICATION_OUTCOMES } from '../../data/tables/provider-portal.tables.js';
import { AGE_BANDS, notificationBasis, type NotificationType } from '../../domain/notifications/notification-types.data.js';
import type { FieldError } from '../../services/errors.js';
import type { NotificationGapRow } from '../../services/provider-portal/notification-monitoring.js';
import { NOTIFICATION_OUTCOME_TEXT, NOTIFICATION_STATUS_TEXT, type NotificationDetail, type NotificationListRow } from '../../services/provider-portal/statutory-notifications.service.js';
import type { PortalOrganisation } from '../../services/provider-portal/portal-access.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDateTime } from '../home/home.view-model.js';
import { atDateDay, characterCount, dateInput, isoDateParts, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { formatDate } from '../register/register-format.js';
import { inspectionPath, locationPath, notificationPath } from '../paths.js';

export type FormValues = Record<string, string | string[]>;

const PRIORITY_TAG: Record<string, { text: string; classes: string }> = {
  urgent: { text: 'Urgent', classes: 'govuk-tag--red' },
  high: { text: 'High', classes: 'govuk-tag--orange' },
  routine: { text: 'Routine', classes: 'govuk-tag--grey' },
};

function statusTag(status: keyof typeof NOTIFICATION_STATUS_TEXT) {
  return { text: NOTIFICATION_STATUS_TEXT[status], classes: status === 'closed' ? 'govuk-tag--green' : status === 'in_review' ? 'govuk-tag--blue' : 'govuk-tag--grey' };
}

export function choosePage(organisations: PortalOrganisation[], types: readonly NotificationType[], values: { organisationId: string; type: string }, errors: readonly FieldError[]) {
  return {
    pageTitle: pageTitle('Send a statutory notification', errors),
    errorSummary: errorSummary(errors),
    organisation:
      organisations.length === 1
        ? null
        : {
            idPrefix: 'organisationId',
            name: 'organisationId',
            fieldset: { legend: { text: 'Which service is it about?', classes: 'govuk-fieldset__legend--m' } },
            errorMessage: errorFor(errors, 'organisationId'),
            items: organisations.map((o) => ({ value: o.id, text: o.name, hint: { text: o.kind === 'provider' ? 'The provider as a whole' : 'Location' }, checked: values.organisationId === o.id })),
          },
    singleOrganisation: organisations.length === 1 ? organisations[0] : null,
    type: {
      idPrefix: 'type',
      name: 'type',
      fieldset: { legend: { text: 'What are you telling us about?', classes: 'govuk-fieldset__legend--m' } },
      errorMessage: errorFor(errors, 'type'),
      items: types.map((t) => ({ value: t.id, text: t.title, hint: { text: t.description }, checked: values.type === t.id })),
    },
  };
}

export function formPage(type: NotificationType, organisation: PortalOrganisation, values: FormValues, given: readonly FieldError[], dates: Record<string, DateParts> = {}) {
  // A refusal of a whole date is shown at its day box, where the summary links.
  const errors = atDateDay(given, ...type.fields.filter((f) => f.kind === 'date').map((f) => f.name));
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const fields: { component: string; params: unknown }[] = [];
  if (type.aboutPerson) {
    fields.push({ component: 'input', params: { id: 'personReference', name: 'personReference', label: { text: 'Your internal reference for the person', classes: 'govuk-label--s' }, hint: { text: 'Your own reference, not an NHS number. Do not give their name.' }, classes: 'govuk-input--width-10', value: str('personReference'), errorMessage: errorFor(errors, 'personReference'), spellcheck: false, autocomplete: 'off' } });
    fields.push({ component: 'select', params: { id: 'personAgeBand', name: 'personAgeBand', label: { text: 'Age band', classes: 'govuk-label--s' }, errorMessage: errorFor(errors, 'personAgeBand'), items: [{ value: '', text: 'Select an age band' }, ...AGE_BANDS.map((b) => ({ value: b, text: b, selected: str('personAgeBand') === b }))] } });
    fields.push({ component: 'input', params: { id: 'personInitials', name: 'personInitials', label: { text: 'Initials', classes: 'govuk-label--s' }, hint: { text: 'For example, JS' }, classes: 'govuk-input--width-4', value: str('personInitials'), errorMessage: errorFor(errors, 'personInitials'), spellcheck: false, autocomplete: 'off' } });
  }
  for (const f of type.fields) {
    const error = errorFor(errors, f.name);
    if (f.kind === 'date') fields.push({ component: 'date', params: dateInput(f.name, f.label, dates[f.name] ?? isoDateParts(str(f.name)), errors, { hint: f.hint ? `${f.hint} For example, 27 3 2026` : 'For example, 27 3 2026' }) });
    else if (f.kind === 'text') fields.push({ component: 'input', params: { id: f.name, name: f.name, label: { text: f.label, classes: 'govuk-label--s' }, ...(f.hint ? { hint: { text: f.hint } } : {}), value: str(f.name), errorMessage: error } });
    else if (f.kind === 'textarea') fields.push({ component: 'characterCount', params: { id: f.name, name: f.name, label: { text: f.label, classes: 'govuk-label--s' }, ...(f.hint ? { hint: { text: f.hint } } : {}), value: str(f.name), errorMessage: error, maxlength: f.maxLength, rows: 8 } });
    else if (f.kind === 'choice')
      fields.push({ component: 'radios', params: { idPrefix: f.name, name: f.name, fieldset: { legend: { text: f.label, classes: 'govuk-fieldset__legend--s' } }, ...(f.hint ? { hint: { text: f.hint } } : {}), errorMessage: error, items: (f.options ?? []).map((o) => ({ value: o.value, text: o.text, checked: str(f.name) === o.value })) } });
    else {
      const chosen = Array.isArray(values[f.name]) ? (values[f.name] as string[]) : str(f.name) ? [str(f.name)] : [];
      fields.push({ component: 'checkboxes', params: { idPrefix: f.name, name: f.name, fieldset: { legend: { text: f.label, classes: 'govuk-fieldset__legend--s' } }, ...(f.hint ? { hint: { text: f.hint } } : {}), errorMessage: error, items: (f.options ?? []).map((o) => ({ value: o.value, text: o.text, checked: chosen.includes(o.value) })) } });
    }
  }
  return {
    pageTitle: pageTitle(`${type.title}: statutory notification`, errors),
    errorSummary: errorSummary(errors),
    caption: `${organisation.name}: ${notificationBasis(type.regulation)}`,
    heading: type.title,
    description: type.description,
    aboutPerson: type.aboutPerson,
    action: `/notifications/new/${type.id}?organisationId=${organisation.id}`,
    backHref: `/notifications/new?organisationId=${organisation.id}&type=${type.id}`,
    fields,
  };
}

export function listPage(rows: NotificationListRow[], side: 'organisation' | 'regulator', filter: string, gaps: { rows: NotificationGapRow[]; total: number } | null) {
  return {
    pageTitle: side === 'organisation' ? 'Statutory notifications' : 'Statutory notifications to triage',
    side,
    filter: {
      id: 'status',
      name: 'status',
      label: { text: 'Show' },
      items: [
        { value: '', text: 'Not yet dealt with', selected: !filter },
        { value: 'mine', text: 'Mine, not yet dealt with', selected: filter === 'mine' },
        { value: 'closed', text: 'Dealt with', selected: filter === 'closed' },
        { value: 'all', text: 'All', selected: filter === 'all' },
      ],
    },
    countText: `${rows.length} notification${rows.length === 1 ? '' : 's'}${side === 'regulator' && rows.some((r) => r.priority === 'urgent') ? `, ${rows.filter((r) => r.priority === 'urgent').length} urgent` : ''}`,
    rows: rows.map((r) => ({
      href: notificationPath(r.id),
      reference: r.reference,
      service: r.organisationName,
      type: r.typeTitle,
      received: formatDate(r.submittedAt.toISOString()),
      priority: PRIORITY_TAG[r.priority] ?? PRIORITY_TAG['routine']!,
      riskFlag: side === 'regulator' && r.riskFlagged ? { text: 'Risk words', classes: 'govuk-tag--red' } : null,
      status: statusTag(r.status),
      outcome: r.outcome ? NOTIFICATION_OUTCOME_TEXT[r.outcome] : '',
      owner: r.ownerName ?? 'Not assigned',
      respondBy: `${formatDate(r.respondBy.toISOString())}${r.overdue ? ' (overdue)' : ''}`,
      overdue: r.overdue,
    })),
    gaps: gaps ? { total: gaps.total, rows: gaps.rows.map((g) => ({ name: g.name, href: locationPath(g.locationId), explanation: g.gap.explanation })) } : null,
  };
}

export interface TriageForm {
  status: string;
  outcome: string;
  note: string;
  inspectionId: string;
  ownerId: string;
}

function detailRows(d: NotificationDetail) {
  const details = d.row.details as Record<string, string | string[]>;
  const rows: { key: { text: string }; value: { text: string } }[] = [
    { key: { text: 'Service' }, value: { text: d.organisationName } },
    { key: { text: 'Regulation' }, value: { text: d.row.regulation ? `Regulation ${d.row.regulation}, CQC (Registration) Regulations 2009` : 'Not yet confirmed: this is one of CQC’s notification types' } },
    { key: { text: 'Sent' }, value: { text: `${formatDateTime(d.row.submitted_at)} by ${d.submittedByName}${d.row.channel === 'api' ? ' (from your own system)' : ''}` } },
  ];
  if (d.row.provider_reference) rows.push({ key: { text: 'Your reference' }, value: { text: d.row.provider_reference } });
  if (d.type?.aboutPerson) rows.push({ key: { text: 'Person' }, value: { text: `${details['personInitials']}, ${details['personAgeBand']}, internal reference ${details['personReference']}` } });
  for (const f of d.type?.fields ?? []) {
    const v = details[f.name];
    const text = Array.isArray(v) ? v.map((x) => f.options?.find((o) => o.value === x)?.text ?? x).join('; ') : f.kind === 'date' ? formatDate(v) : f.options ? (f.options.find((o) => o.value === v)?.text ?? v ?? '') : (v ?? '');
    rows.push({ key: { text: f.label }, value: { text: text || 'Not given' } });
  }
  return rows;
}

export function detailPage(d: NotificationDetail, form: TriageForm | null, errors: readonly FieldError[], notice?: string) {
  const r = d.row;
  const values: TriageForm = form ?? { status: r.status === 'received' ? '' : r.status, outcome: r.outcome ?? '', note: '', inspectionId: r.linked_inspection_id ?? '', ownerId: r.owner_id ?? '' };
  const title = `${d.type?.title ?? r.type}: ${r.reference}`;
  return {
    pageTitle: pageTitle(title, errors),
    errorSummary: errorSummary(errors),
    receipt: notice === 'sent' ? { reference: r.reference, text: `We have received your notification. We have emailed a receipt to you. Respond by: we aim to look at it by ${formatDate(r.respond_by.toISOString())}.` } : null,
    notice: notice === 'saved' ? 'Your decision has been recorded.' : null,
    side: d.side,
    heading: d.type?.title ?? r.type,
    reference: r.reference,
    status: statusTag(r.status),
    outcome: r.outcome ? NOTIFICATION_OUTCOME_TEXT[r.outcome] : null,
    priority: PRIORITY_TAG[r.priority] ?? PRIORITY_TAG['routine']!,
    priorityExplanation: r.priority_explanation,
    riskWords: r.risk_flagged ? `The text mentions ${d.riskMatches.map((m) => `“${m.found}”`).join(', ')}.` : null,
    respondBy: formatDate(r.respond_by.toISOString()),
    owner: d.ownerName ?? 'Not assigned',
    linkedInspection: d.linkedInspection ? { text: d.linkedInspection.reference, href: inspectionPath(d.linkedInspection.id, '/evidence') } : null,
    details: { rows: detailRows(d), attributes: { 'data-testid': 'details' } },
    history: d.history.map((h) => ({ title: `${NOTIFICATION_STATUS_TEXT[h.status]}${h.outcome ? `: ${NOTIFICATION_OUTCOME_TEXT[h.outcome]}` : ''}`, by: h.by, iso: h.at.toISOString(), dateText: formatDateTime(h.at), note: h.note, inspection: h.inspectionReference })),
    action: notificationPath(r.id, '/triage'),
    statusRadios: {
      idPrefix: 'status',
      name: 'status',
      fieldset: { legend: { text: 'What is happening with it?', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'status'),
      items: [
        { value: 'in_review', text: 'Being looked at', checked: values.status === 'in_review' },
        { value: 'closed', text: 'Dealt with', checked: values.status === 'closed' },
      ],
    },
    outcomeSelect: {
      id: 'outcome',
      name: 'outcome',
      label: { text: 'What did you do?', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'outcome'),
      items: [{ value: '', text: 'Not decided yet' }, ...NOTIFICATION_OUTCOMES.map((o) => ({ value: o, text: NOTIFICATION_OUTCOME_TEXT[o], selected: values.outcome === o }))],
    },
    inspectionSelect: {
      id: 'inspectionId',
      name: 'inspectionId',
      label: { text: 'Inspection it is evidence for (if any)', classes: 'govuk-label--s' },
      hint: { text: 'The notification is added to that inspection’s evidence, citing its reference.' },
      errorMessage: errorFor(errors, 'inspectionId'),
      items: [{ value: '', text: 'None' }, ...d.inspections.map((i) => ({ value: i.id, text: i.reference, selected: values.inspectionId === i.id }))],
    },
    ownerSelect: {
      id: 'ownerId',
      name: 'ownerId',
      label: { text: 'Owner', classes: 'govuk-label--s' },
      hint: { text: 'Who deals with it. They are told when you hand it to them.' },
      errorMessage: errorFor(errors, 'ownerId'),
      items: [{ value: '', text: r.owner_id ? 'Keep the owner' : 'Me' }, ...d.owners.map((o) => ({ value: o.id, text: o.name, selected: values.ownerId === o.id }))],
    },
    note: characterCount({ id: 'note', name: 'note', label: { text: 'What you did and why', classes: 'govuk-label--s' }, value: values.note, max: TEXT_LIMITS.long, errorMessage: errorFor(errors, 'note'), rows: 5 }),
  };
}
