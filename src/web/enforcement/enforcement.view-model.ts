/** Breaches and enforcement pages: deadlines are shown exactly as the rules engine computed and stored them. */
import { howWorkedOut } from '../plain-words.js';
import { ALLOWED_EXTENSIONS_TEXT } from '../../domain/files/file-rules.js';
import { ENFORCEMENT_ACTION_KINDS, kindName, WARNING_NOTICE_DECISIONS, type EnforcementActionKind } from '../../domain/fieldwork/enforcement-workflow.js';
import { FUNDAMENTAL_STANDARDS } from '../../domain/framework/regulations.data.js';
import { KEY_QUESTION_DEFINITIONS } from '../../domain/vocabulary/key-questions.js';
import type { FieldError } from '../../services/errors.js';
import type { BreachView, EnforcementActionView } from '../../services/fieldwork/fieldwork-read.service.js';
import type { InspectionDetail } from '../../services/inspections/inspection-detail.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, dateInput, isoDateParts, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { COMPLIANCE_DECISIONS, COMPLIANCE_DECISION_TEXT } from '../../domain/enforcement/compliance.js';
import { notice } from '../inspections/inspection-shell.view-model.js';
import { fieldworkFrame, formatInstant, longDate } from '../fieldwork/fieldwork-nav.view-model.js';
import { enforcementActionPath, enforcementDocumentPath, enforcementPath, evidenceItemsPath, inspectionPath } from '../paths.js';

export interface BreachForm {
  regulation: string;
  paragraph: string;
  keyQuestion: string;
  description: string;
}

export interface ActionForm {
  breachId: string;
  kind: string;
}

const EVENT_BUTTONS: Record<string, string> = {
  issue: 'Issue',
  serve_proposal: 'Serve the notice of proposal',
  serve_decision: 'Serve the notice of decision',
  decide: 'Record the decision',
  send: 'Send the letter of intent',
  place: 'Place in special measures',
  exit: 'Take out of special measures',
  close: 'Close',
  withdraw: 'Withdraw',
};

function kqName(id: string | null): string {
  return KEY_QUESTION_DEFINITIONS.find((k) => k.id === id)?.name ?? 'No key question';
}

function nextDeadline(a: EnforcementActionView): string {
  const d = a.deadlines.at(-1);
  return d ? `${d.title}: ${longDate(d.due)}` : '–';
}

