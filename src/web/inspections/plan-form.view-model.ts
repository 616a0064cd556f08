/**
 * The plan form: kind, subject, scope (services with the "recommendations allowed" mark and
 * note), notice, dates, team with roles and contacts. Repeating rows have a fixed number of
 * slots (blank ones are ignored), so the form works without JavaScript.
 */
import { COMMISSIONERS, CONTACT_ROLE_LABELS, CONTACT_ROLES, INSPECTION_KIND_LABELS, INSPECTION_KINDS, NOTICE_TYPE_LABELS, NOTICE_TYPES, PARTNER_INSPECTORATES, TEAM_ROLE_LABELS, TEAM_ROLES } from '../../domain/inspection/inspection-model.js';
import { KEY_QUESTION_LABELS, KEY_QUESTIONS } from '../../domain/vocabulary/key-questions.js';
import type { FieldError } from '../../services/errors.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import type { StaffOption } from '../../services/inspections/plan-form.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { dateInput, isoDateParts, type DateParts } from '../form-validation.js';
import { inspectionShell } from './inspection-shell.view-model.js';
import { inspectionPath, newInspectionPath } from '../paths.js';

export const SCOPE_SLOTS = 12;
export const TEAM_SLOTS = 8;
export const CONTACT_SLOTS = 8;

export interface ScopeRowForm {
  serviceName: string;
  organisation: string;
  commissionedBy: string;
  recommendations: string; // '' (default for who commissions it), 'yes', 'no'
  note: string;
}
export interface TeamRowForm {
  user: string;
  role: string;
}
export interface ContactRowForm {
  email: string;
  name: string;
  organisation: string;
  role: string;
}

export interface PlanForm {
  kind: string;
  noticeType: string;
  subjectType: string;
  subjectCode: string;
  areaName: string;
  leadCommissionerCode: string;
  keyQuestions: string[];
  partnerInspectorates: string[];
  fieldworkStart: DateParts;
  fieldworkEnd: DateParts;
  plannedNotificationDate: DateParts;
  caseListRequest: string;
  caseListDueDate: DateParts;
  scope: ScopeRowForm[];
  team: TeamRowForm[];
  contacts: ContactRowForm[];
}

const pad = <T>(rows: T[], n: number, blank: () => T): T[] => [...rows, ...Array.from({ length: Math.max(0, n - rows.length) }, blank)];
export const blankScope = (): ScopeRowForm => ({ serviceName: '', organisation: '', commissionedBy: 'nhs', recommendations: '', note: '' });
export const blankTeam = (): TeamRowForm => ({ user: '', role: '' });
export const blankContact = (): ContactRowForm => ({ email: '', name: '', organisation: '', role: '' });

export function emptyPlanForm(): PlanForm {
  return {
    kind: '',
    noticeType: '',
    subjectType: '',
    subjectCode: '',
    areaName: '',
    leadCommissionerCode: '',
    keyQuestions: [...KEY_QUESTIONS],
    partnerInspectorates: [],
    fieldworkStart: isoDateParts(''),
    fieldworkEnd: isoDateParts(''),
    plannedNotificationDate: isoDateParts(''),
    caseListRequest: '',
    caseListDueDate: isoDateParts(''),
    scope: pad([], SCOPE_SLOTS, blankScope),
    team: pad([], TEAM_SLOTS, blankTeam),
    contacts: pad([], CONTACT_SLOTS, blankContact),
  };
}

/** The form filled from the record, organisations shown by their codes. */
export function planFormFrom(d: InspectionDetail, codes: Map<string, string>): PlanForm {
  const code = (id: string | undefined | null) => (id ? (codes.get(id) ?? id) : '');
  return {
    kind: d.kind,
    noticeType: d.noticeType,
    subjectType: d.subject.type,
    subjectCode: code(d.subject.organisation?.id),
    areaName: d.subject.areaName ?? '',
    leadCommissionerCode: code(d.subject.leadCommissioner?.id),
    keyQuestions: d.keyQuestions,
    partnerInspectorates: d.partnerInspectorates,
    fieldworkStart: isoDateParts(d.fieldworkStart),
    fieldworkEnd: isoDateParts(d.fieldworkEnd),
    plannedNotificationDate: isoDateParts(d.plannedNotificationDate),
    caseListRequest: d.caseListRequest ?? '',
    caseListDueDate: isoDateParts(d.caseListDueDate),
    scope: pad(
      d.scopeServices.map((s) => ({ serviceName: s.serviceName, organisation: code(s.organisation?.id), commissionedBy: s.commissionedBy, recommendations: s.recommendationsAllowed ? 'yes' : 'no', note: s.recommendationsNote ?? '' })),
      SCOPE_SLOTS,
      blankScope,
    ),
    team: pad(d.team.map((t) => ({ user: t.userId, role: t.role })), TEAM_SLOTS, blankTeam),
    contacts: pad(d.contacts.map((c) => ({ email: c.email, name: c.name, organisation: code(c.organisation.id), role: c.role })), CONTACT_SLOTS, blankContact),
  };
}

