/** Case list (upload, manual entry, the list) and samples (draw, see, swap). */
import { AGE_BANDS, CASE_LIST_COLUMN_DESCRIPTIONS, CASE_LIST_COLUMNS, type LineError } from '../../domain/inspection/case-list.js';
import { describeCriteria, STRATUM_FIELDS, type SampleDesign, type StratumField } from '../../domain/sampling/sampling.js';
import type { FieldError } from '../../services/errors.js';
import type { CaseView, ImportSummary } from '../../services/inspections/cases.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import type { SampleView } from '../../services/inspections/sampling.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, TEXT_LIMITS } from '../form-validation.js';
import { sampledForOrganisation } from './case-tracking.view-model.js';
import { escapeHtml, formatInstant, inspectionShell, notice } from './inspection-shell.view-model.js';
import { inspectionPath } from '../paths.js';

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');

export const STRATUM_FIELD_LABELS: Record<StratumField, string> = {
  age_band: 'Age band',
  looked_after: 'Looked after',
  child_protection_plan: 'Child protection plan',
  child_in_need: 'Child in need',
  service: 'Service used',
};

export function lineErrorsToFields(lines: readonly LineError[]): FieldError[] {
  // The messages name their column already ("age_band must be one of …").
  return lines.map((e) => ({ field: 'file', message: e.line > 0 ? `Line ${e.line}: ${e.column && !e.message.startsWith(e.column) ? `${e.column}: ` : ''}${e.message}` : e.message }));
}

function casesTable(cases: CaseView[], showOrganisation: boolean, sampled: ReadonlySet<string>, which: string | null = null) {
  return {
    attributes: { 'data-testid': 'cases' },
    caption: `${cases.length} ${cases.length === 1 ? 'case' : 'cases'}${which ? ` ${which}` : ''}`,
    captionClasses: 'govuk-table__caption--m',
    head: [
      { text: 'Reference' },
      ...(showOrganisation ? [{ text: 'Organisation' }] : []),
      { text: 'Services used' },
      { text: 'Age band' },
      { text: 'Looked after' },
      { text: 'Child protection plan' },
      { text: 'Child in need' },
      { text: 'Consent to contact' },
      { text: 'In the sample' },
    ],
    rows: cases.map((c) => [
      { text: c.caseReference },
      ...(showOrganisation ? [{ text: c.organisation.name }] : []),
      { text: c.servicesUsed.join(', ') },
      { text: c.ageBand },
      { text: yesNo(c.lookedAfter) },
      { text: yesNo(c.childProtectionPlan) },
      { text: yesNo(c.childInNeed) },
      { text: yesNo(c.consentToContact) },
      { text: yesNo(sampled.has(c.id)) },
    ]),
  };
}

export const CASE_NOTICES: Record<string, string> = { added: 'The case has been added.', 'sample-drawn': 'The sample has been drawn.', swapped: 'The case has been swapped.' };

