/** Case tracking pages (issue 15): the summary by service and by finding, and one tracked case. Pure. */
import { FINDING_KINDS, FINDING_LABELS, LINK_LABELS, MAX_FINDING, MAX_RECORDS_READ, type FindingKind } from '../../domain/fieldwork/case-tracking.js';
import { characterCount } from '../form-validation.js';
import { countOf } from '../../domain/shared/plain-words.js';
import type { FieldError } from '../../services/errors.js';
import type { TrackedCaseView, TrackingSummaryView } from '../../services/fieldwork/case-tracking.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatInstant, inspectionShell, notice } from './inspection-shell.view-model.js';
import { inspectionPath, trackedCasePath } from '../paths.js';
import { escapeHtml } from '../escape-html.js';

export const TRACKING_NOTICES: Record<string, string> = {
  recorded: 'What you saw and read has been saved.',
  finding: 'The finding has been recorded.',
  'finding-removed': 'The finding has been removed.',
  linked: 'Linked to the case.',
  unlinked: 'The link has been removed.',
};

const FINDING_TAG: Record<FindingKind, string> = { good_practice: 'govuk-tag--green', concern: 'govuk-tag--orange', immediate_action: 'govuk-tag--red' };


export function trackingSummaryPage(d: InspectionDetail, s: TrackingSummaryView) {
  const canTrack = d.you.side === 'regulator' && ['fieldwork', 'judgement'].includes(d.state);
  const tracked = s.cases.filter((c) => c.tracked).length;
  return {
    pageTitle: `Case tracking: ${d.reference}`,
    shell: inspectionShell(d, 'cases'),
    heading: 'Case tracking',
    backHref: inspectionPath(d.id, '/cases'),
    intro: s.cases.length
      ? `${countOf(tracked, 'case')} of the ${countOf(s.cases.length, 'sampled case')} tracked so far.`
      : 'No case has been sampled yet. Draw a sample from the case list first.',
    byFinding: {
      attributes: { 'data-testid': 'tracking-by-finding' },
      caption: 'By finding',
      captionClasses: 'govuk-table__caption--m',
      head: [{ text: 'Finding' }, { text: 'Findings', format: 'numeric' }, { text: 'Cases', format: 'numeric' }],
      rows: s.summary.byFinding.map((f) => [{ text: f.label }, { text: String(f.findings), format: 'numeric' }, { text: String(f.cases), format: 'numeric' }]),
    },
    byService: {
      attributes: { 'data-testid': 'tracking-by-service' },
      caption: 'By service',
      captionClasses: 'govuk-table__caption--m',
      firstCellIsHeader: true,
      head: [{ text: 'Service' }, { text: 'Tracked cases seen', format: 'numeric' }, ...FINDING_KINDS.map((k) => ({ text: FINDING_LABELS[k], format: 'numeric' }))],
      rows: s.summary.byService.map((b) => [{ text: b.service }, { text: String(b.casesSeen), format: 'numeric' }, ...FINDING_KINDS.map((k) => ({ text: String(b.counts[k]), format: 'numeric' }))]),
    },
    cases: {
      attributes: { 'data-testid': 'tracking-cases' },
      caption: 'Sampled cases',
      captionClasses: 'govuk-table__caption--m',
      head: [{ text: 'Case' }, { text: 'Organisation' }, { text: 'Services seen' }, { text: 'Findings' }, { text: 'Linked records', format: 'numeric' }],
      rows: s.cases.map((c) => [
        { html: `<a class="govuk-link" href="${trackedCasePath(d.id, c.caseId)}">${escapeHtml(c.caseReference)}</a>` },
        { text: c.organisationName },
        { text: c.tracked ? c.servicesSeen.join(', ') : canTrack ? 'Not tracked yet' : 'Not tracked' },
        { text: findingCounts(c.counts) },
        { text: String(c.links), format: 'numeric' },
      ]),
    },
    reportText: s.reportText,
  };
}

function findingCounts(counts: Record<FindingKind, number>): string {
  const parts = FINDING_KINDS.filter((k) => counts[k] > 0).map((k) => `${FINDING_LABELS[k]}: ${counts[k]}`);
  return parts.length ? parts.join(', ') : 'None yet';
}

export interface TrackingForm {
  servicesSeen: string[];
  recordsRead: string;
}

