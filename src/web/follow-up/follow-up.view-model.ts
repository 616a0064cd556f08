/** The follow-up dashboard and the "plan a focused follow-up inspection" form. Pure. */
import { dateInput, isoDateParts, type DateParts } from '../form-validation.js';
import { KEY_QUESTIONS } from '../../domain/vocabulary/key-questions.js';
import type { FieldError } from '../../services/errors.js';
import { keyQuestionName, type FollowUpRow, type FollowUpTarget } from '../../services/follow-up/follow-up.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDate, ratingTag } from '../register/register-format.js';
import { locationPath, organisationPath } from '../paths.js';

const KIND_WORDS: Record<string, string> = { provider: 'Provider', location: 'Location', commissioner: 'Commissioner', local_authority: 'Local authority' };
const INSPECTED_KINDS = new Set(['location', 'provider']);

export function dashboardPage(result: { rows: FollowUpRow[]; total: number; page: number; pages: number }, q = '') {
  const { rows, total, page, pages } = result;
  const href = (p: number) => `/follow-up?${new URLSearchParams({ ...(q ? { q } : {}), ...(p > 1 ? { page: String(p) } : {}) }).toString()}`.replace(/\?$/, '');
  const what = total === 1 ? 'service or provider' : 'services and providers';
  return {
    pageTitle: q ? `Follow-up: results for “${q}”` : page > 1 ? `Follow-up: page ${page} of ${pages}` : 'Follow-up',
    q,
    countText:
      total === 0
        ? q
          ? `Nothing that needs following up matches “${q}”.`
          : 'Nothing needs following up.'
        : `${total.toLocaleString('en-GB')} ${what} ${q ? `matching “${q}” ` : ''}${total === 1 ? 'needs' : 'need'} following up${pages > 1 ? `, showing page ${page} of ${pages}` : ''}.`,
    pagination:
      pages > 1
        ? {
            ...(page > 1 ? { previous: { href: href(page - 1) } } : {}),
            ...(page < pages ? { next: { href: href(page + 1) } } : {}),
            items: Array.from({ length: pages }, (_, i) => i + 1)
              .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
              .map((n) => ({ number: n, href: href(n), ...(n === page ? { current: true } : {}) })),
          }
        : null,
    rows: rows.map((r) => ({
      name: r.name,
      href: r.locationId ? locationPath(encodeURIComponent(r.locationId)) : null,
      kind: KIND_WORDS[r.kind] ?? 'Organisation',
      rating: ratingTag(r.rating),
      ratingDate: r.ratingDate ? `Published ${formatDate(r.ratingDate)}` : INSPECTED_KINDS.has(r.kind) ? 'No published rating' : 'Not rated as a service',
      reinspect: r.reinspectBy ? `${r.reinspectOverdue ? 'Overdue: was due by' : 'By'} ${formatDate(r.reinspectBy)}` : INSPECTED_KINDS.has(r.kind) ? 'Not known' : 'Does not apply',
      reinspectOverdue: r.reinspectOverdue,
      enforcement: r.enforcement.map(
        (e) =>
          `${e.kind.replace(/-/g, ' ')} (${e.state.replace(/_/g, ' ')})${e.deadlines.length ? `: ${e.deadlines.map((d) => `${d.title} by ${formatDate(d.due)}`).join('; ')}` : ''}${
            e.complyBy ? `. To comply by ${formatDate(e.complyBy)}` : ''
          }${e.complianceCheck ? `; check compliance between ${formatDate(e.complianceCheck.earliest)} and ${formatDate(e.complianceCheck.latest)}${e.complianceCheck.overdue ? ' (overdue)' : ''}` : ''}`,
      ),
      overdueActions: r.overdueActions,
      openConcerns: r.openConcerns,
      // Only a location or a provider is inspected as a service; a commissioner or council with an
      // overdue action (from an area review) is followed up through its own page.
      planHref: INSPECTED_KINDS.has(r.kind) ? `/follow-up/${r.organisationId}/inspection` : null,
      organisationHref: INSPECTED_KINDS.has(r.kind) ? null : organisationPath(r.organisationId),
    })),
  };
}

export interface FollowUpForm {
  keyQuestions: string[];
  leadInspectorId: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  noticeType: string;
}

export function planPage(t: FollowUpTarget, form: FollowUpForm | null, errors: readonly FieldError[], dates?: { fieldworkStart: DateParts; fieldworkEnd: DateParts }) {
  const f = form ?? { keyQuestions: t.suggested, leadInspectorId: '', fieldworkStart: t.proposedStart ?? '', fieldworkEnd: '', noticeType: 'announced' };
  return {
    pageTitle: pageTitle(`Plan a focused inspection of ${t.organisation.name}`, errors),
    errorSummary: errorSummary(errors),
    name: t.organisation.name,
    action: `/follow-up/${t.organisation.id}/inspection`,
    current: KEY_QUESTIONS.map((k) => {
      const c = t.carriedForward.keyQuestions[k];
      return { name: keyQuestionName(k), tag: ratingTag(c.rating), date: c.date ? formatDate(c.date) : 'No rating' };
    }),
    explanation: t.carriedForward.explanation,
    complianceChecks: t.complianceChecks.map((c) => ({ text: `${c.kind.replace(/-/g, ' ')}: to comply by ${formatDate(c.complyBy)}`, lines: c.window.explanation.map((l) => l.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (d) => formatDate(d))) })),
    keyQuestions: {
      idPrefix: 'keyQuestions',
      name: 'keyQuestions',
      fieldset: { legend: { text: 'Which key questions will it look at?', classes: 'govuk-fieldset__legend--s' } },
      hint: { text: 'Key questions rated requires improvement or inadequate are selected. The others keep their current ratings and dates.' },
      errorMessage: errorFor(errors, 'keyQuestions'),
      items: KEY_QUESTIONS.map((k) => ({ value: k, text: keyQuestionName(k), checked: f.keyQuestions.includes(k) })),
    },
    lead: { id: 'leadInspectorId', name: 'leadInspectorId', label: { text: 'Lead inspector' }, errorMessage: errorFor(errors, 'leadInspectorId'), items: [{ value: '', text: 'Choose' }, ...t.leadInspectors.map((l) => ({ value: l.id, text: l.name, selected: l.id === f.leadInspectorId }))] },
    notice: {
      name: 'noticeType',
      idPrefix: 'noticeType',
      fieldset: { legend: { text: 'Notice', classes: 'govuk-fieldset__legend--s' } },
      errorMessage: errorFor(errors, 'noticeType'),
      items: [
        { value: 'announced', text: 'Announced', checked: f.noticeType === 'announced' },
        { value: 'short_notice', text: 'Short notice', checked: f.noticeType === 'short_notice' },
        { value: 'unannounced', text: 'Unannounced', checked: f.noticeType === 'unannounced' },
      ],
    },
    start: dateInput('fieldworkStart', 'Fieldwork starts', dates?.fieldworkStart ?? isoDateParts(f.fieldworkStart), errors, { hint: 'For example, 12 1 2027' }),
    end: dateInput('fieldworkEnd', 'Fieldwork ends', dates?.fieldworkEnd ?? isoDateParts(f.fieldworkEnd), errors),
  };
}
