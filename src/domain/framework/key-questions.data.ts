/** The five key questions (domain.md 1.2, verified). Order is CQC's publishing order. */
export const KEY_QUESTIONS = ['safe', 'effective', 'caring', 'responsive', 'wellLed'] as const;
export type KeyQuestion = (typeof KEY_QUESTIONS)[number];

export interface KeyQuestionDefinition {
  id: KeyQuestion;
  name: string;
  /** Single-letter prefix of its quality statement codes. */
  codePrefix: string;
  definition: string;
}

export const KEY_QUESTION_DEFINITIONS: readonly KeyQuestionDefinition[] = [
  { id: 'safe', name: 'Safe', codePrefix: 'S', definition: 'People are protected from abuse and avoidable harm.' },
  { id: 'effective', name: 'Effective', codePrefix: 'E', definition: 'Care achieves good outcomes, promotes quality of life and is evidence-based.' },
  { id: 'caring', name: 'Caring', codePrefix: 'C', definition: 'Staff treat people with compassion, kindness, dignity and respect.' },
  { id: 'responsive', name: 'Responsive', codePrefix: 'R', definition: "Services are organised to meet people's needs." },
  {
    id: 'wellLed',
    name: 'Well-led',
    codePrefix: 'W',
    definition: 'Leadership, management and governance assure high-quality, person-centred care, learning and innovation, and an open, fair culture.',
  },
];

export function keyQuestionName(id: KeyQuestion): string {
  return KEY_QUESTION_DEFINITIONS.find((k) => k.id === id)?.name ?? id;
}

export function isKeyQuestion(value: unknown): value is KeyQuestion {
  return typeof value === 'string' && (KEY_QUESTIONS as readonly string[]).includes(value);
}

/** Accepts ids ("wellLed") and CQC's names ("Well-led", "well led"), case-insensitively. */
export function parseKeyQuestion(value: string): KeyQuestion | null {
  const squashed = value.trim().toLowerCase().replace(/[^a-z]/g, '');
  return KEY_QUESTIONS.find((k) => k.toLowerCase() === squashed) ?? null;
}
