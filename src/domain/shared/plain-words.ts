/**
 * Rule text in plain words: rule sets carry versions and identifiers ("deadlines@2026-12-01",
 * "evidence-due-date/1", "saf-2024", "UNVERIFIED") so staff can check how a result was worked out;
 * people read what the rule means. Pure.
 */
import { humaniseIsoDates } from './dates.js';

export const METHOD_WORDS: Record<string, string> = {
  'saf-2024': 'single assessment framework scoring',
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

