/** The "Enforcement" summary on a location's or provider's public page (issue 16). Pure. */
import type { PublicEnforcementEntry } from '../../services/register/public-enforcement.service.js';
import { formatDate } from './register-format.js';

export interface EnforcementSummaryRow {
  heading: string;
  lines: { label: string; value: string }[];
  outcome: { text: string; tagText: string; tagClasses: string } | null;
  reportHref: string;
}

const TAG: Record<PublicEnforcementEntry['status'], { text: string; classes: string }> = {
  in_force: { text: 'In force', classes: 'govuk-tag--orange' },
  met: { text: 'Met', classes: 'govuk-tag--green' },
  partly_met: { text: 'Partly met', classes: 'govuk-tag--yellow' },
  not_met: { text: 'Not met', classes: 'govuk-tag--red' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
};

export function enforcementSummary(entries: readonly PublicEnforcementEntry[], opts: { showLocation?: boolean } = {}): EnforcementSummaryRow[] {
  return entries.map((e) => {
    const lines: { label: string; value: string }[] = [];
    if (opts.showLocation) lines.push({ label: 'Location', value: e.locationName });
    if (e.regulation) lines.push({ label: 'Regulation', value: e.regulation });
    if (e.takenOn) lines.push({ label: 'Taken on', value: formatDate(e.takenOn) });
    if (e.complyBy) lines.push({ label: 'To comply by', value: formatDate(e.complyBy) });
    const tag = TAG[e.status];
    return {
      heading: e.kindName,
      lines,
      outcome: { text: e.outcome ? `${e.outcome.text}${e.outcome.decidedOn ? ` (${formatDate(e.outcome.decidedOn)})` : ''}.` : e.status === 'ended' ? 'This action has ended.' : 'We have not yet checked whether the provider has done what was required.', tagText: tag.text, tagClasses: tag.classes },
      reportHref: e.reportUrl,
    };
  });
}
