/**
 * "How we reach a rating": built only from the catalogue, rule tables and options the engine
 * itself uses, plus one worked example computed by the engine, so the page cannot drift.
 */
import { formatDate } from '../../domain/shared/dates.js';
import { forPeople } from '../../domain/shared/plain-words.js';
import { BREACH_ACTIONS, ENFORCEMENT_POWER_DEFINITIONS } from '../../domain/enforcement/enforcement-powers.data.js';
import { DEADLINE_RULES, DEADLINE_RULES_VERSION, DEFAULT_REINSPECTION_INTERVALS } from '../../domain/deadlines/deadline-rules.data.js';
import { BANK_HOLIDAY_FIRST_YEAR, BANK_HOLIDAY_LAST_YEAR } from '../../domain/deadlines/bank-holidays.data.js';
import { EVIDENCE_CATEGORY_DEFINITIONS, SERVICE_TYPE_EVIDENCE } from '../../domain/framework/evidence-categories.data.js';
import { FRAMEWORK_VERSION } from '../../domain/framework/framework-catalogue.js';
import { KEY_QUESTION_DEFINITIONS } from '../../domain/vocabulary/key-questions.js';
import { LA_QUALITY_STATEMENTS, LA_THEME_NAMES } from '../../domain/framework/local-authority-framework.data.js';
import { statementsFor } from '../../domain/framework/quality-statements.data.js';
import { FUNDAMENTAL_STANDARDS, REGISTRATION_REGULATIONS } from '../../domain/framework/regulations.data.js';
import { RATING_METHODS } from '../../domain/rating/rating-methods.data.js';
import { DEFAULT_RATING_OPTIONS, OPTION_DEFINITIONS } from '../../domain/rating/rating-options.js';
import { ASC_PRINCIPLES, LIMITER_RULES, NHS_OUTSTANDING_TABLE } from '../../domain/rating/rating-principles.data.js';
import { rateKeyQuestionSaf2024 } from '../../domain/rating/saf-2024.method.js';
import { describeBand, SCORE_BANDS } from '../../domain/rating/score-bands.js';

export interface TableCell {
  text: string;
  classes?: string;
}

export interface TableParams {
  caption: string;
  captionClasses: string;
  firstCellIsHeader: boolean;
  head: TableCell[];
  rows: TableCell[][];
  attributes: Record<string, string>;
}

export interface PageSection {
  id: string;
  heading: string;
  paragraphs: string[];
  steps: string[];
  tables: TableParams[];
}

export interface HowWeRatePage {
  pageTitle: string;
  heading: string;
  lead: string;
  versionLine: string;
  contents: { text: string; href: string }[];
  sections: PageSection[];
}

const cells = (...texts: (string | number)[]): TableCell[] => texts.map((t) => ({ text: String(t) }));
const labelText = (label: string): string => (label === 'UNVERIFIED' ? 'Not confirmed (configurable)' : label === 'secondary' ? 'Secondary source' : 'Published by the regulator');

function table(id: string, caption: string, head: string[], rows: (string | number)[][]): TableParams {
  return { caption, captionClasses: 'govuk-table__caption--s', firstCellIsHeader: true, head: cells(...head), rows: rows.map((r) => cells(...r.map((c) => (typeof c === 'string' ? forPeople(c) : c)))), attributes: { 'data-testid': id } };
}

function section(id: string, heading: string, parts: Partial<Omit<PageSection, 'id' | 'heading'>>): PageSection {
  return { id, heading, paragraphs: (parts.paragraphs ?? []).map(forPeople), steps: (parts.steps ?? []).filter((s) => !/^Method \S+@/.test(s)).map(forPeople), tables: parts.tables ?? [] };
}

function workedExample(): string[] {
  const scores = { S1: 3, S2: 3, S3: 2, S4: 3, S5: 3, S6: 3, S7: 2, S8: 3 };
  const result = rateKeyQuestionSaf2024('safe', scores, DEFAULT_RATING_OPTIONS);
  if (!result.ok) throw new Error(`worked example failed: ${result.error}`);
  return result.value.explanation;
}

