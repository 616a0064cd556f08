/** The programme of visits: the list (editable by the team), the visit and meeting forms, and the printable week. */
import { MEETING_KINDS, VISIT_ACTIVITIES, VISIT_ACTIVITY_LABELS, type MeetingKind } from '../../domain/inspection/inspection-model.js';
import type { FieldError } from '../../services/errors.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { formatLongDate } from '../../services/inspections/inspection-events.js';
import type { Programme, VisitView } from '../../services/inspections/programme.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, dateInput, isoDateParts, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { involvedOrganisations } from './evidence.view-model.js';
import { escapeHtml, formatInstant, inspectionShell, notice } from './inspection-shell.view-model.js';
import { inspectionPath } from '../paths.js';

export const PROGRAMME_NOTICES: Record<string, string> = {
  added: 'The visit has been added.',
  changed: 'The visit has been changed.',
  removed: 'The visit has been removed.',
  meeting: 'The meeting has been recorded.',
};

const MEETING_LABELS: Record<MeetingKind, string> = { opening: 'Opening meeting', closing: 'Closing meeting', huddle: 'Huddle' };

export function canEditProgramme(d: InspectionDetail): boolean {
  const open = ['planned', 'notified', 'fieldwork'].includes(d.state);
  const editor = d.you.side === 'regulator' && (d.you.canEditPlan || d.you.teamRole === 'lead_inspector' || d.you.teamRole === 'inspector' || d.you.teamRole === 'inspection_manager');
  return open && editor;
}

function visitRow(d: InspectionDetail, v: VisitView, editable: boolean) {
  return [
    { text: formatLongDate(v.visitDate) },
    { text: `${v.startTime} to ${v.endTime}` },
    { html: `${escapeHtml(v.serviceName)}${v.organisation ? `<br><span class="govuk-body-s">${escapeHtml(v.organisation.name)}</span>` : ''}` },
    { text: v.place },
    { text: v.inspectors.map((i) => i.name).join(', ') },
    { text: v.activities.map((a) => a.label).join(', ') },
    ...(editable ? [{ html: `<a class="govuk-link" href="${inspectionPath(d.id, `/programme/visits/${v.id}`)}">Change<span class="govuk-visually-hidden"> ${escapeHtml(v.serviceName)} on ${escapeHtml(v.visitDate)}</span></a>` }] : []),
  ];
}

export function programmePage(d: InspectionDetail, p: Programme, noticeKey?: string) {
  const editable = canEditProgramme(d);
  return {
    pageTitle: `Programme: ${d.reference}`,
    shell: inspectionShell(d, 'programme'),
    heading: 'Programme',
    notice: notice(noticeKey ? PROGRAMME_NOTICES[noticeKey] : null),
    agreed: p.agreedAt ? `The programme was agreed at the opening meeting, ${formatInstant(p.agreedAt)}.` : 'The programme has not been agreed yet: it is agreed at the opening meeting.',
    editable,
    clashes: p.clashes ?? [],
    downloads: [
      { text: 'Download the programme (CSV)', href: inspectionPath(d.id, '/programme.csv') },
      { text: d.you.side === 'regulator' ? 'Add the team’s programme to a calendar (.ics)' : 'Add your visits to a calendar (.ics)', href: inspectionPath(d.id, '/programme.ics') },
      ...(d.you.side === 'regulator' ? [{ text: 'Add your own visits to a calendar (.ics)', href: inspectionPath(d.id, '/programme.ics?mine=1') }] : []),
    ],
    addHref: inspectionPath(d.id, '/programme/visits/new'),
    meetingHref: inspectionPath(d.id, '/programme/meetings/new'),
    weekHref: inspectionPath(d.id, '/programme/week'),
    visits: p.visits.length
      ? {
          attributes: { 'data-testid': 'visits' },
          caption: `${p.visits.length} ${p.visits.length === 1 ? 'visit' : 'visits'}`,
          captionClasses: 'govuk-table__caption--m',
          head: [{ text: 'Date' }, { text: 'Time' }, { text: 'Service' }, { text: 'Place' }, { text: 'Inspectors' }, { text: 'Activities' }, ...(editable ? [{ html: '<span class="govuk-visually-hidden">Actions</span>' }] : [])],
          rows: p.visits.map((v) => visitRow(d, v, editable)),
        }
      : null,
    meetings: p.meetings.map((m) => ({
      title: `${MEETING_LABELS[m.kind]}, ${formatInstant(m.heldAt)}${m.place ? `, ${m.place}` : ''}`,
      attendees: m.attendees.map((a) => `${a.name} (${a.role}${a.organisation ? `, ${a.organisation}` : ''})`),
      notes: m.notes,
      agreed: m.programmeAgreed,
    })),
  };
}

