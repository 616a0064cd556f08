/**
 * Rule text in plain words: rule sets carry versions and identifiers ("deadlines@2026-12-01",
 * "evidence-due-date/1", "saf-2024", "UNVERIFIED") so staff can check how a result was worked out;
 * people read what the rule means. Pure.
 */
import { humaniseIsoDates } from './dates.js';

export const METHOD_WORDS: Record<string, string> = {
  'saf-2024': 'single assessment framework scoring (2024)',
  'saf-2023': 'single assessment framework scoring (2023)',
  'asc-principles': 'adult social care principles',
  'primary-medical': 'primary medical services principles',
  'nhs-trust': 'NHS trust principles',
};

const RULE_ID = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\/\d+(?!\.\d)|@\d{4}(?:-\d{2}){0,2}(?:-\d{4})?)/g;

/** An explanation as everyone reads it: no identifiers, versions or "UNVERIFIED"; dates in words. */
export function forPeople(text: string): string {
  let s = text;
  // "(template enforcement-documents/1)", "(deadlines@2026-12-01; 30 instead of 28 by …)", "(evidence-due-date/1: short notice …)"
  s = s.replace(/\((?:template |rule |rules |method )?[a-z][a-z0-9-]*(?:\/\d+|@[\d-]+)(?::\s*|;\s*)?/g, '(');
  s = s.replace(/\(UNVERIFIED option [^)]*\)/g, '(a setting that can be changed)');
  s = s.replace(/\s*\(UNVERIFIED\)/g, ' (not yet confirmed)');
  s = s.replace(/\bUNVERIFIED\b/g, 'not yet confirmed');
  s = s.replace(RULE_ID, '');
  for (const [id, words] of Object.entries(METHOD_WORDS)) s = s.replace(new RegExp(`\\b${id}\\b`, 'g'), words);
  s = humaniseIsoDates(s);
  return s
    .replace(/\(\s*\)/g, '')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s+([.,;:])/g, '$1')
    .replace(/:\s*\./g, '.')
    .replace(/\s{2,}/g, ' ')
    .trim();
}


/**
 * "Regulation 17(1) and 17(2)(a) and (b)" from a regulation number and the paragraphs as recorded
 * ("17(1), 17(2)(a)(b)", "(1)", "2(a)"), never "Regulation 17(17(1), 17(2)(a)(b))".
 */
export function regulationReference(regulation: string, paragraph?: string | null): string {
  const reg = regulation.trim();
  const parts = (paragraph ?? '')
    .split(/\s*(?:,|;|\band\b)\s*/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.startsWith(reg) ? p : p.startsWith('(') ? `${reg}${p}` : /^\d/.test(p) && !p.startsWith(`${reg}(`) ? `${reg}(${p.replace(/^(\d+)/, '$1)').replace(/\)\)/, ')')}` : `${reg}${p}`))
    .map((p) => {
      // 17(2)(a)(b) → 17(2)(a) and (b)
      const m = /^(\d+[A-Z]?(?:\(\d+\))?)((?:\([a-z]+\))+)$/.exec(p);
      if (!m) return p;
      const letters = m[2]!.match(/\([a-z]+\)/g) ?? [];
      return letters.length > 1 ? `${m[1]}${letters.slice(0, -1).join(', ')} and ${letters[letters.length - 1]}` : p;
    });
  if (!parts.length) return `Regulation ${reg}`;
  return `Regulation ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]}`;
}
