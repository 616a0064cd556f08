/** The "find what to inspect" page: a search form and a results table whose rows fill in the plan form. */
import type { SubjectKind, SubjectMatch } from '../../services/inspections/subject-search.service.js';
import { escapeHtml } from '../escape-html.js';
import { findSubjectPath, newInspectionPath } from '../paths.js';

const KIND_LABEL: Record<SubjectMatch['kind'], string> = { location: 'Location', provider: 'Provider', commissioner: 'Commissioner', local_authority: 'Local authority' };

export function planHrefFor(m: Pick<SubjectMatch, 'kind' | 'code'>): string {
  return newInspectionPath({ subjectType: m.kind, subjectCode: m.code });
}


export function subjectFinderPage(q: string, kind: SubjectKind | null, page: number, result: { matches: SubjectMatch[]; more: boolean }) {
  const query = (p: number) => findSubjectPath({ q, type: kind ?? undefined, page: p > 1 ? String(p) : undefined });
  const searched = q.trim().length >= 2;
  return {
    pageTitle: searched ? `Results for “${q}”: find what to inspect` : 'Find what to inspect',
    q,
    searched,
    tooShort: q.trim().length === 1,
    kindSelect: {
      id: 'type',
      name: 'type',
      label: { text: 'Looking for', classes: 'govuk-label--s' },
      items: [
        { value: '', text: 'Locations and providers', selected: !kind },
        { value: 'location', text: 'A location (a GP practice is a location)', selected: kind === 'location' },
        { value: 'provider', text: 'A provider (for a provider-level inspection)', selected: kind === 'provider' },
      ],
    },
    queryInput: {
      id: 'q',
      name: 'q',
      value: q,
      label: { text: 'Name, postcode, CQC ID or ODS code', classes: 'govuk-label--s' },
      hint: { text: 'For example Stopsley Village Practice, LU2 9AU, 1-545611283 or E81006' },
      autocomplete: 'off',
      spellcheck: false,
    },
    count: result.matches.length,
    table: result.matches.length
      ? {
          caption: 'Matching locations and providers',
          captionClasses: 'govuk-visually-hidden',
          firstCellIsHeader: true,
          head: [{ text: 'Name' }, { text: 'Kind' }, { text: 'ID' }, { text: 'Address' }, { text: 'Status' }, { html: '<span class="govuk-visually-hidden">Action</span>' }],
          rows: result.matches.map((m) => [
            { html: `${escapeHtml(m.name)}${m.providerName && m.kind === 'location' ? `<br><span class="govuk-body-s">${escapeHtml(m.providerName)}</span>` : ''}` },
            { text: KIND_LABEL[m.kind] },
            { html: `${escapeHtml(m.code)}${m.odsCode && m.odsCode !== m.code ? `<br><span class="govuk-body-s">ODS ${escapeHtml(m.odsCode)}</span>` : ''}` },
            { text: [m.town, m.postcode].filter(Boolean).join(', ') },
            { text: m.registrationStatus ?? '' },
            { html: `<a class="govuk-link" href="${escapeHtml(planHrefFor(m))}" data-testid="choose-subject">Plan an inspection<span class="govuk-visually-hidden"> of ${escapeHtml(m.name)} as a ${m.kind}</span></a>` },
          ]),
        }
      : null,
    previousHref: page > 1 ? query(page - 1) : null,
    nextHref: result.more ? query(page + 1) : null,
  };
}
