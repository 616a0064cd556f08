/** Rating review request pages (issue 19): the request form, the list and one request with its decisions. Pure. */
import { REVIEW_MAX_WORDS } from '../../domain/rating-review/rating-review-rules.js';
import { RATINGS } from '../../domain/vocabulary/ratings.js';
import type { FieldError } from '../../services/errors.js';
import { REVIEW_STATUS_TEXT, REVIEW_SUBJECT_LABELS, REVIEW_SUBJECTS, type ReviewDetail, type ReviewListRow, type ReviewRequestPage } from '../../services/provider-portal/rating-review.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { characterCount, TEXT_LIMITS } from '../form-validation.js';
import { formatDateTime } from '../home/home.view-model.js';
import { formatDate } from '../register/register-format.js';
import { inspectionPath, ratingReviewPath } from '../paths.js';

function statusTag(status: keyof typeof REVIEW_STATUS_TEXT) {
  return { text: REVIEW_STATUS_TEXT[status], classes: status === 'completed' ? 'govuk-tag--green' : status === 'refused' ? 'govuk-tag--red' : status === 'under_review' ? 'govuk-tag--blue' : 'govuk-tag--grey' };
}

export function requestFormPage(p: ReviewRequestPage, values: { grounds: string; confirmsProcessGrounds: boolean }, errors: readonly FieldError[], today: string) {
  const open = today <= p.deadline.due;
  return {
    pageTitle: pageTitle(`Ask for a review of ratings: ${p.report.reference}`, errors),
    errorSummary: errorSummary(errors),
    caption: `${p.report.subjectName}: inspection ${p.report.reference}`,
    published: formatDate(p.report.publicationDate),
    due: formatDate(p.deadline.due),
    open,
    existing: p.existing ? { href: ratingReviewPath(p.existing.id), status: statusTag(p.existing.status) } : null,
    capacityText: p.capacities.length ? `You are asking as the ${p.capacities.map((c) => c.text.toLowerCase()).join(' and ')}.` : null,
    noCapacity: p.capacities.length === 0,
    ratings: { rows: p.report.ratings.map((r) => ({ key: { text: REVIEW_SUBJECT_LABELS[r.subject as keyof typeof REVIEW_SUBJECT_LABELS] ?? r.subject }, value: { text: r.rating } })) },
    action: inspectionPath(p.report.inspectionId, '/rating-review'),
    grounds: {
      id: 'grounds',
      name: 'grounds',
      label: { text: 'How was the process for making the ratings decision not followed?', classes: 'govuk-label--m' },
      hint: { text: `A review looks only at whether we followed our process for reaching the ratings, not at whether you agree with the judgement. Up to ${REVIEW_MAX_WORDS} words.` },
      maxwords: REVIEW_MAX_WORDS,
      value: values.grounds,
      rows: 12,
      errorMessage: errorFor(errors, 'grounds'),
    },
    confirm: {
      idPrefix: 'confirmsProcessGrounds',
      name: 'confirmsProcessGrounds',
      errorMessage: errorFor(errors, 'confirmsProcessGrounds'),
      items: [{ value: 'yes', text: 'My request is about the process for making the ratings decision, not disagreement with the judgement', checked: values.confirmsProcessGrounds }],
    },
  };
}

export function listPage(rows: ReviewListRow[], reports: { inspectionId: string; reference: string; organisationName: string; publicationDate: string; due: string; open: boolean; requested: boolean }[], side: 'organisation' | 'regulator') {
  return {
    pageTitle: side === 'organisation' ? 'Reviews of ratings' : 'Requests for a review of ratings',
    side,
    reports: reports.map((r) => ({ text: `${r.organisationName}: inspection ${r.reference}, published ${formatDate(r.publicationDate)}`, href: inspectionPath(r.inspectionId, '/rating-review'), note: r.requested ? 'A review has been requested' : r.open ? `You can ask for a review until ${formatDate(r.due)}` : `The time to ask for a review ended on ${formatDate(r.due)}` })),
    rows: rows.map((r) => ({ href: ratingReviewPath(r.id), reference: r.reference, organisation: r.organisationName, received: formatDate(r.receivedAt.toISOString()), status: statusTag(r.status), reviewer: r.reviewerName ?? '' })),
  };
}

export interface DecisionForm {
  decision: string;
  reason: string;
  reviewerId: string;
}
export interface OutcomeForm {
  outcome: string;
  processFailure: string;
  summary: string;
  ratings: Record<string, string>;
}

