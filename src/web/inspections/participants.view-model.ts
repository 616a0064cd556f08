/** The pages of the organisations taking part in an inspection (issue 15): list, find, add, create. Pure. */
import type { FieldError } from '../../services/errors.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { CAPACITY_LABELS, NEW_ORGANISATION_KINDS, type NewOrganisationInput, type ParticipantsView } from '../../services/inspections/participants.service.js';
import type { SubjectMatch } from '../../services/inspections/subject-search.service.js';
import { PARTICIPANT_CAPACITIES } from '../../data/tables/participants.tables.js';
import { escapeHtml } from '../escape-html.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { inspectionShell, notice } from './inspection-shell.view-model.js';
import { inspectionPath } from '../paths.js';

const KIND_WORDS: Record<string, string> = { location: 'Location', provider: 'Provider', commissioner: 'Commissioner', local_authority: 'Local authority' };
const CAPACITY_HINTS: Record<(typeof PARTICIPANT_CAPACITIES)[number], string> = {
  lead_commissioner: 'Coordinates the response with the lead organisation: sees the whole review and can send the joint action plan.',
  scope_provider: 'Runs a service in scope: sees the evidence requested from it, its services’ cases and visits, and its own actions.',
  scope_commissioner: 'Commissions a service in scope, such as the local authority: sees the evidence requested from it, the cases and visits of the services it commissions, and its own actions.',
  partner: 'Takes part without running or commissioning a service in scope: sees the evidence requested from it and its own actions.',
};

const NOTICES: Record<string, string> = { added: 'The organisation now takes part in this inspection.', removed: 'The organisation no longer takes part.', created: 'The organisation was created and now takes part in this inspection.' };

export function participantsPage(d: InspectionDetail, v: ParticipantsView, noticeKey?: string, errors: readonly FieldError[] = []) {
  return {
    pageTitle: pageTitle(`Organisations taking part: ${d.reference}`, errors),
    errorSummary: errorSummary(errors),
    shell: inspectionShell(d, 'participants'),
    heading: 'Organisations taking part',
    notice: notice(noticeKey ? NOTICES[noticeKey] : null),
    canChange: v.canChange,
    findHref: inspectionPath(d.id, '/participants/find'),
    rows: v.participants.map((p) => ({
      name: p.organisation.name,
      code: p.organisation.code ?? 'No code',
      capacities: p.capacities.map((c) => CAPACITY_LABELS[c]).join(', '),
      services: p.services.length ? p.services.join(', ') : 'None in scope',
      removeAction: v.canChange && p.declared ? inspectionPath(d.id, `/participants/${p.organisation.id}/remove`) : null,
    })),
    suggestions: v.suggestions.map((s) => ({
      name: s.name,
      services: s.services.join(', '),
      action: inspectionPath(d.id, '/participants'),
      organisationId: s.id,
    })),
  };
}