export function enforcementPage(d: InspectionDetail, breaches: BreachView[], actions: EnforcementActionView[], opts: { canEdit: boolean; breachForm: BreachForm; actionForm: ActionForm; errors?: FieldError[]; noticeText?: string }) {
  const errors = opts.errors ?? [];
  return {
    pageTitle: pageTitle(`Breaches and enforcement: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'enforcement'),
    heading: 'Breaches and enforcement',
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    canEdit: opts.canEdit,
    breaches: breaches.map((b) => ({
      title: `${b.regulationTitle}${b.paragraph ? `, ${b.paragraph}` : ''}`,
      keyQuestion: kqName(b.keyQuestion),
      statements: b.qualityStatements.join(', ') || '–',
      description: b.description,
      evidence: b.evidenceItemIds.length ? { text: `${b.evidenceItemIds.length} evidence item${b.evidenceItemIds.length === 1 ? '' : 's'}`, href: d.you.enforcementOnly ? null : evidenceItemsPath(d.id) } : null,
      actions: b.actions.map((a) => ({ text: `${a.kindName} (${a.state.replace(/_/g, ' ')})`, href: enforcementActionPath(d.id, a.id) })),
    })),
    actionsEmpty: actions.length === 0,
    actionRows: actions.map((a) => [
      { html: `<a class="govuk-link" href="/inspections/${d.id}/enforcement/${a.id}">${a.kindName}</a>` },
      { text: a.organisation.name },
      { text: a.stateLabel },
      { text: a.complianceDate ? longDate(a.complianceDate) : '–' },
      { text: nextDeadline(a) },
    ]),
    breachAction: inspectionPath(d.id, '/breaches'),
    actionAction: inspectionPath(d.id, '/enforcement-actions'),
    regulation: {
      name: 'regulation',
      id: 'regulation',
      label: { text: 'Regulation breached', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'regulation'),
      items: [{ value: '', text: 'Choose a regulation' }, ...FUNDAMENTAL_STANDARDS.map((r) => ({ value: r.number, text: `Regulation ${r.number}: ${r.title}`, selected: opts.breachForm.regulation === r.number }))],
    },
    paragraph: { name: 'paragraph', id: 'paragraph', classes: 'govuk-input--width-20', label: { text: 'Paragraph', classes: 'govuk-label--s' }, hint: { text: 'For example 17(1), 17(2)(a)(b). Up to 100 characters.' }, value: opts.breachForm.paragraph, errorMessage: errorFor(errors, 'paragraph') },
    keyQuestion: {
      name: 'keyQuestion',
      id: 'keyQuestion',
      label: { text: 'Key question affected', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'keyQuestion'),
      items: [{ value: '', text: 'None' }, ...KEY_QUESTION_DEFINITIONS.map((k) => ({ value: k.id, text: k.name, selected: opts.breachForm.keyQuestion === k.id }))],
    },
    description: characterCount({ name: 'description', id: 'description', rows: 5, label: { text: 'How the regulation was breached', classes: 'govuk-label--s' }, value: opts.breachForm.description, max: TEXT_LIMITS.long, errorMessage: errorFor(errors, 'description') }),
    breachId: {
      name: 'breachId',
      id: 'breachId',
      label: { text: 'Breach', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'breachId'),
      items: [{ value: '', text: 'No breach' }, ...breaches.map((b) => ({ value: b.id, text: `${b.regulationTitle}${b.paragraph ? `, ${b.paragraph}` : ''}`, selected: opts.actionForm.breachId === b.id }))],
    },
    kind: {
      name: 'kind',
      id: 'kind',
      label: { text: 'Action', classes: 'govuk-label--s' },
      errorMessage: errorFor(errors, 'kind'),
      items: [{ value: '', text: 'Choose an action' }, ...ENFORCEMENT_ACTION_KINDS.map((k) => ({ value: k, text: kindName(k), selected: opts.actionForm.kind === k }))],
    },
  };
}

export const NO_DATE: DateParts = { day: '', month: '', year: '' };

export interface TransitionForm {
  complianceDate: DateParts;
  decision: string;
  decisionReason: string;
  body: string;
}

export function actionPage(d: InspectionDetail, a: EnforcementActionView, opts: { form?: TransitionForm; errors?: FieldError[]; noticeText?: string }) {
  const errors = opts.errors ?? [];
  const f = opts.form ?? { complianceDate: isoDateParts(a.complianceDate), decision: '', decisionReason: '', body: '' };
  const events = a.you.availableEvents;
  const submitLabel = a.you.submitKind === 'action_plan' ? 'Send your action plan' : a.you.submitKind === 'assurance' ? 'Send your assurance and action plan' : 'Send your representations';
  return {
    pageTitle: pageTitle(`${a.kindName}: ${d.reference}`, errors),
    ...fieldworkFrame(d, 'enforcement'),
    heading: a.kindName,
    notice: notice(opts.noticeText),
    errorSummary: errorSummary(errors),
    stateTag: { text: a.stateLabel, classes: a.state === 'draft' ? 'govuk-tag--grey' : a.state === 'withdrawn' || a.state === 'closed' ? 'govuk-tag--grey' : 'govuk-tag--blue' },
    summary: {
      rows: [
        { key: { text: 'Against' }, value: { text: a.organisation.name } },
        ...(a.breach ? [{ key: { text: 'Breach' }, value: { text: `${a.breach.regulationTitle}${a.breach.paragraph ? `, ${a.breach.paragraph}` : ''} (${kqName(a.breach.keyQuestion)})` } }] : []),
        ...(a.complianceDate ? [{ key: { text: 'Comply by' }, value: { text: longDate(a.complianceDate) } }] : []),
        ...(a.issuedOn ? [{ key: { text: 'Dated' }, value: { text: longDate(a.issuedOn) } }] : []),
        ...(a.decision ? [{ key: { text: 'Decision' }, value: { text: `${a.decision}${a.decisionReason ? `: ${a.decisionReason}` : ''}` } }] : []),
        ...(a.complianceCheck ? [{ key: { text: 'Check compliance' }, value: { text: `Between ${longDate(a.complianceCheck.earliest)} and ${longDate(a.complianceCheck.latest)}${a.complianceCheck.overdue ? ' (overdue)' : ''}` } }] : []),
        ...(a.compliance ? [{ key: { text: 'Compliance' }, value: { text: `${a.compliance.decisionText}${a.compliance.evidence ? `: ${a.compliance.evidence}` : ''}` } }] : []),
        ...(a.escalatedFromId ? [{ key: { text: 'Follows' }, value: { html: `<a class="govuk-link" href="/inspections/${d.id}/enforcement/${a.escalatedFromId}">the notice that was not complied with</a>` } }] : []),
        ...a.escalations.map((e) => ({ key: { text: 'Next step' }, value: { html: `<a class="govuk-link" href="/inspections/${d.id}/enforcement/${e.id}">${e.kindName}</a>` } })),
      ],
    },
    complianceExplanation: a.complianceCheck?.explanation ?? [],
    canRecordCompliance: a.you.canRecordCompliance,
    complianceAction: enforcementActionPath(d.id, a.id, '/compliance'),
    complianceDecision: {
      name: 'complianceDecision',
      idPrefix: 'complianceDecision',
      fieldset: { legend: { text: 'Did the provider comply by the date?', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'decision'),
      items: COMPLIANCE_DECISIONS.map((x) => ({ value: x, text: COMPLIANCE_DECISION_TEXT[x], checked: f.decision === x })),
    },
    complianceEvidence: characterCount({ name: 'evidence', id: 'evidence', rows: 5, label: { text: 'The evidence that shows it', classes: 'govuk-label--s' }, value: f.decisionReason, max: 10_000, errorMessage: errorFor(errors, 'evidence') }),
    escalationAction: enforcementActionPath(d.id, a.id, '/escalations'),
    escalation: a.you.escalationOptions.length
      ? {
          name: 'kind',
          idPrefix: 'escalationKind',
          fieldset: { legend: { text: 'Next step', classes: 'govuk-fieldset__legend--m' } },
          hint: { text: 'Opens the next action as a draft, linked to this notice, for the same breach.' },
          errorMessage: errorFor(errors, 'kind'),
          items: a.you.escalationOptions.map((o) => ({ value: o.kind, text: o.name, hint: { text: o.route } })),
        }
      : null,
    lateDecisions: a.representations
      .filter((r) => a.you.lateToDecide.includes(r.id))
      .map((r) => ({
        action: enforcementActionPath(d.id, a.id, `/representations/${r.id}/late-decision`),
        radios: { name: 'decision', idPrefix: `late-${r.id}`, fieldset: { legend: { text: `Late reply from ${r.submittedBy}: consider it?`, classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'decision'), items: [{ value: 'accepted', text: 'Accept it: no new deadline starts' }, { value: 'declined', text: 'Decline it' }] },
        reason: { name: 'reason', id: `late-reason-${r.id}`, rows: 3, label: { text: 'Reason', classes: 'govuk-label--s' }, errorMessage: errorFor(errors, 'reason') },
      })),
    deadlines: a.deadlines.map((x, i) => ({ id: `deadline-${i}`, title: x.title, due: longDate(x.due), dueIso: x.due, explanation: x.explanation })),
    documents: a.documents.map((x) => ({ text: x.title, href: enforcementDocumentPath(d.id, x.id), when: formatInstant(x.generatedAt) })),
    representations: a.representations.map((r) => ({
      heading: `${r.kind === 'action_plan' ? 'Action plan' : r.kind === 'assurance' ? 'Assurance' : 'Representations'} from ${r.submittedBy}, ${formatInstant(r.submittedAt)}`,
      late: r.late ? `Late: due by ${r.due ? longDate(r.due) : 'an earlier date'}${r.lateDecision ? `; ${r.lateDecision}${r.lateDecisionReason ? `: ${r.lateDecisionReason}` : ''}` : '; waiting for the enforcement officer’s decision'}` : null,
      body: r.body, files: r.files.map((f) => ({ text: f.filename, href: `/api/v1/enforcement-representation-files/${f.id}/download` })) })),
    transitionAction: enforcementActionPath(d.id, a.id, '/transitions'),
    version: a.version,
    buttons: events.filter((e) => e !== 'decide').map((e) => ({ text: EVENT_BUTTONS[e] ?? e, value: e, classes: e === 'withdraw' ? 'govuk-button--warning' : e === 'close' ? 'govuk-button--secondary' : '' })),
    needsComplianceDate: a.kind === 'warning-notice' && events.includes('issue'),
    complianceDate: dateInput('complianceDate', 'Date by which the provider must comply', f.complianceDate, errors, { hint: 'Needed to issue the notice. For example, 27 3 2026' }),
    canDecide: events.includes('decide'),
    decision: {
      name: 'decision',
      idPrefix: 'decision',
      fieldset: { legend: { text: 'Decision', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'decision'),
      items: WARNING_NOTICE_DECISIONS.map((x) => ({ value: x, text: x[0]!.toUpperCase() + x.slice(1), checked: f.decision === x })),
    },
    decisionReason: characterCount({ name: 'decisionReason', id: 'decisionReason', rows: 4, label: { text: 'Reasons', classes: 'govuk-label--s' }, value: f.decisionReason, max: TEXT_LIMITS.long, errorMessage: errorFor(errors, 'decisionReason') }),
    canSubmit: a.you.canSubmit,
    submitLabel,
    representationsAction: enforcementActionPath(d.id, a.id, '/representations'),
    body: characterCount({ name: 'body', id: 'body', rows: 8, label: { text: submitLabel, classes: 'govuk-label--m' }, hint: 'Say what you dispute or what you have done, and refer to your evidence.', value: f.body, max: 50_000, errorMessage: errorFor(errors, 'body') }),
    files: {
      name: 'files',
      id: 'files',
      label: { text: 'Evidence (optional)', classes: 'govuk-label--s' },
      hint: { text: `Up to 5 files, each smaller than 8 MB: ${ALLOWED_EXTENSIONS_TEXT}.` },
      attributes: { multiple: '' },
      errorMessage: errorFor(errors, 'files'),
    },
    backHref: enforcementPath(d.id),
  };
}

export function documentPage(d: InspectionDetail, doc: { title: string; body: string; generatedAt: string; templateVersion: string }, actionHref: string) {
  return { pageTitle: `${doc.title}: ${d.reference}`, ...fieldworkFrame(d, 'enforcement'), heading: doc.title, body: doc.body, generated: formatInstant(doc.generatedAt), workedOut: howWorkedOut([`Template version: ${doc.templateVersion}`]), actionHref };
}

export function isKind(v: string): v is EnforcementActionKind {
  return (ENFORCEMENT_ACTION_KINDS as readonly string[]).includes(v);
}
