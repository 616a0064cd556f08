/** The action plan page: coverage, actions with their history, and the forms each side may use. Pure. */
import { isOverdue, type ActionStatus } from '../../domain/action-plans/action-plan.js';
import type { FieldError } from '../../services/errors.js';
import type { ActionPlanView, ActionView } from '../../services/action-plans/action-plan.service.js';
import type { OwnerChoices } from '../../services/action-plans/joint-actions.service.js';
import { characterCount, dateError, dateInputItems, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { forPeople, howWorkedOut } from '../plain-words.js';
import { formatDate } from '../register/register-format.js';
import { actionPlanPath } from '../paths.js';

const STATUS: Record<ActionStatus, { text: string; classes: string }> = {
  open: { text: 'Not started', classes: 'govuk-tag--grey' },
  in_progress: { text: 'In progress', classes: 'govuk-tag--blue' },
  completed: { text: 'Complete: awaiting verification', classes: 'govuk-tag--yellow' },
  verified: { text: 'Verified', classes: 'govuk-tag--green' },
  reopened: { text: 'Reopened', classes: 'govuk-tag--red' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
};
const PLAN_STATUS = { draft: 'Being written', submitted: 'Sent for review', accepted: 'Accepted', returned: 'Returned for changes', revising: 'Being revised' } as const;

export interface NewActionForm {
  title: string;
  ownerOrganisationId: string;
  ownerUserId: string;
  ownerName: string;
  due: DateParts;
  covers: string[];
  milestones: string;
}

export const EMPTY_ACTION_FORM: NewActionForm = { title: '', ownerOrganisationId: '', ownerUserId: '', ownerName: '', due: { day: '', month: '', year: '' }, covers: [], milestones: '' };

/** The item's label, with the organisations a recommendation is addressed to (issue 15). */
function itemLabel(v: ActionPlanView, i: { kind: string; id: string; label: string }): string {
  const to = i.kind === 'recommendation' ? v.addresseeNames.get(i.id) ?? [] : [];
  return to.length > 1 ? `${i.label.replace(/ \([^()]*\)$/, '')} (addressed to ${to.join(' and ')})` : i.label;
}

/** The owner fields of the add and edit forms: organisation, a person from its users, or a typed name. */
export function ownerFields(choices: OwnerChoices, form: Pick<NewActionForm, 'ownerOrganisationId' | 'ownerUserId' | 'ownerName'>, errors: readonly FieldError[]) {
  const orgName = new Map(choices.organisations.map((o) => [o.id, o.name]));
  return {
    ownerOrganisationId:
      choices.organisations.length > 1
        ? {
            id: 'ownerOrganisationId',
            name: 'ownerOrganisationId',
            label: { text: 'Organisation that owns the action', classes: 'govuk-label--s' },
            errorMessage: errorFor(errors, 'ownerOrganisationId'),
            items: [{ value: '', text: 'Choose an organisation' }, ...choices.organisations.map((o) => ({ value: o.id, text: o.name, selected: form.ownerOrganisationId === o.id }))],
          }
        : null,
    ownerOrganisationFixed: choices.organisations.length === 1 ? { id: choices.organisations[0]!.id, name: choices.organisations[0]!.name } : null,
    ownerUserId: {
      id: 'ownerUserId',
      name: 'ownerUserId',
      label: { text: 'Person who owns it', classes: 'govuk-label--s' },
      hint: { text: 'Someone with an account at the organisation that owns the action.' },
      errorMessage: errorFor(errors, 'ownerUserId'),
      items: [{ value: '', text: 'Choose a person, or type a name below' }, ...choices.people.map((p) => ({ value: p.id, text: `${p.name}${p.jobTitle ? `, ${p.jobTitle}` : ''}${choices.organisations.length > 1 ? ` (${orgName.get(p.organisationId) ?? ''})` : ''}`, selected: form.ownerUserId === p.id }))],
    },
    ownerName: { id: 'ownerName', name: 'ownerName', label: { text: 'Or, for someone without an account, their name and role', classes: 'govuk-label--s' }, hint: { text: `Up to ${TEXT_LIMITS.name} characters.` }, value: form.ownerName, errorMessage: errorFor(errors, 'ownerName') },
  };
}

/** The due date as the GOV.UK date input; the hint says what an empty or past date means here. */
function dueDateInput(form: Pick<NewActionForm, 'due'>, errors: readonly FieldError[], hint: string) {
  return {
    id: 'due',
    namePrefix: 'due',
    fieldset: { legend: { text: 'Due date', classes: 'govuk-fieldset__legend--s' } },
    hint: { text: hint },
    errorMessage: dateError('due', errors),
    items: dateInputItems('due', form.due, errors),
  };
}

/** The recommendations and breaches an action answers, as checkboxes. */
function coversChoices(v: ActionPlanView, form: Pick<NewActionForm, 'covers'>, errors: readonly FieldError[]) {
  return {
    idPrefix: 'covers',
    name: 'covers',
    fieldset: { legend: { text: 'Which recommendations and breaches does it answer?', classes: 'govuk-fieldset__legend--s' } },
    errorMessage: errorFor(errors, 'covers'),
    items: v.items.map((i) => ({ value: `${i.kind}:${i.id}`, text: itemLabel(v, i), checked: form.covers.includes(`${i.kind}:${i.id}`) })),
  };
}

/** The limit stated under the plan's short texts (progress, evidence, reasons, the review's note). */
export const PLAN_TEXT_MAX = TEXT_LIMITS.long;

export function actionPlanPage(v: ActionPlanView, today: string, opts: { errors?: readonly FieldError[]; form?: NewActionForm; notice?: string; choices?: OwnerChoices; typed?: Record<string, string> } = {}) {
  const errors = opts.errors ?? [];
  // What was typed in one of the page's small forms, by the id of its field.
  const typed = (id: string) => opts.typed?.[id] ?? '';
  const form = opts.form ?? EMPTY_ACTION_FORM;
  const choices = opts.choices ?? { organisations: [], people: [] };
  const labelOf = new Map(v.items.map((i) => [`${i.kind}:${i.id}`, itemLabel(v, i)]));
  const base = actionPlanPath(v.inspection.id);
  const editable = v.you.canEdit;
  const reviewing = v.you.canReview;
  return {
    pageTitle: pageTitle(`Action plan – ${v.inspection.reference}`, errors),
    errorSummary: errorSummary(errors),
    notice: opts.notice ? ({ added: 'Action added.', submitted: 'Your action plan has been sent to the regulator.', reviewed: 'Your review has been recorded.', updated: 'The action has been updated.', edited: 'The action has been changed. The change is kept in its history.', withdrawn: 'The action has been withdrawn. The reason is kept in its history.', revising: 'The revision has started: change the actions, then send the plan to the regulator again.' } as Record<string, string>)[opts.notice] ?? null : null,
    scopeNote: v.you.side === 'organisation' && !v.you.isLead ? 'You see the recommendations addressed to your organisation and the actions it owns. The lead organisation sees the whole plan and sends it to the regulator.' : null,
    revisions: v.revisions.map((r) => `Revision ${r.number}, started ${formatDate(r.openedAt.toISOString())}${r.by ? ` by ${r.by}` : ''}: ${r.reason}`),
    caption: `${v.inspection.reference} – ${v.inspection.subjectName}`,
    status: v.plan ? PLAN_STATUS[v.plan.status] : 'Not started',
    reviewNote: v.plan?.reviewNote ?? null,
    dueText: `Due by ${formatDate(v.due.due)}`,
    // Everyone reads what the deadline means; staff can open the exact rule and its version.
    dueExplanation: v.due.explanation.filter((l) => !/ is labelled \S+ in the rules engine\.$/.test(l)).map(forPeople),
    dueWorkedOut: v.you.side === 'regulator' ? howWorkedOut(v.due.explanation) : null,
    publishedText: v.publishedOn ? `Report published ${formatDate(v.publishedOn)}` : '',
    uncovered: v.uncovered.map((u) => u.label),
    coveredCount: v.items.length - v.uncovered.length,
    itemCount: v.items.length,
    actions: v.actions.map((a) => {
      const overdue = isOverdue({ status: a.status, dueDate: a.dueDate }, today);
      return {
        id: a.id,
        title: `${a.position}. ${a.title}`,
        owner: a.ownerOrganisation?.name ? `${a.ownerName} (${a.ownerOrganisation.name})` : a.ownerName,
        withdrawnReason: a.status === 'withdrawn' ? a.withdrawnReason : null,
        editHref: a.yours ? `/action-plan-actions/${a.id}/edit` : null,
        due: formatDate(a.dueDate),
        status: STATUS[a.status],
        overdue,
        complyByWarning: a.complyByWarning,
        covers: a.items.map((i) => labelOf.get(`${i.kind}:${i.id}`) ?? ''),
        milestones: a.milestones.map((m) => `${formatDate(m.dueDate)}: ${m.title}${m.done ? ' (done)' : ''}`),
        evidence: a.completionEvidence,
        reopenReason: a.status === 'reopened' ? a.reopenReason : null,
        updates: a.updates.map((u) => ({ text: u.note, meta: `${u.kind[0]?.toUpperCase()}${u.kind.slice(1)}, ${formatDate(u.at.toISOString())}${u.by ? `, ${u.by}` : ''}` })),
        orgForms: mayProgress(v, a),
        regulatorForms: reviewing && ['completed', 'verified'].includes(a.status),
        canVerify: reviewing && a.status === 'completed',
        progressAction: `/action-plan-actions/${a.id}/progress`,
        completeAction: `/action-plan-actions/${a.id}/complete`,
        verifyAction: `/action-plan-actions/${a.id}/verify`,
        reopenAction: `/action-plan-actions/${a.id}/reopen`,
        progressField: characterCount({ id: `progress-${a.id}`, name: 'text', label: { text: 'What has been done' }, rows: 2, value: typed(`progress-${a.id}`), max: PLAN_TEXT_MAX, errorMessage: errorFor(errors, `progress-${a.id}`) }),
        completeField: characterCount({ id: `complete-${a.id}`, name: 'text', label: { text: 'Evidence that it is complete' }, rows: 2, value: typed(`complete-${a.id}`), max: PLAN_TEXT_MAX, errorMessage: errorFor(errors, `complete-${a.id}`) }),
        reopenField: characterCount({ id: `reopen-${a.id}`, name: 'text', label: { text: 'Why it is reopened' }, rows: 2, value: typed(`reopen-${a.id}`), max: PLAN_TEXT_MAX, errorMessage: errorFor(errors, `reopen-${a.id}`) }),
      };
    }),
    addForm: editable
      ? {
          action: `${base}/actions`,
          title: characterCount({ id: 'title', name: 'title', label: { text: 'Action' }, hint: 'What will be done.', value: form.title, max: TEXT_LIMITS.title, rows: 2, errorMessage: errorFor(errors, 'title') }),
          ...ownerFields(choices, form, errors),
          due: dueDateInput(form, errors, `For example, ${exampleDate(today)}. Leave it empty for an action answering a breach under a notice: it is then due by the date to comply by.`),
          covers: coversChoices(v, form, errors),
          milestones: characterCount({ id: 'milestones', name: 'milestones', label: { text: 'Milestones (optional)' }, hint: 'One a line: a date as day, month and year, then what will be done. For example, 30 10 2026 Audit of complaints.', value: form.milestones, max: TEXT_LIMITS.long, rows: 3, errorMessage: errorFor(errors, 'milestones') }),
        }
      : null,
    submitAction: v.you.canSubmit && v.actions.length ? `${base}/submit` : null,
    revise: v.you.canRevise
      ? { action: `${base}/revise`, reason: characterCount({ id: 'reason', name: 'reason', label: { text: 'Why does the accepted plan need to change?', classes: 'govuk-label--s' }, hint: 'The regulator reviews the revised plan again. The reason is kept with the plan.', rows: 3, value: typed('reason'), max: PLAN_TEXT_MAX, errorMessage: errorFor(errors, 'reason') }) }
      : null,
    review: reviewing && v.plan?.status === 'submitted'
      ? {
          action: `${base}/review`,
          decision: { name: 'decision', idPrefix: 'decision', fieldset: { legend: { text: 'Your decision on the plan', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'decision'), items: [{ value: 'accept', text: 'Accept the plan', checked: typed('decision') === 'accept' }, { value: 'return', text: 'Return it for changes', checked: typed('decision') === 'return' }] },
          note: characterCount({ id: 'note', name: 'note', label: { text: 'Note to the organisation' }, hint: 'Needed when you return the plan', rows: 3, value: typed('note'), max: PLAN_TEXT_MAX, errorMessage: errorFor(errors, 'note') }),
        }
      : null,
  };
}

/** A hint example a few weeks ahead of today, written as people type it: "20 11 2026". */
function exampleDate(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 28);
  return `${d.getUTCDate()} ${d.getUTCMonth() + 1} ${d.getUTCFullYear()}`;
}

/** May the person looking record progress on the action: its owner organisation or the lead, once the plan exists. */
function mayProgress(v: ActionPlanView, a: ActionView): boolean {
  if (v.you.side !== 'organisation' || !v.plan || ['completed', 'verified', 'withdrawn'].includes(a.status)) return false;
  return v.you.isLead || (!!a.ownerOrganisation && v.you.organisationIds.includes(a.ownerOrganisation.id));
}

export interface EditActionForm extends NewActionForm {
  note: string;
}

export function editActionPage(v: ActionPlanView, a: ActionView, choices: OwnerChoices, today: string, opts: { errors?: readonly FieldError[]; form?: EditActionForm; withdrawReason?: string } = {}) {
  const errors = opts.errors ?? [];
  const [y, m, d] = a.dueDate.split('-');
  const form: EditActionForm = opts.form ?? {
    title: a.title,
    ownerOrganisationId: a.ownerOrganisation?.id ?? '',
    ownerUserId: a.ownerUserId ?? '',
    ownerName: a.ownerUserId ? '' : a.ownerName,
    due: { day: String(Number(d)), month: String(Number(m)), year: y ?? '' },
    covers: a.items.map((i) => `${i.kind}:${i.id}`),
    milestones: '',
    note: '',
  };
  return {
    pageTitle: pageTitle(`Change action ${a.position} – ${v.inspection.reference}`, errors),
    errorSummary: errorSummary(errors),
    caption: `${v.inspection.reference} – ${v.inspection.subjectName}`,
    heading: `Change action ${a.position}`,
    backHref: actionPlanPath(v.inspection.id),
    action: `/action-plan-actions/${a.id}/edit`,
    withdrawAction: `/action-plan-actions/${a.id}/withdraw`,
    history: a.updates.map((u) => ({ text: u.note, meta: `${u.kind[0]?.toUpperCase()}${u.kind.slice(1)}, ${formatDate(u.at.toISOString())}${u.by ? `, ${u.by}` : ''}` })),
    title: characterCount({ id: 'title', name: 'title', label: { text: 'Action' }, hint: 'What will be done.', value: form.title, max: TEXT_LIMITS.title, rows: 2, errorMessage: errorFor(errors, 'title') }),
    ...ownerFields(choices, form, errors),
    due: dueDateInput(form, errors, `For example, ${exampleDate(today)}. A new due date cannot be in the past.`),
    covers: coversChoices(v, form, errors),
    milestones: characterCount({ id: 'milestones', name: 'milestones', label: { text: 'More milestones (optional)' }, hint: 'One a line: a date as day, month and year, then what will be done.', value: form.milestones, max: TEXT_LIMITS.long, rows: 2, errorMessage: errorFor(errors, 'milestones') }),
    note: { id: 'note', name: 'note', label: { text: 'Why are you changing it? (optional)', classes: 'govuk-label--s' }, value: form.note, rows: 2 },
    reason: characterCount({ id: 'reason', name: 'reason', label: { text: 'Why is the action withdrawn?', classes: 'govuk-label--s' }, hint: 'The reason is kept in the action’s history. Any recommendation it answered must then be answered by another action.', value: opts.withdrawReason ?? '', max: PLAN_TEXT_MAX, rows: 2, errorMessage: errorFor(errors, 'reason') }),
  };
}