export interface FindingForm {
  kind: string;
  text: string;
  serviceName: string;
}

export function trackedCasePage(
  d: InspectionDetail,
  c: TrackedCaseView,
  opts: { noticeKey?: string; errors?: FieldError[]; form?: 'tracking' | 'finding' | 'link'; tracking?: TrackingForm; finding?: FindingForm; target?: string } = {},
) {
  const errors = opts.errors ?? [];
  const canEdit = d.you.side === 'regulator' && ['fieldwork', 'judgement'].includes(d.state) && c.inSample;
  const err = (form: string, name: string) => (opts.form === form ? errorFor(errors, name) : false);
  const tracking = opts.tracking ?? { servicesSeen: c.tracked?.servicesSeen ?? [], recordsRead: c.tracked?.recordsRead ?? '' };
  const finding = opts.finding ?? { kind: '', text: '', serviceName: '' };
  return {
    pageTitle: pageTitle(`Tracked case ${c.caseReference}: ${d.reference}`, errors),
    shell: inspectionShell(d, 'cases'),
    heading: `Tracked case ${c.caseReference}`,
    notice: notice(opts.noticeKey ? TRACKING_NOTICES[opts.noticeKey] : null),
    errorSummary: errorSummary(errors),
    backHref: inspectionPath(d.id, '/case-tracking'),
    details: {
      attributes: { 'data-testid': 'tracked-case-details' },
      rows: [
        { key: { text: 'Organisation' }, value: { text: c.organisationName } },
        { key: { text: 'Services used (from the case list)' }, value: { text: c.servicesUsed.join(', ') } },
        { key: { text: 'In the sample' }, value: { text: c.inSample ? 'Yes' : 'No (swapped out or never sampled)' } },
        { key: { text: 'Services seen' }, value: { text: c.tracked?.servicesSeen.join(', ') || 'Not recorded yet' } },
        { key: { text: 'Records read' }, value: { text: c.tracked?.recordsRead || 'Not recorded yet' } },
        ...(c.tracked ? [{ key: { text: 'Recorded' }, value: { text: `${formatInstant(c.tracked.updatedAt)} by ${c.tracked.updatedBy}` } }] : []),
      ],
    },
    trackingForm: canEdit
      ? {
          action: trackedCasePath(d.id, c.caseId),
          button: c.tracked ? 'Save changes' : 'Save',
          servicesSeen: {
            name: 'servicesSeen',
            idPrefix: 'servicesSeen',
            fieldset: { legend: { text: 'Services you saw for this case', classes: 'govuk-fieldset__legend--s' } },
            errorMessage: err('tracking', 'servicesSeen'),
            items: c.scope.map((s) => ({ value: s, text: s, checked: tracking.servicesSeen.includes(s) })),
          },
          recordsRead: characterCount({
            id: 'recordsRead',
            name: 'recordsRead',
            rows: 3,
            label: { text: 'Records you read', classes: 'govuk-label--s' },
            hint: 'For example, health visiting record, GP summary, child protection conference minutes.',
            value: tracking.recordsRead,
            max: MAX_RECORDS_READ,
            errorMessage: err('tracking', 'recordsRead'),
          }),
        }
      : null,
    findings: c.findings.map((f) => ({
      tag: { text: f.kindLabel, classes: FINDING_TAG[f.kind] },
      service: f.serviceName,
      text: f.text,
      by: `${f.recordedBy}, ${formatInstant(f.recordedAt)}`,
      removeAction: canEdit ? trackedCasePath(d.id, c.caseId, `/findings/${f.id}/remove`) : null,
    })),
    findingForm:
      canEdit && c.tracked
        ? {
            action: trackedCasePath(d.id, c.caseId, '/findings'),
            kind: {
              name: 'kind',
              idPrefix: 'kind',
              fieldset: { legend: { text: 'What you found', classes: 'govuk-fieldset__legend--s' } },
              errorMessage: err('finding', 'kind'),
              items: FINDING_KINDS.map((k) => ({ value: k, text: FINDING_LABELS[k], checked: finding.kind === k })),
            },
            serviceName: {
              id: 'serviceName',
              name: 'serviceName',
              label: { text: 'About which service (optional)', classes: 'govuk-label--s' },
              errorMessage: err('finding', 'serviceName'),
              items: [{ value: '', text: 'The case as a whole' }, ...c.scope.map((s) => ({ value: s, text: s, selected: finding.serviceName === s }))],
            },
            text: characterCount({ id: 'text', name: 'text', rows: 4, label: { text: 'Describe what you found', classes: 'govuk-label--s' }, hint: 'Use the case reference only: no names or other details that identify the child or family.', value: finding.text, max: MAX_FINDING, errorMessage: err('finding', 'text') }),
          }
        : null,
    needsTrackingFirst: canEdit && !c.tracked,
    links: c.links.map((l) => ({
      kind: l.kindLabel,
      description: l.description,
      note: l.fromEvidenceItem ? 'Recorded against this case in the evidence item' : null,
      removeAction: canEdit && l.id ? trackedCasePath(d.id, c.caseId, `/links/${l.id}/remove`) : null,
    })),
    linkForm:
      canEdit && c.linkable.length
        ? {
            action: trackedCasePath(d.id, c.caseId, '/links'),
            target: {
              id: 'target',
              name: 'target',
              label: { text: 'Link an evidence item, concern or visit', classes: 'govuk-label--s' },
              errorMessage: err('link', 'target'),
              items: [{ value: '', text: 'Choose' }, ...c.linkable.map((t) => ({ value: `${t.kind}:${t.targetId}`, text: `${LINK_LABELS[t.kind]}: ${t.description}`, selected: opts.target === `${t.kind}:${t.targetId}` }))],
            },
          }
        : null,
  };
}