export function weekPage(d: InspectionDetail, p: Programme) {
  return {
    pageTitle: `Programme for the week of ${formatLongDate(p.fieldworkStart)}: ${d.reference}`,
    heading: `Programme: ${d.subjectName}`,
    caption: `${d.reference} · ${d.kindLabel}`,
    backHref: inspectionPath(d.id, '/programme'),
    agreed: p.agreedAt ? `Agreed ${formatInstant(p.agreedAt)}` : 'Not agreed yet',
    days: p.week.map((day) => ({
      heading: formatLongDate(day.date),
      visits: day.visits.map((v) => ({
        time: `${v.startTime} to ${v.endTime}`,
        service: v.serviceName,
        organisation: v.organisation?.name ?? '',
        place: v.place,
        inspectors: v.inspectors.map((i) => i.name).join(', '),
        activities: v.activities.map((a) => a.label).join(', '),
        notes: v.notes ?? '',
      })),
    })),
  };
}

export interface VisitForm {
  serviceName: string;
  organisationId: string;
  date: DateParts;
  startTime: string;
  endTime: string;
  place: string;
  inspectorIds: string[];
  activities: string[];
  notes: string;
}

export function visitFormFrom(v: VisitView): VisitForm {
  return {
    serviceName: v.serviceName,
    organisationId: v.organisation?.id ?? '',
    date: isoDateParts(v.visitDate),
    startTime: v.startTime,
    endTime: v.endTime,
    place: v.place,
    inspectorIds: v.inspectors.map((i) => i.id),
    activities: v.activities.map((a) => a.code),
    notes: v.notes ?? '',
  };
}

export function visitPage(d: InspectionDetail, form: VisitForm, opts: { visitId?: string; errors?: FieldError[] } = {}) {
  const errors = opts.errors ?? [];
  const title = opts.visitId ? 'Change a visit' : 'Add a visit';
  const services = [...new Set(d.scopeServices.map((s) => s.serviceName))];
  return {
    pageTitle: pageTitle(`${title}: ${d.reference}`, errors),
    shell: inspectionShell(d, 'programme'),
    heading: title,
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, opts.visitId ? `/programme/visits/${opts.visitId}` : '/programme/visits/new'),
    removeAction: opts.visitId ? inspectionPath(d.id, `/programme/visits/${opts.visitId}/remove`) : null,
    serviceName: {
      id: 'serviceName',
      name: 'serviceName',
      label: { text: 'Service', classes: 'govuk-label--s' },
      hint: { text: services.length ? `In scope: ${services.join(', ')}` : 'The service to visit' },
      value: form.serviceName,
      errorMessage: errorFor(errors, 'serviceName'),
    },
    organisation: {
      id: 'organisationId',
      name: 'organisationId',
      label: { text: 'Organisation', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'organisationId'),
      items: [{ value: '', text: 'Not named' }, ...involvedOrganisations(d).map((o) => ({ value: o.id, text: o.name, selected: o.id === form.organisationId }))],
    },
    date: dateInput('date', 'Date', form.date, errors, { hint: `During fieldwork: ${formatLongDate(d.fieldworkStart)} to ${formatLongDate(d.fieldworkEnd)}. For example, ${isoDateParts(d.fieldworkStart).day} ${isoDateParts(d.fieldworkStart).month} ${isoDateParts(d.fieldworkStart).year}` }),
    startTime: { id: 'startTime', name: 'startTime', classes: 'govuk-input--width-5', label: { text: 'Start time', classes: 'govuk-label--s' }, hint: { text: 'For example, 09:30' }, value: form.startTime, errorMessage: errorFor(errors, 'startTime') },
    endTime: { id: 'endTime', name: 'endTime', classes: 'govuk-input--width-5', label: { text: 'End time', classes: 'govuk-label--s' }, hint: { text: 'For example, 16:00' }, value: form.endTime, errorMessage: errorFor(errors, 'endTime') },
    place: { id: 'place', name: 'place', label: { text: 'Place', classes: 'govuk-label--s' }, value: form.place, errorMessage: errorFor(errors, 'place') },
    inspectors: {
      name: 'inspectorIds',
      idPrefix: 'inspectorIds',
      fieldset: { legend: { text: 'Inspectors', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'inspectorIds'),
      items: d.team.map((t) => ({ value: t.userId, text: t.name, checked: form.inspectorIds.includes(t.userId) })),
    },
    activities: {
      name: 'activities',
      idPrefix: 'activities',
      fieldset: { legend: { text: 'Planned activities', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'activities'),
      items: VISIT_ACTIVITIES.map((a) => ({ value: a, text: VISIT_ACTIVITY_LABELS[a], checked: form.activities.includes(a) })),
    },
    notes: characterCount({ id: 'notes', name: 'notes', label: { text: 'Notes (optional)', classes: 'govuk-label--s' }, value: form.notes, max: TEXT_LIMITS.long, rows: 3, errorMessage: errorFor(errors, 'notes') }),
  };
}

export interface MeetingForm {
  kind: string;
  date: DateParts;
  time: string;
  place: string;
  attendees: string;
  notes: string;
  programmeAgreed: boolean;
}

/** "Name, role, organisation" per line. */
export function parseAttendees(text: string): { name: string; role: string; organisation: string | null }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name = '', role = '', ...rest] = l.split(',').map((x) => x.trim());
      return { name, role, organisation: rest.join(', ') || null };
    });
}

