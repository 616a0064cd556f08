/**
 * Plain words for people. Rule sets carry versions and identifiers ("deadlines@2026-12-01",
 * "evidence-due-date/1", "saf-2024", "UNVERIFIED") so staff can check how a result was worked out;
 * people read what the rule means. `forPeople` turns an explanation into the words everyone reads;
 * `howWorkedOut` gives staff pages the closed "How this was worked out" details with the exact
 * identifiers and versions. Pure.
 */
import { forPeople } from '../domain/shared/plain-words.js';
import { escapeHtml } from './escape-html.js';

export { forPeople };

/** GOV.UK details params for staff: "How this was worked out", closed, with the exact rule lines. */
export function howWorkedOut(lines: readonly string[], version?: string | null): { summaryText: string; html: string } | null {
  const all = [...(version ? [`Rule version: ${version}`] : []), ...lines].filter((l) => l.trim());
  if (!all.length) return null;
  return { summaryText: 'How this was worked out', html: `<ul class="govuk-list govuk-body-s">${all.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` };
}


export { article, countOf, withArticle } from '../domain/shared/plain-words.js';
