import { REVIEW_CAPACITIES, REVIEW_CAPACITY_LABELS, type ReviewCapacity } from '../../domain/rating-review/rating-review-rules.js';
import { escapeHtml } from '../escape-html.js';
import { PERSON_LIMITS } from '../person-form.schema.js';
import type { Organisation, OrganisationKind, User } from '../../data/tables/foundation.tables.js';
import { type Role, ROLE_LABELS, isRegulatorRole, roleLabel } from '../../domain/vocabulary/roles.js';
import type { FieldError } from '../../services/errors.js';
import type { OrganisationView } from '../../services/organisations.service.js';
import { rolesForOrganisationKind } from '../../services/users.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDate } from '../../domain/shared/dates.js';
import { organisationPath, personPath } from '../paths.js';

export const KIND_LABELS: Record<OrganisationKind, string> = {
  regulator: 'Regulator',
  provider: 'Provider',
  location: 'Location',
  commissioner: 'Integrated care board (commissioner)',
  local_authority: 'Local authority',
};

const STATUS_TAGS: Record<User['status'], { text: string; classes: string }> = {
  active: { text: 'Active', classes: 'govuk-tag--green' },
  invited: { text: 'Invited', classes: 'govuk-tag--blue' },
  removed: { text: 'Removed', classes: 'govuk-tag--grey' },
};


function address(o: Organisation): string {
  return [o.address_line1, o.address_line2, o.town, o.county, o.postcode].filter(Boolean).join(', ');
}

type Row = { key: { text: string }; value: { text?: string; html?: string } };


export function detailsRows(o: Organisation, parent: Organisation | undefined, canOpen: (x: Organisation) => boolean = () => true): Row[] {
  const rows: Row[] = [{ key: { text: 'Type' }, value: { text: KIND_LABELS[o.kind] } }];
  if (parent) rows.push({ key: { text: o.kind === 'location' ? 'Provider' : 'Part of' }, value: canOpen(parent) ? { html: `<a class="govuk-link" href="${organisationPath(parent.id)}">${escapeHtml(parent.name)}</a>` } : { text: parent.name } });
  if (o.cqc_location_id) rows.push({ key: { text: 'CQC location ID' }, value: { text: o.cqc_location_id } });
  if (o.cqc_provider_id) rows.push({ key: { text: 'CQC provider ID' }, value: { text: o.cqc_provider_id } });
  if (o.ods_code) rows.push({ key: { text: 'ODS code' }, value: { text: o.ods_code } });
  if (o.minted_id) rows.push({ key: { text: 'Inspectorate ID' }, value: { text: o.minted_id } });
  if (address(o)) rows.push({ key: { text: 'Address' }, value: { text: address(o) } });
  if (o.phone) rows.push({ key: { text: 'Phone' }, value: { text: o.phone } });
  if (o.website) rows.push({ key: { text: 'Website' }, value: { text: o.website } });
  return rows;
}

function roleText(u: Pick<User, 'role' | 'is_org_admin' | 'job_title'>): string {
  const role = roleLabel(u.role) + (u.is_org_admin ? ', organisation admin' : '');
  return u.job_title ? `${u.job_title} (${role.charAt(0).toLowerCase()}${role.slice(1)})` : role;
}

/** `canOpen`: whether the viewer may open another organisation's page (only those get a link, never a link to a 404). */
export function organisationPage(view: OrganisationView, notice: string | null, canOpen: (x: Organisation) => boolean = () => true) {
  const o = view.organisation;
  const link = (x: Organisation) => ({ text: x.name, href: canOpen(x) ? organisationPath(x.id) : null });
  return {
    pageTitle: o.name,
    caption: KIND_LABELS[o.kind],
    name: o.name,
    notice,
    details: { rows: detailsRows(o, view.parent, canOpen) },
    locations: view.locations.map(link),
    commissioners: view.commissioners.map(link),
    commissionedServices: view.commissionedServices.length
      ? {
          caption: 'Services it commissions',
          captionClasses: 'govuk-table__caption--m',
          firstCellIsHeader: true,
          head: [{ text: 'Service' }, { text: 'Notes' }],
          rows: view.commissionedServices.map((s) => [canOpen(s) ? { html: `<a class="govuk-link" href="${organisationPath(s.id)}">${escapeHtml(s.name)}</a>` } : { text: s.name }, { text: s.note ?? '' }]),
        }
      : null,
    patientParticipationGroups: view.patientParticipationGroups.map((g) => ({ name: g.name, description: g.description ?? '' })),
    enforcement: enforcementTable(view),
    showPeople: view.members.length > 0 || view.canManage,
    people: view.members.length
      ? {
          caption: 'People',
          captionClasses: 'govuk-table__caption--m',
          firstCellIsHeader: true,
          head: [{ text: 'Name' }, { text: 'Role' }, { text: 'Email' }, { text: 'Status' }],
          rows: view.members.map((u) => [
            view.canManage ? { html: `<a class="govuk-link" href="${personPath(o.id, u.id)}">${escapeHtml(u.name)}</a>` } : { text: u.name },
            { text: roleText(u) },
            { text: u.email },
            { html: `<strong class="govuk-tag ${STATUS_TAGS[u.status].classes}">${STATUS_TAGS[u.status].text}</strong>` },
          ]),
        }
      : null,
    inviteHref: view.canManage ? `${organisationPath(o.id)}/invite` : null,
    adminsLine:
      view.members.length && !isRegulatorKind(o.kind)
        ? view.activeAdmins === 0
          ? 'This organisation has no active admin. A regulator administrator can appoint one.'
          : `This organisation has ${view.activeAdmins} active admin${view.activeAdmins === 1 ? '' : 's'}. Any admin can invite and remove colleagues.`
        : null,
  };
}

