/**
 * The report as sections (summary, each key question, each assessed quality statement,
 * breaches and enforcement, recommendations). The first version is built from the approved
 * judgement; inspectors then edit one section at a time and every save is a new version.
 */
import { regulationReference } from '../shared/plain-words.js';
import { keyQuestionName, KEY_QUESTIONS, parseKeyQuestion, type KeyQuestion } from '../vocabulary/key-questions.js';
import { err, ok, type Result } from '../shared/result.js';
import { formatDateSpan, formatDayMonthYear } from '../deadlines/calendar-date.js';

/**
 * report-template/2 (issue 16): public text has no engine identifiers, methods or percentages (the
 * rating explanation stays in the staff view), dates in the GOV.UK style, and each piece of
 * evidence is shown once and referred to elsewhere.
 */
export const REPORT_TEMPLATE_VERSION = 'report-template/2';

export interface ReportSection {
  /** summary | kq:<keyQuestion> | qs:<code> | breaches | recommendations */
  key: string;
  heading: string;
  /** 2 for a top-level section, 3 for a quality statement inside a key question. */
  level: 2 | 3;
  /** Plain text; blank lines separate paragraphs; a line starting with "> " is a quote. */
  body: string;
  /**
   * The text the report structure put there for the author to replace (report-structures.ts). While
   * the body is still exactly this, the section blocks approval and publication. Absent on sections
   * that were written from the start (and on reports drafted before structures existed).
   */
  placeholder?: string;
  /** For a section added by the author: the structure's group it was added to (it can be removed again). */
  addedTo?: string;
}

export interface DraftRatingInput {
  subject: KeyQuestion | 'overall';
  rating: string;
  explanation: readonly string[];
  ratingDate: string | null;
}

export interface DraftStatementInput {
  code: string;
  name: string;
  keyQuestion: KeyQuestion;
  score: number | null;
  rationale: string | null;
  /** Findings drawn from evidence items (body text). */
  findings: readonly string[];
  /** Quotes drawn from evidence (what people said), kept as said. */
  quotes: readonly string[];
}

export interface DraftBreachInput {
  regulation: string;
  paragraph: string | null;
  regulationTitle: string;
  keyQuestion: string | null;
  description: string;
  enforcement: readonly { kindName: string; issuedOn: string | null; complianceDate?: string | null }[];
}

export interface DraftInput {
  subjectName: string;
  kindLabel: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  keyQuestions: readonly KeyQuestion[];
  ratings: readonly DraftRatingInput[];
  statements: readonly DraftStatementInput[];
  breaches: readonly DraftBreachInput[];
}

const SCORE_WORDS: Record<number, string> = {
  1: 'We found significant shortfalls.',
  2: 'We found some shortfalls.',
  3: 'We found a good standard.',
  4: 'We found an exceptional standard.',
};

function normaliseKq(k: string | null): string | null {
  if (!k) return null;
  return parseKeyQuestion(k) ?? k;
}

function quoteLines(quotes: readonly string[]): string[] {
  return quotes.map((q) => `> ${q.replace(/\s*\n\s*/g, ' ').trim()}`);
}

