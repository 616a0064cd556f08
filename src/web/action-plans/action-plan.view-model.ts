/** The action plan page: coverage, actions with their history, and the forms each side may use. Pure. */
import { isOverdue, type ActionStatus } from '../../domain/action-plans/action-plan.js';
import type { FieldError } from '../../services/errors.js';
import type { ActionPlanView } from '../../services/action-plans/action-plan.service.js';
import { characterCount, dateError, dateInputItems, TEXT_LIMITS, type DateParts } from '../form-validation.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { forPeople, howWorkedOut } from '../plain-words.js';
import { formatDate } from '../register/register-format.js';

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
  ownerName: string;
  due: DateParts;
  covers: string[];
  milestones: string;
}

export function actionPlanPage(v: ActionPlanView, today: string, opts: { errors?: readonly FieldError[]; form?: NewActionForm; notice?: string } = {}) {
  const errors = opts.errors ?? [];
  const form = opts.form ?? { title: '', ownerName: '', due: { day: '', month: '', year: '' }, covers: [], milestones: '' };
  const labelOf = new Map(v.items.map((i) => [`${i.kind}:${i.id}`, i.label]));
  const base = `/inspections/${v.inspection.id}/action-plan`;
  const editable = v.you.canEdit;
  const reviewing = v.you.canReview;
  return {
    pageTitle: pageTitle(`Action plan – ${v.inspection.reference}`, errors),
    errorSummary: errorSummary(errors),
    notice: opts.notice ? ({ added: 'Action added.', submitted: 'Your action plan has been sent to the regulator.', reviewed: 'Your review has been recorded.', updated: 'The action has been updated.' } as Record<string, string>)[opts.notice] ?? null : null,
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
        owner: a.ownerName,
        due: formatDate(a.dueDate),
        status: STATUS[a.status],
        overdue,
        complyByWarning: a.complyByWarning,
        covers: a.items.map((i) => labelOf.get(`${i.kind}:${i.id}`) ?? ''),
        milestones: a.milestones.map((m) => `${formatDate(m.dueDate)}: ${m.title}${m.done ? ' (done)' : ''}`),
        evidence: a.completionEvidence,
        reopenReason: a.status === 'reopened' ? a.reopenReason : null,
        updates: a.updates.map((u) => ({ text: u.note, meta: `${u.kind[0]?.toUpperCase()}${u.kind.slice(1)}, ${formatDate(u.at.toISOString())}${u.by ? `, ${u.by}` : ''}` })),
        orgForms: editable || (v.you.side === 'organisation' && v.plan !== null) ? !['completed', 'verified'].includes(a.status) : false,
        regulatorForms: reviewing && ['completed', 'verified'].includes(a.status),
        canVerify: reviewing && a.status === 'completed',
        progressAction: `/action-plan-actions/${a.id}/progress`,
        completeAction: `/action-plan-actions/${a.id}/complete`,
        verifyAction: `/action-plan-actions/${a.id}/verify`,
        reopenAction: `/action-plan-actions/${a.id}/reopen`,
        progressField: { id: `progress-${a.id}`, name: 'text', label: { text: 'What has been done' }, rows: 2, errorMessage: errorFor(errors, `progress-${a.id}`) },
        completeField: { id: `complete-${a.id}`, name: 'text', label: { text: 'Evidence that it is complete' }, rows: 2, errorMessage: errorFor(errors, `complete-${a.id}`) },
        reopenField: { id: `reopen-${a.id}`, name: 'text', label: { text: 'Why it is reopened' }, rows: 2, errorMessage: errorFor(errors, `reopen-${a.id}`) },
      };
    }),
    addForm: editable
      ? {
          action: `${base}/actions`,
          title: characterCount({ id: 'title', name: 'title', label: { text: 'Action' }, hint: 'What will be done.', value: form.title, max: TEXT_LIMITS.title, rows: 2, errorMessage: errorFor(errors, 'title') }),
          ownerName: { id: 'ownerName', name: 'ownerName', label: { text: 'Owner' }, hint: { text: `The person responsible, with their role. Up to ${TEXT_LIMITS.name} characters.` }, value: form.ownerName, errorMessage: errorFor(errors, 'ownerName') },
          due: {
            id: 'due',
            namePrefix: 'due',
            fieldset: { legend: { text: 'Due date', classes: 'govuk-fieldset__legend--s' } },
            hint: { text: `For example, ${exampleDate(today)}. Leave it empty for an action answering a breach under a notice: it is then due by the date to comply by.` },
            errorMessage: dateError('due', errors),
            items: dateInputItems('due', form.due, errors),
          },
          covers: {
            idPrefix: 'covers',
            name: 'covers',
            fieldset: { legend: { text: 'Which recommendations and breaches does it answer?', classes: 'govuk-fieldset__legend--s' } },
            errorMessage: errorFor(errors, 'covers'),
            items: v.items.map((i) => ({ value: `${i.kind}:${i.id}`, text: i.label, checked: form.covers.includes(`${i.kind}:${i.id}`) })),
          },
          milestones: characterCount({ id: 'milestones', name: 'milestones', label: { text: 'Milestones (optional)' }, hint: 'One a line: a date as day, month and year, then what will be done. For example, 30 10 2026 Audit of complaints.', value: form.milestones, max: TEXT_LIMITS.long, rows: 3, errorMessage: errorFor(errors, 'milestones') }),
        }
      : null,
    submitAction: editable && v.actions.length ? `${base}/submit` : null,
    review: reviewing && v.plan?.status === 'submitted'
      ? {
          action: `${base}/review`,
          decision: { name: 'decision', idPrefix: 'decision', fieldset: { legend: { text: 'Your decision on the plan', classes: 'govuk-fieldset__legend--s' } }, errorMessage: errorFor(errors, 'decision'), items: [{ value: 'accept', text: 'Accept the plan' }, { value: 'return', text: 'Return it for changes' }] },
          note: { id: 'note', name: 'note', label: { text: 'Note to the organisation' }, hint: { text: 'Needed when you return the plan' }, rows: 3, errorMessage: errorFor(errors, 'note') },
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