export function howWeRatePage(): HowWeRatePage {
  const sections: PageSection[] = [
    section('key-questions', 'The five key questions', {
      paragraphs: ['We rate each service on five key questions, and each key question on a set of quality statements: commitments that map to the regulations.'],
      tables: [table('key-questions', 'Key questions', ['Key question', 'What it means'], KEY_QUESTION_DEFINITIONS.map((k) => [k.name, k.definition]))],
    }),
    section('quality-statements', 'The 34 quality statements', {
      paragraphs: ['The codes (S1 to W8) are our own shorthand: the regulator does not publish official codes.'],
      tables: KEY_QUESTION_DEFINITIONS.map((k) => table(`statements-${k.id}`, `${k.name}: ${statementsFor(k.id).length} quality statements`, ['Code', 'Quality statement'], statementsFor(k.id).map((q) => [q.code, q.name]))),
    }),
    section('evidence', 'Evidence categories', {
      paragraphs: ['Evidence for each quality statement comes from up to six categories. Which apply depends on the type of service.'],
      tables: [
        table('evidence-categories', 'The six evidence categories', ['Category', 'What it covers'], EVIDENCE_CATEGORY_DEFINITIONS.map((c) => [c.name, c.description])),
        table('service-type-evidence', 'Categories used by type of service', ['Type of service', 'Categories used', 'Number'], SERVICE_TYPE_EVIDENCE.map((s) => [s.name, s.categories.map((c) => EVIDENCE_CATEGORY_DEFINITIONS.find((d) => d.id === c)?.name ?? c).join('; '), s.categories.length])),
      ],
    }),
    section('scores', 'Scores and rating bands', {
      paragraphs: [
        'Each score is from 1 to 4. A percentage is the total of the scores divided by the most they could have been. The same bands turn a percentage into a score or a rating.',
        `Percentages are kept exactly; at a band edge such as 62.5% we round ${DEFAULT_RATING_OPTIONS.bandRounding === 'half-up' ? 'to the nearest whole percent, halves up' : DEFAULT_RATING_OPTIONS.bandRounding}, which is a configurable assumption.`,
      ],
      tables: [table('score-bands', 'Score bands', ['Score', 'Meaning', 'Percentage', 'Rating'], SCORE_BANDS.map((b) => [b.score, b.meaning, describeBand(b), b.rating]))],
    }),
    section('methods', 'Rating methods', {
      paragraphs: ['Every rating we calculate names the method and version it used and lists, in order, the rules that decided it.'],
      tables: [table('methods', 'Methods and versions', ['Method', 'Version', 'Used for', 'In short'], RATING_METHODS.map((m) => [m.title, formatDate(m.version) || m.version, m.appliesTo, m.summary]))],
      steps: workedExample(),
    }),
    section('principles', 'From key questions to an overall rating', {
      paragraphs: ['For adult social care the overall rating follows the published rating principles. Rating limiters apply first.'],
      tables: [
        table('principles', 'Adult social care rating principles', ['Principle', 'Rule'], ASC_PRINCIPLES.map((p) => [p.number, p.text])),
        table('limiters', 'Rating limiters', ['Rule', 'Applies to', 'Source'], LIMITER_RULES.map((l) => [l.rule, l.scope, labelText(l.label)])),
        table('nhs-table', 'NHS trusts: Outstanding needs X underlying Outstanding ratings, the rest Good', ['Underlying ratings', 'X'], NHS_OUTSTANDING_TABLE.map((r) => [r.toRatings === null ? `${r.fromRatings} or more` : `${r.fromRatings} to ${r.toRatings}`, r.outstandingNeeded])),
      ],
    }),
    section('assumptions', 'Where the published rules are silent', {
      paragraphs: ['Some rules are not confirmed in any published source. Each is a named setting with a default, and a rating says so whenever one of them decides the outcome.'],
      tables: [
        table(
          'options',
          'Configurable assumptions and their defaults',
          ['Setting', 'Question', 'Default', 'Why it is an assumption'],
          OPTION_DEFINITIONS.map((o) => [o.id, o.title, `${o.defaultValue}: ${(o.meaning as Record<string, string>)[o.defaultValue] ?? ''}`, o.why]),
        ),
      ],
    }),
    section('local-authorities', 'Local authority assessments', {
      paragraphs: ['Local authorities are assessed on nine quality statements in four themes. The overall rating is the total of the nine scores out of 36, with the same bands.'],
      tables: [table('la-statements', 'Local authority quality statements', ['Code', 'Theme', 'Quality statement'], LA_QUALITY_STATEMENTS.map((q) => [q.code, LA_THEME_NAMES[q.theme], q.name]))],
    }),
    section('regulations', 'Regulations and enforcement', {
      tables: [
        table('fundamental-standards', 'The fundamental standards', ['Regulation', 'Title'], FUNDAMENTAL_STANDARDS.map((r) => [r.number, r.title])),
        table('registration-regulations', 'Notifications (Registration Regulations 2009)', ['Regulation', 'Title'], REGISTRATION_REGULATIONS.map((r) => [r.number, r.title])),
        table('enforcement', 'Enforcement powers', ['Power', 'Effect', 'Timelines'], ENFORCEMENT_POWER_DEFINITIONS.filter((p) => (BREACH_ACTIONS as readonly string[]).includes(p.id) || p.kind === 'criminal').map((p) => [p.name, p.effect, p.timelines || '–'])),
      ],
    }),
    section('deadlines', 'Deadlines', {
      paragraphs: [
        `The day something is sent or published is day 0. A deadline ends at 11:59pm UK time on its last day. Working days leave out weekends and bank holidays in England and Wales (we hold them for ${BANK_HOLIDAY_FIRST_YEAR} to ${BANK_HOLIDAY_LAST_YEAR}). The deadline rules are those in force from ${formatDate(DEADLINE_RULES_VERSION.split('@')[1]) || 'their latest version'}.`,
      ],
      tables: [
        table('deadline-rules', 'Statutory and policy deadlines', ['What', 'Time allowed', 'Counted from', 'Source'], DEADLINE_RULES.map((d) => [d.title, `${d.amount} ${d.unit === 'working-days' ? 'working days' : 'days'}`, d.from, labelText(d.label)])),
        table('reinspection', 'Latest re-inspection, in months after the rating', ['Sector', 'Inadequate', 'Requires improvement', 'Good', 'Outstanding'], DEFAULT_REINSPECTION_INTERVALS.map((r) => [r.title, r.months.Inadequate, r.months['Requires improvement'], r.months.Good, r.months.Outstanding])),
      ],
    }),
  ];
  return {
    pageTitle: 'How we reach a rating',
    heading: 'How we reach a rating',
    lead: 'The rules we use to rate health and social care services, generated from the same rules the ratings are calculated with.',
    versionLine: `The assessment framework as published on ${formatDate(FRAMEWORK_VERSION.split('@')[1]) || 'its latest date'}.`,
    contents: sections.map((s) => ({ text: s.heading, href: `#${s.id}` })),
    sections,
  };
}