/** The first version of the report, from the judgement. Pure: the same input gives the same text. */
export function buildDraftSections(input: DraftInput): ReportSection[] {
  const sections: ReportSection[] = [];
  const overall = input.ratings.find((r) => r.subject === 'overall');
  const when = `on ${formatDateSpan(input.fieldworkStart, input.fieldworkEnd)}`;
  const summary = [`We carried out this ${input.kindLabel.toLowerCase()} of ${input.subjectName} ${when}.`];
  if (overall) summary.push(`We rated the service ${overall.rating.toLowerCase()} overall.`);
  if (input.breaches.length) summary.push(`We found ${input.breaches.length === 1 ? 'a breach' : `${input.breaches.length} breaches`} of the regulations: ${input.breaches.map((b) => `Regulation ${b.regulation} (${b.regulationTitle})`).join(', ')}.`);
  sections.push({ key: 'summary', heading: 'Summary', level: 2, body: summary.join(' ') });

  const shown = new Map<string, string>();
  const kqs = KEY_QUESTIONS.filter((k) => input.keyQuestions.includes(k) || input.ratings.some((r) => r.subject === k) || input.statements.some((s) => s.keyQuestion === k));
  for (const kq of kqs) {
    const rating = input.ratings.find((r) => r.subject === kq);
    const lines: string[] = [];
    // The engine's explanation (method, scores, percentages) stays in the staff view; the public text says it in words.
    if (rating) lines.push(`We rated ${keyQuestionName(kq).toLowerCase()} as ${rating.rating.toLowerCase()}.`);
    else lines.push(`We looked at whether the service is ${keyQuestionName(kq).toLowerCase()}.`);
    const linked = input.breaches.filter((b) => normaliseKq(b.keyQuestion) === kq);
    if (rating && linked.length) lines.push('', `This rating reflects the ${linked.length === 1 ? 'breach' : 'breaches'} of ${linked.map((b) => `Regulation ${b.regulation} (${b.regulationTitle})`).join(' and ')} and the action we took, described under "Breaches of regulations and enforcement".`);
    sections.push({ key: `kq:${kq}`, heading: keyQuestionName(kq), level: 2, body: lines.join('\n').trim() });
    for (const s of input.statements.filter((x) => x.keyQuestion === kq)) {
      const body: string[] = [];
      if (s.score !== null && SCORE_WORDS[s.score]) body.push(SCORE_WORDS[s.score]!);
      if (s.rationale) body.push('', s.rationale);
      // Each piece of evidence is shown once; where it supports another statement too, that statement refers to it.
      const seeAlso = new Set<string>();
      for (const f of s.findings) {
        const key = f.trim();
        const first = shown.get(key);
        if (first) seeAlso.add(first);
        else {
          shown.set(key, s.name);
          body.push('', key);
        }
      }
      const quotes = s.quotes.filter((q) => {
        const key = q.trim();
        const first = shown.get(key);
        if (first) seeAlso.add(first);
        else shown.set(key, s.name);
        return !first;
      });
      if (quotes.length) body.push('', ...quoteLines(quotes));
      if (seeAlso.size) body.push('', `See also the evidence described under ${[...seeAlso].map((n) => `"${n}"`).join(' and ')}.`);
      sections.push({ key: `qs:${s.code}`, heading: s.name, level: 3, body: body.join('\n').trim() || 'No findings recorded.' });
    }
  }

  if (input.breaches.length) {
    const lines: string[] = [];
    for (const b of input.breaches) {
      lines.push(`${regulationReference(b.regulation, b.paragraph)} (${b.regulationTitle}): ${b.description.trim()}`);
      for (const e of b.enforcement) {
        lines.push(`We issued a ${e.kindName.toLowerCase().replace(/\s*\(.*\)$/, '')}${e.issuedOn ? ` on ${formatDayMonthYear(e.issuedOn)}` : ''}.${e.complianceDate ? ` The provider must comply by ${formatDayMonthYear(e.complianceDate)}.` : ''}`);
      }
      lines.push('');
    }
    sections.push({ key: 'breaches', heading: 'Breaches of regulations and enforcement', level: 2, body: lines.join('\n').trim() });
  }
  sections.push({ key: 'recommendations', heading: 'Recommendations', level: 2, body: 'The actions below are what we have asked each organisation to do.' });
  return sections;
}

export const MAX_SECTION_HEADING = 200;

/** A new list of sections with one section's text replaced; the other sections are untouched. */
export function replaceSection(sections: readonly ReportSection[], key: string, body: string): Result<ReportSection[], { field: string; message: string }> {
  const index = sections.findIndex((s) => s.key === key);
  if (index < 0) return err({ field: 'section', message: `There is no section "${key}" in this report` });
  const text = body.replace(/\r\n/g, '\n').trim();
  if (text.length === 0) return err({ field: 'body', message: `Enter the text of the section "${sections[index]!.heading}"` });
  if (text === sections[index]!.body) return err({ field: 'body', message: `The section "${sections[index]!.heading}" has not changed` });
  return ok(sections.map((s, i) => (i === index ? { ...s, body: text } : s)));
}

/** Paragraphs and quotes of a section body, for templates (no logic in Nunjucks). */
export function sectionBlocks(body: string): { kind: 'paragraph' | 'quote'; text: string }[] {
  const blocks: { kind: 'paragraph' | 'quote'; text: string }[] = [];
  for (const para of body.split(/\n\s*\n/)) {
    const lines = para.split('\n').map((l) => l.trim()).filter(Boolean);
    let buf: string[] = [];
    const flush = () => {
      if (buf.length) blocks.push({ kind: 'paragraph', text: buf.join(' ') });
      buf = [];
    };
    for (const l of lines) {
      if (l.startsWith('>')) {
        flush();
        blocks.push({ kind: 'quote', text: l.replace(/^>\s?/, '') });
      } else buf.push(l);
    }
    flush();
  }
  return blocks;
}
