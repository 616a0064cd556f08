/** The inspections list and one inspection's overview: summary lists, a task list and the lifecycle buttons. */
import { forPeople } from '../plain-words.js';
import { characterCount, TEXT_LIMITS } from '../form-validation.js';
import { INSPECTION_STATES, STATE_LABELS, type InspectionEvent, type InspectionState } from '../../domain/inspection/inspection-lifecycle.js';
import { CONTACT_ROLE_LABELS, TEAM_ROLE_LABELS } from '../../domain/inspection/inspection-model.js';
import { keyQuestionName } from '../../domain/vocabulary/key-questions.js';
import type { FieldError } from '../../services/errors.js';
import type { EvidenceChecklist } from '../../services/inspections/evidence.service.js';
import type { InspectionDetail, InspectionSummary } from '../../services/inspections/inspection-detail.js';
import type { TimelineItem } from '../../services/inspections/inspection-plan.service.js';
import type { Programme } from '../../services/inspections/programme.service.js';
import { formatLongDate } from '../../services/inspections/inspection-events.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { escapeHtml, formatInstant, inspectionShell, notice, stateTag } from './inspection-shell.view-model.js';
import { inspectionPath, newInspectionPath } from '../paths.js';

/** The limit stated under the reason for a change of state (cancelling). */
export const TRANSITION_REASON_MAX = TEXT_LIMITS.long;

export function listPage(items: InspectionSummary[], state: InspectionState | undefined, isRegulator: boolean, canPlan: boolean) {
  return {
    pageTitle: state ? `Inspections: ${STATE_LABELS[state]}` : 'Inspections',
    intro: isRegulator ? 'Inspections you are on the team for, or manage.' : 'Inspections of your organisation that you have been told about.',
    planHref: canPlan ? newInspectionPath() : null,
    filter: {
      id: 'state',
      name: 'state',
      label: { text: 'Show inspections that are' },
      items: [{ value: '', text: 'In any state' }, ...INSPECTION_STATES.map((s) => ({ value: s, text: STATE_LABELS[s], selected: s === state }))],
    },
    table: items.length
      ? {
          caption: `${items.length} ${items.length === 1 ? 'inspection' : 'inspections'}`,
          captionClasses: 'govuk-table__caption--m',
          head: [{ text: 'Reference' }, { text: 'Subject' }, { text: 'Kind' }, { text: 'Fieldwork' }, { text: 'State' }],
          rows: items.map((i) => [
            { html: `<a class="govuk-link" href="${inspectionPath(i.id)}">${escapeHtml(i.reference)}</a>` },
            { text: i.subjectName },
            { text: `${i.kindLabel} (${i.noticeTypeLabel.toLowerCase()})` },
            { text: i.fieldworkStart === i.fieldworkEnd ? formatLongDate(i.fieldworkStart) : `${formatLongDate(i.fieldworkStart)} to ${formatLongDate(i.fieldworkEnd)}` },
            { html: `<strong class="govuk-tag ${stateTag(i.state, i.stateLabel).classes}">${escapeHtml(i.stateLabel)}</strong>` },
          ]),
        }
      : null,
  };
}

const EVENT_BUTTONS: Partial<Record<InspectionEvent, { text: string; classes?: string }>> = {
  notify: { text: 'Notify the organisation' },
  start_fieldwork: { text: 'Start fieldwork' },
  end_fieldwork: { text: 'End fieldwork' },
  cancel: { text: 'Cancel inspection', classes: 'govuk-button--warning' },
};

type Row = { key: { text: string }; value: { text?: string; html?: string } };
const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value || 'None' } });
const htmlRow = (key: string, html: string): Row => ({ key: { text: key }, value: { html } });

export function dateRange(start: string, end: string): string {
  return start === end ? formatLongDate(start) : `${formatLongDate(start)} to ${formatLongDate(end)}`;
}

/** A scope service, with the mark that the regulator may not make recommendations about it. */
export function scopeServiceHtml(s: InspectionDetail['scopeServices'][number]): string {
  const who = s.organisation ? ` <span class="govuk-body-s">(${escapeHtml(s.organisation.name)})</span>` : '';
  const mark = s.recommendationsAllowed
    ? ''
    : `<br><strong class="govuk-tag govuk-tag--orange govuk-!-margin-top-1" data-testid="no-recommendations">No recommendations</strong><br><span class="govuk-body-s">${escapeHtml(s.recommendationsNote ?? '')}</span>`;
  return `${escapeHtml(s.serviceName)}${who}${mark}`;
}

