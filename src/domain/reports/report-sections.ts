/**
 * The report as sections (summary, each key question, each assessed quality statement,
 * breaches and enforcement, recommendations). The first version is built from the approved
 * judgement; inspectors then edit one section at a time and every save is a new version.
 */
import { regulationReference } from '../shared/plain-words.js';
import { formatDate, formatDateRange } from '../shared/dates.js';
import { forPeople } from '../shared/plain-words.js';
import { keyQuestionName, KEY_QUESTIONS, type KeyQuestion } from '../framework/key-questions.data.js';
import { err, ok, type Result } from '../shared/result.js';

export const REPORT_TEMPLATE_VERSION = 'report-template/1';

export interface ReportSection {
  /** summary | kq:<keyQuestion> | qs:<code> | breaches | recommendations */
  key: string;
  heading: string;
  /** 2 for a top-level section, 3 for a quality statement inside a key question. */
  level: 2 | 3;
  /** Plain text; blank lines separate paragraphs; a line starting with "> " is a quote. */
  body: string;
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
  enforcement: readonly { kindName: string; issuedOn: string | null }[];
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

const SCORE_WORDS: Record<number, string> = { 1: 'significant shortfalls', 2: 'some shortfalls', 3: 'good standard', 4: 'exceptional standard' };

function quoteLines(quotes: readonly string[]): string[] {
  return quotes.map((q) => `> ${q.replace(/\s*\n\s*/g, ' ').trim()}`);
}

/** The first version of the report, from the judgement. Pure: the same input gives the same text. */
export function buildDraftSections(input: DraftInput): ReportSection[] {
  const sections: ReportSection[] = [];
  const overall = input.ratings.find((r) => r.subject === 'overall');
  const when = input.fieldworkStart === input.fieldworkEnd ? `on ${formatDate(input.fieldworkStart)}` : `on ${formatDateRange(input.fieldworkStart, input.fieldworkEnd)}`;
  const summary = [`We carried out this ${input.kindLabel.toLowerCase()} of ${input.subjectName} ${when}.`];
  if (overall) summary.push(`We rated the service ${overall.rating.toLowerCase()} overall.`);
  if (input.breaches.length) summary.push(`We found ${input.breaches.length === 1 ? 'a breach' : `${input.breaches.length} breaches`} of the regulations: ${input.breaches.map((b) => `Regulation ${b.regulation} (${b.regulationTitle})`).join(', ')}.`);
  sections.push({ key: 'summary', heading: 'Summary', level: 2, body: summary.join(' ') });

  const kqs = KEY_QUESTIONS.filter((k) => input.keyQuestions.includes(k) || input.ratings.some((r) => r.subject === k) || input.statements.some((s) => s.keyQuestion === k));
  for (const kq of kqs) {
    const rating = input.ratings.find((r) => r.subject === kq);
    const lines: string[] = [];
    if (rating) lines.push(`We rated ${keyQuestionName(kq).toLowerCase()} as ${rating.rating.toLowerCase()}.`, '', ...rating.explanation.filter((l) => !/^Method \S+@/.test(l)).map(forPeople));
    else lines.push(`We looked at whether the service is ${keyQuestionName(kq).toLowerCase()}.`);
    sections.push({ key: `kq:${kq}`, heading: keyQuestionName(kq), level: 2, body: lines.join('\n').trim() });
    for (const s of input.statements.filter((x) => x.keyQuestion === kq)) {
      const body: string[] = [];
      if (s.score !== null) body.push(`Score: ${s.score} (${SCORE_WORDS[s.score] ?? 'scored'}).`);
      if (s.rationale) body.push('', s.rationale);
      for (const f of s.findings) body.push('', f.trim());
      if (s.quotes.length) body.push('', ...quoteLines(s.quotes));
      sections.push({ key: `qs:${s.code}`, heading: s.name, level: 3, body: body.join('\n').trim() || 'No findings recorded.' });
    }
  }

  if (input.breaches.length) {
    const lines: string[] = [];
    for (const b of input.breaches) {
      lines.push(`${regulationReference(b.regulation, b.paragraph)} (${b.regulationTitle}): ${b.description.trim()}`);
      for (const e of b.enforcement) lines.push(`We issued a ${e.kindName.toLowerCase()}${e.issuedOn ? ` on ${e.issuedOn}` : ''}.`);
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