/** Service field names (JSON paths) to the ids of this form's inputs. */
export function formFieldFor(servicePath: string): string {
  const scope = /^scopeServices\[(\d+)\]\.(\w+)$/.exec(servicePath);
  if (scope) return `scope-${scope[1]}-${({ serviceName: 'serviceName', organisationId: 'organisation', commissionedBy: 'commissionedBy', recommendationsAllowed: 'recommendations', recommendationsNote: 'note' } as Record<string, string>)[scope[2]!] ?? 'serviceName'}`;
  const team = /^team\[(\d+)\]\.(\w+)$/.exec(servicePath);
  if (team) return `team-${team[1]}-${team[2] === 'role' ? 'role' : 'user'}`;
  const contact = /^contacts\[(\d+)\]\.(\w+)$/.exec(servicePath);
  if (contact) return `contact-${contact[1]}-${({ userId: 'email', organisationId: 'organisation', name: 'name', email: 'email', role: 'role' } as Record<string, string>)[contact[2]!] ?? 'email'}`;
  const fixed: Record<string, string> = {
    'subject.type': 'subjectType',
    'subject.organisationId': 'subjectCode',
    'subject.areaName': 'areaName',
    'subject.leadCommissionerId': 'leadCommissionerCode',
    team: 'team-0-user',
    scopeServices: 'scope-0-serviceName',
    contacts: 'contact-0-email',
  };
  return fixed[servicePath] ?? servicePath;
}

const COMMISSIONER_LABELS: Record<string, string> = { nhs: 'The NHS', local_authority: 'The local authority', other: 'Someone else' };

