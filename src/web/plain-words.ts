/**
 * Plain words for people. Rule sets carry versions and identifiers ("deadlines@2026-12-01",
 * "evidence-due-date/1", "saf-2024", "UNVERIFIED") so staff can check how a result was worked out;
 * people read what the rule means. `forPeople` turns an explanation into the words everyone reads;
 * `howWorkedOut` gives staff pages the closed "How this was worked out" details with the exact
 * identifiers and versions. Pure.
 */
import { forPeople } from '../domain/shared/plain-words.js';

export { forPeople };

/** GOV.UK details params for staff: "How this was worked out", closed, with the exact rule lines. */
export function howWorkedOut(lines: readonly string[], version?: string | null): { summaryText: string; html: string } | null {
  const all = [...(version ? [`Rule version: ${version}`] : []), ...lines].filter((l) => l.trim());
  if (!all.length) return null;
  const esc = (v: string) => v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
  return { summaryText: 'How this was worked out', html: `<ul class="govuk-list govuk-body-s">${all.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` };
}

/** "1 action", "2 actions"; `plural` for irregular nouns. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? singular : plural}`;
}

/** "a" or "an" before a word, by its sound (an NHS number, a user, an hour). */
export function article(word: string): 'a' | 'an' {
  if (/^(NHS|ODS|MRI|LSOA|RI|SI|H)\b/.test(word)) return /^H\b/.test(word) ? 'an' : 'an';
  if (/^(u[bcfhjkqrstn][aeiou]|uni|use|eu|one|once)/i.test(word)) return 'a';
  if (/^(hour|honest|honour|heir)/i.test(word)) return 'an';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