export interface SampledCase {
  caseReference: string;
  organisation: { id: string; name: string };
  servicesUsed: readonly string[];
}

export interface Participant {
  /** Leads the response (the organisation inspected, the lead commissioner): sees every case. */
  isLead: boolean;
  organisationIds: readonly string[];
  /** The services in scope it runs or commissions. */
  services: readonly string[];
}

const inWords = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/**
 * Organisation side of the cases page (issue 15): which sampled cases it sees and why, by
 * pseudonymous reference only. The lead organisation sees every sampled case; any other participant
 * sees those from its own case list and those in which the child used a service it runs or
 * commissions, and the page says so.
 */
export function sampledForOrganisation(cases: readonly SampledCase[], who: Participant) {
  const own = (c: SampledCase) => who.organisationIds.includes(c.organisation.id);
  const mine = new Set(who.services.map((s) => s.toLowerCase()));
  const usedMine = (c: SampledCase) => c.servicesUsed.filter((s) => mine.has(s.toLowerCase()));
  const records = 'They may ask to see the records of these cases and, where the family agreed, speak to them.';
  if (who.isLead) {
    const others = cases.filter((c) => !own(c));
    if (!others.length) {
      return {
        heading: 'Your cases in the sample',
        text: cases.length ? `Inspectors will track ${countOf(cases.length, 'of your cases', 'of your cases')}. ${records}` : 'None of your cases has been sampled yet.',
        references: cases.map((c) => c.caseReference),
      };
    }
    return {
      heading: 'Cases in the sample',
      text: `Inspectors will track ${countOf(cases.length, 'case')}: ${countOf(cases.length - others.length, 'from your case list', 'from your case list')} and ${countOf(others.length, "from another organisation's list", "from other organisations' lists")}. You lead the response to this review, so you see every sampled case. ${records}`,
      references: cases.map((c) => (own(c) ? c.caseReference : `${c.caseReference} (from ${c.organisation.name})`)),
    };
  }
  const services = who.services.length ? ` (${inWords(who.services)})` : '';
  const why = `You see only the sampled cases that came from your own case list or in which the child used a service you run or commission${services}. Inspectors track the other sampled cases with the organisations concerned.`;
  return {
    heading: 'Sampled cases involving your services',
    text: cases.length
      ? `Inspectors will track ${countOf(cases.length, 'case')} that ${cases.length === 1 ? 'involves' : 'involve'} you. ${why} They may ask to see your records of these cases.`
      : `None of the sampled cases came from your case list or used a service you run or commission${services}.`,
    references: cases.map((c) => {
      const used = usedMine(c);
      const reasons = [...(own(c) ? ['from your case list'] : []), ...(used.length ? [`used ${inWords(used)}`] : [])];
      return reasons.length ? `${c.caseReference} (${reasons.join('; ')})` : c.caseReference;
    }),
  };
}