/** A date and time on a UK clock as an instant (handles British Summer Time). */
export function londonInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const guess = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(guess.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(guess);
  const [h, m] = parts.split(':').map(Number);
  const offsetMinutes = (h! * 60 + m!) - (guess.getUTCHours() * 60 + guess.getUTCMinutes());
  const normalised = ((offsetMinutes + 720 + 1440) % 1440) - 720;
  return new Date(guess.getTime() - normalised * 60_000).toISOString();
}

export function meetingPage(d: InspectionDetail, form: MeetingForm, errors: FieldError[] = []) {
  return {
    pageTitle: pageTitle(`Record a meeting: ${d.reference}`, errors),
    shell: inspectionShell(d, 'programme'),
    heading: 'Record a meeting',
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, '/programme/meetings/new'),
    kind: {
      name: 'kind',
      idPrefix: 'kind',
      classes: 'govuk-radios--inline',
      fieldset: { legend: { text: 'Meeting', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'kind'),
      items: MEETING_KINDS.map((k) => ({ value: k, text: MEETING_LABELS[k], checked: form.kind === k })),
    },
    date: dateInput('date', 'Date', form.date, errors),
    time: { id: 'time', name: 'time', classes: 'govuk-input--width-5', label: { text: 'Time', classes: 'govuk-label--s' }, hint: { text: 'UK time, for example 09:00' }, value: form.time, errorMessage: errorFor(errors, 'time') },
    place: { id: 'place', name: 'place', label: { text: 'Place (optional)', classes: 'govuk-label--s' }, hint: { text: `Up to ${TEXT_LIMITS.name} characters` }, value: form.place, errorMessage: errorFor(errors, 'place') },
    attendees: {
      id: 'attendees',
      name: 'attendees',
      rows: 8,
      label: { text: 'Attendees', classes: 'govuk-label--s' },
      hint: { text: 'One a line: name, role, organisation. For example: Caroline Hughes, Executive lead for safeguarding, NHS Bedfordshire, Luton and Milton Keynes ICB' },
      value: form.attendees,
      errorMessage: errorFor(errors, 'attendees'),
    },
    notes: characterCount({ id: 'notes', name: 'notes', label: { text: 'Notes (optional)', classes: 'govuk-label--s' }, value: form.notes, max: TEXT_LIMITS.long, rows: 3, errorMessage: errorFor(errors, 'notes') }),
    programmeAgreed: {
      name: 'programmeAgreed',
      idPrefix: 'programmeAgreed',
      errorMessage: errorFor(errors, 'programmeAgreed'),
      items: [{ value: 'yes', text: 'The programme was agreed at this meeting', checked: form.programmeAgreed }],
    },
  };
}