export function detailPage(d: ReviewDetail, forms: { decision?: DecisionForm; outcome?: OutcomeForm }, errors: readonly FieldError[], notice?: string) {
  const r = d.request;
  const changes = (r.new_ratings as { subject: keyof typeof REVIEW_SUBJECT_LABELS; from: string; to: string }[] | null) ?? [];
  const dec = forms.decision ?? { decision: '', reason: '', reviewerId: '' };
  const out = forms.outcome ?? { outcome: '', processFailure: '', summary: '', ratings: Object.fromEntries(d.report.ratings.map((x) => [x.subject, x.rating])) };
  return {
    pageTitle: pageTitle(`Review of ratings: ${d.report.reference}`, errors),
    errorSummary: errorSummary(errors),
    notice: notice === 'sent' ? 'Your request has been sent. We have emailed you a receipt.' : notice === 'saved' ? 'Saved.' : null,
    caption: `${d.report.subjectName}: inspection ${d.report.reference}, published ${formatDate(d.report.publicationDate)}`,
    status: statusTag(r.status),
    summary: {
      rows: [
        { key: { text: 'Asked by' }, value: { text: `${d.requestedByName} (${r.capacity.replace(/_/g, ' ')})` } },
        { key: { text: 'Received' }, value: { text: formatDateTime(r.received_at) } },
        { key: { text: 'Words' }, value: { text: String(r.word_count) } },
        ...(d.decidedByName ? [{ key: { text: 'Grounds decided by' }, value: { text: `${d.decidedByName}, ${r.grounds_decision_at ? formatDateTime(r.grounds_decision_at) : ''}` } }] : []),
        ...(r.grounds_decision_reason ? [{ key: { text: r.status === 'refused' ? 'Why it was refused' : 'Note on the grounds' }, value: { text: r.grounds_decision_reason } }] : []),
        ...(d.reviewerName ? [{ key: { text: 'Reviewer' }, value: { text: d.reviewerName } }] : []),
      ],
    },
    grounds: r.grounds,
    outcome:
      r.status === 'completed'
        ? { changed: r.outcome === 'changed', changes: changes.map((c) => `${REVIEW_SUBJECT_LABELS[c.subject]}: ${c.from} → ${c.to}`), summary: r.outcome_summary ?? '', processFailure: d.side === 'regulator' || r.outcome === 'changed' ? r.process_failure : null, on: r.completed_at ? formatDate(r.completed_at.toISOString()) : '' }
        : null,
    decide:
      d.youManage && r.status === 'received'
        ? {
            action: ratingReviewPath(r.id, '/decision'),
            decision: {
              idPrefix: 'decision',
              name: 'decision',
              fieldset: { legend: { text: 'Does the request meet the grounds for a review?', classes: 'govuk-fieldset__legend--s' } },
              errorMessage: errorFor(errors, 'decision'),
              items: [
                { value: 'accept', text: 'Yes: accept it and assign a reviewer', checked: dec.decision === 'accept' },
                { value: 'refuse', text: 'No: refuse it (it is not about the process, or the process was followed)', checked: dec.decision === 'refuse' },
              ],
            },
            reviewer: {
              id: 'reviewerId',
              name: 'reviewerId',
              label: { text: 'Reviewer (if accepted)', classes: 'govuk-label--s' },
              hint: { text: 'Only people who were not on the inspection team and did not approve its report or judgement are listed.' },
              errorMessage: errorFor(errors, 'reviewerId'),
              items: [{ value: '', text: 'Choose a reviewer' }, ...d.reviewers.map((u) => ({ value: u.id, text: u.name, selected: dec.reviewerId === u.id }))],
            },
            reason: characterCount({ id: 'reason', name: 'reason', label: { text: 'Reasons', classes: 'govuk-label--s' }, hint: 'Needed when you refuse: the organisation reads them.', value: dec.reason, max: TEXT_LIMITS.long, errorMessage: errorFor(errors, 'reason'), rows: 5 }),
          }
        : null,
    review:
      d.youReview && r.status === 'under_review'
        ? {
            action: ratingReviewPath(r.id, '/outcome'),
            ratings: REVIEW_SUBJECTS.filter((s) => d.report.ratings.some((x) => x.subject === s)).map((s) => ({
              id: `rating-${s}`,
              name: `rating-${s}`,
              label: { text: `${REVIEW_SUBJECT_LABELS[s]} (published: ${d.report.ratings.find((x) => x.subject === s)!.rating})`, classes: 'govuk-label--s' },
              errorMessage: errorFor(errors, `rating-${s}`),
              items: RATINGS.map((x) => ({ value: x, text: x, selected: out.ratings[s] === x })),
            })),
            outcome: {
              idPrefix: 'outcome',
              name: 'outcome',
              fieldset: { legend: { text: 'Outcome', classes: 'govuk-fieldset__legend--s' } },
              errorMessage: errorFor(errors, 'outcome'),
              items: [
                { value: 'unchanged', text: 'The ratings stay as published', checked: out.outcome === 'unchanged' },
                { value: 'changed', text: 'The ratings change', checked: out.outcome === 'changed' },
              ],
            },
            processFailure: characterCount({ id: 'processFailure', name: 'processFailure', label: { text: 'The failure in the ratings process you found', classes: 'govuk-label--s' }, hint: 'Needed when a rating changes.', value: out.processFailure, max: TEXT_LIMITS.long, errorMessage: errorFor(errors, 'processFailure'), rows: 5 }),
            summary: characterCount({ id: 'summary', name: 'summary', label: { text: 'The outcome, as the organisation and the public will read it', classes: 'govuk-label--s' }, value: out.summary, max: 3000, errorMessage: errorFor(errors, 'summary'), rows: 5 }),
          }
        : null,
  };
}
