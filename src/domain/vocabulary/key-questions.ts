/**
 * The five key questions (domain.md 1.2): the ONE definition, used by domain, services, pages,
 * API and PDF. Order is CQC's publishing order.
 *
 * The id ("wellLed") is what the judgement, report and breach tables store (their CHECK
 * constraints name it). Other spellings are external formats, converted here at the boundary:
 *  - CQC's names ("Well-led"), as in the CQC API, the open-data files and the register's
 *    `ratings.key_question` column;
 *  - the inspection record's scope codes ("well_led"), stored in `inspections.key_questions`
 *    and spoken by the JSON API's inspection endpoints.
 */

export const KEY_QUESTIONS = ['safe', 'effective', 'caring', 'responsive', 'wellLed'] as const;
export type KeyQuestion = (typeof KEY_QUESTIONS)[number];

/** CQC's names for the key questions, as its data writes them. */
export const CQC_KEY_QUESTION_NAMES = ['Safe', 'Effective', 'Caring', 'Responsive', 'Well-led'] as const;
export type CqcKeyQuestionName = (typeof CQC_KEY_QUESTION_NAMES)[number];

/** The inspection record's scope codes (`inspections.key_questions`, the JSON API's inspection plan). */
export const INSPECTION_SCOPE_CODES = ['safe', 'effective', 'caring', 'responsive', 'well_led'] as const;
export type InspectionScopeCode = (typeof INSPECTION_SCOPE_CODES)[number];

export interface KeyQuestionDefinition {
  id: KeyQuestion;
  /** People's label: "Well-led". */
  name: string;
  /** CQC's name in its data. */
  cqcName: CqcKeyQuestionName;
  /** The inspection record's scope code. */
  scopeCode: InspectionScopeCode;
  /** Single-letter prefix of its quality statement codes. */
  codePrefix: string;
  definition: string;
}

export const KEY_QUESTION_DEFINITIONS: readonly KeyQuestionDefinition[] = [
  { id: 'safe', name: 'Safe', cqcName: 'Safe', scopeCode: 'safe', codePrefix: 'S', definition: 'People are protected from abuse and avoidable harm.' },
  { id: 'effective', name: 'Effective', cqcName: 'Effective', scopeCode: 'effective', codePrefix: 'E', definition: 'Care achieves good outcomes, promotes quality of life and is evidence-based.' },
  { id: 'caring', name: 'Caring', cqcName: 'Caring', scopeCode: 'caring', codePrefix: 'C', definition: 'Staff treat people with compassion, kindness, dignity and respect.' },
  { id: 'responsive', name: 'Responsive', cqcName: 'Responsive', scopeCode: 'responsive', codePrefix: 'R', definition: "Services are organised to meet people's needs." },
  {
    id: 'wellLed',
    name: 'Well-led',
    cqcName: 'Well-led',
    scopeCode: 'well_led',
    codePrefix: 'W',
    definition: 'Leadership, management and governance assure high-quality, person-centred care, learning and innovation, and an open, fair culture.',
  },
];

const BY_ID = new Map<KeyQuestion, KeyQuestionDefinition>(KEY_QUESTION_DEFINITIONS.map((k) => [k.id, k]));

/** People's labels by id ("wellLed" → "Well-led"). */
export const KEY_QUESTION_LABELS: Readonly<Record<KeyQuestion, string>> = Object.fromEntries(KEY_QUESTION_DEFINITIONS.map((k) => [k.id, k.name])) as Record<KeyQuestion, string>;

export function keyQuestionName(id: KeyQuestion): string {
  return BY_ID.get(id)?.name ?? id;
}

export function isKeyQuestion(value: unknown): value is KeyQuestion {
  return typeof value === 'string' && (KEY_QUESTIONS as readonly string[]).includes(value);
}

const squash = (value: string): string => value.trim().toLowerCase().replace(/[^a-z]/g, '');

/**
 * Any spelling of a key question, case-insensitively: ids ("wellLed"), CQC's names ("Well-led",
 * "well led") and scope codes ("well_led"). Null for anything else.
 */
export function parseKeyQuestion(value: string): KeyQuestion | null {
  const squashed = squash(value);
  return KEY_QUESTIONS.find((k) => k.toLowerCase() === squashed) ?? null;
}

/** The key questions named in a list of any spellings, in CQC's order, without repeats; unknown words dropped. */
export function parseKeyQuestions(values: readonly string[]): KeyQuestion[] {
  const found = new Set(values.map(parseKeyQuestion).filter((k): k is KeyQuestion => k !== null));
  return KEY_QUESTIONS.filter((k) => found.has(k));
}

/** CQC's name for a key question ("wellLed" → "Well-led"). */
export function cqcKeyQuestionName(id: KeyQuestion): CqcKeyQuestionName {
  return BY_ID.get(id)!.cqcName;
}

/** CQC's canonical name for any spelling ("Well led", "well-led" → "Well-led"); undefined for blanks and unknown words. */
export function normaliseCqcKeyQuestionName(value: string | null | undefined): CqcKeyQuestionName | undefined {
  if (value === null || value === undefined) return undefined;
  const id = parseKeyQuestion(String(value));
  return id ? cqcKeyQuestionName(id) : undefined;
}

/** The inspection record's scope code for a key question ("wellLed" → "well_led"). */
export function inspectionScopeCode(id: KeyQuestion): InspectionScopeCode {
  return BY_ID.get(id)!.scopeCode;
}