function isRegulatorKind(kind: OrganisationKind): boolean {
  return kind === 'regulator';
}

export interface InviteForm {
  name: string;
  email: string;
  jobTitle: string;
  role: string;
  isOrgAdmin: boolean;
}

export function invitePage(organisation: Organisation, form: InviteForm, errors: FieldError[] = []) {
  const roles = rolesForOrganisationKind(organisation.kind);
  const orgSide = !roles.some((r) => isRegulatorRole(r));
  return {
    pageTitle: pageTitle(`Invite someone to ${organisation.name}`, errors),
    errorSummary: errorSummary(errors),
    organisationName: organisation.name,
    action: `${organisationPath(organisation.id)}/invite`,
    backHref: organisationPath(organisation.id),
    name: { id: 'name', name: 'name', label: { text: 'Full name' }, hint: { text: `Up to ${PERSON_LIMITS.name} characters` }, autocomplete: 'off', spellcheck: false, value: form.name, errorMessage: errorFor(errors, 'name') },
    email: { id: 'email', name: 'email', type: 'email', label: { text: 'Email address' }, hint: { text: 'We will email them a link to set up their account. It expires in 7 days.' }, autocomplete: 'off', spellcheck: false, value: form.email, errorMessage: errorFor(errors, 'email') },
    jobTitle: { id: 'jobTitle', name: 'jobTitle', label: { text: 'Job title (optional)' }, hint: { text: `Up to ${PERSON_LIMITS.jobTitle} characters` }, value: form.jobTitle, errorMessage: errorFor(errors, 'jobTitle') },
    role:
      roles.length > 1
        ? {
            idPrefix: 'role',
            name: 'role',
            fieldset: { legend: { text: 'Role', classes: 'govuk-fieldset__legend--s' } },
            items: roles.map((r: Role) => ({ value: r, text: ROLE_LABELS[r], checked: form.role === r })),
            errorMessage: errorFor(errors, 'role'),
          }
        : null,
    roleHidden: roles.length === 1 ? roles[0] : null,
    isOrgAdmin: orgSide
      ? {
          idPrefix: 'isOrgAdmin',
          name: 'isOrgAdmin',
          fieldset: { legend: { text: 'Admin rights', classes: 'govuk-fieldset__legend--s' } },
          items: [{ value: 'yes', text: 'Make them an organisation admin', hint: { text: 'Admins can invite and remove colleagues. Having more than one admin means nobody is locked out.' }, checked: form.isOrgAdmin }],
          errorMessage: errorFor(errors, 'isOrgAdmin'),
        }
      : null,
  };
}

const PERSON_NOTICES: Record<string, (name: string) => string> = {
  invited: (n) => `We have emailed ${n} an invitation`,
  removed: (n) => `${n} no longer has access`,
  restored: (n) => `${n} has access again`,
  'admin-granted': (n) => `${n} is now an organisation admin`,
  'admin-revoked': (n) => `${n} is no longer an organisation admin`,
  resent: (n) => `We have emailed ${n} a new invitation`,
  'capacity-registered_manager': (n) => `${n} is recorded as the registered manager`,
  'capacity-nominated_individual': (n) => `${n} is recorded as the nominated individual`,
  'capacity-chief_executive': (n) => `${n} is recorded as the chief executive`,
  'capacity-ended': (n) => `${n} no longer holds that capacity`,
};