export function casesPage(d: InspectionDetail, cases: CaseView[], samples: SampleView[], opts: { imported?: ImportSummary; noticeKey?: string; errors?: FieldError[] } = {}) {
  const errors = opts.errors ?? [];
  const isOrg = d.you.side === 'organisation';
  const open = ['notified', 'fieldwork'].includes(d.state);
  const sampledIds = new Set(samples.flatMap((s) => s.members.filter((m) => !m.swappedOut).map((m) => m.caseId)));
  const imported = opts.imported
    ? `The case list has been imported: ${opts.imported.rowsRead} rows read, ${opts.imported.inserted} added, ${opts.imported.updated} updated.`
    : null;
  return {
    pageTitle: pageTitle(`Cases and samples: ${d.reference}`, errors),
    shell: inspectionShell(d, 'cases'),
    heading: 'Cases and samples',
    notice: notice(imported ?? (opts.noticeKey ? CASE_NOTICES[opts.noticeKey] : null)),
    errorSummary: errorSummary(errors),
    request: d.caseListRequest,
    canSend: isOrg && open,
    upload: {
      action: inspectionPath(d.id, '/cases/upload'),
      input: {
        id: 'file',
        name: 'file',
        label: { text: 'Upload your case list (CSV)', classes: 'govuk-label--s' },
        hint: { text: 'A CSV file with a header row and the columns below. If any row has a problem, nothing is imported and every problem is listed by line.' },
        errorMessage: errorFor(errors, 'file'),
      },
    },
    columns: CASE_LIST_COLUMNS.map((c) => ({ key: { text: c }, value: { text: CASE_LIST_COLUMN_DESCRIPTIONS[c] } })),
    services: d.scopeServices.map((s) => s.serviceName).join(';'),
    manualHref: inspectionPath(d.id, '/cases/new'),
    cases: cases.length ? casesTable(cases, !isOrg, sampledIds, isOrg && d.you.participant && !d.you.participant.isLead ? 'that came from your case list or used a service you run or commission' : null) : null,
    // Issue 15: the organisation sees which of its own cases were sampled (pseudonymous references only).
    sampledForOrganisation: isOrg && samples.length ? sampledForOrganisation(cases.filter((c) => sampledIds.has(c.id)), d.you.participant ?? { isLead: true, organisationIds: [], services: [] }) : null,
    trackingHref: !isOrg && samples.length ? inspectionPath(d.id, '/case-tracking') : null,
    canDraw: !isOrg,
    drawHref: inspectionPath(d.id, '/samples/new'),
    samples: samples.map((s) => ({
      href: inspectionPath(d.id, `/samples/${s.id}`),
      text: `Sample of ${s.members.filter((m) => !m.swappedOut).length} drawn ${formatInstant(s.drawnAt)}`,
      rationale: s.rationale,
    })),
  };
}

export interface ManualCaseForm {
  caseReference: string;
  servicesUsed: string[];
  ageBand: string;
  lookedAfter: string;
  childProtectionPlan: string;
  childInNeed: string;
  consentToContact: string;
}

const yesNoRadios = (name: string, legend: string, value: string, errors: FieldError[]) => ({
  name,
  idPrefix: name,
  classes: 'govuk-radios--inline',
  fieldset: { legend: { text: legend, classes: 'govuk-fieldset__legend--s' } },
  errorMessage: errorFor(errors, name),
  items: [
    { value: 'yes', text: 'Yes', checked: value === 'yes' },
    { value: 'no', text: 'No', checked: value === 'no' },
  ],
});

