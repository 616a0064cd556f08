/** The follow-up dashboard and the "plan a focused follow-up inspection" form. Pure. */
import { KEY_QUESTIONS } from '../../domain/framework/key-questions.data.js';
import type { FieldError } from '../../services/errors.js';
import { keyQuestionName, type FollowUpRow, type FollowUpTarget } from '../../services/follow-up/follow-up.service.js';
import { errorFor, errorSummary, pageTitle } from '../forms.view-model.js';
import { formatDate, ratingTag } from '../register/register-format.js';

export function dashboardPage(rows: FollowUpRow[]) {
  return {
    pageTitle: 'Follow-up',
    countText: rows.length === 0 ? 'Nothing needs following up.' : `${rows.length} ${rows.length === 1 ? 'service or provider needs' : 'services and providers need'} following up.`,
    rows: rows.map((r) => ({
      name: r.name,
      href: r.locationId ? `/locations/${encodeURIComponent(r.locationId)}` : null,
      kind: r.kind === 'provider' ? 'Provider' : 'Location',
      rating: ratingTag(r.rating),
      ratingDate: r.ratingDate ? `Published ${formatDate(r.ratingDate)}` : 'No published rating',
      reinspect: r.reinspectBy ? `${r.reinspectOverdue ? 'Overdue: was due by' : 'By'} ${formatDate(r.reinspectBy)}` : 'Not known',
      reinspectOverdue: r.reinspectOverdue,
      enforcement: r.enforcement.map(
        (e) =>
          `${e.kind.replace(/-/g, ' ')} (${e.state.replace(/_/g, ' ')})${e.deadlines.length ? `: ${e.deadlines.map((d) => `${d.title} by ${formatDate(d.due)}`).join('; ')}` : ''}${
            e.complyBy ? `. To comply by ${formatDate(e.complyBy)}` : ''
          }${e.complianceCheck ? `; check compliance between ${formatDate(e.complianceCheck.earliest)} and ${formatDate(e.complianceCheck.latest)}${e.complianceCheck.overdue ? ' (overdue)' : ''}` : ''}`,
      ),
      overdueActions: r.overdueActions,
      openConcerns: r.openConcerns,
      planHref: `/follow-up/${r.organisationId}/inspection`,
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

export function planPage(t: FollowUpTarget, form: FollowUpForm | null, errors: readonly FieldError[]) {
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
    start: { id: 'fieldworkStart', name: 'fieldworkStart', label: { text: 'Fieldwork starts' }, hint: { text: 'For example, 2027-01-12' }, value: f.fieldworkStart, classes: 'govuk-input--width-10', errorMessage: errorFor(errors, 'fieldworkStart') },
    end: { id: 'fieldworkEnd', name: 'fieldworkEnd', label: { text: 'Fieldwork ends' }, value: f.fieldworkEnd, classes: 'govuk-input--width-10', errorMessage: errorFor(errors, 'fieldworkEnd') },
  };
}