export function overviewPage(
  d: InspectionDetail,
  extras: { checklist: EvidenceChecklist; programme: Programme; caseCount: number; sampleCount: number; lastEvents: TimelineItem[] },
  opts: { notice?: string; errors?: FieldError[]; reason?: string } = {},
) {
  const errors = opts.errors ?? [];
  const s = extras.checklist.summary;
  const status = (done: boolean, text?: string) => (done ? { text: text ?? 'Completed' } : { tag: { text: text ?? 'Not started', classes: 'govuk-tag--blue' } });
  const tasks = [
    { title: { text: 'Plan: scope, team and contacts' }, href: d.you.canEditPlan ? inspectionPath(d.id, '/plan') : undefined, status: status(d.team.length > 0 && d.contacts.length > 0, d.contacts.length ? 'Completed' : 'No contacts yet') },
    {
      title: { text: 'Evidence requests' },
      href: inspectionPath(d.id, '/evidence'),
      hint: { text: `${s.provided} provided, ${s.cannotProvide} cannot provide, ${s.outstanding} outstanding of ${s.total}` },
      status: s.overdue > 0 ? { tag: { text: `${s.overdue} overdue`, classes: 'govuk-tag--red' } } : status(s.total > 0 && s.outstanding === 0, s.total === 0 ? 'Not requested' : s.outstanding ? 'In progress' : 'Completed'),
    },
    {
      title: { text: 'Case list and samples' },
      href: inspectionPath(d.id, '/cases'),
      hint: { text: `${extras.caseCount} ${extras.caseCount === 1 ? 'case' : 'cases'}, ${extras.sampleCount} ${extras.sampleCount === 1 ? 'sample' : 'samples'}` },
      status: status(extras.caseCount > 0 && (d.you.side === 'organisation' || extras.sampleCount > 0), extras.caseCount === 0 ? 'No cases yet' : extras.sampleCount === 0 && d.you.side === 'regulator' ? 'Sample not drawn' : 'Completed'),
    },
    {
      title: { text: 'Programme of visits' },
      href: inspectionPath(d.id, '/programme'),
      hint: { text: `${extras.programme.visits.length} ${extras.programme.visits.length === 1 ? 'visit' : 'visits'}` },
      status: status(!!extras.programme.agreedAt, extras.programme.agreedAt ? 'Agreed' : extras.programme.visits.length ? 'Not agreed yet' : 'Not started'),
    },
  ];
  const needsReason = d.you.availableEvents.includes('cancel');
  return {
    pageTitle: pageTitle(`${d.reference}: ${d.subjectName}`, errors),
    shell: inspectionShell(d, 'overview'),
    notice: notice(opts.notice),
    errorSummary: errorSummary(errors),
    tasks: { idPrefix: 'tasks', items: tasks },
    details: {
      rows: [
        row('Kind', d.kindLabel + (d.partnerInspectorates.length ? ` with ${d.partnerInspectorates.join(', ')}` : '')),
        row('Subject', d.subject.type === 'area' ? `${d.subject.areaName} (lead commissioner: ${d.subject.leadCommissioner?.name ?? 'none'})` : (d.subject.organisation?.name ?? '')),
        row('Notice', d.noticeTypeLabel),
        row('Fieldwork', dateRange(d.fieldworkStart, d.fieldworkEnd)),
        row('Notified', d.notifiedAt ? formatInstant(d.notifiedAt) : d.plannedNotificationDate ? `Not yet (planned for ${formatLongDate(d.plannedNotificationDate)})` : 'Not yet'),
        row('Key questions', d.keyQuestions.map(keyQuestionName).join(', ') || 'None named'),
        row('Case list requested', d.caseListRequest ? `${d.caseListRequest}${d.caseListDueDate ? ` (by ${formatLongDate(d.caseListDueDate)})` : ''}` : ''),
        ...(d.cancelledReason ? [row('Cancelled because', d.cancelledReason)] : []),
      ],
    },
    scope: d.scopeServices.length
      ? {
          attributes: { 'data-testid': 'scope' },
          rows: d.scopeServices.map((x, i) => htmlRow(i === 0 ? 'Services in scope' : '', scopeServiceHtml(x))),
        }
      : null,
    team: { rows: d.team.map((t) => row(TEAM_ROLE_LABELS[t.role], t.name)) },
    contacts: d.contacts.length ? { rows: d.contacts.map((c) => row(CONTACT_ROLE_LABELS[c.role], `${c.name}, ${c.organisation.name} (${c.email})`)) } : null,
    actions: d.you.availableEvents
      .filter((e) => e !== 'cancel')
      .map((e) => ({ event: e, ...(EVENT_BUTTONS[e] ?? { text: `${e.charAt(0).toUpperCase()}${e.slice(1).replace(/_/g, ' ')}` }) })),
    transitionAction: inspectionPath(d.id, '/transitions'),
    teamConfirmation:
      d.you.side === 'regulator' && !d.you.teamConfirmed && d.state === 'planned'
        ? {
            text: d.you.canConfirmTeam
              ? 'An inspector proposed this team. Check it, then confirm it: until you do, the organisation cannot be told and unannounced fieldwork cannot start.'
              : 'An inspection manager must confirm this team before the organisation is told or unannounced fieldwork starts.',
            action: d.you.canConfirmTeam ? inspectionPath(d.id, '/team-confirmation') : null,
          }
        : null,
    version: String(d.version),
    cancel: needsReason
      ? characterCount({
          id: 'reason',
          name: 'reason',
          label: { text: 'Reason for cancelling', classes: 'govuk-label--s' },
          hint: 'The organisation is told the reason if it has been notified.',
          value: opts.reason ?? '',
          max: TRANSITION_REASON_MAX,
          rows: 3,
          errorMessage: errorFor(errors, 'reason'),
        })
      : null,
    lastEvents: extras.lastEvents.slice(-3).reverse().map((e) => ({ text: forPeople(e.summary), when: formatInstant(e.occurredAt) })),
    timelineHref: inspectionPath(d.id, '/timeline'),
  };
}

export function timelinePage(d: InspectionDetail, items: TimelineItem[]) {
  return {
    pageTitle: `Timeline: ${d.reference}`,
    shell: inspectionShell(d, 'timeline'),
    heading: 'Timeline',
    items: [...items].reverse().map((e) => ({ title: forPeople(e.summary), byline: e.actor, datetime: e.occurredAt, when: formatInstant(e.occurredAt) })),
  };
}