export function personPage(input: { organisation: Organisation; user: User; activeAdmins: number; capacities?: readonly ReviewCapacity[]; notice?: string | undefined; errors?: FieldError[]; isSelf: boolean }) {
  const { organisation: o, user: u } = input;
  const errors = input.errors ?? [];
  const base = personPath(o.id, u.id);
  const orgSide = !isRegulatorRole(u.role);
  // Registered capacities (issue 19: who may ask for a review of ratings), for a provider's or location's people.
  const registered = orgSide && (o.kind === 'provider' || o.kind === 'location');
  const held = input.capacities ?? [];
  const noticeText = input.notice ? PERSON_NOTICES[input.notice]?.(u.name) : undefined;
  return {
    pageTitle: pageTitle(`${u.name} – ${o.name}`, errors),
    errorSummary: errors.length ? { titleText: 'There is a problem', errorList: errors.map((e) => ({ text: e.message })) } : null,
    notice: noticeText ? { type: 'success', titleText: 'Success', text: noticeText } : null,
    caption: o.name,
    name: u.name,
    backHref: organisationPath(o.id),
    details: {
      rows: [
        { key: { text: 'Email' }, value: { text: u.email } },
        { key: { text: 'Job title' }, value: { text: u.job_title ?? 'Not given' } },
        { key: { text: 'Role' }, value: { text: roleLabel(u.role) } },
        ...(orgSide ? [{ key: { text: 'Organisation admin' }, value: { text: u.is_org_admin ? 'Yes' : 'No' } }] : []),
        ...(registered ? [{ key: { text: 'Registered as' }, value: { text: held.length ? held.map((c) => REVIEW_CAPACITY_LABELS[c]).join(', ') : 'None recorded' } }] : []),
        { key: { text: 'Status' }, value: { html: `<strong class="govuk-tag ${STATUS_TAGS[u.status].classes}">${STATUS_TAGS[u.status].text}</strong>` } },
      ],
    },
    actions: [
      ...(orgSide && u.status !== 'removed'
        ? [
            u.is_org_admin
              ? { action: `${base}/admin`, value: 'revoke', text: 'Stop them being an admin', classes: 'govuk-button--secondary' }
              : { action: `${base}/admin`, value: 'grant', text: 'Make them an organisation admin', classes: 'govuk-button--secondary' },
          ]
        : []),
      ...(registered && u.status !== 'removed'
        ? REVIEW_CAPACITIES.map((c) =>
            held.includes(c)
              ? { action: `${base}/capacity`, value: `${c}:no`, text: `They are no longer the ${REVIEW_CAPACITY_LABELS[c].toLowerCase()}`, classes: 'govuk-button--secondary' }
              : { action: `${base}/capacity`, value: `${c}:yes`, text: `Record them as the ${REVIEW_CAPACITY_LABELS[c].toLowerCase()}`, classes: 'govuk-button--secondary' },
          )
        : []),
      ...(u.status === 'invited' ? [{ action: `${base}/resend`, value: '', text: 'Send a new invitation', classes: 'govuk-button--secondary' }] : []),
      ...(u.status === 'removed'
        ? [{ action: `${base}/restore`, value: '', text: 'Give them access again', classes: '' }]
        : [{ action: `${base}/remove`, value: '', text: input.isSelf ? 'Remove my access' : 'Remove their access', classes: 'govuk-button--warning' }]),
    ],
  };
}

/** Enforcement against the organisation, with the date to comply by in words (own people and regulator staff only). */
function enforcementTable(view: OrganisationView) {
  if (view.enforcement === null) return null;
  if (view.enforcement.length === 0) return { empty: 'No enforcement action has been taken against this organisation.', table: null };
  const several = view.locations.length > 0;
  return {
    empty: null,
    table: {
      caption: 'Enforcement',
      captionClasses: 'govuk-table__caption--m',
      firstCellIsHeader: true,
      attributes: { 'data-testid': 'enforcement' },
      head: [{ text: 'Action' }, ...(several ? [{ text: 'Against' }] : []), { text: 'Taken on' }, { text: 'Comply by' }, { text: 'Where it stands' }],
      rows: view.enforcement.map((e) => [
        e.mayOpen ? { html: `<a class="govuk-link" href="/inspections/${e.inspectionId}/enforcement/${e.id}">${escapeHtml(e.kindName)}</a>` } : { text: e.kindName },
        ...(several ? [{ text: e.against }] : []),
        { text: e.issuedOn ? formatDate(e.issuedOn) : '–' },
        { text: e.complyBy ? formatDate(e.complyBy) : 'No date to comply by' },
        { text: e.decisionText ? `${e.stateLabel}: ${e.decisionText.toLowerCase()}` : e.stateLabel },
      ]),
    },
  };
}