export function manualCasePage(d: InspectionDetail, form: ManualCaseForm, errors: FieldError[] = []) {
  return {
    pageTitle: pageTitle(`Enter a case: ${d.reference}`, errors),
    shell: inspectionShell(d, 'cases'),
    heading: 'Enter a case',
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, '/cases/new'),
    caseReference: {
      id: 'caseReference',
      name: 'caseReference',
      classes: 'govuk-input--width-20',
      label: { text: 'Case reference', classes: 'govuk-label--s' },
      hint: { text: 'Your pseudonymous reference, like LTN-0042. Never a name, date of birth or NHS number.' },
      value: form.caseReference,
      errorMessage: errorFor(errors, 'caseReference'),
    },
    servicesUsed: {
      name: 'servicesUsed',
      idPrefix: 'servicesUsed',
      fieldset: { legend: { text: 'Services used', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'servicesUsed'),
      items: d.scopeServices.map((s) => ({ value: s.serviceName, text: s.serviceName, checked: form.servicesUsed.includes(s.serviceName) })),
    },
    ageBand: {
      name: 'ageBand',
      idPrefix: 'ageBand',
      classes: 'govuk-radios--inline',
      fieldset: { legend: { text: 'Age band', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'ageBand'),
      items: AGE_BANDS.map((b) => ({ value: b, text: b, checked: form.ageBand === b })),
    },
    lookedAfter: yesNoRadios('lookedAfter', 'Looked after', form.lookedAfter, errors),
    childProtectionPlan: yesNoRadios('childProtectionPlan', 'Child protection plan', form.childProtectionPlan, errors),
    childInNeed: yesNoRadios('childInNeed', 'Child in need', form.childInNeed, errors),
    consentToContact: yesNoRadios('consentToContact', 'The family agreed that inspectors may contact them', form.consentToContact, errors),
  };
}

export interface DrawForm {
  services: string[];
  ageBands: string[];
  lookedAfter: string;
  childProtectionPlan: string;
  childInNeed: string;
  consentRequired: string;
  kind: string;
  field: string;
  size: string;
  sizes: string;
  seed: string;
  rationale: string;
}

const anyYesNo = (name: string, legend: string, value: string) => ({
  name,
  idPrefix: name,
  classes: 'govuk-radios--inline govuk-radios--small',
  fieldset: { legend: { text: legend, classes: 'govuk-fieldset__legend--s' } },
  items: [
    { value: '', text: 'Any', checked: value === '' },
    { value: 'yes', text: 'Yes', checked: value === 'yes' },
    { value: 'no', text: 'No', checked: value === 'no' },
  ],
});

export function drawPage(d: InspectionDetail, caseCount: number, form: DrawForm, errors: FieldError[] = []) {
  return {
    pageTitle: pageTitle(`Draw a sample: ${d.reference}`, errors),
    shell: inspectionShell(d, 'cases'),
    heading: 'Draw a sample',
    errorSummary: errorSummary(errors),
    action: inspectionPath(d.id, '/samples/new'),
    caseCount,
    services: {
      name: 'services',
      idPrefix: 'services',
      classes: 'govuk-checkboxes--small',
      fieldset: { legend: { text: 'Used any of these services (leave all unticked for any)', classes: 'govuk-fieldset__legend--s' } },
      items: d.scopeServices.map((s) => ({ value: s.serviceName, text: s.serviceName, checked: form.services.includes(s.serviceName) })),
    },
    ageBands: {
      name: 'ageBands',
      idPrefix: 'ageBands',
      classes: 'govuk-checkboxes--small',
      fieldset: { legend: { text: 'Age bands (leave all unticked for any)', classes: 'govuk-fieldset__legend--s' } },
      items: AGE_BANDS.map((b) => ({ value: b, text: b, checked: form.ageBands.includes(b) })),
    },
    lookedAfter: anyYesNo('lookedAfter', 'Looked after', form.lookedAfter),
    childProtectionPlan: anyYesNo('childProtectionPlan', 'Child protection plan', form.childProtectionPlan),
    childInNeed: anyYesNo('childInNeed', 'Child in need', form.childInNeed),
    consentRequired: {
      name: 'consentRequired',
      idPrefix: 'consentRequired',
      classes: 'govuk-checkboxes--small',
      fieldset: { legend: { text: 'Consent', classes: 'govuk-fieldset__legend--s' } },
      items: [{ value: 'yes', text: 'Only families who agreed to be contacted', checked: form.consentRequired === 'yes' }],
    },
    kind: {
      name: 'kind',
      idPrefix: 'kind',
      fieldset: { legend: { text: 'Design', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'kind'),
      items: [
        { value: 'simple', text: 'Simple random sample', checked: form.kind === 'simple' },
        { value: 'proportional', text: 'Split between strata in proportion to their size', checked: form.kind === 'proportional' },
        { value: 'stratified', text: 'A number from each stratum', checked: form.kind === 'stratified' },
      ],
    },
    field: {
      id: 'field',
      name: 'field',
      label: { text: 'Stratify by (for the last two designs)', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'field'),
      items: [{ value: '', text: 'Choose' }, ...STRATUM_FIELDS.map((f) => ({ value: f, text: STRATUM_FIELD_LABELS[f], selected: form.field === f }))],
    },
    size: { id: 'size', name: 'size', inputmode: 'numeric', classes: 'govuk-input--width-3', label: { text: 'Sample size', classes: 'govuk-label--s' }, hint: { text: 'For a simple or proportional sample.' }, value: form.size, errorMessage: errorFor(errors, 'size') },
    sizes: {
      id: 'sizes',
      name: 'sizes',
      label: { text: 'Size of each stratum', classes: 'govuk-label--s' },
      hint: { text: 'For "a number from each stratum": one line each, like 0-4 = 3 (strata of yes/no fields are yes and no).' },
      value: form.sizes,
      errorMessage: errorFor(errors, 'sizes'),
    },
    seed: { id: 'seed', name: 'seed', classes: 'govuk-input--width-20', label: { text: 'Seed (optional)', classes: 'govuk-label--s' }, hint: { text: 'Give the seed of an earlier draw to reproduce it. Left blank, a random seed is made and recorded.' }, value: form.seed, errorMessage: errorFor(errors, 'seed') },
    rationale: characterCount({ id: 'rationale', name: 'rationale', label: { text: 'Rationale', classes: 'govuk-label--s' }, hint: 'Why this sample: it is saved with the sample.', value: form.rationale, max: SAMPLE_LIMITS.rationale, errorMessage: errorFor(errors, 'rationale') }),
  };
}

/** Reads the draw form into the service's criteria and design, or names the fields that are wrong. */
/** Limits stated under the sampling forms' long fields and checked at the edge. */
export const SAMPLE_LIMITS = { rationale: TEXT_LIMITS.long, swapReason: TEXT_LIMITS.long, sizes: TEXT_LIMITS.long, seed: 100 } as const;

export function parseDrawForm(form: DrawForm): { criteria: Record<string, unknown>; design: SampleDesign; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const tri = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  const criteria: Record<string, unknown> = { consentRequired: form.consentRequired === 'yes' };
  if (form.services.length) criteria['services'] = form.services;
  if (form.ageBands.length) criteria['ageBands'] = form.ageBands;
  for (const k of ['lookedAfter', 'childProtectionPlan', 'childInNeed'] as const) if (tri(form[k]) !== undefined) criteria[k] = tri(form[k]);
  const size = Number(form.size);
  const needField = form.kind === 'stratified' || form.kind === 'proportional';
  if (!['simple', 'stratified', 'proportional'].includes(form.kind)) errors.push({ field: 'kind', message: 'Choose a design' });
  if (needField && !STRATUM_FIELDS.includes(form.field as StratumField)) errors.push({ field: 'field', message: 'Choose what to stratify by' });
  if ((form.kind === 'simple' || form.kind === 'proportional') && (!Number.isInteger(size) || size < 1)) errors.push({ field: 'size', message: 'Enter the sample size as a whole number, like 10' });
  const sizes: Record<string, number> = {};
  if (form.kind === 'stratified') {
    for (const line of form.sizes.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const m = /^(.+?)\s*[=:]\s*(\d+)$/.exec(line);
      if (!m) {
        errors.push({ field: 'sizes', message: `Write each stratum as value = number, like 0-4 = 3 (not "${line}")` });
        break;
      }
      sizes[m[1]!.trim()] = Number(m[2]);
    }
    if (!Object.keys(sizes).length && !errors.some((e) => e.field === 'sizes')) errors.push({ field: 'sizes', message: 'Give the size of at least one stratum' });
  }
  const design: SampleDesign =
    form.kind === 'stratified'
      ? { kind: 'stratified', field: form.field as StratumField, sizes }
      : form.kind === 'proportional'
        ? { kind: 'proportional', field: form.field as StratumField, size }
        : { kind: 'simple', size };
  return { criteria, design, errors };
}

export function describeDesign(design: SampleDesign): string {
  if (design.kind === 'simple') return `Simple random sample of ${design.size}`;
  if (design.kind === 'proportional') return `${design.size} split in proportion between strata of ${STRATUM_FIELD_LABELS[design.field].toLowerCase()}`;
  return `By ${STRATUM_FIELD_LABELS[design.field].toLowerCase()}: ${Object.entries(design.sizes).map(([k, v]) => `${k} = ${v}`).join(', ')}`;
}

export function samplePage(d: InspectionDetail, s: SampleView, opts: { noticeKey?: string; errors?: FieldError[]; swap?: { caseId: string; reason: string; replacementCaseId?: string }; candidates?: { id: string; reference: string }[] } = {}) {
  const errors = opts.errors ?? [];
  const active = s.members.filter((m) => !m.swappedOut);
  const canSwap = d.you.side === 'regulator' && ['notified', 'fieldwork', 'planned'].includes(d.state);
  return {
    pageTitle: pageTitle(`Sample drawn ${formatInstant(s.drawnAt)}: ${d.reference}`, errors),
    shell: inspectionShell(d, 'cases'),
    heading: `Sample of ${active.length} cases`,
    notice: notice(opts.noticeKey ? CASE_NOTICES[opts.noticeKey] : null),
    errorSummary: errorSummary(errors),
    backHref: inspectionPath(d.id, '/cases'),
    // Issue 15, item 8: the sample to take away (the same service as the page; an organisation gets only its own cases).
    download: { href: `${inspectionPath(d.id, '/sample.csv')}?sample=${s.id}`, text: 'Download this sample (CSV)' },
    details: {
      attributes: { 'data-testid': 'sample-details' },
      rows: [
        { key: { text: 'Criteria' }, value: { text: describeCriteria(s.criteria) } },
        { key: { text: 'Design' }, value: { text: describeDesign(s.design) } },
        { key: { text: 'Eligible cases' }, value: { text: String(s.eligibleCount) } },
        { key: { text: 'Seed' }, value: { html: `<code data-testid="seed">${escapeHtml(s.seed)}</code>` } },
        { key: { text: 'Method' }, value: { text: s.algorithm } },
        { key: { text: 'Drawn' }, value: { text: `${formatInstant(s.drawnAt)}${s.drawnBy ? ` by ${s.drawnBy}` : ''}` } },
        { key: { text: 'Rationale' }, value: { text: s.rationale } },
        { key: { text: 'How it was drawn' }, value: { text: s.explanation } },
      ],
    },
    members: {
      attributes: { 'data-testid': 'sample-members' },
      caption: 'Cases in the sample',
      captionClasses: 'govuk-table__caption--m',
      head: [{ text: 'Reference' }, { text: 'Organisation' }, { text: 'Stratum' }, { text: 'Order drawn' }, { text: 'Status' }],
      rows: s.members.map((m) => [
        { text: m.caseReference },
        { text: m.organisation.name },
        { text: m.stratum },
        { text: String(m.rank + 1) },
        { text: m.swappedOut ? `Swapped out: ${m.swappedOut.reason}${m.swappedOut.replacedByCaseReference ? ` (replaced by ${m.swappedOut.replacedByCaseReference})` : ''}` : 'In the sample' },
      ]),
    },
    swap: canSwap
      ? {
          action: inspectionPath(d.id, `/samples/${s.id}/swap`),
          select: {
            id: 'caseId',
            name: 'caseId',
            label: { text: 'Case to swap out', classes: 'govuk-label--s' },
            errorMessage: errorFor(errors, 'caseId'),
            items: [{ value: '', text: 'Choose a case' }, ...active.map((m) => ({ value: m.caseId, text: m.caseReference, selected: m.caseId === opts.swap?.caseId }))],
          },
          replacement: {
            id: 'replacementCaseId',
            name: 'replacementCaseId',
            label: { text: 'Replacement', classes: 'govuk-label--s' },
            hint: { text: 'A particular case must meet the sample’s criteria.' },
            errorMessage: errorFor(errors, 'replacementCaseId'),
            items: [
              { value: '', text: 'The next case in the seeded order' },
              ...(opts.candidates ?? []).filter((c) => !s.members.some((m) => m.caseId === c.id)).map((c) => ({ value: c.id, text: c.reference, selected: c.id === opts.swap?.replacementCaseId })),
            ],
          },
          reason: characterCount({ id: 'reason', name: 'reason', label: { text: 'Reason', classes: 'govuk-label--s' }, hint: 'For example, the family has moved out of the area.', value: opts.swap?.reason ?? '', max: SAMPLE_LIMITS.swapReason, rows: 3, errorMessage: errorFor(errors, 'reason') }),
        }
      : null,
  };
}