export function planPage(form: PlanForm, staff: StaffOption[], opts: { detail?: InspectionDetail; errors?: FieldError[] } = {}) {
  const errors = opts.errors ?? [];
  const d = opts.detail;
  const input = (id: string, label: string, value: string, extra: Record<string, unknown> = {}) => ({ id, name: id, label: { text: label, classes: 'govuk-label--s' }, value, errorMessage: errorFor(errors, id), ...extra });
  const select = (id: string, label: string, value: string, items: { value: string; text: string }[], hidden = false) => ({
    id,
    name: id,
    label: { text: label, classes: hidden ? 'govuk-visually-hidden' : 'govuk-label--s' },
    errorMessage: errorFor(errors, id),
    items: items.map((i) => ({ ...i, selected: i.value === value })),
  });
  const title = d ? 'Change the plan' : 'Plan an inspection';
  return {
    pageTitle: pageTitle(d ? `${title}: ${d.reference}` : title, errors),
    shell: d ? inspectionShell(d, 'overview') : null,
    heading: title,
    errorSummary: errorSummary(errors),
    action: d ? inspectionPath(d.id, '/plan') : newInspectionPath(),
    version: d ? String(d.version) : '',
    isNew: !d,
    fixedRows: d
      ? [
          { key: { text: 'Kind' }, value: { text: d.kindLabel } },
          { key: { text: 'Subject' }, value: { text: d.subjectName } },
        ]
      : [],
    kind: { name: 'kind', idPrefix: 'kind', fieldset: { legend: { text: 'Kind of inspection', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'kind'), items: INSPECTION_KINDS.map((k) => ({ value: k, text: INSPECTION_KIND_LABELS[k], checked: form.kind === k })) },
    subjectType: {
      name: 'subjectType',
      idPrefix: 'subjectType',
      fieldset: { legend: { text: 'What is inspected', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'subjectType'),
      items: [
        { value: 'location', text: 'A location', checked: form.subjectType === 'location' },
        { value: 'provider', text: 'A provider', checked: form.subjectType === 'provider' },
        { value: 'area', text: 'An area (with its lead commissioner)', checked: form.subjectType === 'area' },
      ],
    },
    subjectCode: input('subjectCode', 'Location or provider', form.subjectCode, { hint: { html: 'Its CQC Location or Provider ID, ODS code, Inspectorate ID or name, for example E81006. A GP practice is a location. <a class="govuk-link" href="/inspections/new/find-subject" data-testid="find-subject">Find it by name or postcode</a>' }, classes: 'govuk-input--width-20' }),
    areaName: input('areaName', 'Area', form.areaName, { hint: { text: 'For an area review, for example Luton' }, classes: 'govuk-input--width-20' }),
    leadCommissionerCode: input('leadCommissionerCode', 'Lead commissioner', form.leadCommissionerCode, { hint: { text: 'The ICB or local authority: its ODS code or Inspectorate ID, for example QHG' }, classes: 'govuk-input--width-20' }),
    noticeType: { name: 'noticeType', idPrefix: 'noticeType', classes: 'govuk-radios--inline', fieldset: { legend: { text: 'Notice', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'noticeType'), items: NOTICE_TYPES.map((n) => ({ value: n, text: NOTICE_TYPE_LABELS[n], checked: form.noticeType === n })) },
    keyQuestions: { name: 'keyQuestions', idPrefix: 'keyQuestions', classes: 'govuk-checkboxes--small', fieldset: { legend: { text: 'Key questions', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'keyQuestions'), items: KEY_QUESTIONS.map((k) => ({ value: k, text: KEY_QUESTION_LABELS[k], checked: form.keyQuestions.includes(k) })) },
    partnerInspectorates: { name: 'partnerInspectorates', idPrefix: 'partnerInspectorates', classes: 'govuk-checkboxes--small', fieldset: { legend: { text: 'Partner inspectorates (joint inspections only)', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'partnerInspectorates'), items: PARTNER_INSPECTORATES.map((p) => ({ value: p, text: p, checked: form.partnerInspectorates.includes(p) })) },
    fieldworkStart: dateInput('fieldworkStart', 'Fieldwork starts', form.fieldworkStart, errors, { hint: 'For example, 11 1 2027' }),
    fieldworkEnd: dateInput('fieldworkEnd', 'Fieldwork ends', form.fieldworkEnd, errors, { hint: 'For example, 15 1 2027' }),
    plannedNotificationDate: dateInput('plannedNotificationDate', 'Planned notification date (optional)', form.plannedNotificationDate, errors),
    caseListRequest: { ...input('caseListRequest', 'Cases to send (optional)', form.caseListRequest), hint: { text: 'For example: children and families who used two or more of the services in scope in the last 12 months' } },
    caseListDueDate: dateInput('caseListDueDate', 'Case list due (optional)', form.caseListDueDate, errors),
    scope: form.scope.map((s, i) => ({
      legend: `Service ${i + 1}`,
      serviceName: input(`scope-${i}-serviceName`, 'Service', s.serviceName),
      organisation: input(`scope-${i}-organisation`, 'Provided by (ODS code or ID)', s.organisation, { classes: 'govuk-input--width-10' }),
      commissionedBy: select(`scope-${i}-commissionedBy`, 'Commissioned by', s.commissionedBy, COMMISSIONERS.map((c) => ({ value: c, text: COMMISSIONER_LABELS[c] ?? c }))),
      recommendations: select(`scope-${i}-recommendations`, 'Recommendations may be made', s.recommendations, [
        { value: '', text: 'Default (not for local authority services)' },
        { value: 'yes', text: 'Yes' },
        { value: 'no', text: 'No' },
      ]),
      note: input(`scope-${i}-note`, 'Why recommendations cannot be made', s.note),
    })),
    team: form.team.map((t, i) => ({
      legend: `Team member ${i + 1}`,
      user: select(`team-${i}-user`, 'Person', t.user, [{ value: '', text: 'Nobody' }, ...staff.map((s) => ({ value: s.id, text: s.jobTitle ? `${s.name} (${s.jobTitle})` : s.name }))]),
      role: select(`team-${i}-role`, 'Role on the team', t.role, [{ value: '', text: 'Choose' }, ...TEAM_ROLES.map((r) => ({ value: r, text: TEAM_ROLE_LABELS[r] }))]),
    })),
    contacts: form.contacts.map((c, i) => ({
      legend: `Contact ${i + 1}`,
      role: select(`contact-${i}-role`, 'Role', c.role, [{ value: '', text: 'Choose' }, ...CONTACT_ROLES.map((r) => ({ value: r, text: CONTACT_ROLE_LABELS[r] }))]),
      email: input(`contact-${i}-email`, 'Email address', c.email, { type: 'email', autocomplete: 'off', spellcheck: false, hint: { text: 'Someone with an account is found by their email address' } }),
      name: input(`contact-${i}-name`, 'Name (if they have no account)', c.name),
      organisation: input(`contact-${i}-organisation`, 'Organisation (if they have no account)', c.organisation, { classes: 'govuk-input--width-10' }),
    })),
  };
}