export function findParticipantPage(d: InspectionDetail, q: string, page: number, result: { matches: SubjectMatch[]; more: boolean } | null) {
  const base = inspectionPath(d.id, '/participants/find');
  const query = (p: number) => `${base}?${new URLSearchParams({ q, ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  const searched = q.trim().length >= 2;
  return {
    pageTitle: searched ? `Results for “${q}”: add an organisation: ${d.reference}` : `Add an organisation: ${d.reference}`,
    shell: inspectionShell(d, 'participants'),
    heading: 'Add an organisation',
    backHref: inspectionPath(d.id, '/participants'),
    action: base,
    queryInput: {
      id: 'q',
      name: 'q',
      value: q,
      label: { text: 'Name, postcode or code', classes: 'govuk-label--s' },
      hint: { text: 'A CQC location or provider ID, an ODS code or a local authority code. For example Luton Borough Council, LU4 0DZ, RC9 or E06000032.' },
      autocomplete: 'off',
      spellcheck: false,
    },
    searched,
    tooShort: q.trim().length === 1,
    count: result?.matches.length ?? 0,
    countText: result ? `${result.matches.length} ${result.matches.length === 1 ? 'match' : 'matches'}${result.more ? ' on this page' : ''}.` : '',
    table: result?.matches.length
      ? {
          caption: 'Matching organisations',
          captionClasses: 'govuk-visually-hidden',
          firstCellIsHeader: true,
          attributes: { 'data-testid': 'organisation-results' },
          head: [{ text: 'Name' }, { text: 'Kind' }, { text: 'Code' }, { text: 'Address' }, { html: '<span class="govuk-visually-hidden">Action</span>' }],
          rows: result.matches.map((m) => [
            { html: `${escapeHtml(m.name)}${m.providerName && m.kind === 'location' ? `<br><span class="govuk-body-s">${escapeHtml(m.providerName)}</span>` : ''}` },
            { text: KIND_WORDS[m.kind] ?? m.kind },
            { html: `${escapeHtml(m.code)}${m.odsCode && m.odsCode !== m.code ? `<br><span class="govuk-body-s">ODS ${escapeHtml(m.odsCode)}</span>` : ''}` },
            { text: [m.town, m.postcode].filter(Boolean).join(', ') },
            { html: `<a class="govuk-link" href="${escapeHtml(`${inspectionPath(d.id, '/participants/add')}?${new URLSearchParams({ organisationId: m.organisationId }).toString()}`)}" data-testid="choose-organisation">Add<span class="govuk-visually-hidden"> ${escapeHtml(m.name)}</span></a>` },
          ]),
        }
      : null,
    previousHref: page > 1 ? query(page - 1) : null,
    nextHref: result?.more ? query(page + 1) : null,
    createHref: inspectionPath(d.id, '/participants/new-organisation') + (q.trim() ? `?${new URLSearchParams({ name: q.trim() }).toString()}` : ''),
  };
}

function capacityRadios(value: string, errors: readonly FieldError[]) {
  return {
    name: 'capacity',
    idPrefix: 'capacity',
    fieldset: { legend: { text: 'How does it take part?', classes: 'govuk-fieldset__legend--m' } },
    errorMessage: errorFor(errors, 'capacity'),
    items: PARTICIPANT_CAPACITIES.map((c) => ({ value: c, text: CAPACITY_LABELS[c], hint: { text: CAPACITY_HINTS[c] }, checked: value === c })),
  };
}

export function addParticipantPage(d: InspectionDetail, organisation: { id: string; name: string }, capacity: string, errors: readonly FieldError[] = []) {
  return {
    pageTitle: pageTitle(`Add ${organisation.name}: ${d.reference}`, errors),
    errorSummary: errorSummary(errors),
    shell: inspectionShell(d, 'participants'),
    heading: `Add ${organisation.name}`,
    backHref: inspectionPath(d.id, '/participants/find'),
    action: inspectionPath(d.id, '/participants'),
    organisationId: organisation.id,
    capacity: capacityRadios(capacity, errors),
  };
}

/** What the new organisation form holds: the service's input, less the confirmation a second submit adds. */
export type NewOrganisationForm = Omit<NewOrganisationInput, 'confirmNotDuplicate'>;

/** Limits stated in the hints of the new organisation form and checked at the edge. */
export const NEW_ORGANISATION_LIMITS = { name: 200, town: 100 } as const;

export function newOrganisationPage(d: InspectionDetail, form: NewOrganisationForm, opts: { errors?: readonly FieldError[]; similar?: { name: string; town: string | null; postcode: string | null; id: string }[] } = {}) {
  const errors = opts.errors ?? [];
  const similar = opts.similar ?? [];
  return {
    pageTitle: pageTitle(`Create an organisation: ${d.reference}`, errors),
    errorSummary: errorSummary(errors),
    shell: inspectionShell(d, 'participants'),
    heading: 'Create an organisation',
    backHref: inspectionPath(d.id, '/participants/find'),
    action: inspectionPath(d.id, '/participants/new-organisation'),
    intro: 'Only for an organisation with no CQC, ODS or local authority code on record, such as a drugs and alcohol charity. Search first: an organisation already held keeps its history.',
    similar: similar.map((s) => ({
      text: [s.name, s.town, s.postcode].filter(Boolean).join(', '),
      href: `${inspectionPath(d.id, '/participants/add')}?${new URLSearchParams({ organisationId: s.id }).toString()}`,
    })),
    name: { id: 'name', name: 'name', label: { text: 'Name', classes: 'govuk-label--s' }, hint: { text: `Up to ${NEW_ORGANISATION_LIMITS.name} characters` }, value: form.name, errorMessage: errorFor(errors, 'name'), spellcheck: false },
    kind: {
      name: 'kind',
      idPrefix: 'kind',
      fieldset: { legend: { text: 'What kind of organisation is it?', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'kind'),
      items: NEW_ORGANISATION_KINDS.map((k) => ({ value: k, text: k === 'provider' ? 'A provider of services (for example a charity)' : KIND_WORDS[k] ?? k, checked: form.kind === k })),
    },
    town: { id: 'town', name: 'town', label: { text: 'Town (optional)', classes: 'govuk-label--s' }, hint: { text: `Up to ${NEW_ORGANISATION_LIMITS.town} characters` }, value: form.town, classes: 'govuk-!-width-two-thirds', autocomplete: 'address-level2', errorMessage: errorFor(errors, 'town') },
    postcode: { id: 'postcode', name: 'postcode', label: { text: 'Postcode (optional)', classes: 'govuk-label--s' }, value: form.postcode, classes: 'govuk-input--width-10', autocomplete: 'postal-code', errorMessage: errorFor(errors, 'postcode') },
    localAuthorityCode: { id: 'localAuthorityCode', name: 'localAuthorityCode', label: { text: 'Local authority code (optional)', classes: 'govuk-label--s' }, hint: { text: 'For a council, its 9-character code, like E06000032' }, value: form.localAuthorityCode, classes: 'govuk-input--width-10', spellcheck: false, errorMessage: errorFor(errors, 'localAuthorityCode') },
    capacity: capacityRadios(form.capacity, errors),
    confirm: similar.length
      ? { name: 'confirmNotDuplicate', idPrefix: 'confirmNotDuplicate', items: [{ value: 'yes', text: 'None of these is the organisation: create a new one' }], errorMessage: errorFor(errors, 'confirmNotDuplicate') }
      : null,
  };
}
