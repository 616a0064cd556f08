/**
 * The personal-data check a report passes before approval and publication. It flags names of
 * people who use services, their families and staff; case references in the inspection's case
 * list format; NHS numbers; dates of birth; and, inside quotes, phone numbers, email addresses
 * and street addresses. Each flag is removed from the text or confirmed as allowed with a reason;
 * nothing that identifies a person who uses services (or their family) can ever be allowed.
 */
import { capitalise, withArticle } from '../shared/plain-words.js';
import { err, ok, type Result } from '../shared/result.js';
import type { ReportSection } from './report-sections.js';

export const PD_CHECK_VERSION = 'personal-data-check/1';

export const PD_KINDS = ['person_name', 'case_reference', 'nhs_number', 'date_of_birth', 'phone', 'email', 'address'] as const;
export type PdKind = (typeof PD_KINDS)[number];

export const PD_KIND_LABELS: Record<PdKind, string> = {
  person_name: 'Name of a person',
  case_reference: 'Case reference',
  nhs_number: 'NHS number',
  date_of_birth: 'Date of birth',
  phone: 'Phone number',
  email: 'Email address',
  address: 'Address',
};

export const PERSON_CATEGORIES = ['person_using_services', 'family', 'staff'] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

export const ALLOW_REASONS = ['public_role', 'not_a_person', 'not_identifying'] as const;
export type AllowReason = (typeof ALLOW_REASONS)[number];
export const ALLOW_REASON_LABELS: Record<AllowReason, string> = {
  public_role: 'A named person in a public or senior role (for example the registered manager), named with their agreement',
  not_a_person: 'Not a person: the name of a place, organisation, service or product',
  not_identifying: 'Does not identify anyone (for example a published service phone number)',
};

export interface KnownPerson {
  name: string;
  category: PersonCategory;
}

export interface PdCheckInput {
  sections: readonly ReportSection[];
  /** People connected with the inspection whose names must not appear unreviewed. */
  knownPeople: readonly KnownPerson[];
  /** The inspection's case references (pseudonymous, but still identifying). */
  caseReferences: readonly string[];
}

export interface PdFinding {
  fingerprint: string;
  sectionKey: string;
  kind: PdKind;
  matched: string;
  /** About 40 characters either side, for the reviewer. */
  context: string;
  personCategory: PersonCategory | null;
  inQuote: boolean;
  explanation: string;
}

interface Span {
  start: number;
  end: number;
}

function quoteSpans(body: string): Span[] {
  const spans: Span[] = [];
  const re = /“[^”]*”|"[^"\n]*"|^>.*$/gm;
  for (let m = re.exec(body); m; m = re.exec(body)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

const inside = (spans: Span[], i: number) => spans.some((s) => i >= s.start && i < s.end);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** A pattern for the inspection's case references: each reference's shape (letters, digits, hyphens). */
export function caseReferencePattern(refs: readonly string[]): RegExp | null {
  const shapes = new Set<string>();
  for (const ref of refs) {
    const shape = ref
      .trim()
      .match(/[A-Za-z]+|\d+|-/g)
      ?.map((part) => (/^\d+$/.test(part) ? `\\d{${part.length}}` : part === '-' ? '-' : `[A-Za-z]{${part.length}}`))
      .join('');
    if (shape && /\\d/.test(shape)) shapes.add(shape);
  }
  if (shapes.size === 0) return null;
  return new RegExp(`(?<![A-Za-z0-9-])(?:${[...shapes].join('|')})(?![A-Za-z0-9-])`, 'g');
}

const TITLE_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|Sister)\.?\s+[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?/g;
const RELATION_NAME = /\b(?:[Mm]y|[Oo]ur|[Hh]er|[Hh]is|[Tt]heir)\s+(?:son|daughter|child|baby|mum|mother|dad|father|husband|wife|partner|brother|sister|grandson|granddaughter|nan|gran|carer)\s+([A-Z][a-z'’-]+)/g;
const NAMED_NAME = /\b(?:called|named)\s+([A-Z][a-z'’-]+)/g;
const NHS_NUMBER = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;
const DATE = String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})`;
const DOB = new RegExp(String.raw`\b(?:born(?:\s+on)?|DOB|D\.O\.B\.?|date of birth)[:\s]+(${DATE})`, 'gi');
const BARE_DATE = new RegExp(DATE, 'g');
const PHONE = /(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b/g;
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const STREET = /\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z'’-]+\s+){1,3}(?:Road|Street|Avenue|Close|Lane|Drive|Way|Crescent|Gardens|Place|Court|Terrace|Grove|Hill|Rise|Row|Walk|Mews|Square)\b/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/g;

/** Every finding in the report, one per section, kind and text (repeats are one flag). */
export function checkPersonalData(input: PdCheckInput): PdFinding[] {
  const found = new Map<string, PdFinding>();
  const casePattern = caseReferencePattern(input.caseReferences);
  const exactRefs = new Set(input.caseReferences.map((r) => r.trim().toLowerCase()).filter(Boolean));
  for (const section of input.sections) {
    const body = section.body;
    const quotes = quoteSpans(body);
    const taken: Span[] = [];
    const add = (kind: PdKind, start: number, matched: string, explanation: string, personCategory: PersonCategory | null = null) => {
      const end = start + matched.length;
      if (taken.some((t) => start < t.end && end > t.start)) return;
      taken.push({ start, end });
      const fingerprint = `${section.key}|${kind}|${norm(matched)}`;
      if (found.has(fingerprint)) return;
      const context = `${start > 40 ? '…' : ''}${body.slice(Math.max(0, start - 40), Math.min(body.length, end + 40)).replace(/\s+/g, ' ')}${end + 40 < body.length ? '…' : ''}`;
      found.set(fingerprint, { fingerprint, sectionKey: section.key, kind, matched, context, personCategory, inQuote: inside(quotes, start), explanation });
    };
    const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
      const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
      for (let m = r.exec(body); m; m = r.exec(body)) fn(m);
    };

    // Identifiers first, so a number is not also read as a phone number.
    each(NHS_NUMBER, (m) => {
      const digits = m[0].replace(/\D/g, '');
      if (digits.startsWith('0') && !isValidNhsNumber(digits)) return;
      add('nhs_number', m.index, m[0], 'Ten digits in the shape of an NHS number');
    });
    each(DOB, (m) => {
      const date = m[1]!;
      add('date_of_birth', m.index + m[0].lastIndexOf(date), date, `A date given as a date of birth ("${m[0].slice(0, m[0].length - date.length).trim()}")`);
    });
    if (casePattern)
      each(casePattern, (m) => add('case_reference', m.index, m[0], exactRefs.has(m[0].toLowerCase()) ? "A reference from the inspection's case list" : "In the format of the inspection's case references"));

    // People the inspection knows about.
    for (const person of input.knownPeople) {
      const full = person.name.trim();
      if (full.length < 3) continue;
      each(new RegExp(`(?<![A-Za-z])${escapeRe(full)}(?![A-Za-z])`, 'gi'), (m) => add('person_name', m.index, m[0], `The name of ${categoryPhrase(person.category)}`, person.category));
      for (const part of full.split(/\s+/).filter((p) => p.length >= 3 && /^[A-Z]/.test(p))) {
        each(new RegExp(`(?<![A-Za-z])${escapeRe(part)}(?![A-Za-z])`, 'g'), (m) => {
          if (person.category === 'staff' && !inside(quotes, m.index)) return;
          add('person_name', m.index, m[0], `Part of the name of ${categoryPhrase(person.category)} (${full})`, person.category);
        });
      }
    }
    each(TITLE_NAME, (m) => add('person_name', m.index, m[0], 'A title followed by a name'));
    each(RELATION_NAME, (m) => add('person_name', m.index + m[0].lastIndexOf(m[1]!), m[1]!, 'A name given for a family member', 'family'));
    each(NAMED_NAME, (m) => add('person_name', m.index + m[0].lastIndexOf(m[1]!), m[1]!, 'A name introduced by "called" or "named"'));

    // Contact details and addresses in quotes.
    each(EMAIL, (m) => inside(quotes, m.index) && add('email', m.index, m[0], 'An email address in a quote'));
    each(PHONE, (m) => inside(quotes, m.index) && add('phone', m.index, m[0].trim(), 'A phone number in a quote'));
    each(STREET, (m) => inside(quotes, m.index) && add('address', m.index, m[0], 'A street address in a quote'));
    each(POSTCODE, (m) => inside(quotes, m.index) && add('address', m.index, m[0], 'A postcode in a quote'));
    each(BARE_DATE, (m) => inside(quotes, m.index) && add('date_of_birth', m.index, m[0], 'A date in a quote: could be a date of birth'));
  }
  return [...found.values()];
}

function categoryPhrase(c: PersonCategory): string {
  return c === 'person_using_services' ? 'a person who uses services' : c === 'family' ? "a family member of a person who uses services" : 'a member of staff';
}

/** NHS numbers carry a modulus 11 check digit. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

/** Kinds that always identify a person who uses services: they must be removed, never allowed. */
const NEVER_ALLOWED: readonly PdKind[] = ['case_reference', 'nhs_number', 'date_of_birth'];

export type PdResolution = { status: 'removed'; note?: string | null } | { status: 'allowed'; reason: AllowReason; note: string };

export interface FlagFacts {
  kind: PdKind;
  personCategory: PersonCategory | null;
  matched: string;
}

/** Whether a flag may be resolved this way, with the reason in words when not. */
export function checkResolution(flag: FlagFacts, resolution: PdResolution, stillInText: boolean): Result<PdResolution, { field: string; message: string }> {
  if (resolution.status === 'removed') {
    if (stillInText) return err({ field: 'status', message: `"${flag.matched}" is still in the report: edit the section to remove it, then mark it removed` });
    return ok(resolution);
  }
  if (NEVER_ALLOWED.includes(flag.kind)) return err({ field: 'status', message: `${capitalise(withArticle(PD_KIND_LABELS[flag.kind]))} identifies a person who uses services and can never be published: remove it` });
  if (flag.personCategory === 'person_using_services' || flag.personCategory === 'family') {
    return err({ field: 'status', message: `"${flag.matched}" is the name of ${categoryPhrase(flag.personCategory)} and can never be published: remove it` });
  }
  if (!(ALLOW_REASONS as readonly string[]).includes(resolution.reason)) return err({ field: 'reason', message: 'Choose why this is allowed' });
  if (!resolution.note || resolution.note.trim().length < 5) return err({ field: 'note', message: 'Explain why this can be published' });
  return ok({ ...resolution, note: resolution.note.trim() });
}

export interface StoredFlag {
  fingerprint: string;
  status: 'open' | 'removed' | 'allowed';
}

export interface FlagReconciliation {
  /** New findings to store as open flags. */
  added: PdFinding[];
  /** Flags marked removed (or allowed) whose text is back in the report: open again if removed. */
  reopened: string[];
  /** Open flags whose text is no longer in the report: resolved as removed. */
  cleared: string[];
}

/** Brings stored flags in line with a fresh check of the current text. */
export function reconcileFlags(stored: readonly StoredFlag[], findings: readonly PdFinding[]): FlagReconciliation {
  const present = new Set(findings.map((f) => f.fingerprint));
  const known = new Map(stored.map((s) => [s.fingerprint, s]));
  return {
    added: findings.filter((f) => !known.has(f.fingerprint)),
    reopened: stored.filter((s) => s.status === 'removed' && present.has(s.fingerprint)).map((s) => s.fingerprint),
    cleared: stored.filter((s) => s.status === 'open' && !present.has(s.fingerprint)).map((s) => s.fingerprint),
  };
}

/** Why the report cannot be approved or published yet, or an empty list. */
export function personalDataBlockers(flags: readonly (StoredFlag & { matched: string; kind: PdKind })[]): string[] {
  const open = flags.filter((f) => f.status === 'open');
  if (open.length === 0) return [];
  return [
    `${open.length} personal data ${open.length === 1 ? 'flag is' : 'flags are'} unresolved: remove ${open.length === 1 ? 'it' : 'each one'} or confirm it is allowed before the report can go on (${open
      .slice(0, 5)
      .map((f) => `${PD_KIND_LABELS[f.kind].toLowerCase()} "${f.matched}"`)
      .join(', ')}${open.length > 5 ? ', …' : ''})`,
  ];
}
